"""Shared factories: users and staff by role, and complaints filed through the real intake service."""

import datetime
import io
import uuid

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from netralitas.akun.models import Peran, ProfilStaf
from netralitas.wilayah.models import Wilayah
from pengaduan import bukti, transisi
from pengaduan.models import KategoriPelanggaran, Sanksi
from pengaduan.pelaporan import services as pelaporan
from pengaduan.tindak_lanjut import services as tindak_lanjut

GRUP_PERAN = {
    Peran.PANWASCAM: "Panwascam",
    Peran.BAWASLU_KABKOTA: "Bawaslu Kabupaten/Kota",
    Peran.BAWASLU_PROVINSI: "Bawaslu Provinsi",
    Peran.BAWASLU_RI: "Bawaslu RI",
    Peran.PENINJAU: "Inspektorat/PPK",
    Peran.PEMDA: "Staf pemerintah daerah",
    Peran.ADMINISTRATOR: "Administrator",
}
NIK_SAH = "3507104506900002"  # Jawa Timur, born 5 June 1990, a woman (day + 40)
NIP_PNS_SAH = "198503152010011002"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"staf{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@contoh.go.id")
    is_staff = True
    password = factory.django.Password("kata-sandi-uji-123")


def buat_staf(peran: str, wilayah: str | None = None, **kwargs):
    """A staff user of a role, in the role's group, scoped to a region code (None: national)."""
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=GRUP_PERAN[peran]))
    ProfilStaf.objects.create(user=user, peran=peran, wilayah_id=wilayah)
    return user


def jpeg(lebar=64, tinggi=48, exif: bytes | None = None, nama="foto.jpg") -> SimpleUploadedFile:
    buf = io.BytesIO()
    img = Image.new("RGB", (lebar, tinggi), (200, 30, 30))
    if exif is not None:
        img.save(buf, "JPEG", exif=exif)
    else:
        img.save(buf, "JPEG")
    return SimpleUploadedFile(nama, buf.getvalue(), content_type="image/jpeg")


PDF_MINIMAL = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def pdf(nama="surat.pdf", isi=PDF_MINIMAL) -> SimpleUploadedFile:
    return SimpleUploadedFile(nama, isi, content_type="application/pdf")


def data_rekomendasi(**ubah) -> dict:
    """What the forwarding service needs: BKN as the target, a finding, a signed letter."""
    from netralitas.akun.models import Instansi

    data = {
        "instansi": [Instansi.objects.get(singkatan="BKN")],
        "temuan": "Terlapor terbukti mengunggah dukungan kepada pasangan calon.",
        "jalur": "keduanya",
        "nomor_surat": "001/PM.00.02/K.JI-06/XI/2026",
        "tanggal_surat": timezone.localdate(),
        "surat": pdf(),
    }
    data.update(ubah)
    return data


def buat_pengaduan(wilayah="35.07.13.1007", sumber="laporan", email="", rahasia=False, unggahan=(), **kwargs):
    """File a complaint through the real intake service; returns (pengaduan, tracking code)."""
    data = _data_pengaduan(wilayah, sumber, email, rahasia, unggahan)
    data.update(kwargs)
    return pelaporan.create_pengaduan(**data)


def entri_pengaduan(
    oleh,
    wilayah="35.07.13.1007",
    sumber="laporan",
    email="",
    rahasia=False,
    unggahan=(),
    kanal="datang_langsung",
    pelapor_tambahan=None,
    **kwargs,
):
    """A report received at an office, entered by staff member `oleh` through the staff entry
    service (Formulir Model B.1); returns (pengaduan, tracking code)."""
    from pengaduan.triase.entri.services import create_pengaduan_staf

    data = _data_pengaduan(wilayah, sumber, email, rahasia, unggahan)
    if data["pelapor"] is not None:
        data["pelapor"].update(
            {
                "tempat_lahir": "Malang",
                "tanggal_lahir": datetime.date(1990, 6, 5),
                "jenis_kelamin": "P",
                "pekerjaan": "Guru",
                "kewarganegaraan": "Indonesia",
            }
        )
        data["pelapor"].update(pelapor_tambahan or {})
    data.update(
        oleh=oleh,
        kanal=kanal,
        kanal_keterangan="",
        diterima_pada=timezone.now(),
        tempat_diterima="Sekretariat",
    )
    data.update(kwargs)
    return create_pengaduan_staf(**data)


def _data_pengaduan(wilayah, sumber, email, rahasia, unggahan) -> dict:
    hari_ini = timezone.localdate()
    return dict(
        token_pengajuan=uuid.uuid4(),
        sumber=sumber,
        jenis_pemilihan="pilkada",
        kategori=KategoriPelanggaran.objects.get(kode="kampanye-media-sosial"),
        kategori_lainnya="",
        tanggal_kejadian=hari_ini - datetime.timedelta(days=2),
        tanggal_diketahui=hari_ini - datetime.timedelta(days=1),
        wilayah=Wilayah.objects.get(kode=wilayah),
        alamat_kejadian="Balai desa",
        kronologi="Terlapor mengunggah ajakan memilih pasangan calon di grup pegawai.",
        pelapor={
            "nama": "Warga Uji",
            "nik": NIK_SAH,
            "alamat": "Jl. Uji 1",
            "telepon": "081234567890",
            "email": email,
            "rahasia": rahasia,
        }
        if sumber == "laporan"
        else None,
        terlapor=[
            {
                "nama": "Pejabat Uji",
                "nip": NIP_PNS_SAH,
                "jabatan": "Kepala Seksi",
                "instansi_teks": "Dinas Pendidikan",
                "jenis_asn": "pns",
            }
        ],
        saksi=[],
        tautan=["https://www.facebook.com/contoh/posts/1"],
        unggahan=[bukti.simpan_unggahan_sementara(berkas=f) for f in unggahan],
    )


def pdf_halaman(nama="sk.pdf", penulis="Penulis Rahasia") -> SimpleUploadedFile:
    """A one-page PDF with an author in its Info dictionary: what metadata stripping removes."""
    import pikepdf

    dok = pikepdf.new()
    dok.add_blank_page()
    dok.trailer.Info = dok.make_indirect(pikepdf.Dictionary(Author=pikepdf.String(penulis)))
    buf = io.BytesIO()
    dok.save(buf)
    return SimpleUploadedFile(nama, buf.getvalue(), content_type="application/pdf")


def exif_gps() -> bytes:
    """EXIF with a camera serial and a GPS position: what an evidence copy must not carry."""
    exif = Image.Exif()
    exif[0x010F] = "KameraMerek"  # Make
    exif[0xA431] = "SERIAL-123456"  # BodySerialNumber
    exif.get_ifd(0x8825).update({1: "S", 2: (7.0, 59.0, 0.0), 3: "E", 4: (112.0, 37.0, 0.0)})
    return exif.tobytes()


def buat_peninjau(instansi, nip: str = "", **kwargs):
    """An inspektorat/PPK reviewer of one agency."""
    user = buat_staf(Peran.PENINJAU, None, **kwargs)
    ProfilStaf.objects.filter(user=user).update(instansi=instansi, nip=nip)
    user.refresh_from_db()
    return user


# --- Reaching a status through the services ------------------------------------------------------
# Tests that need a case in some status get there as staff, reviewers and the reporter would: each
# step through the service that makes it (ubah_status, the agency's services, the reporter's
# withdrawal), never by writing the status column. The path is the shortest one in the workflow
# table from the case's status.


def _jalur(dari: str, ke: str) -> list[str]:
    from collections import deque

    from pengaduan import workflow

    asal = {dari: None}
    antre = deque([dari])
    while antre:
        s = antre.popleft()
        if s == ke:
            break
        for t in workflow.TRANSISI:
            if t.dari == s and t.ke not in asal:
                asal[t.ke] = s
                antre.append(t.ke)
    if ke not in asal:
        raise ValueError(f"Tidak ada jalan dari {dari} ke {ke} dalam tabel alur kerja.")
    jalan = []
    while ke != dari:
        jalan.append(ke)
        ke = asal[ke]
    return jalan[::-1]


def _staf_kantor(p):
    """A Bawaslu account of the case's handling office (made once per office)."""
    from django.contrib.auth import get_user_model

    from pengaduan.models import TingkatKantor

    peran = {
        TingkatKantor.PANWASCAM: Peran.PANWASCAM,
        TingkatKantor.KABKOTA: Peran.BAWASLU_KABKOTA,
        TingkatKantor.PROVINSI: Peran.BAWASLU_PROVINSI,
        TingkatKantor.RI: Peran.BAWASLU_RI,
    }[p.kantor_tingkat]
    username = f"kantor-{peran}-{p.kantor_wilayah_id or 'ri'}"
    user = get_user_model().objects.filter(username=username).first()
    return user or buat_staf(peran, p.kantor_wilayah_id, username=username)


def _peninjau_kasus(p):
    from django.contrib.auth import get_user_model

    instansi = p.rekomendasi.instansi.first()
    username = f"peninjau-{instansi.pk}"
    return get_user_model().objects.filter(username=username).first() or buat_peninjau(instansi, username=username)


def _instansi_pemda(p):
    from netralitas.akun.models import Instansi

    return Instansi.objects.get(wilayah_id=p.wilayah_id[:5])


def bawa_ke_status(p, status: str):
    """Walk a case to `status` through the services, one transition of the workflow table at a time."""
    from pengaduan.models import Status, TingkatKantor

    p.refresh_from_db()
    hari_ini = timezone.localdate()
    for ke in _jalur(p.status, status):
        staf = _staf_kantor(p)
        peran = staf.profil_staf.peran
        if ke == Status.DICABUT:
            pelaporan.cabut_pengaduan(pengaduan=p, alasan="Dicabut dalam pengujian.")
        elif ke == Status.KAJIAN_AWAL and p.status == Status.PERLU_PERBAIKAN:
            pelaporan.tambah_kelengkapan(pengaduan=p, teks="Kelengkapan dari pelapor.", unggahan=[])
        elif ke == Status.TIDAK_DIREGISTRASI and p.status == Status.PERLU_PERBAIKAN:
            transisi.ubah_status(
                pengaduan=p, ke=ke, peran="sistem", alasan="Batas waktu melengkapi laporan telah lewat."
            )
        elif ke == Status.DILIMPAHKAN:
            transisi.limpahkan(
                pengaduan=p,
                peran=peran,
                oleh=staf,
                alasan="Dilimpahkan dalam pengujian.",
                tingkat=TingkatKantor.PROVINSI,
                kantor_tujuan=p.kantor_wilayah.induk,
            )
        elif ke == Status.DITERUSKAN:
            tindak_lanjut.teruskan(
                pengaduan=p,
                peran=peran,
                oleh=staf,
                alasan="Rekomendasi diteruskan.",
                **data_rekomendasi(instansi=[_instansi_pemda(p)]),
            )
        elif ke == Status.PEMERIKSAAN_INSTANSI:
            tindak_lanjut.mulai_pemeriksaan(
                pengaduan=p, oleh=_peninjau_kasus(p), tanggal_mulai=hari_ini, pemeriksa="Inspektorat"
            )
        elif ke == Status.TIDAK_TERBUKTI_INSTANSI:
            tindak_lanjut.nyatakan_tidak_terbukti(
                pengaduan=p, oleh=_peninjau_kasus(p), alasan="Tidak terbukti.", tanggal=hari_ini
            )
        elif ke == Status.SANKSI_DIJATUHKAN and p.status == Status.PEMERIKSAAN_INSTANSI:
            tindak_lanjut.catat_sanksi(pengaduan=p, oleh=_peninjau_kasus(p), data=data_sanksi(p))
        elif p.status == Status.KEBERATAN:  # the objection decided: granted (amended) or rejected
            dikabulkan = ke == Status.SANKSI_DIJATUHKAN
            sanksi_baru = {k: v for k, v in data_sanksi(p).items() if k != "terlapor"} if dikabulkan else None
            tindak_lanjut.putuskan_keberatan(
                pengaduan=p,
                oleh=_peninjau_kasus(p),
                dikabulkan=dikabulkan,
                tanggal=hari_ini,
                keterangan="Keberatan diputus dalam pengujian.",
                sanksi_baru=sanksi_baru,
            )
        elif ke == Status.KEBERATAN:
            tindak_lanjut.catat_keberatan(
                pengaduan=p,
                oleh=_peninjau_kasus(p),
                sanksi=Sanksi.objects.filter(pengaduan=p, diganti_oleh__isnull=True).first(),
                tanggal=hari_ini,
                uraian="Terlapor mengajukan keberatan.",
            )
        elif ke == Status.SELESAI:
            tindak_lanjut.selesaikan(pengaduan=p, oleh=_peninjau_kasus(p))
        elif ke == Status.PERLU_PERBAIKAN:
            transisi.ubah_status(
                pengaduan=p, ke=ke, peran=peran, oleh=staf, pesan_pelapor="Lengkapi bukti tangkapan layar."
            )
        else:
            transisi.ubah_status(pengaduan=p, ke=ke, peran=peran, oleh=staf, alasan="Alasan dalam pengujian.")
        p.refresh_from_db()
    return p


def data_sanksi(p, **ubah) -> dict:
    """A sanction as the agency's service takes it."""
    d = {
        "terlapor": p.terlapor.first(),
        "jalur": "disiplin",
        "tingkat": "ringan",
        "jenis": "teguran_lisan",
        "nomor_sk": "800/1/2026",
        "tanggal_sk": timezone.localdate(),
        "pejabat": "Bupati",
        "dasar_hukum": "",
        "dokumen_sk": pdf_halaman(),
    }
    d.update(ubah)
    return d


def majukan_waktu(monkeypatch, hari: int):
    """From here on it is `hari` days later for the services and the admin (timezone.now): cases
    age as they would, without writing a deadline by hand. Returns a function that turns it back."""
    asli = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: asli() + datetime.timedelta(days=hari))
    return lambda: monkeypatch.setattr(timezone, "now", asli)


# --- Handing over and making time pass -------------------------------------------------------------
# A case at another office gets there as staff hand it over (one level up or down per step), and a
# case that is old or late got so because it was filed, or moved, back then: `dibuat` and every
# deadline come out as intake and the deadline rules compute them.


def limpahkan_ke(p, tingkat: str, kode: str | None = None):
    """Hand a case over through `ubah_status` until the office `tingkat` of region `kode` (None:
    Bawaslu RI) handles it, one level per step; each receiving office first takes the case into its
    own kajian awal, as it must before handing it on. The case ends `dilimpahkan` at that office."""
    from netralitas.wilayah.models import Wilayah
    from pengaduan.models import Status, TingkatKantor
    from pengaduan.transisi import TINGKAT_KANTOR_WILAYAH, URUTAN_TINGKAT

    tujuan = Wilayah.objects.get(kode=kode) if kode else None
    p.refresh_from_db()
    while (p.kantor_tingkat, p.kantor_wilayah_id) != (tingkat, kode):
        bawa_ke_status(p, Status.KAJIAN_AWAL)
        di = URUTAN_TINGKAT.index(p.kantor_tingkat)
        asal = p.kantor_wilayah_id
        # Down while the target lies inside the current office's region, else up towards it.
        if tujuan is not None and (asal is None or tujuan.kode.startswith(asal + ".")):
            ke_tingkat, kantor = URUTAN_TINGKAT[di - 1], tujuan
            while kantor.tingkat != TINGKAT_KANTOR_WILAYAH[ke_tingkat]:
                kantor = kantor.induk
        else:
            ke_tingkat = URUTAN_TINGKAT[di + 1]
            kantor = None if ke_tingkat == TingkatKantor.RI else p.kantor_wilayah.induk
        staf = _staf_kantor(p)
        transisi.limpahkan(
            pengaduan=p,
            peran=staf.profil_staf.peran,
            oleh=staf,
            alasan="Dilimpahkan dalam pengujian.",
            tingkat=ke_tingkat,
            kantor_tujuan=kantor,
        )
        p.refresh_from_db()
    return p


def pada(saat: datetime.datetime):
    """Everything inside happens at `saat` for the whole process (model defaults, timezone.now,
    localdate, the deadline rules): the clock stands still there."""
    import time_machine

    return time_machine.travel(saat, tick=False)


def buat_pengaduan_pada(saat: datetime.datetime, **kwargs):
    """`buat_pengaduan` at the moment `saat`: its `dibuat` and deadline are intake's for that moment."""
    with pada(saat):
        return buat_pengaduan(**kwargs)


def notifikasi_ke(email: str, **saring) -> list:
    """The outbox rows to one address. The address is encrypted at rest (netralitas/enkripsi.py), so
    the database cannot compare it: the rows are read and compared here, in pk order."""
    from pengaduan.models import Notifikasi

    return [n for n in Notifikasi.objects.filter(**saring).order_by("pk") if n.email == email]
