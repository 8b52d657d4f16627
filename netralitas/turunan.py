"""Columns derived from others (a name's search key, a region's scope codes), computed in the one
place every ORM write goes through: `Model.save()`, `QuerySet.bulk_create()`, `bulk_update()` and
`update()`.

A derived column filled only in `save()` is silently empty after `bulk_create()`, which skips
`save()`: name search then finds nothing. Here a model says which columns it derives from which
sources (`hitung_turunan`), and its manager's queryset fills them on every write path. A derived
column written by hand is refused: it would disagree with its source.
"""

from contextvars import ContextVar

from django.db import models

# Set while bulk_update() writes: its own update() call carries the derived columns it computed.
_dalam_bulk_update = ContextVar("dalam_bulk_update", default=False)


class TurunanQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.isi_turunan()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs, fields = list(objs), list(fields)
        model = self.model
        _tolak_tulis_turunan(model, fields)
        disentuh = model.sumber_disentuh(fields)
        if disentuh:
            for obj in objs:
                obj.isi_turunan()
            fields += [f for f in model.kolom_dari(disentuh) if f not in fields]
        token = _dalam_bulk_update.set(True)
        try:
            return super().bulk_update(objs, fields, *args, **kwargs)
        finally:
            _dalam_bulk_update.reset(token)

    def update(self, **kwargs):
        model = self.model
        if _dalam_bulk_update.get():
            return super().update(**kwargs)
        _tolak_tulis_turunan(model, kwargs)
        disentuh = model.sumber_disentuh(kwargs)
        if disentuh:
            kolom = model.kolom_dari(disentuh)
            nama_sumber = {model._meta.get_field(f).attname for k in kolom for f in model.sumber_kolom(k)}
            diberi = {model._meta.get_field(k).attname: v for k, v in kwargs.items() if k in disentuh}
            if not nama_sumber <= set(diberi) or any(hasattr(v, "resolve_expression") for v in diberi.values()):
                # The derived value then depends on each row: only save() or bulk_update() can compute it.
                raise ValueError(
                    f"{model.__name__}: update() harus memberi semua sumber kolom turunan "
                    f"({', '.join(sorted(nama_sumber))}) sebagai nilai tetap; gunakan save() atau bulk_update()."
                )
            # Only the columns of the sources given: the others' sources are not on this instance.
            hitungan = model(**diberi).hitung_turunan()
            kwargs.update({k: hitungan[k] for k in kolom})
        return super().update(**kwargs)


def _tolak_tulis_turunan(model, fields) -> None:
    tertulis = {model._meta.get_field(f).name for f in fields} & set(model.KOLOM_TURUNAN)
    if tertulis:
        raise ValueError(
            f"{model.__name__}: kolom turunan {', '.join(sorted(tertulis))} dihitung dari sumbernya, tidak ditulis langsung."
        )


class KolomTurunan(models.Model):
    """Base of a model with derived columns. Subclasses name the derived columns (`KOLOM_TURUNAN`),
    the fields they come from (`SUMBER_TURUNAN`), and compute them in `hitung_turunan()`. When the
    columns come from different sources (the handling office's codes from the office, the
    incident's kecamatan from the place), `SUMBER_PER_KOLOM` says which from which, so that
    `update()` of one source need not name the others; a column it does not list comes from all."""

    KOLOM_TURUNAN: tuple[str, ...] = ()
    SUMBER_TURUNAN: tuple[str, ...] = ()
    SUMBER_PER_KOLOM: dict[str, tuple[str, ...]] = {}

    objects = TurunanQuerySet.as_manager()

    class Meta:
        abstract = True

    def hitung_turunan(self) -> dict:
        raise NotImplementedError

    def isi_turunan(self) -> None:
        for nama, nilai in self.hitung_turunan().items():
            setattr(self, nama, nilai)

    @classmethod
    def sumber_disentuh(cls, fields) -> set[str]:
        """Which of `fields` (names or attnames) are sources of a derived column."""
        sumber = set(cls.SUMBER_TURUNAN)
        return {f for f in fields if cls._meta.get_field(f).name in sumber}

    @classmethod
    def sumber_kolom(cls, kolom: str) -> tuple[str, ...]:
        return cls.SUMBER_PER_KOLOM.get(kolom, cls.SUMBER_TURUNAN)

    @classmethod
    def kolom_dari(cls, disentuh) -> list[str]:
        """The derived columns that come from any of the sources `disentuh` (names or attnames)."""
        nama = {cls._meta.get_field(f).name for f in disentuh}
        return [k for k in cls.KOLOM_TURUNAN if nama & set(cls.sumber_kolom(k))]

    def save(self, *args, **kwargs):
        self.isi_turunan()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            update_fields = set(update_fields)
            disentuh = self.sumber_disentuh(update_fields)
            if disentuh:
                update_fields |= set(self.kolom_dari(disentuh))
            kwargs["update_fields"] = update_fields
        super().save(*args, **kwargs)
