"""The load test's data set (bench/README.md) is seeded by each app for its own rows: pengaduan's
`seed_bench` (cases) and sosialisasi's `seed_bench_sosialisasi` (events). Each marks its rows with a
UUID in a namespace the portal never issues (UUID version 0), and each must refuse a database that
holds any real row of EITHER app: the benchmark's events must never appear on a live site that has
cases and no events yet, nor its cases beside real events.

The apps never import each other and this module sits below both, so it names each app's marked
model, field and namespace by path and reads them only when asked."""

from django.apps import apps
from django.db.models import Q
from django.utils.module_loading import import_string

# (model, the field that carries the mark, the namespace's (first, last) UUIDs)
TANDA = (
    ("pengaduan.Pengaduan", "token_pengajuan", "pengaduan.management.commands.seed_bench.TOKEN_BENCH"),
    ("sosialisasi.Kegiatan", "uid", "sosialisasi.management.commands.seed_bench_sosialisasi.UID_KEGIATAN"),
)


def baris_sungguhan(model: str):
    """The rows of `model` (one of TANDA's) that the load test did not make."""
    for label, field, namespace in TANDA:
        if label == model:
            awal, akhir = import_string(namespace)
            return apps.get_model(label).objects.filter(Q(**{f"{field}__lt": awal}) | Q(**{f"{field}__gt": akhir}))
    raise LookupError(model)


def ada_data_sungguhan() -> bool:
    """Whether the database holds a row of either app that the load test did not make."""
    return any(baris_sungguhan(label).exists() for label, _, _ in TANDA)
