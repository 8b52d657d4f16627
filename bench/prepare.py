"""Set-up steps of `make bench` that need Python: create the benchmark database, then (after
seed_bench) make the two staff users, log them in by writing sessions, pick the samples the
wrk scripts send (case ids, NIPs, villages, tracking codes, a JPEG; a ~200 KB JPEG and PNG for the
pairs against django-helpdesk), and compute the public
statistics as the Celery beat would (no worker runs during the test).

    python bench/prepare.py createdb DATABASE_URL
    python bench/prepare.py setup RUN_DIR       # uses the Django settings of the run (DATABASE_URL, keys)

Everything it writes goes to RUN_DIR: `bench.env` (shell variables for run.sh, among them
BENCH_SOSIALISASI: 1 when the /sosialisasi/ pages exist), `data.lua` (the /lapor/ form data for
wrk), `foto.jpg`, `foto-besar/` (five photos of 60 MP) and `meta.json` (what the report prints about the run).
"""

import datetime
import io
import json
import os
import platform
import random
import string
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
USERS = [
    # username, role, group, scope: what the two admin columns of the report stand for
    ("bench.ri", "bawaslu_ri", "Bawaslu RI", None),
    ("bench.jatim", "bawaslu_provinsi", "Bawaslu Provinsi", "35"),
]
SAMPLE = 50


def createdb(url: str) -> None:
    """Create the benchmark database when it does not exist yet (psycopg2: no psql needed)."""
    import psycopg2
    from psycopg2 import sql

    u = urlsplit(url)
    nama = unquote(u.path.lstrip("/"))
    sambungan = psycopg2.connect(
        host=u.hostname or "127.0.0.1",
        port=u.port or 5432,
        user=unquote(u.username or "postgres"),
        password=unquote(u.password) if u.password else None,
        dbname="postgres",
    )
    sambungan.autocommit = True
    with sambungan.cursor() as c:
        c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [nama])
        if c.fetchone():
            print(f"Basis data {nama} sudah ada.")
        else:
            c.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(nama)))
            print(f"Basis data {nama} dibuat.")
    sambungan.close()


def _django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netralitas.settings")
    import django

    django.setup()


def _session(user) -> str:
    """A logged-in session past both steps, as the login and the second step (Bawaslu staff must
    pass one: netralitas.akun.dua_faktor) would leave it, without a password or a code. The bench
    account gets a confirmed TOTP device of its own; without it every admin row would measure the
    redirect to the enrolment page."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    perangkat, _ = TOTPDevice.objects.get_or_create(user=user, name="uji beban", defaults={"confirmed": True})
    s = import_module(settings.SESSION_ENGINE).SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s[DEVICE_ID_SESSION_KEY] = perangkat.persistent_id
    s.create()
    return s.session_key


def _jpeg(path: Path) -> int:
    """A phone-camera-like JPEG, small: a gradient with noise so it does not compress to nothing."""
    from PIL import Image

    rng = random.Random(7)
    img = Image.new("RGB", (640, 480))
    img.putdata(
        [
            ((x * 255 // 640 + rng.randrange(40)) % 256, (y * 255 // 480 + rng.randrange(40)) % 256, 90)
            for y in range(480)
            for x in range(640)
        ]
    )
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80)
    path.write_bytes(buf.getvalue())
    return len(buf.getvalue())


# The photo of the pairs against django-helpdesk (bench/peer): about 200 KB, the same bytes to both
# apps. A JPEG as a phone camera writes it (EXIF with make, model, time and orientation) and a PNG as a
# screenshot is saved. Made once per run directory, deterministic.
FOTO_200K = 200_000


def _foto_200k(run: Path) -> dict:
    from PIL import Image, ImageDraw

    hasil = {}
    jpeg, png = run / "foto-200k.jpg", run / "foto-200k.png"
    if not jpeg.exists():
        # Grain over gradients, as a photo has; the quality is the one that comes closest to 200 KB.
        mendatar = Image.linear_gradient("L").resize((1280, 960))
        menurun = Image.linear_gradient("L").transpose(Image.Transpose.ROTATE_90).resize((1280, 960))
        butir = Image.effect_noise((640, 480), 48).convert("L").resize((1280, 960), Image.Resampling.BILINEAR)
        img = Image.merge("RGB", (mendatar, menurun, butir))
        exif = Image.Exif()
        exif.update({0x010F: "samsung", 0x0110: "SM-A546E", 0x0112: 1, 0x0131: "A546EXXU4CXC1"})
        exif.update({0x0132: "2026:11:20 09:14:03", 0x013B: "Sri Wahyuni"})
        terbaik = None
        for mutu in range(40, 96):
            buf = io.BytesIO()
            img.save(buf, "JPEG", quality=mutu, exif=exif)
            if terbaik is None or abs(buf.tell() - FOTO_200K) < abs(len(terbaik) - FOTO_200K):
                terbaik = buf.getvalue()
        jpeg.write_bytes(terbaik)
    if not png.exists():
        # A screenshot: flat panels and text-like strokes, with a noisy strip sized to reach ~200 KB.
        img = Image.new("RGB", (1080, 2340), (245, 245, 245))
        gambar = ImageDraw.Draw(img)
        rng = random.Random(11)
        for baris in range(0, 2340, 36):
            for kolom in range(40, 1000, 14):
                if rng.random() < 0.7:
                    gambar.rectangle([kolom, baris + 8, kolom + 9, baris + 24], fill=(40, 40, 40))
        tinggi = 4
        while True:
            salinan = img.copy()
            salinan.paste(Image.effect_noise((1080, tinggi), 64).convert("RGB"), (0, 600))
            buf = io.BytesIO()
            salinan.save(buf, "PNG")
            if buf.tell() >= FOTO_200K or tinggi > 2000:
                break
            tinggi += 4
        png.write_bytes(buf.getvalue())
    for kunci, path in (("jpeg", jpeg), ("png", png)):
        hasil[kunci] = {"path": str(path), "bytes": path.stat().st_size}
    return hasil


# "A report with five large photos": each just under BUKTI_MAKS_PIKSEL's default (60,000,000) and
# under the 10 MB file limit. Three JPEGs (what phones and their browsers send), a PNG (a
# screenshot) and a WebP. Made once per run directory (a 60-MP WebP takes seconds to encode).
FOTO_BESAR_UKURAN = (8944, 6708)  # 59,996,352 pixels, 4:3 like a phone camera
FOTO_BESAR = [
    ("besar-1.jpg", "image/jpeg", "JPEG", {"quality": 85}),
    ("besar-2.jpg", "image/jpeg", "JPEG", {"quality": 85}),
    ("besar-3.jpg", "image/jpeg", "JPEG", {"quality": 85}),
    ("besar-4.png", "image/png", "PNG", {"compress_level": 1}),
    ("besar-5.webp", "image/webp", "WEBP", {"quality": 80, "method": 0}),
]


def _foto_besar(folder: Path) -> list[dict]:
    from PIL import Image, ImageOps

    folder.mkdir(parents=True, exist_ok=True)
    lebar, tinggi = FOTO_BESAR_UKURAN
    hasil = []
    gambar = None
    for i, (nama, mime, format_, opsi) in enumerate(FOTO_BESAR):
        path = folder / nama
        if not path.exists():
            if gambar is None:
                mendatar = Image.linear_gradient("L").resize((lebar, tinggi))
                menurun = Image.linear_gradient("L").transpose(Image.Transpose.ROTATE_90).resize((lebar, tinggi))
                gambar = (mendatar, menurun)
            # Texture from low-resolution noise (a photo's grain, so the JPEG is megabytes), a
            # posterized gradient for the PNG (a screenshot compresses; noise would exceed 10 MB).
            if format_ == "PNG":
                img = ImageOps.posterize(Image.merge("RGB", (*gambar, Image.new("L", (lebar, tinggi), 90))), 4)
            else:
                butir = Image.effect_noise((lebar // 16, tinggi // 16), 40 + 10 * i).convert("L")
                img = Image.merge("RGB", (*gambar, butir.resize((lebar, tinggi), Image.Resampling.BILINEAR)))
            img.save(path, format_, **opsi)
        hasil.append({"path": str(path), "nama": nama, "mime": mime, "bytes": path.stat().st_size})
    return hasil


GELAR = {"DR", "DRS", "DRA", "H", "HJ", "IR", "PROF"}


def _ketikan(nama_cari: str) -> str:
    """What a staff member types to find this name: the name without the titles before it,
    lower case (URL-ready)."""
    kata = nama_cari.split()
    while len(kata) > 1 and kata[0] in GELAR:
        kata = kata[1:]
    return "+".join(k.lower() for k in kata)


def _lua(nilai) -> str:
    """A Python value as a Lua literal (strings, numbers, lists, dicts)."""
    if isinstance(nilai, str):
        return json.dumps(nilai)  # JSON string escapes are valid Lua for the ASCII we write
    if isinstance(nilai, (int, float)):
        return str(nilai)
    if isinstance(nilai, list):
        return "{" + ", ".join(_lua(v) for v in nilai) + "}"
    return "{" + ", ".join(f"{k} = {_lua(v)}" for k, v in nilai.items()) + "}"


def setup(run: Path) -> None:
    _django()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from netralitas import uji_beban
    from netralitas.akun.models import ProfilStaf
    from netralitas.statistik import hitung as statistik
    from netralitas.wilayah.models import Tingkat, Wilayah
    from pengaduan.models import KategoriPelanggaran, Pengaduan, Terlapor
    from sosialisasi.models import Kegiatan

    # The same guard as the seeders: never log users in, or drop sessions, on a database with real rows.
    if uji_beban.ada_data_sungguhan():
        sys.exit("Basis data ini memuat pengaduan atau kegiatan yang bukan buatan uji beban; berhenti.")
    # Sessions of earlier runs (/lacak/ and /lapor/ each leave one per request) would only grow the table.
    Session.objects.all().delete()

    rng = random.Random()
    env = {}
    User = get_user_model()
    for (username, peran, grup, wilayah), kunci in zip(USERS, ("RI", "PROV"), strict=True):
        user, _ = User.objects.get_or_create(username=username, defaults={"email": f"{username}@bench.posko.local"})
        user.is_staff, user.is_superuser, user.is_active = True, False, True
        user.set_unusable_password()
        user.save()
        user.groups.set([Group.objects.get(name=grup)])
        ProfilStaf.objects.update_or_create(user=user, defaults={"peran": peran, "wilayah_id": wilayah})
        env[f"COOKIE_{kunci}"] = f"sessionid={_session(user)}"

        kasus = Pengaduan.objects.all() if wilayah is None else Pengaduan.objects.filter(kantor_provinsi=wilayah)
        batas = kasus.order_by("-id").values_list("id", flat=True).first() or 0
        # Random ids over the whole range, not the newest: the change page must not read only hot rows.
        ids = list(
            kasus.filter(id__in=rng.sample(range(1, batas + 1), min(batas, 200 * SAMPLE))).values_list("id", flat=True)
        )
        ids = rng.sample(ids, min(SAMPLE, len(ids)))
        env[f"ID_{kunci}"] = " ".join(str(i) for i in ids)
        env[f"CHANGE_PATHS_{kunci}"] = " ".join(f"/admin/pengaduan/pengaduan/{i}/change/" for i in ids)
        nip = list(
            Terlapor.objects.exclude(nip="")
            .filter(pengaduan__in=kasus.filter(id__in=rng.sample(range(1, batas + 1), min(batas, 200 * SAMPLE))))
            .values_list("nip", flat=True)[:SAMPLE]
        )
        env[f"NIP_PATHS_{kunci}"] = " ".join(f"/admin/pengaduan/pengaduan/?q={n}" for n in nip)
        # Name search as staff type it from a report: the official's name without the titles before
        # it ("Drs. Yanti Permana" → "yanti permana"), read from the prefix index of the name
        # without titles. Whole names, so the matches are about as many at every N (the bench's
        # names repeat: a first name and three letters of a surname match ~200 cases at a million).
        nama = list(
            Terlapor.objects.filter(
                pengaduan__in=kasus.filter(id__in=rng.sample(range(1, batas + 1), min(batas, 200 * SAMPLE)))
            ).values_list("nama_cari", flat=True)[:SAMPLE]
        )
        env[f"NAMA_PATHS_{kunci}"] = " ".join(f"/admin/pengaduan/pengaduan/?q={_ketikan(n)}" for n in nama)
        if not ids or not nip or not nama:
            sys.exit(f"Tidak ada pengaduan/NIP dalam cakupan {username}; jalankan seed_bench dulu.")

    # The /lapor/ form: villages all over the country, as citizens' reports come.
    desa = list(Wilayah.objects.filter(tingkat=Tingkat.DESA).order_by("?").values_list("kode", flat=True)[:SAMPLE])
    hari_ini = timezone.localdate()
    csrf = "".join(rng.choices(string.ascii_letters + string.digits, k=32))
    foto = run / "foto.jpg"
    ukuran_foto = _jpeg(foto)
    foto_besar = _foto_besar(run / "foto-besar")
    foto_200k = _foto_200k(run)
    env["FOTO_JPEG"], env["FOTO_PNG"] = foto_200k["jpeg"]["path"], foto_200k["png"]["path"]
    kategori = list(KategoriPelanggaran.objects.filter(aktif=True, perlu_uraian=False).values_list("kode", flat=True))
    data = {
        "csrf": csrf,
        "foto": str(foto),
        "foto_besar": [{"path": f["path"], "nama": f["nama"], "mime": f["mime"]} for f in foto_besar],
        "kategori": kategori,
        "tanggal_kejadian": (hari_ini - datetime.timedelta(days=3)).isoformat(),
        "tanggal_diketahui": (hari_ini - datetime.timedelta(days=2)).isoformat(),
        # Each: provinsi, kabupaten, kecamatan, desa, and a NIK born in that kecamatan (15 June 1990).
        "desa": [
            [k[:2], k[:5], k[:8], k, k[:8].replace(".", "") + "150690" + f"{rng.randint(1, 9999):04d}"] for k in desa
        ],
    }
    (run / "data.lua").write_text(f"return {_lua(data)}\n")
    env["CSRF"] = csrf
    # The socialization pages are another engineer's work in progress: measured once they exist.
    try:
        reverse("sosialisasi:daftar")
        env["SOSIALISASI"] = "1"
    except NoReverseMatch:
        env["SOSIALISASI"] = "0"
    # What the beat task does every ten minutes: the pages then only read the cache.
    mulai = time.monotonic()
    statistik.perbarui()
    statistik_detik = time.monotonic() - mulai
    (run / "bench.env").write_text("".join(f"export BENCH_{k}='{v}'\n" for k, v in env.items()))

    with connection.cursor() as c:
        c.execute("SHOW server_version")
        versi_pg = c.fetchone()[0]
        c.execute("SHOW shared_buffers")
        shared_buffers = c.fetchone()[0]
    import django

    meta = {
        "pengaduan": Pengaduan.objects.count(),
        "pengaduan_35": Pengaduan.objects.filter(kantor_provinsi="35").count(),
        "kegiatan": Kegiatan.objects.count(),
        "kegiatan_terbit_lewat": Kegiatan.objects.filter(terbit=True, mulai__lte=timezone.now()).count(),
        "statistik_detik": round(statistik_detik, 1),
        "postgresql": f"{versi_pg} (shared_buffers {shared_buffers})",
        "python": platform.python_version(),
        "django": django.get_version(),
        "foto_bytes": ukuran_foto,
        "foto_besar": {f["nama"]: f["bytes"] for f in foto_besar},
        "foto_200k": {k: v["bytes"] for k, v in foto_200k.items()},
        "ratelimit_lapor": settings.RATELIMIT_LAPOR,
        "ratelimit_lacak": settings.RATELIMIT_LACAK,
    }
    (run / "meta.json").write_text(json.dumps(meta, indent=1))
    print(
        f"Staf uji beban masuk: {', '.join(u[0] for u in USERS)}; {meta['pengaduan']} pengaduan "
        f"({meta['pengaduan_35']} di provinsi 35), {meta['kegiatan']} kegiatan; sampel {SAMPLE} id, NIP dan desa; "
        f"foto {ukuran_foto} bita; statistik publik dihitung dalam {statistik_detik:.1f} detik."
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["createdb"] and len(sys.argv) == 3:
        createdb(sys.argv[2])
    elif sys.argv[1:2] == ["setup"] and len(sys.argv) == 3:
        setup(Path(sys.argv[2]))
    else:
        sys.exit(__doc__)
