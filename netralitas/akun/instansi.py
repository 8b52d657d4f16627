"""The agency of every pemda, made from the region table: the government of each province and of
each autonomous kabupaten/kota, with its PPK (who imposes discipline) and its inspektorat (who
examines). `sinkronkan_instansi_pemda` runs after every `load_wilayah` (its `wilayah_dimuat` signal,
connected in signals.py)."""

from django.db import transaction

from netralitas.wilayah.models import Tingkat, Wilayah

from .models import Instansi, JenisInstansi

# Jakarta's kota and kabupaten administrasi are not autonomous: their civil servants are the
# province's, whose governor is their PPK (UU 29/2007).
TANPA_OTONOMI = ("31.",)


def data_pemda(w: Wilayah) -> dict:
    """Name, PPK and inspektorat of the pemda of one province or kabupaten/kota."""
    if w.tingkat == Tingkat.PROVINSI:
        return {
            "nama": f"Pemerintah Provinsi {w.nama}",
            "jenis": JenisInstansi.PEMDA_PROVINSI,
            "ppk": f"Gubernur {w.nama}",
            "inspektorat": f"Inspektorat Provinsi {w.nama}",
        }
    kota = w.nama.startswith("Kota ") or (not w.nama.startswith("Kabupaten ") and int(w.kode[-2:]) >= 71)
    inti = w.nama.removeprefix("Kota ").removeprefix("Kabupaten ")
    return {
        "nama": f"Pemerintah {w.nama}",
        "jenis": JenisInstansi.PEMDA_KABKOTA,
        "ppk": f"{'Wali Kota' if kota else 'Bupati'} {inti}",
        "inspektorat": f"Inspektorat {w.nama}",
    }


def sinkronkan_instansi_pemda() -> int:
    """Create the Instansi of every province and autonomous kabupaten/kota that has none yet. Rows
    already there are left as they are: staff may have corrected them or added an e-mail address.
    Returns how many were created."""
    punya = set(Instansi.objects.filter(wilayah__isnull=False).values_list("wilayah_id", flat=True))
    nama_dipakai = set(Instansi.objects.values_list("nama", flat=True))
    wilayah = (
        Wilayah.objects.filter(tingkat__lte=Tingkat.KABUPATEN_KOTA)
        .exclude(kode__in=punya)
        .select_related("induk")
        .order_by("kode")
    )
    baru = []
    for w in wilayah:
        if w.tingkat == Tingkat.KABUPATEN_KOTA and w.kode.startswith(TANPA_OTONOMI):
            continue
        data = data_pemda(w)
        if data["nama"] in nama_dipakai:  # the same kabupaten name in two provinces
            data["nama"] = f"{data['nama']} ({w.induk.nama})"
        nama_dipakai.add(data["nama"])
        baru.append(Instansi(wilayah=w, **data))
    with transaction.atomic():
        Instansi.objects.bulk_create(baru, batch_size=500)
    return len(baru)


def setelah_wilayah_dimuat(sender, laporkan, **kwargs):
    """Receiver of netralitas.wilayah.signals.wilayah_dimuat: the pemda of a new region is an agency."""
    jumlah = sinkronkan_instansi_pemda()
    if jumlah:
        laporkan(f"Instansi pemerintah daerah dibuat: {jumlah}.")
