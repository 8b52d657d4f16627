"""Where the CPU of one request goes: N requests in-process through django.test.Client against a
PostgreSQL database with production settings, then ms of CPU per request, queries per request and
the top functions (cProfile) by cumulative and by own time.

    DEBUG=0 DATABASE_URL=postgres://postgres@127.0.0.1:5432/netralitas_prof SECRET_KEY=… \\
      TRACKING_CODE_KEY=… IDENTITAS_KEY=… IDENTITAS_INDEKS_KEY=… CADANGAN_KEY=… SITE_URL=https://localhost \\
      REDIS_URL=redis://127.0.0.1:6379/13 CELERY_BROKER_URL=redis://127.0.0.1:6379/14 \\
      .venv/bin/python bench/profil.py lapor lapor_png lapor_jpeg tanda_terima -n 300 --top 15

The database is one `make bench` or `manage.py seed_bench` filled (bench/README.md): the script
refuses any other (`netralitas.uji_beban`), and every case it files carries a token in the load
test's namespace (TOKEN_KIRIMAN), so `seed_bench --hapus-kiriman` removes them; `--bersihkan`
does that here when the run ends, with the evidence files those cases staged. Keys missing from the
environment get random values, DEBUG is forced off and the rate limits raised as run.sh does, so the
production middleware, CSRF check, session and cache are what is measured.

Options: `-n` requests per pass, `--ulang` timed passes (the least is reported: the machine is
shared, and what neighbours take only ever adds), `--tanpa-profil` (timed passes and the query
count only, for A/B runs of two trees against the same database), `--top`, `--urut`.

Each scenario is timed three ways: a pass without any instrument (ms of CPU per request,
`time.process_time`, this process only: PostgreSQL's and Redis's CPU are theirs), a short pass that
counts queries (an execute wrapper), and a pass under cProfile (whose own overhead inflates the
function times: read them as shares). A scenario is a class in SKENARIO; another module can add its
own (`SKENARIO["nama"] = Kelas`) and call `main()`.
"""

import argparse
import base64
import cProfile
import io
import os
import pstats
import secrets
import sys
import time
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
BATAS = "----posko-profil-7MA4YWxkTrZu0gW"


def lingkungan():
    """Production settings with fresh keys where none were given (as bench/run.sh does); also the
    lookup's profiler (bench/profil_lacak.py) starts Django through this."""
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netralitas.settings")
    for kunci in ("SECRET_KEY", "TRACKING_CODE_KEY"):
        os.environ.setdefault(kunci, secrets.token_urlsafe(50))
    for kunci in ("IDENTITAS_KEY", "IDENTITAS_INDEKS_KEY", "CADANGAN_KEY"):
        os.environ.setdefault(kunci, base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("SECURE_COOKIES", "0")
    os.environ.setdefault("SITE_URL", "https://localhost")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    for kunci in ("RATELIMIT_LAPOR", "RATELIMIT_LACAK"):
        os.environ.setdefault(kunci, "1000000/m")
    sys.path.insert(0, str(AKAR))
    import django

    django.setup()


# --- What is sent -----------------------------------------------------------------------------------


def _bagian(nama: str, nilai: str) -> bytes:
    return f'--{BATAS}\r\nContent-Disposition: form-data; name="{nama}"\r\n\r\n{nilai}\r\n'.encode()


def _berkas(nama: str, mime: str, isi: bytes) -> bytes:
    kepala = (
        f'--{BATAS}\r\nContent-Disposition: form-data; name="berkas"; filename="{nama}"\r\nContent-Type: {mime}\r\n\r\n'
    )
    return kepala.encode() + isi + b"\r\n"


def gambar_png(target: int = 200_000) -> bytes:
    """A screenshot-like PNG of about `target` bytes: text-like blocks and the photo of a post."""
    import random

    from PIL import Image, ImageDraw

    rng = random.Random(7)
    tinggi_foto = max(1, (target - 70_000) // 2200)  # ~70 KB of text, ~2.2 KB per row of photo
    gambar = Image.new("RGB", (1080, 2340), "white")
    gambar_draw = ImageDraw.Draw(gambar)
    for y in range(0, 2340, 18):
        x = 20
        while x < 1040:
            w = rng.randint(8, 60)
            warna = tuple(rng.randint(0, 120) for _ in range(3))
            gambar_draw.rectangle([x, y, x + w, y + rng.randint(6, 12)], fill=warna)
            x += w + rng.randint(4, 14)
    # The photo in the post the screenshot shows: what makes a screenshot's PNG heavy.
    foto = Image.effect_noise((1080, tinggi_foto), 30).convert("RGB")
    gambar.paste(foto, (0, 700))
    keluaran = io.BytesIO()
    gambar.save(keluaran, "PNG", optimize=False)
    return keluaran.getvalue()


def gambar_jpeg(target: int = 200_000) -> bytes:
    """A phone-like photo: 1600×1200, smooth areas with sensor noise, 4:2:0, EXIF with a camera,
    a date and GPS, at the JPEG quality that lands near `target` bytes."""
    import random

    from PIL import Image, ImageFilter

    rng = random.Random(11)
    w, h = 1600, 1200
    dasar = Image.radial_gradient("L").resize((w, h)).convert("RGB")
    noise = Image.effect_noise((w, h), 40).convert("RGB")
    gambar = Image.blend(dasar, noise, 0.35).filter(ImageFilter.GaussianBlur(1.2))
    blok = Image.new("RGB", (w, h))
    for _ in range(60):
        x, y = rng.randrange(w), rng.randrange(h)
        blok.paste(
            tuple(rng.randrange(256) for _ in range(3)), (x, y, x + rng.randint(40, 300), y + rng.randint(40, 300))
        )
    gambar = Image.blend(gambar, blok, 0.5)
    exif = Image.Exif()
    exif[0x010F] = "samsung"  # Make
    exif[0x0110] = "SM-A525F"  # Model
    exif[0x0132] = "2026:11:20 09:14:03"  # DateTime
    exif[0x0131] = "A525FXXS4CVJ1"  # Software
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "S", (7.0, 22.0, 11.5), "E", (112.0, 43.0, 8.2)
    terbaik = b""
    for mutu in range(95, 20, -1):
        keluaran = io.BytesIO()
        gambar.save(keluaran, "JPEG", quality=mutu, subsampling="4:2:0", exif=exif)
        terbaik = keluaran.getvalue()
        if len(terbaik) <= target:
            break
    return terbaik


def _isian(desa: list[str], kategori: str, token: str, csrf: str) -> bytes:
    """A complete identified report, the fields of bench/lua/lapor.lua in their order."""
    tanggal = time.strftime("%Y-%m-%d", time.localtime(time.time() - 3 * 86400))
    pasangan = [
        ("csrfmiddlewaretoken", csrf),
        ("sumber", "laporan"),
        ("nama", "Sri Wahyuni"),
        ("nik", desa[4]),
        ("alamat", "Jl. Merdeka 10"),
        ("telepon", "0812 3456 7890"),
        ("email", ""),
        ("jenis_pemilihan", "pilkada"),
        ("kategori", kategori),
        ("kategori_lainnya", ""),
        ("tanggal_kejadian", tanggal),
        ("tanggal_diketahui", tanggal),
        ("provinsi", desa[0]),
        ("kabupaten", desa[1]),
        ("kecamatan", desa[2]),
        ("desa", desa[3]),
        ("alamat_kejadian", "Balai desa"),
        (
            "kronologi",
            "Terlapor mengunggah foto bersama pasangan calon dengan ajakan memilih di grup WhatsApp pegawai.",
        ),
        ("tautan", "https://www.facebook.com/contoh/posts/123"),
        ("pernyataan", "on"),
        ("situs_web", ""),
        ("terlapor-TOTAL_FORMS", "1"),
        ("terlapor-INITIAL_FORMS", "0"),
        ("terlapor-MIN_NUM_FORMS", "1"),
        ("terlapor-MAX_NUM_FORMS", "10"),
        ("terlapor-0-nama", "Drs. Bambang Sutrisno"),
        ("terlapor-0-nip", "198503152010011002"),
        ("terlapor-0-jabatan", "Camat"),
        ("terlapor-0-instansi_teks", "Pemerintah Kabupaten"),
        ("terlapor-0-jenis_asn", "pns"),
        ("saksi-TOTAL_FORMS", "0"),
        ("saksi-INITIAL_FORMS", "0"),
        ("saksi-MIN_NUM_FORMS", "0"),
        ("saksi-MAX_NUM_FORMS", "10"),
        ("kirim", "1"),
        ("token_pengajuan", token),
    ]
    return b"".join(_bagian(k, v) for k, v in pasangan)


# --- Scenarios ----------------------------------------------------------------------------------------


class Skenario:
    """One kind of request. `siapkan()` once, then `permintaan(i)` returns a callable that sends
    request i and returns its response; `periksa(r)` refuses an answer the scenario does not expect."""

    status = 200

    def __init__(self, client, sampel):
        self.client = client
        self.sampel = sampel

    def siapkan(self):
        pass

    def permintaan(self, i: int):
        raise NotImplementedError

    def periksa(self, r):
        if r.status_code != self.status:
            isi = r.content.decode(errors="replace")[:2000] if hasattr(r, "content") else ""
            raise SystemExit(f"{type(self).__name__}: status {r.status_code}, diharapkan {self.status}\n{isi}")


class Lapor(Skenario):
    """POST /lapor/ with a complete report and no file: 302 to the receipt."""

    status = 302
    lampiran: tuple[str, str, bytes] | None = None

    def siapkan(self):
        self.stem = secrets.token_hex(5)
        self.ekor = (_berkas(*self.lampiran) if self.lampiran else b"") + f"--{BATAS}--\r\n".encode()

    def token(self, i: int) -> str:
        return f"5eedbe7c-0000-0001-{self.stem[:4]}-{self.stem[4:]}{i:06x}"

    def permintaan(self, i: int):
        desa = self.sampel["desa"][i % len(self.sampel["desa"])]
        kategori = self.sampel["kategori"][i % len(self.sampel["kategori"])]
        badan = _isian(desa, kategori, self.token(i), self.sampel["csrf"]) + self.ekor
        return lambda: self.client.generic(
            "POST", "/lapor/", badan, content_type=f"multipart/form-data; boundary={BATAS}"
        )


class LaporPng(Lapor):
    """POST /lapor/ with a screenshot-like PNG of about 200 KB."""

    def siapkan(self):
        self.lampiran = ("tangkapan-layar.png", "image/png", gambar_png(200_000))
        super().siapkan()


class LaporJpeg(Lapor):
    """POST /lapor/ with a phone-like JPEG of about 200 KB (EXIF: camera, date, GPS)."""

    def siapkan(self):
        self.lampiran = ("IMG_20261120_091403.jpg", "image/jpeg", gambar_jpeg(200_000))
        super().siapkan()


class TandaTerima(Skenario):
    """GET /lapor/tanda-terima/ as the browser follows the 302: the sealed cookie of one filing."""

    def siapkan(self):
        lapor = Lapor(self.client, self.sampel)
        lapor.siapkan()
        lapor.periksa(lapor.permintaan(0)())
        if "tanda_terima" not in self.client.cookies:
            raise SystemExit("TandaTerima: pengiriman tidak memasang kuki tanda terima.")

    def permintaan(self, i: int):
        return lambda: self.client.get("/lapor/tanda-terima/")

    def periksa(self, r):
        super().periksa(r)
        if b"kelompok-kode" not in r.content and b"kode" not in r.content:
            raise SystemExit("TandaTerima: halaman tanpa kode.")


SKENARIO: dict[str, type[Skenario]] = {
    "lapor": Lapor,
    "lapor_png": LaporPng,
    "lapor_jpeg": LaporJpeg,
    "tanda_terima": TandaTerima,
}


# --- Measuring --------------------------------------------------------------------------------------


def _sampel(jumlah: int = 50) -> dict:
    from netralitas.wilayah.models import Tingkat, Wilayah
    from pengaduan.models import KategoriPelanggaran

    desa = list(Wilayah.objects.filter(tingkat=Tingkat.DESA).order_by("kode").values_list("kode", flat=True)[::1637])
    desa = desa[:jumlah]
    if not desa:
        raise SystemExit("Basis data tanpa wilayah: jalankan `manage.py load_wilayah` dulu.")
    return {
        "desa": [
            [k[:2], k[:5], k[:8], k, k[:8].replace(".", "") + "150690" + f"{n + 1:04d}"] for n, k in enumerate(desa)
        ],
        "kategori": list(
            KategoriPelanggaran.objects.filter(aktif=True, perlu_uraian=False).values_list("kode", flat=True)
        ),
        "csrf": secrets.token_urlsafe(24)[:32].ljust(32, "x").replace("-", "a").replace("_", "b"),
    }


def _klien(csrf: str):
    from django.test import Client

    client = Client(enforce_csrf_checks=True, REMOTE_ADDR="127.0.0.1")
    client.cookies["csrftoken"] = csrf
    return client


def ukur(nama: str, n: int, top: int, urut: tuple[str, ...], sampel: dict, ulang: int = 3, profil_=True) -> dict:
    from django.db import connection

    client = _klien(sampel["csrf"])
    s = SKENARIO[nama](client, sampel)
    s.siapkan()
    i = 0

    def jalankan(jumlah: int) -> float:
        nonlocal i
        kirim = []
        for _ in range(jumlah):
            kirim.append(s.permintaan(i))
            i += 1
        mulai = time.process_time()
        for f in kirim:
            r = f()
            s.periksa(r)
        return time.process_time() - mulai

    jalankan(max(5, n // 10))  # warm: imports, the empty-page cache, connections
    # The machine is shared: the least of a few passes is the code's cost, the rest is neighbours.
    lintasan = sorted(jalankan(n) for _ in range(ulang))
    cpu = lintasan[0]
    # Counted with an execute wrapper: the request_started signal empties connection.queries.
    sql: list[str] = []

    def catat(execute, teks, params, many, context):
        sql.append(teks)
        return execute(teks, params, many, context)

    with connection.execute_wrapper(catat):
        jalankan(20)
    kueri = len(sql) / 20
    hasil = {"skenario": nama, "n": n, "ms_cpu": cpu / n * 1000, "median": lintasan[len(lintasan) // 2] / n * 1000}
    hasil["kueri"] = kueri
    print(
        f"\n== {nama}: {n} permintaan × {ulang} — {cpu / n * 1000:.2f} ms CPU/permintaan (terkecil; median "
        f"{hasil['median']:.2f}), {kueri:.1f} kueri/permintaan"
    )
    if not profil_:
        return hasil
    # CPU time, not wall time: waiting for PostgreSQL is not the web process's cost.
    profil = cProfile.Profile(time.process_time)
    profil.enable()
    cpu_profil = jalankan(n)
    profil.disable()
    print(f"   (di bawah cProfile {cpu_profil / n * 1000:.2f} ms CPU; kolom kum/sendiri memakai waktu cProfile)")
    # cProfile's own cost is per call, so its times are several times the real ones; "≈kum" scales
    # the cumulative time by the un-instrumented pass (cpu / cpu_profil): a rough share in real ms.
    skala = cpu / cpu_profil
    for kunci in urut:
        keluaran = io.StringIO()
        st = pstats.Stats(profil, stream=keluaran)
        st.sort_stats(kunci)
        print(f"-- {top} teratas menurut {'kumulatif' if kunci == 'cumulative' else 'waktu sendiri'} (ms/permintaan)")
        print(f"{'kum':>8} {'sendiri':>8} {'≈kum':>8} {'panggil':>8}  fungsi")
        # The chain of wrappers every request passes through (client, handler, middleware) holds
        # almost all of the time: skipped, so the list starts where the work is told apart.
        fungsi_ = [f for f in st.fcn_list if kunci != "cumulative" or st.stats[f][3] < 0.85 * cpu_profil]
        for fungsi in fungsi_[:top]:
            cc, nc, tt, ct, _ = st.stats[fungsi]
            berkas, baris, nama_f = fungsi
            tempat = _singkat(berkas)
            print(
                f"{ct / n * 1000:8.3f} {tt / n * 1000:8.3f} {ct * skala / n * 1000:8.3f} {nc / n:8.1f}  {tempat}:{baris}({nama_f})"
            )
    if sql:
        print("-- kueri per permintaan (20 permintaan, dikelompokkan menurut awal SQL-nya)")
        kelompok: dict[str, int] = {}
        for teks in sql:
            kelompok[teks[:110]] = kelompok.get(teks[:110], 0) + 1
        for sql, jumlah in kelompok.items():
            print(f"{jumlah / 20:8.1f}  {sql}")
    return {
        "skenario": nama,
        "n": n,
        "ms_cpu": cpu / n * 1000,
        "median": lintasan[len(lintasan) // 2] / n * 1000,
        "kueri": kueri,
    }


def _singkat(berkas: str) -> str:
    for awalan in (str(AKAR) + "/", "/usr/lib/python3", str(AKAR / ".venv")):
        if berkas.startswith(awalan):
            berkas = berkas[len(awalan) :]
    i = berkas.find("site-packages/")
    return berkas[i + len("site-packages/") :] if i >= 0 else berkas


def bersihkan():
    """Remove the cases this tool (and wrk) filed, with their staged and evidence files."""
    from django.core.files.storage import default_storage

    from netralitas.uji_beban import TOKEN_KIRIMAN
    from pengaduan.models import Bukti, Pengaduan, UnggahanSementara

    kiriman = Pengaduan.objects.filter(token_pengajuan__range=TOKEN_KIRIMAN)
    for nama in Bukti.objects.filter(pengaduan__in=kiriman).values_list("berkas", flat=True):
        default_storage.delete(nama)
    n, _ = kiriman.delete()
    for u in UnggahanSementara.objects.all():
        u.berkas.delete(save=False)
        u.delete()
    # The thumbnail tasks the filed evidence enqueued: no worker runs for the profile.
    from netralitas.celery import app

    app.control.purge()
    print(f"Kiriman profil dihapus ({n} baris termasuk turunannya).")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("skenario", nargs="*", default=["lapor"], help=f"of: {', '.join(SKENARIO)}")
    parser.add_argument("-n", type=int, default=300, help="requests per scenario (and as many under cProfile)")
    parser.add_argument("--ulang", type=int, default=3, help="timed passes; the least is reported")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--urut", default="cumulative,tottime", help="pstats keys, comma-separated")
    parser.add_argument("--tanpa-profil", action="store_true", help="only the timed passes and the query count")
    parser.add_argument("--bersihkan", action="store_true", help="remove the filed cases when done")
    args = parser.parse_args(argv)

    lingkungan()
    from django.db import connection

    from netralitas import uji_beban

    if connection.vendor != "postgresql":
        raise SystemExit("Profil diukur terhadap PostgreSQL (DATABASE_URL).")
    if uji_beban.ada_data_sungguhan():
        raise SystemExit("Basis data ini memuat data yang bukan buatan uji beban; profil menolak berjalan.")
    tak_dikenal = [s for s in args.skenario if s not in SKENARIO]
    if tak_dikenal:
        raise SystemExit(f"Skenario tak dikenal: {', '.join(tak_dikenal)} (ada: {', '.join(SKENARIO)})")
    sampel = _sampel()
    hasil = []
    try:
        for nama in args.skenario:
            hasil.append(
                ukur(nama, args.n, args.top, tuple(args.urut.split(",")), sampel, args.ulang, not args.tanpa_profil)
            )
    finally:
        if args.bersihkan:
            bersihkan()
    print("\n| skenario | ms CPU/permintaan (terkecil) | median | kueri/permintaan |\n|---|---:|---:|---:|")
    for h in hasil:
        print(f"| {h['skenario']} | {h['ms_cpu']:.2f} | {h['median']:.2f} | {h['kueri']:.1f} |")
    return hasil


if __name__ == "__main__":
    main()
