"""Every choice of the complaint app (statuses, sources, tiers, tracks, outbox and file states) and
the terminal statuses the indexes need, below the models: forms, the law's tables and the workflow
read them without loading a model. `pengaduan.models` re-exports them for the fields that use them;
the workflow's own status sets are `workflow.py`'s."""

from django.db import models


class Status(models.TextChoices):
    DIAJUKAN = "diajukan", "Diajukan"
    KAJIAN_AWAL = "kajian_awal", "Kajian awal"
    PERLU_PERBAIKAN = "perlu_perbaikan", "Perlu perbaikan"
    INFORMASI_AWAL = "informasi_awal", "Informasi awal (penelusuran)"
    DILIMPAHKAN = "dilimpahkan", "Dilimpahkan"
    DIREGISTRASI = "diregistrasi", "Diregistrasi"
    KLARIFIKASI = "klarifikasi", "Klarifikasi dan kajian"
    DITERUSKAN = "diteruskan", "Diteruskan (rekomendasi dikirim)"
    PEMERIKSAAN_INSTANSI = "pemeriksaan_instansi", "Pemeriksaan instansi"
    SANKSI_DIJATUHKAN = "sanksi_dijatuhkan", "Sanksi dijatuhkan"
    KEBERATAN = "keberatan", "Keberatan"
    SELESAI = "selesai", "Selesai"
    DIHENTIKAN = "dihentikan", "Dihentikan (tidak terbukti)"
    TIDAK_DIREGISTRASI = "tidak_diregistrasi", "Tidak diregistrasi"
    DICABUT = "dicabut", "Dicabut pelapor"
    DIARSIPKAN = "diarsipkan", "Diarsipkan"
    TIDAK_TERBUKTI_INSTANSI = "tidak_terbukti_instansi", "Tidak terbukti (instansi)"


# Statuses in which a case is finished: deadlines and "open case" checks ignore them. The workflow
# table (workflow.TERMINAL) reads this; it lives here because indexes need it too.
STATUS_TERMINAL = (
    Status.SELESAI,
    Status.DIHENTIKAN,
    Status.TIDAK_DIREGISTRASI,
    Status.DICABUT,
    Status.DIARSIPKAN,
    Status.TIDAK_TERBUKTI_INSTANSI,
)


class Sumber(models.TextChoices):
    LAPORAN = "laporan", "Laporan (pelapor beridentitas)"
    INFORMASI_AWAL = "informasi_awal", "Informasi awal (tanpa identitas)"
    TEMUAN = "temuan", "Temuan pengawas"


class Kanal(models.TextChoices):
    """How a report reached Bawaslu: typed by the citizen on /lapor/, received at an office by staff
    (Formulir Model B.1: where, when and by whom), or a pengawas's own supervision finding."""

    DARING = "daring", "Formulir daring"
    DATANG_LANGSUNG = "datang_langsung", "Datang langsung"
    TELEPON = "telepon", "Telepon"
    SURAT = "surat", "Surat"
    EMAIL = "email", "E-mail"
    MEDIA_SOSIAL = "media_sosial", "Media sosial"
    LAINNYA = "lainnya", "Lainnya"
    PENGAWASAN = "pengawasan", "Hasil pengawasan (temuan)"


class JenisRegistrasi(models.TextChoices):
    """The two number series of an office: reports (LP) and supervisors' findings (TM)."""

    LAPORAN = "LP", "Laporan"
    TEMUAN = "TM", "Temuan"


class JenisDokumen(models.TextChoices):
    """Documents of a case that are not evidence: they carry the reporter's identity."""

    FORMULIR_BERTANDA_TANGAN = "formulir_laporan", "Formulir laporan bertanda tangan (pindaian)"


class JenisKelamin(models.TextChoices):
    LAKI_LAKI = "L", "Laki-laki"
    PEREMPUAN = "P", "Perempuan"


class ArahPesan(models.TextChoices):
    """The two directions of the conversation between the reporter and the handling office."""

    DARI_PELAPOR = "dari_pelapor", "Dari pelapor"
    KEPADA_PELAPOR = "kepada_pelapor", "Kepada pelapor"


class JenisPemilihan(models.TextChoices):
    PEMILU = "pemilu", "Pemilu"
    PILKADA = "pilkada", "Pilkada"


class TingkatKantor(models.TextChoices):
    PANWASCAM = "panwascam", "Panwaslu Kecamatan"
    KABKOTA = "kabkota", "Bawaslu Kabupaten/Kota"
    PROVINSI = "provinsi", "Bawaslu Provinsi"
    RI = "ri", "Bawaslu RI"


class KedudukanKlarifikasi(models.TextChoices):
    """In what capacity a person was heard in a clarification (klarifikasi)."""

    PELAPOR = "pelapor", "Pelapor"
    TERLAPOR = "terlapor", "Terlapor"
    SAKSI = "saksi", "Saksi"
    PIHAK_TERKAIT = "pihak_terkait", "Pihak terkait"


class JenisASN(models.TextChoices):
    PNS = "pns", "PNS"
    PPPK = "pppk", "PPPK"
    TIDAK_TAHU = "tidak_tahu", "Tidak tahu"


class JenisBukti(models.TextChoices):
    FOTO = "foto", "Foto"
    PDF = "pdf", "Dokumen PDF"
    VIDEO = "video", "Video"


class StatusThumbnail(models.TextChoices):
    MENUNGGU = "menunggu", "Menunggu"
    SIAP = "siap", "Siap"
    IKON = "ikon", "Ikon umum"
    GAGAL = "gagal", "Gagal"


class LangkahTenggat(models.TextChoices):
    PELAPORAN = "pelaporan", "Batas melapor sejak diketahui"
    KAJIAN_AWAL = "kajian_awal", "Kajian awal"
    PERBAIKAN = "perbaikan", "Perbaikan oleh pelapor"
    PENANGANAN = "penanganan", "Penanganan setelah registrasi"
    TEMUAN = "temuan", "Penanganan temuan"
    TINDAK_LANJUT = "tindak_lanjut", "Tindak lanjut rekomendasi oleh instansi"
    # The office's own duty after a kajian awal finds the report incomplete: tell the reporter what to
    # complete. PERBAIKAN is the reporter's window, which runs from that notice.
    PEMBERITAHUAN_PERBAIKAN = "pemberitahuan_perbaikan", "Pemberitahuan kepada pelapor untuk melengkapi"


class CaraPemberitahuan(models.TextChoices):
    """How the reporter was told to complete a report: the portal's own e-mail at the moment of the
    decision, or by staff through another channel (the reporter gave no e-mail address)."""

    EMAIL_SISTEM = "email_sistem", "E-mail otomatis dari portal"
    TELEPON = "telepon", "Telepon"
    SURAT = "surat", "Surat"
    LANGSUNG = "langsung", "Disampaikan langsung"
    EMAIL_PETUGAS = "email_petugas", "E-mail dari petugas"
    PESAN_SINGKAT = "pesan_singkat", "Pesan singkat (SMS/WhatsApp)"


class JenisHari(models.TextChoices):
    KERJA = "kerja", "Hari kerja"
    KALENDER = "kalender", "Hari kalender"


class StatusNotifikasi(models.TextChoices):
    MENUNGGU = "menunggu", "Menunggu dikirim"
    TERKIRIM = "terkirim", "Terkirim"
    GAGAL = "gagal", "Gagal permanen"


class FormatEkspor(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"


class StatusEkspor(models.TextChoices):
    MENUNGGU = "menunggu", "Sedang dibuat"
    SELESAI = "selesai", "Siap diunduh"
    GAGAL = "gagal", "Gagal"


class JalurPelanggaran(models.TextChoices):
    """The track a finding is forwarded under (DESIGN.md §3): the code of ethics and conduct
    (moral sanctions), civil-service discipline (PP 94/2021), or both."""

    ETIK = "etik", "Kode etik dan kode perilaku"
    DISIPLIN = "disiplin", "Disiplin ASN"
    KEDUANYA = "keduanya", "Kode etik dan disiplin"


class StatusSalinan(models.TextChoices):
    MENUNGGU = "menunggu", "Sedang dibuat"
    SIAP = "siap", "Siap (tanpa metadata)"
    DITAHAN = "ditahan", "Ditahan: gagal dibersihkan"
    DILEPAS = "dilepas", "Dilepas oleh Bawaslu"


class JalurSanksi(models.TextChoices):
    """The track one sanction belongs to; a recommendation's `JalurPelanggaran` allows one or both."""

    ETIK = "etik", "Kode etik"
    DISIPLIN = "disiplin", "Disiplin"


class TingkatSanksi(models.TextChoices):
    MORAL = "moral", "Sanksi moral (kode etik)"
    RINGAN = "ringan", "Hukuman disiplin ringan"
    SEDANG = "sedang", "Hukuman disiplin sedang"
    BERAT = "berat", "Hukuman disiplin berat"
    # Not a tier of PP 94/2021 Pasal 8: dismissal for party membership comes from the ASN law.
    PTDH = "ptdh", "Pemberhentian tidak dengan hormat (UU ASN)"


# The discipline tiers a violation category can carry (SKB 2022 Lampiran II): never ringan.
TINGKAT_KATEGORI = [(t.value, t.label) for t in (TingkatSanksi.SEDANG, TingkatSanksi.BERAT, TingkatSanksi.PTDH)]


class HasilKeberatan(models.TextChoices):
    MENUNGGU = "menunggu", "Belum diputus"
    DITOLAK = "ditolak", "Ditolak: sanksi tetap"
    DIKABULKAN = "dikabulkan", "Dikabulkan: sanksi diubah"


class CaraKirim(models.TextChoices):
    """How a recommendation package reached an agency outside the portal."""

    POS = "pos", "Pos / kurir (surat dinas)"
    EMAIL = "email", "E-mail resmi"
    LANGSUNG = "langsung", "Diantar langsung"


class JenisDataRetensi(models.TextChoices):
    """The kinds of personal data a case carries, each kept for its own period after the case is
    closed (AturanRetensi): what the retention job erases, one rule per kind."""

    IDENTITAS_PELAPOR = "identitas_pelapor", "Identitas pelapor"
    IDENTITAS_SAKSI = "identitas_saksi", "Identitas saksi"
    BUKTI_ASLI = "bukti_asli", "Berkas bukti asli"
    SALINAN_BUKTI = "salinan_bukti", "Salinan bukti tanpa metadata dan pratinjau"
    DOKUMEN_PENGADUAN = "dokumen_pengaduan", "Pindaian formulir laporan bertanda tangan"
    LAMPIRAN_PESAN = "lampiran_pesan", "Lampiran pesan pelapor"
    DOKUMEN_KLARIFIKASI = "dokumen_klarifikasi", "Berita acara klarifikasi"
