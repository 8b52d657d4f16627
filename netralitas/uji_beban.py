"""The load test's marks (bench/README.md). Each app seeds its own rows, pengaduan's `seed_bench`
(cases) and sosialisasi's `seed_bench_sosialisasi` (events), and marks them with a UUID in a namespace
the portal never issues (UUID version 0, which uuid4() never produces). The namespaces live here,
below both apps, so that each command can refuse a database that holds any real row of EITHER app:
the benchmark's events must never appear on a live site that has cases and no events yet, nor its
cases beside real events."""

import uuid

from django.apps import apps
from django.db.models import Q

# Cases made by `seed_bench`, and cases filed by the load test's POSTs to /lapor/
# (bench/lua/lapor.lua writes that prefix).
TOKEN_SEED = (uuid.UUID("5eedbe7c-0000-0000-0000-000000000000"), uuid.UUID("5eedbe7c-0000-0000-ffff-ffffffffffff"))
TOKEN_KIRIMAN = (uuid.UUID("5eedbe7c-0000-0001-0000-000000000000"), uuid.UUID("5eedbe7c-0000-0001-ffff-ffffffffffff"))
TOKEN_BENCH = (TOKEN_SEED[0], TOKEN_KIRIMAN[1])
# Socialization events made by `seed_bench_sosialisasi` (their `uid` is uuid4 in the admin).
UID_KEGIATAN = (uuid.UUID("5eedbe7c-0000-0002-0000-000000000000"), uuid.UUID("5eedbe7c-0000-0002-ffff-ffffffffffff"))

# (model label, the field that carries the mark, its namespace)
TANDA = (("pengaduan.Pengaduan", "token_pengajuan", TOKEN_BENCH), ("sosialisasi.Kegiatan", "uid", UID_KEGIATAN))


def baris_sungguhan(model: str):
    """The rows of `model` (one of TANDA's) that the load test did not make."""
    for label, field, (awal, akhir) in TANDA:
        if label == model:
            return apps.get_model(label).objects.filter(Q(**{f"{field}__lt": awal}) | Q(**{f"{field}__gt": akhir}))
    raise LookupError(model)


def ada_data_sungguhan() -> bool:
    """Whether the database holds a row of either app that the load test did not make."""
    return any(baris_sungguhan(label).exists() for label, _, _ in TANDA)
