"""A queryset's SQL compiled once per process, then run again for another row's id.

Django compiles a queryset into SQL every time it is evaluated. For the handful of small SELECTs a
page makes by one id on every request — the reporter's status page: the case, its timeline, its
notices, its messages and their attachments — compiling took more of the web process's CPU than
the queries and their rows (about 0.6 ms each of the page's 12.9 ms, bench/profil_lacak.py).

`KueriSiap(lambda id_: <queryset filtered by id_>)` builds the queryset once with a marker id, keeps
its compiled SQL and compiler per database alias (and thread: a compiler holds its connection),
and on each call runs that SQL with the marker replaced by the id given. What comes back is what
the queryset itself would give: rows through the backend's converters (`values_list` querysets,
as tuples) or model instances built as Django's ModelIterable builds them, with their
`select_related` objects (model querysets). The database is the router's for reading the model at
the moment of the call, as for any queryset.

Only for querysets whose SQL does not depend on anything but the id: no `__in` over a list of
varying length, no value read at build time (the time, a setting, the user). The marker must
appear among the compiled parameters exactly where the id goes; a queryset where it does not is
refused when first compiled.
"""

import threading

from django.db import connections, router
from django.db.models.query import get_related_populators

# An id no row has; where it appears among the compiled parameters, the caller's id goes.
PENANDA = -7_318_406_512


class KueriSiap:
    def __init__(self, buat):
        self._buat = buat
        self._siap: dict[tuple[str, int], tuple] = {}
        self.model = buat(PENANDA).model

    def _susun(self, alias: str):
        qs = self._buat(PENANDA)
        compiler = qs.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        posisi = [i for i, p in enumerate(params) if p == PENANDA]
        if not posisi:
            raise ValueError(f"KueriSiap: penanda id tidak ada di parameter kueri {self.model.__name__}.")
        kolom = [s[0] for s in compiler.select[: compiler.col_count]]
        pengubah = compiler.get_converters(kolom)
        model_qs = qs._iterable_class.__name__ == "ModelIterable"
        return compiler, sql, list(params), posisi, pengubah, model_qs

    def _jalankan(self, id_) -> tuple[list, object, str, bool]:
        alias = router.db_for_read(self.model)
        kunci = (alias, threading.get_ident())
        siap = self._siap.get(kunci)
        if siap is None:
            siap = self._siap[kunci] = self._susun(alias)
        compiler, sql, params, posisi, pengubah, model_qs = siap
        params = params.copy()
        for i in posisi:
            params[i] = id_
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            baris = cursor.fetchall()
        if pengubah:
            baris = list(compiler.apply_converters(baris, pengubah))
        return baris, compiler, alias, model_qs

    def baris(self, id_) -> list[tuple]:
        """The rows of a `values_list` queryset, as tuples."""
        baris, _, _, model_qs = self._jalankan(id_)
        if model_qs:
            raise TypeError("KueriSiap.baris: gunakan objek() untuk queryset model.")
        return [tuple(b) for b in baris]

    def objek(self, id_) -> list:
        """The model instances of a model queryset, with their select_related objects."""
        baris, compiler, alias, model_qs = self._jalankan(id_)
        if not model_qs:
            raise TypeError("KueriSiap.objek: gunakan baris() untuk queryset values_list.")
        klass_info, select = compiler.klass_info, compiler.select
        awal, akhir = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        nama_kolom = [f[0].target.attname for f in select[awal:akhir]]
        pengisi = get_related_populators(klass_info, select, alias)
        hasil = []
        for b in baris:
            obj = self.model.from_db(alias, nama_kolom, b[awal:akhir])
            for p in pengisi:
                p.populate(b, obj)
            hasil.append(obj)
        return hasil
