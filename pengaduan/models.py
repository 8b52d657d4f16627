"""Complaints: the case, its reporter identity (kept apart), terlapor, witnesses, evidence, events,
deadline rules and the notification outbox. Models hold fields and constraints; services write."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from netralitas.enkripsi import CharTerenkripsi, EmailTerenkripsi, IndeksNIK, TanggalTerenkripsi
from netralitas.identitas import inti_nama, normalkan_nama
from netralitas.turunan import KolomTurunan

from .pilihan import (  # noqa: F401  (re-exported: the fields' choices)
    STATUS_TERMINAL,
    TINGKAT_KATEGORI,
    ArahPesan,
    CaraKirim,
    CaraPemberitahuan,
    FormatEkspor,
    HasilKeberatan,
    JalurPelanggaran,
    JalurSanksi,
    JenisASN,
    JenisBukti,
    JenisDataRetensi,
    JenisDokumen,
    JenisHari,
    JenisKelamin,
    JenisPemilihan,
    JenisRegistrasi,
    Kanal,
    KedudukanKlarifikasi,
    LangkahTenggat,
    Status,
    StatusEkspor,
    StatusNotifikasi,
    StatusSalinan,
    StatusThumbnail,
    Sumber,
    TingkatKantor,
    TingkatSanksi,
)
from .sanksi import JENIS_SANKSI


class KategoriPelanggaran(models.Model):
    """SKB 2022 Lampiran II categories; the ethics/discipline mapping is data because sources disagree."""

    kode = models.SlugField(max_length=40, primary_key=True)
    nama = models.CharField(max_length=200)
    keterangan = models.CharField(max_length=300, blank=True)
    urutan = models.PositiveSmallIntegerField(default=0)
    # SKB 2022 Lampiran II (DOMAIN.md §1): the code of the row, whether the form is on the ethics
    # list (sanksi moral, PP 42/2004 Pasal 15) and its discipline tier (blank: not on that list).
    kode_skb = models.CharField("kode SKB 2022 Lampiran II", max_length=30, blank=True)
    jalur_etik = models.BooleanField(
        "daftar kode etik", default=True, help_text="Sanksi moral menurut PP 42/2004 Pasal 15."
    )
    tingkat_disiplin = models.CharField(
        "tingkat hukuman disiplin",
        max_length=10,
        choices=TINGKAT_KATEGORI,
        blank=True,
        help_text="PP 94/2021 (sedang/berat); pemberhentian tidak dengan hormat menurut UU ASN. Kosong: tidak "
        "ada dalam daftar disiplin.",
    )
    tingkat_disiplin_lain = models.CharField(
        "tingkat menurut sumber/keadaan lain",
        max_length=10,
        choices=TINGKAT_KATEGORI,
        blank=True,
        help_text="Bila sumber berbeda atau tingkatnya bergantung pada keadaan (lihat catatan).",
    )
    catatan_sumber = models.CharField("catatan sumber", max_length=500, blank=True)
    perlu_uraian = models.BooleanField(default=False, help_text="Pelapor wajib menguraikan (kategori 'lainnya').")
    aktif = models.BooleanField(default=True)

    class Meta:
        verbose_name = "kategori pelanggaran"
        verbose_name_plural = "kategori pelanggaran"
        ordering = ["urutan", "nama"]

    def __str__(self):
        return self.nama


class Pengaduan(KolomTurunan):
    KOLOM_TURUNAN = ("kantor_provinsi", "kantor_kabkota", "kecamatan_kejadian")
    SUMBER_TURUNAN = ("kantor_wilayah", "wilayah")
    SUMBER_PER_KOLOM = {
        "kantor_provinsi": ("kantor_wilayah",),
        "kantor_kabkota": ("kantor_wilayah",),
        "kecamatan_kejadian": ("wilayah",),
    }

    kode_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The last four characters only, for e-mails ("…-7QX2"): never enough to look a case up.
    kode_akhir = models.CharField(max_length=4, editable=False)
    # One submission token per form: a reload or a double tap never files a second report.
    token_pengajuan = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    sumber = models.CharField(max_length=20, choices=Sumber.choices)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.DIAJUKAN)
    jenis_pemilihan = models.CharField("jenis pemilihan", max_length=10, choices=JenisPemilihan.choices)
    kategori = models.ForeignKey(KategoriPelanggaran, on_delete=models.PROTECT, related_name="+")
    kategori_lainnya = models.CharField("uraian kategori lainnya", max_length=200, blank=True)
    tanggal_kejadian = models.DateField("tanggal kejadian")
    tanggal_diketahui = models.DateField("tanggal diketahui")
    terlambat = models.BooleanField(
        "melewati batas waktu lapor", default=False, help_text="Dilaporkan lewat batas hari sejak diketahui."
    )
    wilayah = models.ForeignKey(
        "wilayah.Wilayah", on_delete=models.PROTECT, related_name="+", verbose_name="wilayah kejadian"
    )
    alamat_kejadian = models.CharField("alamat/tempat kejadian", max_length=300, blank=True)
    kantor_tingkat = models.CharField("tingkat kantor penanganan", max_length=10, choices=TingkatKantor.choices)
    kantor_wilayah = models.ForeignKey(
        "wilayah.Wilayah",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="wilayah kantor penanganan",
    )
    # The handling office's province and kabupaten/kota codes, kept beside it so that scoping by
    # code prefix is an equality on an indexed column, whatever the size of the table.
    kantor_provinsi = models.CharField(max_length=2, blank=True, editable=False)
    kantor_kabkota = models.CharField(max_length=5, blank=True, editable=False)
    # The incident's kecamatan code ("35.07.13"), empty when the place is only a kabupaten/kota or
    # a province: the Panwascam of that kecamatan sees the case whichever office handles it.
    kecamatan_kejadian = models.CharField("kecamatan kejadian", max_length=8, blank=True, editable=False)
    kronologi = models.TextField()
    pernyataan_benar = models.BooleanField(default=False)
    # Where, when and by whom the report was received (Formulir Model B.1). A report typed on
    # /lapor/ is `daring` with no office; one entered by staff names the staff member and office.
    kanal = models.CharField("diterima melalui", max_length=20, choices=Kanal.choices, default=Kanal.DARING)
    kanal_keterangan = models.CharField(
        "keterangan saluran", max_length=200, blank=True, help_text="Misalnya akun media sosial atau nomor surat."
    )
    diterima_pada = models.DateTimeField("waktu diterima", null=True, blank=True)
    tempat_diterima = models.CharField("tempat diterima", max_length=200, blank=True)
    diterima_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="diterima dan dientri oleh",
    )
    diterima_kantor_tingkat = models.CharField(
        "tingkat kantor penerima", max_length=10, choices=TingkatKantor.choices, blank=True
    )
    diterima_kantor_wilayah = models.ForeignKey(
        "wilayah.Wilayah",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="wilayah kantor penerima",
    )
    nomor_registrasi = models.CharField("nomor registrasi", max_length=80, blank=True)
    tenggat = models.DateField("tenggat langkah berjalan", null=True, blank=True)
    tenggat_diperpanjang = models.BooleanField("tenggat sudah diperpanjang", default=False)
    # The notice of a completion request (LangkahTenggat.PEMBERITAHUAN_PERBAIKAN): when and how the
    # reporter was told, for the current round of perlu perbaikan. Empty while the notice is owed;
    # `tenggat` then holds the notice's deadline, and the reporter's window starts once it is given.
    perbaikan_diberitahu = models.DateTimeField("pelapor diberi tahu untuk melengkapi", null=True, blank=True)
    cara_pemberitahuan_perbaikan = models.CharField(
        "cara pemberitahuan perbaikan", max_length=20, choices=CaraPemberitahuan.choices, blank=True
    )
    # The reporter withdrew the report (status dicabut). Bawaslu may keep its content as informasi
    # awal afterwards; the reporter's view then stays at the withdrawal and nothing later is theirs.
    dicabut_pelapor = models.BooleanField("dicabut oleh pelapor", default=False)
    ditugaskan = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="ditugaskan kepada",
    )
    duplikat_dari = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplikat",
        verbose_name="duplikat dari",
    )
    # Raised by every write through the services: a form carrying an older number lost a race.
    versi = models.PositiveIntegerField(default=1, editable=False)
    dibuat = models.DateTimeField("diterima", default=timezone.now, editable=False)
    diperbarui = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "pengaduan"
        verbose_name_plural = "pengaduan"
        ordering = ["-dibuat"]
        permissions = [
            ("lihat_identitas_rahasia", "Dapat melihat identitas pelapor yang dirahasiakan"),
            ("tangani_pengaduan", "Dapat mengubah status, menugaskan, dan mencatat pengaduan"),
            ("ekspor_pengaduan", "Dapat mengekspor daftar pengaduan"),
            ("tahan_hukum", "Dapat memasang dan mencabut penahanan hukum (legal hold) pengaduan"),
        ]
        # One index per filter and per scope level, each ending in the list's ordering, so that a
        # page is read from an index whatever the size of the table.
        indexes = [
            models.Index(fields=["-dibuat", "-id"], name="pengaduan_dibuat"),
            models.Index(fields=["status", "-dibuat"], name="pengaduan_status_dibuat"),
            models.Index(fields=["kantor_wilayah", "-dibuat"], name="pengaduan_kantor_dibuat"),
            models.Index(fields=["kantor_kabkota", "-dibuat"], name="pengaduan_kabkota_dibuat"),
            models.Index(fields=["kantor_provinsi", "-dibuat"], name="pengaduan_provinsi_dibuat"),
            # Scope and status together: the commonest filtered list ("my region's kajian awal").
            models.Index(fields=["kantor_wilayah", "status", "-dibuat", "-id"], name="pengaduan_kantor_status"),
            models.Index(fields=["kantor_kabkota", "status", "-dibuat", "-id"], name="pengaduan_kabkota_status"),
            models.Index(fields=["kantor_provinsi", "status", "-dibuat", "-id"], name="pengaduan_provinsi_status"),
            # The Panwascam's cases by the incident's kecamatan (pengaduan_visible_to).
            models.Index(fields=["kecamatan_kejadian", "-dibuat"], name="pengaduan_kecamatan_dibuat"),
            models.Index(fields=["kecamatan_kejadian", "status", "-dibuat", "-id"], name="pengaduan_kecamatan_status"),
            models.Index(fields=["kategori", "-dibuat"], name="pengaduan_kategori_dibuat"),
            models.Index(fields=["jenis_pemilihan", "-dibuat"], name="pengaduan_jenis_dibuat"),
            models.Index(fields=["sumber", "-dibuat"], name="pengaduan_sumber_dibuat"),
            models.Index(fields=["ditugaskan", "-dibuat"], name="pengaduan_tugas_dibuat"),
            models.Index(fields=["wilayah", "-dibuat"], name="pengaduan_wilayah_dibuat"),
            models.Index(
                fields=["tenggat"],
                name="pengaduan_tenggat_aktif",
                condition=models.Q(tenggat__isnull=False) & ~models.Q(status__in=STATUS_TERMINAL),
            ),
            models.Index(fields=["kode_akhir"], name="pengaduan_kode_akhir"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["nomor_registrasi"],
                condition=~models.Q(nomor_registrasi=""),
                name="nomor_registrasi_unik",
            ),
        ]

    def __str__(self):
        return f"Pengaduan #{self.pk} ({self.get_status_display()})"

    def hitung_turunan(self) -> dict:
        kode = self.kantor_wilayah_id or ""
        tempat = self.wilayah_id or ""
        return {
            "kantor_provinsi": kode[:2],
            "kantor_kabkota": kode[:5] if len(kode) >= 5 else "",
            "kecamatan_kejadian": tempat[:8] if len(tempat) >= 8 else "",
        }


class Pelapor(models.Model):
    """The reporter's identity, kept apart from the case so no list or export touches it by accident."""

    pengaduan = models.OneToOneField(Pengaduan, on_delete=models.CASCADE, related_name="pelapor")
    # Encrypted at rest (netralitas/enkripsi.py): a copy of this table exposes no reporter. Each
    # of these identifies a person, alone or with another (a birth place and date with a name).
    nama = CharTerenkripsi(max_length=150)
    nik = CharTerenkripsi("NIK", max_length=16)
    # The keyed blind index of the NIK: how staff find the same reporter's other cases.
    nik_indeks = IndeksNIK(sumber="nik", db_index=True)
    alamat = CharTerenkripsi(max_length=300)
    telepon = CharTerenkripsi(max_length=20, blank=True)
    email = EmailTerenkripsi("e-mail", blank=True)
    rahasia = models.BooleanField("identitas dirahasiakan", default=False)
    # The rest of the laporan form's identity (Formulir Model B.1), asked when staff take a report
    # at the office; optional on /lapor/, where the form stays short.
    tempat_lahir = CharTerenkripsi("tempat lahir", max_length=100, blank=True)
    tanggal_lahir = TanggalTerenkripsi("tanggal lahir", null=True, blank=True)
    # Kept in clear: one of two values, or a nationality, singles out nobody, and the statistics may count them.
    jenis_kelamin = models.CharField("jenis kelamin", max_length=1, choices=JenisKelamin.choices, blank=True)
    pekerjaan = CharTerenkripsi(max_length=100, blank=True)
    kewarganegaraan = models.CharField(max_length=60, blank=True, default="Indonesia")
    # Set by the retention job (pengaduan.retensi) when it empties every field above: staff pages,
    # documents and exports then say the identity was erased, and under which rule.
    dihapus_pada = models.DateTimeField("identitas dihapus pada", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "identitas pelapor"
        verbose_name_plural = "identitas pelapor"

    def __str__(self):
        return "Identitas pelapor"


class Terlapor(KolomTurunan):
    KOLOM_TURUNAN = ("nama_cari", "nama_inti")
    SUMBER_TURUNAN = ("nama",)

    pengaduan = models.ForeignKey(Pengaduan, on_delete=models.CASCADE, related_name="terlapor")
    nama = models.CharField(max_length=150)
    # normalkan_nama(nama): what a name-prefix search reads, from an index.
    nama_cari = models.CharField(max_length=150, editable=False, default="")
    # inti_nama(nama_cari): the same without the titles before the name, for the same search.
    nama_inti = models.CharField(max_length=150, editable=False, default="")
    nip = models.CharField("NIP", max_length=18, blank=True, db_index=True)
    jabatan = models.CharField(max_length=200, blank=True)
    instansi_teks = models.CharField("instansi (menurut pelapor)", max_length=200)
    instansi = models.ForeignKey(
        "akun.Instansi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="terlapor",
        help_text="Instansi yang dipastikan petugas dari isian pelapor.",
    )
    jenis_asn = models.CharField("jenis ASN", max_length=12, choices=JenisASN.choices, default=JenisASN.TIDAK_TAHU)

    class Meta:
        verbose_name = "terlapor"
        verbose_name_plural = "terlapor"
        ordering = ["id"]
        indexes = [
            models.Index(fields=["nama_cari"], name="terlapor_nama_cari", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["nama_inti"], name="terlapor_nama_inti", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self):
        return self.nama

    def hitung_turunan(self) -> dict:
        nama = normalkan_nama(self.nama)
        return {"nama_cari": nama, "nama_inti": inti_nama(nama)}


class KajianAwal(models.Model):
    """The formal and material requirements checklist of the kajian awal (Perbawaslu on handling
    reports): what staff ticked, and what they noted."""

    pengaduan = models.OneToOneField(Pengaduan, on_delete=models.CASCADE, related_name="kajian_awal")
    identitas_pelapor = models.BooleanField("identitas pelapor lengkap", default=False)
    dalam_tenggat = models.BooleanField("dilaporkan dalam batas waktu", default=False)
    terlapor_jelas = models.BooleanField("identitas terlapor jelas", default=False)
    waktu_tempat = models.BooleanField("waktu dan tempat kejadian jelas", default=False)
    kronologi_jelas = models.BooleanField("uraian kejadian (kronologi) jelas", default=False)
    bukti_cukup = models.BooleanField("bukti tersedia", default=False)
    catatan = models.TextField(blank=True)
    diperiksa_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    diperbarui = models.DateTimeField(auto_now=True)

    SYARAT_FORMAL = ("identitas_pelapor", "dalam_tenggat")
    SYARAT_MATERIIL = ("terlapor_jelas", "waktu_tempat", "kronologi_jelas", "bukti_cukup")

    class Meta:
        verbose_name = "kajian awal"
        verbose_name_plural = "kajian awal"

    def __str__(self):
        return f"Kajian awal pengaduan #{self.pengaduan_id}"

    @property
    def formal_terpenuhi(self) -> bool:
        return all(getattr(self, f) for f in self.SYARAT_FORMAL)

    @property
    def materiil_terpenuhi(self) -> bool:
        return all(getattr(self, f) for f in self.SYARAT_MATERIIL)


class CatatanPengaduan(models.Model):
    """An internal note on a case: Bawaslu only. What staff write to the reporter is a `Pesan`."""

    pengaduan = models.ForeignKey(Pengaduan, on_delete=models.CASCADE, related_name="catatan")
    penulis = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    teks = models.TextField()
    dibuat = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "catatan"
        verbose_name_plural = "catatan"
        ordering = ["dibuat", "id"]
        indexes = [models.Index(fields=["pengaduan", "dibuat"], name="catatan_pengaduan_dibuat")]

    def __str__(self):
        return f"Catatan internal #{self.pk}"


class Pesan(models.Model):
    """One message of the conversation between the reporter (on /lacak/) and the handling office
    (on the case page): the one notion of "a message to the reporter" beside the status messages
    of the timeline (`PeristiwaPengaduan.pesan_pelapor`). Bawaslu reads both directions; the
    reporter reads both directions; the agency's reviewers read neither. A reporter's message is
    unread until staff of the handling office open the case page (`dibaca_pada`, `dibaca_oleh`)."""

    pengaduan = models.ForeignKey(Pengaduan, on_delete=models.CASCADE, related_name="pesan")
    arah = models.CharField(max_length=20, choices=ArahPesan.choices)
    teks = models.TextField(blank=True)
    # The staff member who wrote to the reporter; the reporter is never a user (null).
    penulis = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dibuat = models.DateTimeField(default=timezone.now)
    dibaca_pada = models.DateTimeField("dibaca petugas", null=True, blank=True)
    dibaca_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "pesan"
        verbose_name_plural = "pesan"
        ordering = ["dibuat", "id"]
        indexes = [
            models.Index(fields=["pengaduan", "dibuat"], name="pesan_pengaduan_dibuat"),
            # The case list's filter "Ada pesan belum dibaca": only the unread rows are indexed.
            models.Index(
                fields=["pengaduan"],
                name="pesan_belum_dibaca",
                condition=models.Q(arah="dari_pelapor", dibaca_pada__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(arah="dari_pelapor") | models.Q(penulis__isnull=True),
                name="pesan_pelapor_tanpa_penulis",
            ),
        ]

    def __str__(self):
        return f"Pesan {self.get_arah_display().lower()} #{self.pk}"


def _path_lampiran(instance, filename):
    return f"pesan/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{instance.ekstensi}"


class LampiranPesan(models.Model):
    """A file attached to a message: checked like evidence when uploaded (netralitas.berkas, staged
    through pengaduan.bukti), kept unchanged with its SHA-256. It is not evidence (`Bukti`): it is
    never copied to the agency, and never shown to anyone but Bawaslu."""

    pesan = models.ForeignKey(Pesan, on_delete=models.CASCADE, related_name="lampiran")
    berkas = models.FileField(upload_to=_path_lampiran, max_length=200)
    nama_asli = models.CharField("nama berkas", max_length=200)
    jenis = models.CharField(max_length=10, choices=JenisBukti.choices)
    mime = models.CharField(max_length=60)
    ekstensi = models.CharField(max_length=8)
    ukuran = models.PositiveBigIntegerField()
    sha256 = models.CharField("SHA-256", max_length=64)
    dibuat = models.DateTimeField(default=timezone.now)
    dihapus_pada = models.DateTimeField("berkas dihapus pada", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "lampiran pesan"
        verbose_name_plural = "lampiran pesan"
        ordering = ["id"]

    def __str__(self):
        return self.nama_asli


class UrutanRegistrasi(models.Model):
    """The last nomor registrasi issued by one office in one year in one series (reports LP,
    findings TM, each numbered on its own): one row, locked while a number is taken, so numbers
    have no gaps and no duplicates under concurrency."""

    kantor_tingkat = models.CharField(max_length=10)
    kantor_kode = models.CharField(max_length=13, blank=True)
    tahun = models.PositiveSmallIntegerField()
    jenis = models.CharField(max_length=2, choices=JenisRegistrasi.choices, default=JenisRegistrasi.LAPORAN)
    terakhir = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "urutan registrasi"
        verbose_name_plural = "urutan registrasi"
        constraints = [
            models.UniqueConstraint(
                fields=["kantor_tingkat", "kantor_kode", "tahun", "jenis"], name="urutan_registrasi_per_jenis"
            )
        ]

    def __str__(self):
        return f"{self.kantor_tingkat} {self.kantor_kode} {self.tahun} {self.jenis}: {self.terakhir}"


class Saksi(models.Model):
    pengaduan = models.ForeignKey(Pengaduan, on_delete=models.CASCADE, related_name="saksi")
    # Encrypted at rest, as the reporter's identity (netralitas/enkripsi.py); what the witness saw
    # may name them too.
    nama = CharTerenkripsi(max_length=150)
    kontak = CharTerenkripsi("kontak (telepon/alamat)", max_length=200, blank=True)
    keterangan = CharTerenkripsi(max_length=300, blank=True)
    dihapus_pada = models.DateTimeField("identitas dihapus pada", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "saksi"
        verbose_name_plural = "saksi"
        ordering = ["id"]

    def __str__(self):
        return self.nama


class Tautan(models.Model):
    pengaduan = models.ForeignKey(Pengaduan, on_delete=models.CASCADE, related_name="tautan")
    url = models.URLField("tautan", max_length=1000)

    class Meta:
        verbose_name = "tautan bukti"
        verbose_name_plural = "tautan bukti"
        ordering = ["id"]

    def __str__(self):
        return self.url


class Kelengkapan(models.Model):
    """What the reporter added on /lacak/ after Bawaslu asked for it."""

    pengaduan = models.ForeignKey(Pengaduan, on_delete=models.CASCADE, related_name="kelengkapan")
    teks = models.TextField(blank=True)
    dibuat = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "kelengkapan dari pelapor"
        verbose_name_plural = "kelengkapan dari pelapor"
        ordering = ["dibuat"]

    def __str__(self):
        return f"Kelengkapan {self.dibuat:%d/%m/%Y %H:%M}"


def _path_bukti(instance, filename):
    now = timezone.now()
    return f"bukti/{now:%Y/%m}/{uuid.uuid4().hex}{instance.ekstensi}"


def _path_thumbnail(instance, filename):
    return f"thumbnail/{uuid.uuid4().hex}.jpg"


def _path_sementara(instance, filename):
    return f"sementara/{uuid.uuid4().hex}{instance.ekstensi}"


class Bukti(models.Model):
    """An evidence file: the original unchanged and private, its SHA-256, a metadata-free thumbnail."""

    pengaduan = models.ForeignKey(Pengaduan, on_delete=models.CASCADE, related_name="bukti")
    kelengkapan = models.ForeignKey(Kelengkapan, null=True, blank=True, on_delete=models.SET_NULL, related_name="bukti")
    berkas = models.FileField(upload_to=_path_bukti, max_length=200)
    nama_asli = models.CharField("nama berkas", max_length=200)
    jenis = models.CharField(max_length=10, choices=JenisBukti.choices)
    mime = models.CharField(max_length=60)
    ekstensi = models.CharField(max_length=8)
    ukuran = models.PositiveBigIntegerField()
    sha256 = models.CharField("SHA-256", max_length=64)
    thumbnail = models.FileField(upload_to=_path_thumbnail, max_length=200, blank=True)
    status_thumbnail = models.CharField(
        max_length=10, choices=StatusThumbnail.choices, default=StatusThumbnail.MENUNGGU
    )
    dibuat = models.DateTimeField(default=timezone.now)
    # The retention job's marks: the original (berkas), and the copies made from it (the stripped
    # copy for the agency and the thumbnail), are erased each under its own rule. The row keeps
    # what identifies nobody: kind, type, size and SHA-256.
    berkas_dihapus_pada = models.DateTimeField(null=True, blank=True, editable=False)
    salinan_dihapus_pada = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "bukti"
        verbose_name_plural = "bukti"
        ordering = ["id"]
        indexes = [models.Index(fields=["status_thumbnail", "dibuat"], name="bukti_thumbnail_menunggu")]

    def __str__(self):
        return self.nama_asli


def _path_dokumen(instance, filename):
    return f"dokumen/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{instance.ekstensi}"


class DokumenPengaduan(models.Model):
    """A document of the case that is not evidence: the laporan form the reporter signed at the
    office, scanned. It carries the reporter's identity, so it is served like the original
    evidence (Bawaslu's rule, `pengaduan_visible_to`) and never reaches an agency reviewer."""

    pengaduan = models.ForeignKey(Pengaduan, on_delete=models.CASCADE, related_name="dokumen")
    jenis = models.CharField(max_length=20, choices=JenisDokumen.choices)
    berkas = models.FileField(upload_to=_path_dokumen, max_length=200)
    nama_asli = models.CharField("nama berkas", max_length=200)
    mime = models.CharField(max_length=60)
    ekstensi = models.CharField(max_length=8)
    ukuran = models.PositiveBigIntegerField()
    sha256 = models.CharField("SHA-256", max_length=64)
    diunggah_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dibuat = models.DateTimeField(default=timezone.now)
    dihapus_pada = models.DateTimeField("berkas dihapus pada", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "dokumen pengaduan"
        verbose_name_plural = "dokumen pengaduan"
        ordering = ["dibuat", "id"]

    def __str__(self):
        return f"{self.get_jenis_display()} — {self.nama_asli}"


class UnggahanSementara(models.Model):
    """A file already checked and stored while the rest of the form still has errors."""

    token = models.CharField(max_length=43, unique=True)
    berkas = models.FileField(upload_to=_path_sementara, max_length=200)
    nama_asli = models.CharField(max_length=200)
    jenis = models.CharField(max_length=10, choices=JenisBukti.choices)
    mime = models.CharField(max_length=60)
    ekstensi = models.CharField(max_length=8)
    ukuran = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    dibuat = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "unggahan sementara"
        verbose_name_plural = "unggahan sementara"

    def __str__(self):
        return self.nama_asli


class PeristiwaPengaduan(models.Model):
    """Append-only case event: every status change, who made it, why, and whether the reporter sees it.

    Staff text has an audience (DESIGN.md §3): `alasan` is internal, read by Bawaslu only, whatever
    the status; `pesan_pelapor` is what the reporter reads on /lacak/, word for word, and is written
    only deliberately (a field of its own on the form; a completion request is one by nature).
    `publik` says whether the reporter sees the status change at all (its public label)."""

    pengaduan = models.ForeignKey(Pengaduan, on_delete=models.CASCADE, related_name="peristiwa")
    dari_status = models.CharField(max_length=30, choices=Status.choices, blank=True)
    ke_status = models.CharField(max_length=30, choices=Status.choices)
    aktor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    peran_aktor = models.CharField(max_length=20)
    alasan = models.TextField("alasan internal", blank=True)
    pesan_pelapor = models.TextField("pesan untuk pelapor", blank=True)
    publik = models.BooleanField("perubahan terlihat pelapor", default=False)
    waktu = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "peristiwa pengaduan"
        verbose_name_plural = "peristiwa pengaduan"
        ordering = ["waktu", "id"]
        indexes = [models.Index(fields=["pengaduan", "waktu"], name="peristiwa_pengaduan_waktu")]

    def __str__(self):
        return f"{self.get_dari_status_display() or '—'} → {self.get_ke_status_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Peristiwa pengaduan tidak boleh diubah.")
        super().save(*args, **kwargs)


class AturanTenggat(models.Model):
    jenis_pemilihan = models.CharField(max_length=10, choices=JenisPemilihan.choices)
    langkah = models.CharField(max_length=30, choices=LangkahTenggat.choices)
    jumlah_hari = models.PositiveSmallIntegerField()
    jenis_hari = models.CharField(max_length=10, choices=JenisHari.choices)
    perpanjangan_hari = models.PositiveSmallIntegerField(default=0)
    dasar_hukum = models.CharField(max_length=200, blank=True)
    kebijakan_kantor = models.BooleanField(
        "kebijakan kantor",
        default=False,
        help_text="Centang bila tenggat ini tidak berdasar peraturan perundang-undangan, melainkan kebijakan "
        "kantor sendiri. Petugas melihat label “kebijakan kantor” di samping tenggatnya.",
    )

    class Meta:
        verbose_name = "aturan tenggat"
        verbose_name_plural = "aturan tenggat"
        constraints = [models.UniqueConstraint(fields=["jenis_pemilihan", "langkah"], name="aturan_tenggat_unik")]

    def __str__(self):
        return f"{self.get_jenis_pemilihan_display()}: {self.get_langkah_display()} {self.jumlah_hari} {self.get_jenis_hari_display().lower()}"


class AturanKantorPenanganan(models.Model):
    """Which Bawaslu level handles a new case, per election type: data, because practice differs
    between Pemilu and Pilkada and changes with the regulations (pengaduan.kantor reads it)."""

    jenis_pemilihan = models.CharField("jenis pemilihan", max_length=10, choices=JenisPemilihan.choices, unique=True)
    tingkat_kantor = models.CharField(
        "tingkat kantor penanganan",
        max_length=10,
        choices=TingkatKantor.choices,
        help_text="Kantor di wilayah tempat kejadian pada tingkat ini menangani pengaduan baru. Bila tempat "
        "kejadian tidak sampai ke tingkat itu (mis. hanya kabupaten/kota), kantor tingkat di atasnya yang menangani.",
    )
    dasar_hukum = models.CharField("dasar hukum", max_length=300)
    keterangan = models.TextField(blank=True)
    diperbarui = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "aturan kantor penanganan"
        verbose_name_plural = "aturan kantor penanganan"
        ordering = ["jenis_pemilihan"]

    def __str__(self):
        return f"{self.get_jenis_pemilihan_display()}: {self.get_tingkat_kantor_display()}"


class HariLibur(models.Model):
    tanggal = models.DateField(unique=True)
    nama = models.CharField(max_length=150)

    class Meta:
        verbose_name = "hari libur"
        verbose_name_plural = "hari libur"
        ordering = ["tanggal"]

    def __str__(self):
        return f"{self.tanggal:%d/%m/%Y} {self.nama}"


class Notifikasi(models.Model):
    """The outbox: written in the same transaction as the change that causes it, sent by Celery after."""

    pengaduan = models.ForeignKey(Pengaduan, null=True, blank=True, on_delete=models.CASCADE, related_name="notifikasi")
    penerima = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="notifikasi"
    )
    # Encrypted at rest: the outbox holds the reporter's address (and the tanya asker's) until sent.
    email = EmailTerenkripsi()
    jenis = models.CharField(max_length=40)
    subjek = models.CharField(max_length=200)
    isi_teks = models.TextField(blank=True)
    isi_html = models.TextField(blank=True)
    # The receipt carries the whole tracking code: its body is erased once sent.
    hapus_isi_setelah_terkirim = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=StatusNotifikasi.choices, default=StatusNotifikasi.MENUNGGU)
    percobaan = models.PositiveSmallIntegerField(default=0)
    galat = models.TextField(blank=True)
    dicoba_pada = models.DateTimeField("terakhir dicoba", null=True, blank=True)
    message_id = models.CharField(max_length=200, blank=True)
    # What makes a scheduled notification unique (a reminder: case, recipient, day), so a beat
    # that runs twice writes it once. Empty for notifications caused by a change.
    kunci = models.CharField(max_length=120, null=True, blank=True, unique=True, editable=False)
    # Where a staff recipient acts on it (an admin path); shown in their notification list.
    tautan = models.CharField(max_length=200, blank=True)
    dibaca_pada = models.DateTimeField("dibaca", null=True, blank=True)
    dibuat = models.DateTimeField(default=timezone.now)
    terkirim_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "notifikasi"
        verbose_name_plural = "notifikasi"
        ordering = ["-dibuat"]
        indexes = [
            models.Index(fields=["status", "dibuat"], name="notifikasi_status_dibuat"),
            models.Index(
                fields=["penerima", "-dibuat"],
                name="notifikasi_belum_dibaca",
                condition=models.Q(dibaca_pada__isnull=True),
            ),
            models.Index(fields=["penerima", "-dibuat"], name="notifikasi_penerima_dibuat"),
        ]

    def __str__(self):
        return f"{self.subjek} → {self.email}"


def _path_klarifikasi(instance, filename):
    return f"klarifikasi/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{instance.ekstensi}"


class HasilKlarifikasi(models.Model):
    """The result of a clarification: who was heard, in what capacity, when and where, what they
    said, and the signed record (berita acara) if there is one. Recorded by the handling office or
    by the Panwascam of the incident's kecamatan; internal to Bawaslu (never on /lacak/, never to
    the agency)."""

    pengaduan = models.ForeignKey(Pengaduan, on_delete=models.PROTECT, related_name="klarifikasi")
    pihak = models.CharField("nama pihak yang diklarifikasi", max_length=150)
    kedudukan = models.CharField("kedudukan", max_length=20, choices=KedudukanKlarifikasi.choices)
    tanggal = models.DateField("tanggal klarifikasi")
    tempat = models.CharField("tempat klarifikasi", max_length=200, blank=True)
    ringkasan = models.TextField("ringkasan keterangan")
    dokumen = models.FileField(
        "berita acara / dokumen klarifikasi", upload_to=_path_klarifikasi, max_length=200, blank=True
    )
    nama_dokumen = models.CharField(max_length=200, blank=True)
    mime = models.CharField(max_length=60, blank=True)
    ekstensi = models.CharField(max_length=8, blank=True)
    ukuran = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField("SHA-256 dokumen", max_length=64, blank=True)
    dicatat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    peran_pencatat = models.CharField(max_length=20)
    dibuat = models.DateTimeField(default=timezone.now)
    # The record's file is erased under its own rule; the name of a reporter or witness heard is
    # erased with that person's identity (the identity rules), a terlapor's stays with the case.
    dokumen_dihapus_pada = models.DateTimeField(null=True, blank=True, editable=False)
    pihak_dihapus_pada = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "hasil klarifikasi"
        verbose_name_plural = "hasil klarifikasi"
        ordering = ["tanggal", "id"]
        indexes = [models.Index(fields=["pengaduan", "tanggal"], name="klarifikasi_pengaduan_tanggal")]

    def __str__(self):
        return f"Klarifikasi {self.pihak} ({self.tanggal:%d/%m/%Y})"


def _path_ekspor(instance, filename):
    return f"ekspor/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{instance.format}"


class Ekspor(models.Model):
    """An export of a filtered case list, built by a Celery task when large; only its owner downloads it."""

    pengguna = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ekspor")
    format = models.CharField(max_length=5, choices=FormatEkspor.choices)
    # The changelist's query string, as the user filtered it: the export reapplies it within their scope.
    parameter = models.TextField(blank=True)
    dengan_identitas = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=StatusEkspor.choices, default=StatusEkspor.MENUNGGU)
    berkas = models.FileField(upload_to=_path_ekspor, max_length=200, blank=True)
    jumlah_baris = models.PositiveIntegerField(null=True, blank=True)
    galat = models.TextField(blank=True)
    dibuat = models.DateTimeField(default=timezone.now)
    selesai_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "ekspor"
        verbose_name_plural = "ekspor"
        ordering = ["-dibuat"]
        indexes = [models.Index(fields=["pengguna", "-dibuat"], name="ekspor_pengguna_dibuat")]

    def __str__(self):
        return f"Ekspor {self.get_format_display()} {self.dibuat:%d/%m/%Y %H:%M}"


def _path_surat(instance, filename):
    return f"rekomendasi/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


class Rekomendasi(models.Model):
    """Bawaslu's recommendation: the finding, the track, and the signed letter to the agencies that
    discipline the official. Written once, when the case is forwarded."""

    pengaduan = models.OneToOneField(Pengaduan, on_delete=models.PROTECT, related_name="rekomendasi")
    instansi = models.ManyToManyField("akun.Instansi", related_name="rekomendasi", verbose_name="instansi tujuan")
    temuan = models.TextField("temuan / hasil kajian")
    jalur = models.CharField("jalur pelanggaran", max_length=10, choices=JalurPelanggaran.choices)
    nomor_surat = models.CharField("nomor surat rekomendasi", max_length=100)
    tanggal_surat = models.DateField("tanggal surat")
    surat = models.FileField("surat rekomendasi bertanda tangan (PDF)", upload_to=_path_surat, max_length=200)
    sha256_surat = models.CharField("SHA-256 surat", max_length=64)
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dibuat = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "rekomendasi"
        verbose_name_plural = "rekomendasi"

    def __str__(self):
        return f"Rekomendasi {self.nomor_surat}"


class PenerimaanRekomendasi(models.Model):
    """One agency's receipt of a recommendation: written for each agency when the case is forwarded,
    with whether the agency then had a reviewer account to tell. The agency acknowledges it when one
    of its reviewers first opens the case (or starts the examination); until then, for an agency
    without reviewers, the handling office is reminded weekly (tindak_lanjut)."""

    rekomendasi = models.ForeignKey(Rekomendasi, on_delete=models.CASCADE, related_name="penerimaan")
    instansi = models.ForeignKey("akun.Instansi", on_delete=models.PROTECT, related_name="+")
    tanpa_peninjau = models.BooleanField("tanpa akun peninjau saat diteruskan", default=False)
    diterima_pada = models.DateTimeField("dibuka peninjau instansi", null=True, blank=True)
    diterima_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "penerimaan rekomendasi"
        verbose_name_plural = "penerimaan rekomendasi"
        constraints = [
            models.UniqueConstraint(fields=["rekomendasi", "instansi"], name="penerimaan_rekomendasi_unik"),
        ]
        indexes = [
            models.Index(
                fields=["rekomendasi"],
                name="penerimaan_belum_diterima",
                condition=models.Q(diterima_pada__isnull=True, tanpa_peninjau=True),
            )
        ]

    def __str__(self):
        return f"{self.rekomendasi} → {self.instansi}"


class KasusInstansi(Pengaduan):
    """The case as an inspektorat/PPK reviewer sees it: a separate admin surface, so nothing of the
    Bawaslu case page (the reporter's identity, internal notes, the original evidence) can reach
    them by a forgotten check."""

    class Meta:
        proxy = True
        verbose_name = "kasus rekomendasi"
        verbose_name_plural = "kasus rekomendasi"
        permissions = [("tindaklanjuti_kasus", "Dapat mencatat pemeriksaan, sanksi, dan keberatan instansi")]


def _path_salinan(instance, filename):
    return f"salinan/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{instance.ekstensi}"


class SalinanBukti(models.Model):
    """A copy of one evidence file without metadata (GPS, camera serials, PDF authors), made by a
    Celery task when the case is forwarded: what the agency downloads. The original stays with
    Bawaslu, unchanged. A file that cannot be stripped is withheld until Bawaslu releases it."""

    bukti = models.OneToOneField(Bukti, on_delete=models.CASCADE, related_name="salinan")
    status = models.CharField(max_length=10, choices=StatusSalinan.choices, default=StatusSalinan.MENUNGGU)
    berkas = models.FileField(upload_to=_path_salinan, max_length=200, blank=True)
    ekstensi = models.CharField(max_length=8, blank=True)
    mime = models.CharField(max_length=60, blank=True)
    ukuran = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField("SHA-256 salinan", max_length=64, blank=True)
    galat = models.TextField(blank=True)
    dilepas_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    alasan_dilepas = models.TextField(blank=True)
    dibuat = models.DateTimeField(default=timezone.now)
    diperbarui = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "salinan bukti"
        verbose_name_plural = "salinan bukti"
        indexes = [models.Index(fields=["status", "dibuat"], name="salinan_status_dibuat")]

    def __str__(self):
        return f"Salinan bukti #{self.bukti_id}"

    @property
    def boleh_diunduh(self) -> bool:
        return self.status in (StatusSalinan.SIAP, StatusSalinan.DILEPAS) and self.dihapus_pada is None

    @property
    def dihapus_pada(self):
        """When the file the agency downloads was erased by the retention job: the original for a
        released file, the stripped copy otherwise."""
        return (
            self.bukti.berkas_dihapus_pada if self.status == StatusSalinan.DILEPAS else self.bukti.salinan_dihapus_pada
        )


class PemeriksaanInstansi(models.Model):
    """The agency's examination of a forwarded case, and its conclusion when nothing was proven."""

    pengaduan = models.OneToOneField(Pengaduan, on_delete=models.PROTECT, related_name="pemeriksaan")
    instansi = models.ForeignKey("akun.Instansi", on_delete=models.PROTECT, related_name="+")
    tanggal_mulai = models.DateField("tanggal mulai pemeriksaan")
    pemeriksa = models.CharField("tim / pejabat pemeriksa", max_length=200)
    catatan = models.TextField("catatan pemeriksaan", blank=True)
    tidak_terbukti_alasan = models.TextField("alasan tidak terbukti", blank=True)
    tanggal_selesai = models.DateField("tanggal kesimpulan", null=True, blank=True)
    dicatat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dibuat = models.DateTimeField(default=timezone.now)
    # An agency without a reviewer account answers by letter; Bawaslu records it on its behalf.
    atas_nama_instansi = models.BooleanField("dicatat oleh Bawaslu atas nama instansi", default=False)
    surat_instansi = models.ForeignKey(
        "SuratInstansi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="surat instansi",
    )

    class Meta:
        verbose_name = "pemeriksaan instansi"
        verbose_name_plural = "pemeriksaan instansi"

    def __str__(self):
        return f"Pemeriksaan pengaduan #{self.pengaduan_id}"


def _path_sk(instance, filename):
    return f"sk/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


class Sanksi(models.Model):
    """A sanction the agency imposed on one terlapor: the type from the law's table (pengaduan.sanksi),
    the decision letter (SK) and who decided. A sanction amended after an objection is replaced by
    a new row, the old one kept and pointing at it."""

    pengaduan = models.ForeignKey(Pengaduan, on_delete=models.PROTECT, related_name="sanksi")
    terlapor = models.ForeignKey(Terlapor, on_delete=models.PROTECT, related_name="sanksi")
    instansi = models.ForeignKey("akun.Instansi", on_delete=models.PROTECT, related_name="+")
    jalur = models.CharField("jalur", max_length=10, choices=JalurSanksi.choices)
    tingkat = models.CharField("tingkat", max_length=10, choices=TingkatSanksi.choices)
    jenis = models.CharField("jenis sanksi", max_length=40)
    nomor_sk = models.CharField("nomor SK", max_length=120)
    tanggal_sk = models.DateField("tanggal SK")
    pejabat = models.CharField("pejabat yang menetapkan", max_length=200)
    dasar_hukum = models.CharField("dasar hukum", max_length=300)
    # The employee type the sanction was imposed under (PNS: PP 94/2021; PPPK: PP 49/2018).
    jenis_asn = models.CharField("jenis ASN", max_length=12, choices=JenisASN.choices, default=JenisASN.TIDAK_TAHU)
    # What the Majelis Kode Etik added to a moral sanction (PP 42/2004 Pasal 15).
    tindakan_administratif = models.TextField("tindakan administratif (rekomendasi Majelis Kode Etik)", blank=True)
    # The warning given when the tier did not match the case's category, as it read then: a later
    # change of the category's tier never rewrites it.
    peringatan_tingkat = models.TextField("peringatan kesesuaian tingkat", blank=True)
    dokumen_sk = models.FileField("dokumen SK (PDF)", upload_to=_path_sk, max_length=200)
    sha256_sk = models.CharField("SHA-256 SK", max_length=64)
    diganti_oleh = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="mengganti", verbose_name="diubah menjadi"
    )
    dicatat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dibuat = models.DateTimeField(default=timezone.now)
    atas_nama_instansi = models.BooleanField("dicatat oleh Bawaslu atas nama instansi", default=False)
    surat_instansi = models.ForeignKey(
        "SuratInstansi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="surat instansi",
    )

    class Meta:
        verbose_name = "sanksi"
        verbose_name_plural = "sanksi"
        ordering = ["dibuat", "id"]

    def __str__(self):
        return f"{self.label_jenis} — {self.nomor_sk}"

    @property
    def label_jenis(self) -> str:
        j = JENIS_SANKSI.get(self.jenis)
        return j.label if j else self.jenis


class Keberatan(models.Model):
    """An objection the sanctioned official filed against a sanction, and its outcome."""

    sanksi = models.ForeignKey(Sanksi, on_delete=models.PROTECT, related_name="keberatan")
    pengaduan = models.ForeignKey(Pengaduan, on_delete=models.PROTECT, related_name="keberatan")
    tanggal_diajukan = models.DateField("tanggal keberatan diajukan")
    uraian = models.TextField("uraian keberatan")
    hasil = models.CharField(max_length=12, choices=HasilKeberatan.choices, default=HasilKeberatan.MENUNGGU)
    tanggal_putusan = models.DateField("tanggal putusan", null=True, blank=True)
    keterangan_putusan = models.TextField("pertimbangan putusan", blank=True)
    dicatat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dibuat = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "keberatan"
        verbose_name_plural = "keberatan"
        ordering = ["dibuat", "id"]

    def __str__(self):
        return f"Keberatan atas {self.sanksi}"


class PemberitahuanStatus(models.Model):
    """A status notice (pemberitahuan tentang status laporan) staff sent to the reporter: from then
    on /lacak/ offers the current notice as a PDF, drawn from the case on request (pengaduan.dokumen),
    and the reporter's timeline says it was sent. What status it was sent for is kept; the document
    itself is not stored, so it never holds more than the reporter's page shows."""

    pengaduan = models.ForeignKey(Pengaduan, on_delete=models.CASCADE, related_name="pemberitahuan_status")
    status = models.CharField("status saat dikirim", max_length=30, choices=Status.choices)
    dikirim_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dikirim_pada = models.DateTimeField(default=timezone.now)
    surel = models.BooleanField("pelapor diberi tahu lewat e-mail", default=False)

    class Meta:
        verbose_name = "pemberitahuan status laporan"
        verbose_name_plural = "pemberitahuan status laporan"
        ordering = ["dikirim_pada", "id"]
        indexes = [models.Index(fields=["pengaduan", "dikirim_pada"], name="pemberitahuan_pengaduan_waktu")]

    def __str__(self):
        return f"Pemberitahuan status #{self.pengaduan_id} ({self.get_status_display()})"


def _path_paket(instance, filename):
    return f"paket/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{filename[filename.rfind('.') :]}"


class PaketRekomendasi(models.Model):
    """A recommendation package for an agency that does not log in: one PDF (the signed letter and
    a summary of the case without the reporter's identity) and a ZIP of the stripped evidence
    copies, made by Bawaslu for delivery outside the portal. Kept as made, with its SHA-256s, so
    what was sent can be shown later."""

    pengaduan = models.ForeignKey(Pengaduan, on_delete=models.PROTECT, related_name="paket_rekomendasi")
    rekomendasi = models.ForeignKey(Rekomendasi, on_delete=models.PROTECT, related_name="paket")
    instansi = models.ForeignKey("akun.Instansi", on_delete=models.PROTECT, related_name="+")
    cara_kirim = models.CharField("dikirim melalui", max_length=10, choices=CaraKirim.choices)
    referensi_kirim = models.CharField(
        "referensi pengiriman", max_length=120, blank=True, help_text="Mis. nomor resi pos atau nomor agenda."
    )
    berkas_pdf = models.FileField(upload_to=_path_paket, max_length=200)
    sha256_pdf = models.CharField("SHA-256 PDF", max_length=64)
    berkas_zip = models.FileField(upload_to=_path_paket, max_length=200)
    sha256_zip = models.CharField("SHA-256 ZIP", max_length=64)
    # The ZIP holds the stripped copies: it is erased with them (JenisDataRetensi.SALINAN_BUKTI).
    zip_dihapus_pada = models.DateTimeField(null=True, blank=True, editable=False)
    jumlah_salinan = models.PositiveSmallIntegerField(default=0)
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dibuat = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "paket rekomendasi"
        verbose_name_plural = "paket rekomendasi"
        ordering = ["dibuat", "id"]

    def __str__(self):
        return f"Paket rekomendasi #{self.pk} untuk {self.instansi}"


def _path_surat_instansi(instance, filename):
    return f"surat-instansi/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


class SuratInstansi(models.Model):
    """A letter an agency without a reviewer account sent Bawaslu (its examination, its conclusion,
    its sanction): what a record made on the agency's behalf rests on."""

    pengaduan = models.ForeignKey(Pengaduan, on_delete=models.PROTECT, related_name="surat_instansi")
    instansi = models.ForeignKey("akun.Instansi", on_delete=models.PROTECT, related_name="+")
    nomor = models.CharField("nomor surat instansi", max_length=120)
    tanggal = models.DateField("tanggal surat instansi")
    berkas = models.FileField("surat instansi (PDF)", upload_to=_path_surat_instansi, max_length=200)
    sha256 = models.CharField("SHA-256 surat", max_length=64)
    dicatat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dibuat = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "surat instansi"
        verbose_name_plural = "surat instansi"
        ordering = ["dibuat", "id"]

    def __str__(self):
        return f"Surat {self.instansi} {self.nomor}"


class AturanRetensi(models.Model):
    """How long after a case is closed (its last move into a terminal status, read from the case's
    events) one kind of personal data is kept; the retention job (pengaduan.retensi) erases it
    then, unless the case is under a legal hold. Edited by administrators in the admin, audited."""

    jenis = models.CharField("jenis data", max_length=30, choices=JenisDataRetensi.choices, unique=True)
    hari_setelah_ditutup = models.PositiveIntegerField(
        "disimpan (hari setelah pengaduan ditutup)",
        help_text="Dihitung dari waktu pengaduan mencapai status akhir (selesai, dihentikan, tidak diregistrasi, "
        "dicabut, diarsipkan). Pengaduan yang dibuka kembali tidak dihitung ditutup.",
    )
    dasar_hukum = models.TextField("dasar hukum dan alasan")
    aktif = models.BooleanField(
        default=True, help_text="Aturan nonaktif tidak dijalankan: data jenis ini disimpan sampai aturan diaktifkan."
    )
    diperbarui = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "aturan retensi"
        verbose_name_plural = "aturan retensi"
        ordering = ["jenis"]

    def __str__(self):
        return f"{self.get_jenis_display()}: {self.hari_setelah_ditutup} hari setelah ditutup"


class TahananHukum(models.Model):
    """A legal hold: while one is in force (not lifted), nothing of the case is erased by the
    retention job (UU 27/2022 Pasal 44 ayat (1) huruf c: data still tied to a legal process).
    Rows are never deleted: lifting one fills its lifting fields, so the history stays."""

    pengaduan = models.ForeignKey(Pengaduan, on_delete=models.PROTECT, related_name="tahanan_hukum")
    alasan = models.TextField("alasan penahanan")
    dipasang_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dipasang_pada = models.DateTimeField(default=timezone.now)
    alasan_dilepas = models.TextField("alasan pencabutan", blank=True)
    dilepas_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dilepas_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "penahanan hukum"
        verbose_name_plural = "penahanan hukum"
        ordering = ["-dipasang_pada", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pengaduan"], condition=models.Q(dilepas_pada__isnull=True), name="tahanan_hukum_satu_aktif"
            ),
        ]

    def __str__(self):
        return f"Penahanan hukum pengaduan #{self.pengaduan_id}"

    @property
    def berlaku(self) -> bool:
        return self.dilepas_pada is None
