"""Reads of the questions: who answers which (`pertanyaan_visible_to(user)` is the one rule for
every staff surface of this app), who is told of a new one, and the public list and its search."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from netralitas.akun.lingkup import kode_lingkup
from netralitas.akun.models import Peran

from .models import Pertanyaan

# Who answers: the Bawaslu offices a question can be addressed to, and the administrator. The
# Panwascam is not asked (a question goes to a kabupaten/kota, a province or Bawaslu RI), nor the
# agencies' reviewers or local-government staff.
PERAN_PENJAWAB = frozenset({Peran.BAWASLU_KABKOTA, Peran.BAWASLU_PROVINSI, Peran.BAWASLU_RI, Peran.ADMINISTRATOR})
# Words of a search: more are ignored, longer ones cut (each is a LIKE over the published texts).
MAKS_KATA = 8
MAKS_PANJANG_KATA = 40


def lingkup_penjawab(user) -> str | None:
    """ "" for every question (national staff, superusers), a province or kabupaten/kota code, or
    None for none."""
    return kode_lingkup(user, PERAN_PENJAWAB)


def filter_lingkup(kode: str) -> Q:
    """Questions a scope answers for: a kabupaten/kota its own; a province its own and those of
    its kabupaten/kota; a scope of another level (a kecamatan) none. National questions only the
    national scope (the empty code, which the caller does not filter)."""
    if len(kode) == 2:
        return Q(kode_provinsi=kode)
    if len(kode) == 5:
        return Q(wilayah_id=kode)
    return Q(pk__in=[])


def pertanyaan_visible_to(user):
    kode = lingkup_penjawab(user)
    qs = Pertanyaan.objects.all()
    if kode is None:
        return qs.none()
    return qs if kode == "" else qs.filter(filter_lingkup(kode))


def boleh_jawab(user) -> bool:
    return user.has_perm("tanya.change_pertanyaan")


def penerima_pertanyaan_baru(pertanyaan) -> list[tuple[int, str]]:
    """(user id, e-mail) of the staff of the office asked, each with an e-mail. An office with no
    account yet (most of the 514 kabupaten/kota at first) passes the question up: its province,
    then Bawaslu RI, so a question is never addressed to nobody."""
    User = get_user_model()
    dasar = User.objects.filter(is_active=True, is_staff=True).exclude(email="")
    tingkat = []
    if pertanyaan.wilayah_id:
        if len(pertanyaan.wilayah_id) == 5:
            tingkat.append(Q(profil_staf__peran=Peran.BAWASLU_KABKOTA, profil_staf__wilayah_id=pertanyaan.wilayah_id))
        tingkat.append(Q(profil_staf__peran=Peran.BAWASLU_PROVINSI, profil_staf__wilayah_id=pertanyaan.kode_provinsi))
    tingkat.append(Q(profil_staf__peran=Peran.BAWASLU_RI, profil_staf__wilayah__isnull=True))
    for syarat in tingkat:
        penerima = list(dasar.filter(syarat).order_by("pk").values_list("pk", "email"))
        if penerima:
            return penerima
    return []


def pertanyaan_terbit():
    return Pertanyaan.objects.filter(terbit=True).select_related("kategori")


def kata_cari(q: str) -> list[str]:
    return [k[:MAKS_PANJANG_KATA] for k in q.split()][:MAKS_KATA]


def cari_terbit(*, q: str = "", topik: str = ""):
    """The public list: published questions, newest first, of one topic or all, whose public
    question, public answer or topic name holds every word of `q` (case-insensitive).

    Substring matching on purpose, and no full-text index: Indonesian words grow by affixes
    (kampanye → berkampanye, dikampanyekan), which PostgreSQL's dictionaries do not stem, while a
    substring finds them; and the published set is small (hundreds of answers, a few thousand at
    most) and read through the partial index on published rows, so the LIKE runs over those rows
    only, well under a millisecond each. Past tens of thousands, a pg_trgm GIN index on the two
    texts is the next step; it needs no change here."""
    qs = pertanyaan_terbit()
    if topik:
        qs = qs.filter(kategori_id=topik)
    for kata in kata_cari(q):
        qs = qs.filter(
            Q(isi_publik__icontains=kata) | Q(jawaban_publik__icontains=kata) | Q(kategori__nama__icontains=kata)
        )
    return qs.order_by("-diterbitkan_pada", "-pk")
