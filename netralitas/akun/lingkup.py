"""A staff member's region, read one way for every list and every write: the visibility rules
(pengaduan_visible_to, kegiatan_visible_to) and the checks on every region a user types in."""

from django.core.exceptions import ValidationError

PESAN_DI_LUAR_LINGKUP = "Wilayah ini di luar wilayah tugas Anda."


def kode_lingkup(user, peran) -> str | None:
    """The region a user answers for among the roles `peran`: "" for all of them (national staff
    and superusers), a region code, or None for none (a role not in `peran`, no profile, an
    inactive or non-staff account)."""
    if not user.is_authenticated or not user.is_active or not user.is_staff:
        return None
    if user.is_superuser:
        return ""
    profil = getattr(user, "profil_staf", None)
    if profil is None or profil.peran not in peran:
        return None
    if profil.wilayah_id is None:
        return "" if profil.nasional else None
    return profil.wilayah_id


def kode_dalam_lingkup(lingkup: str | None, kode_wilayah: str | None) -> bool:
    """Whether a region lies in a scope from `kode_lingkup`: the code itself or one below it (by
    the dotted prefix; `35.07` covers `35.07.13.2001`, never `35.071`)."""
    if lingkup is None or kode_wilayah is None:
        return False
    return not lingkup or kode_wilayah == lingkup or kode_wilayah.startswith(lingkup + ".")


def periksa_wilayah(lingkup: str | None, wilayah) -> None:
    """Refuse a region outside the scope, with the message every form shows."""
    if wilayah is not None and not kode_dalam_lingkup(lingkup, wilayah.pk):
        raise ValidationError(PESAN_DI_LUAR_LINGKUP, code="di_luar_lingkup")
