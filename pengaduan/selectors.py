"""Every read of the complaint app: visibility per role (`pengaduan_visible_to(user)` is the one
rule for every Bawaslu surface: admin list and change page, evidence downloads, exports;
`kasus_instansi_visible_to` the agency reviewer's), who is told, and what each audience reads of
the outcome."""

from collections.abc import Callable
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.formats import date_format

from netralitas import versi_cache
from netralitas.akun.backends import VERSI as VERSI_IZIN
from netralitas.akun.backends import versi_izin
from netralitas.akun.models import PERAN_BAWASLU, Instansi, Peran
from netralitas.identitas import inti_nama
from netralitas.kueri_siap import KueriSiap

from . import sanksi as tabel_sanksi
from . import workflow
from .models import (
    STATUS_TERMINAL,
    ArahPesan,
    Bukti,
    KasusInstansi,
    KategoriPelanggaran,
    Keberatan,
    LampiranPesan,
    PaketRekomendasi,
    Pelapor,
    PemberitahuanStatus,
    PemeriksaanInstansi,
    PenerimaanRekomendasi,
    Pengaduan,
    PeristiwaPengaduan,
    Pesan,
    Rekomendasi,
    SalinanBukti,
    Sanksi,
    Status,
    Tautan,
    Terlapor,
)

# Raised by every category edit (pelaporan.views): the /lapor/ page and the admin filter follow it.
KUNCI_VERSI_KATEGORI = "pengaduan:versi-kategori"
_kategori: dict = {}


def versi_kategori() -> int:
    return versi_cache.versi(KUNCI_VERSI_KATEGORI)


def kategori_per_kode() -> dict[str, KategoriPelanggaran]:
    """Every category by its code, kept per process until a category changes. Shared between
    requests: read them, never change them."""
    versi = versi_kategori()
    if versi not in _kategori:
        _kategori.clear()
        _kategori[versi] = {k.kode: k for k in KategoriPelanggaran.objects.all()}
    return _kategori[versi]


def _jumlah_per_pengaduan(model):
    baris = model.objects.filter(pengaduan=OuterRef("pk")).order_by().values("pengaduan")
    return Coalesce(Subquery(baris.annotate(n=Count("pk")).values("n")[:1]), 0, output_field=IntegerField())


def pengaduan_tanda_terima(pk: int) -> Pengaduan | None:
    """The case as its receipt shows it, in one query: the counts of its evidence and links, and
    whether the reporter gave an e-mail (asked of the column, never decrypting the identity)."""
    return (
        Pengaduan.objects.select_related("kategori", "wilayah", "kantor_wilayah")
        .annotate(
            jumlah_bukti=_jumlah_per_pengaduan(Bukti),
            jumlah_tautan=_jumlah_per_pengaduan(Tautan),
            ada_email=Exists(Pelapor.objects.filter(pengaduan=OuterRef("pk")).exclude(email="")),
        )
        .filter(pk=pk)
        .first()
    )


def pilihan_kategori() -> list[tuple[str, str]]:
    return [(k.kode, k.nama) for k in kategori_per_kode().values()]


def _profil(user):
    return getattr(user, "profil_staf", None) if user.is_authenticated else None


def peran_pengguna(user) -> str | None:
    """The user's role in the workflow table (None for users without a staff profile)."""
    profil = _profil(user)
    return profil.peran if profil is not None and user.is_active and user.is_staff else None


def pengaduan_visible_to(user):
    """Bawaslu staff see the cases whose handling office lies in their region; the Panwascam also
    those whose incident took place in its kecamatan, whichever office handles them (DESIGN.md §3).
    What a case shows them (the identity, the evidence) is then the same for both; what they may
    *do* is not: `menangani` says who handles it."""
    qs = Pengaduan.objects.all()
    if not user.is_authenticated or not user.is_active or not user.is_staff:
        return qs.none()
    if user.is_superuser:
        return qs
    profil = _profil(user)
    if profil is None or profil.peran not in PERAN_BAWASLU | {Peran.ADMINISTRATOR}:
        # Inspektorat/PPK reviewers have their own rule and surface (kasus_instansi_visible_to).
        return qs.none()
    if profil.nasional:
        return qs
    if profil.peran == Peran.PANWASCAM and profil.wilayah_id:
        # Two equalities on indexed columns, each ending in the list's order.
        return qs.filter(Q(kantor_wilayah_id=profil.wilayah_id) | Q(kecamatan_kejadian=profil.wilayah_id))
    return qs.filter(**lingkup_kantor(profil.wilayah_id))


def menangani(user, pengaduan) -> bool:
    """Whether the user's office handles the case (its region covers the handling office): who may
    change its status, assign it, and act on it for the office. Staff who see a case only as the
    Panwascam of the incident's kecamatan add notes and clarification results, nothing else. Read
    from the case's columns, without a query; the caller fetched it through `pengaduan_visible_to`."""
    if not user.is_authenticated or not user.is_active or not user.is_staff:
        return False
    if user.is_superuser:
        return True
    profil = _profil(user)
    if profil is None or profil.peran not in PERAN_BAWASLU | {Peran.ADMINISTRATOR}:
        return False
    if profil.nasional:
        return True
    kode = profil.wilayah_id
    if not kode:
        return False
    if len(kode) == 2:
        return pengaduan.kantor_provinsi == kode
    if len(kode) == 5:
        return pengaduan.kantor_kabkota == kode
    return pengaduan.kantor_wilayah_id == kode


def kasus_instansi_visible_to(user):
    """The inspektorat/PPK reviewer's rule: cases forwarded to their agency (a recommendation names
    it), except those in which the reviewer is a terlapor (same NIP). It opens the reviewer's own
    surface (KasusInstansi), never the Bawaslu case pages, identities or original evidence, which
    stay behind `pengaduan_visible_to`."""
    qs = KasusInstansi.objects.all()
    if not user.is_authenticated or not user.is_active or not user.is_staff:
        return qs.none()
    if user.is_superuser:
        return qs.filter(rekomendasi__isnull=False)
    profil = _profil(user)
    if profil is None or profil.peran != Peran.PENINJAU or not profil.instansi_id:
        return qs.none()
    qs = qs.filter(rekomendasi__instansi=profil.instansi_id)
    if profil.nip:
        qs = qs.exclude(pk__in=Terlapor.objects.filter(nip=profil.nip).values("pengaduan_id"))
    return qs


def lingkup_kantor(kode: str | None) -> dict:
    """The handling office's code by prefix, as an equality on the indexed scope columns: a scope
    `35.07` covers the office of 35.07 and those of its kecamatan; `35` all of Jawa Timur's."""
    if not kode:
        return {"pk__in": []}
    if len(kode) == 2:
        return {"kantor_provinsi": kode}
    if len(kode) == 5:
        return {"kantor_kabkota": kode}
    # A kecamatan (Panwascam) has no office below it; a desa scope is never given.
    return {"kantor_wilayah_id": kode}


def boleh_lihat_identitas(user, pengaduan, *, terlihat: bool = False) -> bool:
    """Non-confidential identity: Bawaslu staff who see the case (`pengaduan_visible_to`: the
    handling office's scope, and the Panwascam of the incident's kecamatan). Confidential: they must
    also hold the permission. Never inspektorat/PPK users. `terlihat=True` says the caller fetched
    the case through `pengaduan_visible_to(user)` in this request, so scope is not asked again."""
    if not hasattr(pengaduan, "pelapor"):
        return False
    if not terlihat and not pengaduan_visible_to(user).filter(pk=pengaduan.pk).exists():
        return False
    profil = _profil(user)
    if not user.is_superuser and (profil is None or profil.peran == Peran.PENINJAU):
        return False
    if pengaduan.pelapor.rahasia:
        return user.has_perm("pengaduan.lihat_identitas_rahasia")
    return True


def staf_lingkup_pengaduan(pengaduan):
    """Active Bawaslu staff whose scope covers the case's handling office: who may be assigned."""
    kode = pengaduan.kantor_wilayah.kode_leluhur if pengaduan.kantor_wilayah_id else []
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, profil_staf__peran__in=PERAN_BAWASLU)
        .filter(
            Q(profil_staf__wilayah_id__in=kode)
            | Q(profil_staf__wilayah__isnull=True, profil_staf__peran=Peran.BAWASLU_RI)
        )
        .distinct()
        .order_by("first_name", "username")
    )


def staf_wilayah_pengaduan(pengaduan):
    """Staff of the handling office itself, with an e-mail: who is told of a new case, of the
    agency's decision and of an overdue recommendation (DESIGN.md §5, "Bawaslu staff of the
    region"). Offices above it may see the case but are not written to for each one: a province
    would otherwise receive every report of its kabupaten, and Bawaslu RI every report of the country."""
    qs = get_user_model().objects.filter(is_active=True, is_staff=True, profil_staf__peran__in=PERAN_BAWASLU)
    if pengaduan.kantor_wilayah_id:
        qs = qs.filter(profil_staf__wilayah_id=pengaduan.kantor_wilayah_id)
    else:
        qs = qs.filter(profil_staf__wilayah__isnull=True, profil_staf__peran=Peran.BAWASLU_RI)
    return qs.exclude(email="").order_by("pk")


def staf_panwascam_kejadian(pengaduan):
    """The Panwascam staff of the incident's kecamatan, with an e-mail: told of each new case there,
    whichever office handles it. None when the place is only a kabupaten/kota."""
    if not pengaduan.kecamatan_kejadian:
        return get_user_model().objects.none()
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            is_staff=True,
            profil_staf__peran=Peran.PANWASCAM,
            profil_staf__wilayah_id=pengaduan.kecamatan_kejadian,
        )
        .exclude(email="")
        .order_by("pk")
    )


def _dari_cache(*permintaan: tuple[str, Callable]) -> list[list[tuple[int, str]]]:
    """(user id, e-mail) of recipients' queries, from the cache: every report asks, and they change
    only when staff, their groups or their profiles do, which raises the version the permission
    cache keys on (netralitas.akun.signals). Each request is (key, a function that builds the query):
    a query is built only on a miss. Each entry carries the version it was read under, so the
    version and all entries come in one round trip (as the permission cache reads them); an entry
    of another version is a miss."""
    simpanan = cache.get_many([VERSI_IZIN, *(k for k, _ in permintaan)])
    versi = simpanan.get(VERSI_IZIN) or versi_izin()
    hasil, baru = [], {}
    for kunci, buat_qs in permintaan:
        entri = simpanan.get(kunci)
        if entri is not None and entri[0] == versi:
            penerima = entri[1]
        else:
            penerima = list(buat_qs().values_list("pk", "email"))
            baru[kunci] = (versi, penerima)
        hasil.append(penerima)
    if baru:
        cache.set_many(baru, 60 * 10)
    return hasil


def _kunci_kantor(pengaduan) -> tuple[str, Callable]:
    return f"penerima-kantor:{pengaduan.kantor_wilayah_id or 'RI'}", lambda: staf_wilayah_pengaduan(pengaduan)


def penerima_kantor_penanganan(pengaduan) -> list[tuple[int, str]]:
    """(user id, e-mail) of `staf_wilayah_pengaduan`: who is told when something needs the office."""
    return _dari_cache(_kunci_kantor(pengaduan))[0]


def penerima_pengaduan_baru(pengaduan) -> list[tuple[int, str]]:
    """Who is told of a new case, whatever door it came through (/lapor/ or an office): the handling
    office's staff and the Panwascam of the incident's kecamatan, each once."""
    if not pengaduan.kecamatan_kejadian or pengaduan.kecamatan_kejadian == pengaduan.kantor_wilayah_id:
        return penerima_kantor_penanganan(pengaduan)
    penerima, panwascam = _dari_cache(
        _kunci_kantor(pengaduan),
        (f"penerima-panwascam:{pengaduan.kecamatan_kejadian}", lambda: staf_panwascam_kejadian(pengaduan)),
    )
    sudah = {pk for pk, _ in penerima}
    return penerima + [(pk, email) for pk, email in panwascam if pk not in sudah]


def nama_mulai_dengan(nama: str) -> Q:
    """Terlapor whose name starts with `nama` (already `normalkan_nama`-ed), with or without the
    titles before it: "bambang" and "drs bambang" both find "Drs. H. Bambang Sutrisno". Two prefix
    ranges of two btree indexes: the cost follows the matches, not the table."""
    return Q(nama_cari__startswith=nama) | Q(nama_inti__startswith=inti_nama(nama))


def kemungkinan_duplikat(pengaduan, user, *, batas: int = 10, terlapor=None):
    """Open cases the user may see whose terlapor has the same NIP, or the same name and agency.
    `terlapor`: the case's Terlapor rows when the caller has them already."""
    if terlapor is None:
        terlapor = list(pengaduan.terlapor.values_list("nip", "nama_cari", "instansi_teks"))
    else:
        terlapor = [(t.nip, t.nama_cari, t.instansi_teks) for t in terlapor]
    nip = {n for n, _, _ in terlapor if n}
    cocok = Q(nip__in=nip) if nip else Q()
    for _, nama, instansi in terlapor:
        if nama:
            cocok |= Q(nama_cari=nama, instansi_teks__iexact=instansi.strip())
    if not cocok:
        return Pengaduan.objects.none()
    sama = Terlapor.objects.filter(cocok).exclude(pengaduan_id=pengaduan.pk).values("pengaduan_id")
    return (
        pengaduan_visible_to(user)
        .filter(pk__in=sama)
        .exclude(status__in=STATUS_TERMINAL)
        .select_related("kategori")
        .order_by("-dibuat")[:batas]
    )


def usul_instansi(terlapor, pengaduan):
    """A first guess at a terlapor's agency for staff to confirm: the active Instansi whose name or
    abbreviation is what the reporter wrote, else the pemda of the place of the incident (its
    kabupaten/kota, else its province), which employs most civil servants reported there."""
    aktif = Instansi.objects.filter(aktif=True)
    teks = " ".join((terlapor.instansi_teks or "").split())
    if teks:
        cocok = aktif.filter(Q(nama__iexact=teks) | Q(singkatan__iexact=teks)).first()
        if cocok:
            return cocok
    kode = pengaduan.wilayah_id or ""
    for awalan in (kode[:5], kode[:2]):
        if awalan:
            pemda = aktif.filter(wilayah_id=awalan).first()
            if pemda:
                return pemda
    return None


def sanksi_berlaku(p) -> list[Sanksi]:
    """Sanctions in force: those not replaced after an objection."""
    return list(
        Sanksi.objects.filter(pengaduan=p, diganti_oleh__isnull=True)
        .select_related("terlapor", "instansi")
        .order_by("id")
    )


def hasil_publik(p) -> list[str]:
    """The agency's outcome as the reporter reads it on /lacak/: the kind of sanction and the date
    of its decision, or that nothing was proven. No names, no SK numbers, no reasoning."""
    if p.status == Status.TIDAK_TERBUKTI_INSTANSI:
        return ["Instansi menyatakan pelanggaran tidak terbukti."]
    if p.status not in (Status.SANKSI_DIJATUHKAN, Status.KEBERATAN, Status.SELESAI):
        return []
    hasil = []
    berlaku = sanksi_berlaku(p)
    for i, s in enumerate(berlaku, 1):
        awalan = f"Terlapor {i}: " if len(berlaku) > 1 else ""
        hasil.append(
            f"{awalan}{tabel_sanksi.ringkasan_publik(s.jenis, s.jalur)}, "
            f"ditetapkan {date_format(s.tanggal_sk, 'j F Y')}."
        )
    if p.status == Status.KEBERATAN:
        hasil.append("Terlapor mengajukan keberatan; putusannya sedang ditunggu.")
    return hasil


# --- What each audience reads of a case: one page context per audience ------------------------------
#
# The privacy boundary of DESIGN.md §4 in one place: what is not fetched here cannot reach a page.
# The reporter reads public labels and the messages written to them; the agency reads the case
# from forwarding on, the copies and no person who reported; Bawaslu reads everything.


def permintaan_perbaikan(pengaduan: Pengaduan) -> PeristiwaPengaduan | None:
    """What Bawaslu asked the reporter to complete: the reporter message (`pesan_pelapor`) of the
    latest move to perlu perbaikan."""
    return (
        PeristiwaPengaduan.objects.filter(pengaduan=pengaduan, ke_status=Status.PERLU_PERBAIKAN)
        .order_by("-waktu", "-id")
        .first()
    )


class EntriLinimasa(NamedTuple):
    """One line of the reporter's timeline: nothing in it is internal."""

    waktu: object
    ke_status: str
    label: str
    pesan: str


def linimasa_pelapor(pengaduan: Pengaduan, *, terkirim=None) -> list[EntriLinimasa]:
    """The timeline as the reporter reads it on /lacak/: for each change the reporter sees, its
    public label and the message written to them. The internal reason is not even read. The open
    completion request is shown in its own box above, so its entry carries no second copy.
    `terkirim`: the case's (sent at, status) notices, when the caller read them already."""
    baris = _KUERI_LINIMASA.baris(pengaduan.pk)
    linimasa = [EntriLinimasa(w, ke, workflow.LABEL_PUBLIK[ke], pesan) for w, ke, pesan in baris]
    if linimasa and pengaduan.status == Status.PERLU_PERBAIKAN and baris[-1][1] == Status.PERLU_PERBAIKAN:
        linimasa[-1] = linimasa[-1]._replace(pesan="")
    # The status notices staff sent: entries of their own, never a status change.
    if terkirim is None:
        terkirim = pemberitahuan_terkirim(pengaduan)
    if terkirim:
        linimasa = sorted(
            linimasa
            + [
                EntriLinimasa(w, st, LABEL_PEMBERITAHUAN, f"Status yang diberitahukan: {workflow.LABEL_PUBLIK[st]}")
                for w, st in terkirim
            ],
            key=lambda e: e.waktu,
        )
    return linimasa


LABEL_PEMBERITAHUAN = "Pemberitahuan status dikirim"


def pemberitahuan_terkirim(pengaduan: Pengaduan) -> list[tuple]:
    """(sent at, status) of each status notice staff sent the reporter."""
    return _KUERI_PEMBERITAHUAN.baris(pengaduan.pk)


def pemberitahuan_tersedia(pengaduan: Pengaduan) -> bool:
    """Whether staff sent the reporter a status notice, which /lacak/ then offers as a PDF."""
    return PemberitahuanStatus.objects.filter(pengaduan=pengaduan).exists()


def percakapan(pengaduan: Pengaduan) -> list[Pesan]:
    """The conversation of a case, both directions, oldest first, with each message's attachments:
    what the reporter and Bawaslu read. Never the agency (halaman_instansi does not ask)."""
    return list(
        Pesan.objects.filter(pengaduan=pengaduan)
        .select_related("penulis", "dibaca_oleh")
        .prefetch_related("lampiran")
        .order_by("dibuat", "id")
    )


def percakapan_pelapor(pengaduan: Pengaduan) -> list[Pesan]:
    """The conversation as the reporter reads it: each message's direction, time and text, and its
    attachments' names, kinds and sizes. Which officer wrote or read a message is not even fetched
    (the reporter reads "Bawaslu"), nor where a file is stored."""
    pesan = _KUERI_PESAN.objek(pengaduan.pk)
    if not pesan:
        return pesan
    lampiran: dict[int, list] = {}
    for lamp in _KUERI_LAMPIRAN.objek(pengaduan.pk):
        lampiran.setdefault(lamp.pesan_id, []).append(lamp)
    for m in pesan:
        # As prefetch_related leaves it: `m.lampiran.all()` answers from this, with no query.
        hasil = QuerySet(model=LampiranPesan)
        hasil._result_cache, hasil._prefetch_done = lampiran.get(m.pk, []), True
        m._prefetched_objects_cache = {"lampiran": hasil}
    return pesan


# The reporter's page reads these on every visit, by the case's id: compiled once per process
# (netralitas.kueri_siap), where compiling each cost more CPU than running it.
_KUERI_LINIMASA = KueriSiap(
    lambda id_: (
        PeristiwaPengaduan.objects.filter(pengaduan_id=id_, publik=True)
        .order_by("waktu", "id")
        .values_list("waktu", "ke_status", "pesan_pelapor")
    )
)
_KUERI_PEMBERITAHUAN = KueriSiap(
    lambda id_: PemberitahuanStatus.objects.filter(pengaduan_id=id_).values_list("dikirim_pada", "status")
)
_KUERI_PESAN = KueriSiap(
    lambda id_: (
        Pesan.objects.filter(pengaduan_id=id_).only("pengaduan_id", "arah", "teks", "dibuat").order_by("dibuat", "id")
    )
)
_KUERI_LAMPIRAN = KueriSiap(
    lambda id_: (
        LampiranPesan.objects.filter(pesan__pengaduan_id=id_)
        .only("pesan_id", "nama_asli", "jenis", "ukuran")
        .order_by("id")
    )
)


def pesan_belum_dibaca():
    """The reporter's messages no staff member has read yet (a partial index holds exactly these)."""
    return Pesan.objects.filter(arah=ArahPesan.DARI_PELAPOR, dibaca_pada__isnull=True)


def pesan_dibuka_oleh(user, pengaduan: Pengaduan) -> bool:
    """Whose opening of the case page reads the reporter's messages: the staff the message was
    addressed to (the handling office's, and the assigned officer). A province or national
    supervisor looking in leaves them unread for the office."""
    profil = _profil(user)
    if profil is None or profil.peran not in PERAN_BAWASLU:
        return False
    return pengaduan.ditugaskan_id == user.pk or (
        profil.wilayah_id == pengaduan.kantor_wilayah_id
        and (pengaduan.kantor_wilayah_id is not None or profil.peran == Peran.BAWASLU_RI)
    )


# The case's own columns that the reporter's page reads (`halaman_pelapor` and the status
# template): /lacak/ fetches these and no others for its GET (the case has forty).
KOLOM_HALAMAN_PELAPOR = (
    "status",
    "dicabut_pelapor",
    "nomor_registrasi",
    "tenggat",
    "perbaikan_diberitahu",
    "jenis_pemilihan",
    "dibuat",
    "kategori__nama",
)

_KUERI_HALAMAN_PELAPOR = KueriSiap(
    lambda id_: Pengaduan.objects.select_related("kategori").only(*KOLOM_HALAMAN_PELAPOR).filter(pk=id_)
)


def pengaduan_halaman_pelapor(pk) -> Pengaduan | None:
    """The case with only the columns the reporter's page reads (KOLOM_HALAMAN_PELAPOR), or None."""
    kasus = _KUERI_HALAMAN_PELAPOR.objek(pk)
    return kasus[0] if kasus else None


def halaman_pelapor(pengaduan: Pengaduan) -> dict:
    """/lacak/: the public status, the timeline as the reporter reads it, the conversation with the
    office, an open completion request, and the agency's outcome. No internal reason or note is
    even read."""
    # A withdrawn report stays withdrawn for the reporter, whatever Bawaslu does with its content as
    # informasi awal afterwards (Perbawaslu 7/2022): that follow-up is Bawaslu's own, not a case of
    # theirs, and its changes are never public (transisi.pindahkan).
    status = Status.DICABUT if pengaduan.dicabut_pelapor else pengaduan.status
    terkirim = pemberitahuan_terkirim(pengaduan)
    return {
        "status_publik": workflow.LABEL_PUBLIK[status],
        # A withdrawn report registered later as Bawaslu's own finding is not the reporter's case.
        "nomor_registrasi": "" if pengaduan.dicabut_pelapor else pengaduan.nomor_registrasi,
        "linimasa": linimasa_pelapor(pengaduan, terkirim=terkirim),
        "percakapan": percakapan_pelapor(pengaduan),
        "boleh_berpesan": status not in STATUS_TERMINAL,
        "permintaan": permintaan_perbaikan(pengaduan) if status == Status.PERLU_PERBAIKAN else None,
        # The reporter's window runs from the notice; while the notice is owed, `tenggat` is the
        # office's deadline to give it, not the reporter's: no date is shown until then.
        "tenggat_perbaikan": pengaduan.tenggat if pengaduan.perbaikan_diberitahu else None,
        "boleh_dicabut": status in workflow.STATUS_BOLEH_DICABUT,
        "hasil_instansi": None if pengaduan.dicabut_pelapor else hasil_publik(pengaduan),
        "pemberitahuan_tersedia": bool(terkirim),
    }


# Until a case is forwarded it has no recommendation: Bawaslu's case page does not ask.
STATUS_SEBELUM_TERUSKAN = frozenset(
    {
        Status.DIAJUKAN,
        Status.KAJIAN_AWAL,
        Status.PERLU_PERBAIKAN,
        Status.INFORMASI_AWAL,
        Status.DILIMPAHKAN,
        Status.DIREGISTRASI,
        Status.KLARIFIKASI,
    }
)


def _pelaku(e) -> str:
    """Who made a timeline entry; a record Bawaslu made on an agency's behalf says so."""
    if e.aktor is None:
        return workflow.LABEL_AKTOR.get(e.peran_aktor, "")
    nama = e.aktor.get_full_name() or e.aktor.username
    if e.peran_aktor == workflow.Aktor.ATAS_NAMA_INSTANSI:
        return f"{nama} ({workflow.LABEL_AKTOR[e.peran_aktor].lower()})"
    return nama


def halaman_bawaslu(p: Pengaduan, *, terlapor: list) -> dict:
    """Bawaslu's case page: the whole case (the identity itself stays behind its audited page),
    the timeline with who acted, the internal notes, the clarification results, the checklist, and
    the recommendation with what the agency recorded on it."""
    konteks = {
        "terlapor": terlapor,
        "saksi": p.saksi.all(),
        "tautan": p.tautan.all(),
        "bukti": [(b, getattr(b, "salinan", None)) for b in p.bukti.select_related("salinan")],
        "kelengkapan": p.kelengkapan.all(),
        "peristiwa": [(e, _pelaku(e)) for e in p.peristiwa.select_related("aktor")],
        "catatan": p.catatan.select_related("penulis"),
        "klarifikasi": p.klarifikasi.select_related("dicatat_oleh"),
        "percakapan": percakapan(p),
        "kajian": getattr(p, "kajian_awal", None),
        "rekomendasi": None,
    }
    if p.status not in STATUS_SEBELUM_TERUSKAN:
        konteks.update(
            rekomendasi=Rekomendasi.objects.filter(pengaduan=p).first(),
            penerimaan=list(
                PenerimaanRekomendasi.objects.filter(rekomendasi__pengaduan=p)
                .select_related("instansi", "diterima_oleh__profil_staf")
                .order_by("instansi__nama")
            ),
            pemeriksaan=PemeriksaanInstansi.objects.filter(pengaduan=p)
            .select_related("instansi", "surat_instansi")
            .first(),
            sanksi=list(
                Sanksi.objects.filter(pengaduan=p).select_related(
                    "terlapor", "instansi", "diganti_oleh", "surat_instansi"
                )
            ),
            keberatan=list(Keberatan.objects.filter(pengaduan=p).select_related("sanksi")),
            paket_rekomendasi=list(
                PaketRekomendasi.objects.filter(pengaduan=p).select_related("instansi", "dibuat_oleh")
            ),
        )
    return konteks


# The agency's timeline: from forwarding on, statuses only.
STATUS_LINIMASA_INSTANSI = sorted(workflow.STATUS_TINDAK_LANJUT | {Status.SELESAI, Status.TIDAK_TERBUKTI_INSTANSI})


def halaman_instansi(p: KasusInstansi) -> dict:
    """The agency reviewer's case page: the recommendation, the terlapor, the links, the evidence as
    copies, and what the agency recorded. Never the reporter (identity, account, witnesses), never
    Bawaslu's notes, reasons or messages to the reporter: none of them is fetched."""
    r = p.rekomendasi
    salinan = {s.bukti_id: s for s in SalinanBukti.objects.filter(bukti__pengaduan=p)}
    return {
        "rekomendasi": r,
        "instansi_tujuan": list(r.instansi.all()),
        "terlapor": list(p.terlapor.select_related("instansi")),
        "tautan": list(p.tautan.all()),
        "bukti": [(b, salinan.get(b.pk)) for b in p.bukti.all()],
        "pemeriksaan": PemeriksaanInstansi.objects.filter(pengaduan=p)
        .select_related("instansi", "surat_instansi")
        .first(),
        "sanksi": list(p.sanksi.select_related("terlapor", "instansi", "diganti_oleh", "surat_instansi")),
        "keberatan": list(Keberatan.objects.filter(pengaduan=p).select_related("sanksi")),
        "linimasa": list(
            p.peristiwa.filter(ke_status__in=STATUS_LINIMASA_INSTANSI)
            .order_by("waktu", "id")
            .only("waktu", "ke_status", "peran_aktor")
        ),
    }
