"""The production files in deploy/ agree with the settings and with each other: every variable the
settings read is in .env.example, every routed task exists and every queue has a worker (the same
in the systemd units and the compose file), exactly one beat, the nginx body limit fits the largest
report. `.ci/produksi.sh` runs these files for real; this catches a drift in seconds."""

import os
import pwd
import re
import shlex
import subprocess
from pathlib import Path

from django.conf import settings

from netralitas.celery import app

AKAR = Path(settings.BASE_DIR)
DEPLOY = AKAR / "deploy"
SYSTEMD = DEPLOY / "systemd"
UNIT = sorted(SYSTEMD.glob("*.service"))
VENV_BIN = "/opt/posko-netralitas/venv/bin/"


def _nama_env(teks: str) -> set[str]:
    """Names read from the environment in a Python source: env.str("X"), env.list("X"), ...,
    _kunci("X") (settings' keys), os.environ.get("X")."""
    pola = r'(?:\benv\.\w+|\bEnv\(\)\.\w+|\b_kunci|os\.environ\.get)\(\s*"([A-Z][A-Z0-9_]+)"'
    return set(re.findall(pola, teks))


def _nama_contoh() -> set[str]:
    teks = (AKAR / ".env.example").read_text()
    return set(re.findall(r"^(?:# )?([A-Z][A-Z0-9_]+)=", teks, flags=re.M))


def _unit(path: Path) -> dict[str, list[str]]:
    hasil: dict[str, list[str]] = {}
    for baris in path.read_text().splitlines():
        if baris and baris[0] not in "#;[" and "=" in baris:
            kunci, _, nilai = baris.partition("=")
            hasil.setdefault(kunci, []).append(nilai)
    return hasil


def _perintah_unit() -> dict[str, list[str]]:
    """Each unit's command, as the container would write it (no venv path, Celery's own %h)."""
    return {
        p.stem: [a.removeprefix(VENV_BIN) for a in shlex.split(_unit(p)["ExecStart"][0].replace("%%", "%"))]
        for p in UNIT
    }


def _perintah_compose() -> dict[str, list[str]]:
    teks = (DEPLOY / "docker-compose.production.yml").read_text()
    hasil, layanan = {}, None
    for baris in teks.splitlines():
        if m := re.match(r"^  ([a-z][a-z-]*):\s*$", baris):
            layanan = m.group(1)
        elif m := re.match(r"^    command: (\[.*\])\s*$", baris):
            hasil[layanan] = [a.strip().strip('"') for a in m.group(1).strip("[]").split(",")]
    return hasil


def _antrean(argv: list[str]) -> set[str]:
    return {q for a in argv if a.startswith("--queues=") for q in a.removeprefix("--queues=").split(",")}


def test_env_example_menyebut_setiap_variabel_yang_dibaca():
    dibaca = _nama_env((AKAR / "netralitas" / "settings.py").read_text())
    dibaca |= _nama_env((DEPLOY / "gunicorn.conf.py").read_text())
    assert {"SECRET_KEY", "TRACKING_CODE_KEY", "DATABASE_URL", "VAR_DIR", "GUNICORN_BIND"} <= dibaca
    assert not dibaca - _nama_contoh(), "tambahkan ke .env.example, dengan artinya"


def test_rute_antrean_menunjuk_tugas_yang_terdaftar():
    assert settings.CELERY_TASK_ROUTES
    for nama, rute in settings.CELERY_TASK_ROUTES.items():
        assert nama in app.tasks, f"{nama}: tugas tidak terdaftar (namanya berubah?)"
        assert rute == {"queue": "lambat"}
    router = app.amqp.router
    assert router.route({}, "pengaduan.tasks.buat_ekspor")["queue"].name == "lambat"
    assert router.route({}, "pengaduan.tasks.kirim_notifikasi")["queue"].name == app.conf.task_default_queue


def test_setiap_antrean_punya_worker_sama_di_systemd_dan_compose():
    antrean = {"celery"} | {r["queue"] for r in settings.CELERY_TASK_ROUTES.values()}
    unit, compose = _perintah_unit(), _perintah_compose()
    worker_unit = {n: a for n, a in unit.items() if a[3:4] == ["worker"]}
    worker_compose = {n: a for n, a in compose.items() if a[3:4] == ["worker"]}
    assert set().union(*map(_antrean, worker_unit.values())) == antrean
    assert sorted(worker_unit.values()) == sorted(worker_compose.values())
    for argv in worker_unit.values():
        assert len(_antrean(argv)) == 1 and any(a.startswith("--max-tasks-per-child=") for a in argv)
    # Exactly one beat, never inside a worker (--beat).
    assert [a for a in unit.values() if a[3:4] == ["beat"]] == [a for a in compose.values() if a[3:4] == ["beat"]]
    assert len([a for a in unit.values() if a[3:4] == ["beat"]]) == 1
    assert not any("--beat" in a or "-B" in a for a in unit.values())
    assert unit["posko-netralitas-web"] == compose["web"]


def test_target_tidak_menarik_beat_setiap_mesin_mengaktifkan_unitnya_sendiri():
    """Every machine enables the target; were the beat among what it wants, every machine would
    run one. Each unit joins the target only by being enabled (WantedBy=), and is restarted and
    stopped with it (PartOf=)."""
    target = _unit(SYSTEMD / "posko-netralitas.target")
    for kunci in ("Wants", "Requires", "Requisite", "BindsTo", "Upholds", "Before", "After"):
        assert "posko-netralitas-beat" not in " ".join(target.get(kunci, [])), kunci
    assert not target.get("Wants") and not target.get("Requires"), "setiap mesin mengaktifkan unitnya sendiri"
    for p in UNIT:
        u = _unit(p)
        assert u["WantedBy"] == ["posko-netralitas.target"] and u["PartOf"] == ["posko-netralitas.target"], p.name


def test_unit_berjalan_sebagai_pengguna_layanan_dengan_pengerasan_yang_sama():
    def pengerasan(p: Path) -> str:
        return p.read_text().split("# --- Hardening")[1].split("[Install]")[0]

    assert len(UNIT) == 4
    for p in UNIT:
        u = _unit(p)
        assert u["User"] == ["posko-netralitas"] and u["UMask"] == ["0077"]
        assert u["EnvironmentFile"] == ["/etc/posko-netralitas/posko-netralitas.env"]
        assert u["NoNewPrivileges"] == ["yes"] and u["ProtectSystem"] == ["strict"]
        assert pengerasan(p) == pengerasan(UNIT[0])


def test_batas_badan_nginx_memuat_laporan_terbesar_dan_tidak_lebih():
    site = (DEPLOY / "nginx" / "posko-netralitas.conf").read_text()
    mb = int(re.search(r"^\s*client_max_body_size (\d+)m;", site, flags=re.M).group(1))
    # Five files at the limit, the form's other fields at Django's cap, ~250 bytes of multipart
    # framing per part.
    terbesar = (
        settings.BUKTI_MAKS_BERKAS * settings.BUKTI_MAKS_UKURAN_MB * 1024 * 1024
        + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        + settings.DATA_UPLOAD_MAX_NUMBER_FIELDS * 250
    )
    assert terbesar <= mb * 1024 * 1024 < terbesar + 2 * 1024 * 1024
    assert "proxy_request_buffering on;" in site
    assert re.search(r"location /lapor/ \{\s*limit_req zone=", site)
    assert re.search(r"location /lacak/ \{\s*limit_req zone=", site)
    assert re.search(r"location /tanya/ \{\s*limit_req zone=", site)


def test_posko_manage_berjalan_di_folder_pemanggil(tmp_path):
    """A relative path given to posko-manage (an archive, --berkas-lama) is the caller's: the
    command runs where it is called, manage.py named by its full path."""
    prefix = tmp_path / "prefix"
    (prefix / "venv" / "bin").mkdir(parents=True)
    (prefix / "app").mkdir()
    python = prefix / "venv" / "bin" / "python"
    python.write_text('#!/bin/sh\nprintf "%s\\n" "$(pwd)" "$@"\n')
    python.chmod(0o755)
    env_file = tmp_path / "posko.env"
    env_file.write_text("DEBUG=0\n")
    pemanggil = tmp_path / "folder pemanggil"
    pemanggil.mkdir()
    r = subprocess.run(
        [str(DEPLOY / "bin" / "posko-manage"), "pulihkan", "cadangan/a.tar", "--berkas-lama", "berkas.lama"],
        cwd=pemanggil,
        env={
            "PATH": os.environ["PATH"],
            "POSKO_PREFIX": str(prefix),
            "POSKO_ENV_FILE": str(env_file),
            "POSKO_USER": pwd.getpwuid(os.getuid()).pw_name,  # root runs it as the service user
        },
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        str(pemanggil),
        str(prefix / "app" / "manage.py"),
        "pulihkan",
        "cadangan/a.tar",
        "--berkas-lama",
        "berkas.lama",
    ]


def test_pasang_menulis_versi_yang_dicatat_cadangan(tmp_path):
    """The service user cannot ask git about root's checkout: pasang.sh writes the version at
    install time into app/VERSI (settings.VERSI_APLIKASI), from git or from VERSI_APLIKASI."""
    app = tmp_path / "app"
    app.mkdir()
    (app / "requirements.txt").write_text("")
    git = ["git", "-C", str(app), "-c", "user.name=uji", "-c", "user.email=uji@uji.invalid"]
    for argumen in (["init", "-q"], ["add", "requirements.txt"], ["commit", "-qm", "rilis"], ["tag", "v1.2.3"]):
        subprocess.run([*git, *argumen], check=True)
    env = {"PATH": os.environ["PATH"]}
    subprocess.run(["sh", str(DEPLOY / "pasang.sh"), "versi", str(tmp_path)], check=True, env=env)
    assert (app / "VERSI").read_text() == "v1.2.3\n"
    env["VERSI_APLIKASI"] = "v1.2.4-rc1"  # an image's build argument, a release without .git
    subprocess.run(["sh", str(DEPLOY / "pasang.sh"), "versi", str(tmp_path)], check=True, env=env)
    assert (app / "VERSI").read_text() == "v1.2.4-rc1\n"
    assert "/VERSI" in (AKAR / ".gitignore").read_text().splitlines()  # a checkout stays clean
