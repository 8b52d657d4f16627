"""Seed the national public holidays (libur nasional) and cuti bersama of 2025, 2026 and 2027, so that
"hari kerja" deadlines skip them (pengaduan/tenggat.py). The rows stay editable in the admin.

Sources, one Surat Keputusan Bersama (SKB) of the Menteri Agama, Menteri Ketenagakerjaan and Menteri
PANRB per year:

- 2025: SKB Nomor 1017 Tahun 2024, Nomor 2 Tahun 2024, Nomor 2 Tahun 2024 (14 October 2024):
  17 libur nasional + 10 cuti bersama; amended by SKB Nomor 933 Tahun 2025, Nomor 1 Tahun 2025,
  Nomor 3 Tahun 2025 (7 August 2025), which adds cuti bersama on 18 August 2025 (HUT ke-80 RI).
  Cuti bersama ASN: Keppres Nomor 2 Tahun 2025.
- 2026: SKB Nomor 1497 Tahun 2025, Nomor 2 Tahun 2025, Nomor 5 Tahun 2025 (19 September 2025):
  17 libur nasional + 8 cuti bersama. Cuti bersama ASN: Keppres Nomor 42 Tahun 2025 (same 8 days).
  Idul Fitri 1447 H confirmed at 21 March 2026 by the sidang isbat of 19 March 2026.
- 2027: SKB Nomor 1205 Tahun 2026, Nomor 3 Tahun 2026, Nomor 2 Tahun 2026 (15 September 2026):
  18 libur nasional (Isra Mikraj falls twice, 1448 H and 1449 H) + 8 cuti bersama. Transcribed from
  secondary publications that cite this SKB and agree on every date; the Kemenko PMK PDF is a scan.
  Check against the SKB itself, and against the Keppres on cuti bersama ASN 2027 when it is issued.
  The SKB leaves Idul Fitri and Idul Adha 1448 H to a Keputusan Menteri Agama (sidang isbat).

Cuti bersama counts as a non-working day here. Bawaslu's "hari kerja" is the working day of its
secretariat, whose staff are ASN; on a cuti bersama day the Keppres sends every ASN on leave and the
offices are closed, so no report can be received and no clarification held. Counting such a day
would silently shorten both the reporter's window (Pemilu: 7 hari kerja) and Bawaslu's own handling
time. The same reading is written into other statutory deadlines, e.g. PMK 81/2024 Pasal 100 ayat (2)
for tax. Every cuti bersama row is named "Cuti bersama ...", so staff can find and delete one if a
Bawaslu circular orders offices open on that day (as it may during a tahapan).

Idempotent: get_or_create by date, so a date already entered by hand keeps its row and name.
Reversible: the reverse deletes only rows whose date and name are still exactly the ones seeded here.
"""

import datetime

from django.db import migrations

# (tanggal, nama)
HARI_LIBUR = [
    # --- 2025: SKB 1017/2/2 Tahun 2024, amended by SKB 933/1/3 Tahun 2025 ---
    ("2025-01-01", "Tahun Baru 2025 Masehi"),
    ("2025-01-27", "Isra Mikraj Nabi Muhammad SAW"),
    ("2025-01-28", "Cuti bersama Tahun Baru Imlek"),
    ("2025-01-29", "Tahun Baru Imlek 2576 Kongzili"),
    ("2025-03-28", "Cuti bersama Hari Suci Nyepi"),
    ("2025-03-29", "Hari Suci Nyepi (Tahun Baru Saka 1947)"),
    ("2025-03-31", "Hari Raya Idul Fitri 1446 H"),
    ("2025-04-01", "Hari Raya Idul Fitri 1446 H (hari kedua)"),
    ("2025-04-02", "Cuti bersama Idul Fitri"),
    ("2025-04-03", "Cuti bersama Idul Fitri"),
    ("2025-04-04", "Cuti bersama Idul Fitri"),
    ("2025-04-07", "Cuti bersama Idul Fitri"),
    ("2025-04-18", "Wafat Yesus Kristus (Jumat Agung)"),
    ("2025-04-20", "Kebangkitan Yesus Kristus (Paskah)"),
    ("2025-05-01", "Hari Buruh Internasional"),
    ("2025-05-12", "Hari Raya Waisak 2569 BE"),
    ("2025-05-13", "Cuti bersama Hari Raya Waisak"),
    ("2025-05-29", "Kenaikan Yesus Kristus"),
    ("2025-05-30", "Cuti bersama Kenaikan Yesus Kristus"),
    ("2025-06-01", "Hari Lahir Pancasila"),
    ("2025-06-06", "Hari Raya Idul Adha 1446 H"),
    ("2025-06-09", "Cuti bersama Idul Adha"),
    ("2025-06-27", "Tahun Baru Islam 1447 H (1 Muharam)"),
    ("2025-08-17", "Hari Proklamasi Kemerdekaan RI"),
    ("2025-08-18", "Cuti bersama HUT ke-80 Kemerdekaan RI"),
    ("2025-09-05", "Maulid Nabi Muhammad SAW"),
    ("2025-12-25", "Hari Raya Natal (Kelahiran Yesus Kristus)"),
    ("2025-12-26", "Cuti bersama Hari Raya Natal"),
    # --- 2026: SKB 1497/2/5 Tahun 2025; Keppres 42/2025 ---
    ("2026-01-01", "Tahun Baru 2026 Masehi"),
    ("2026-01-16", "Isra Mikraj Nabi Muhammad SAW"),
    ("2026-02-16", "Cuti bersama Tahun Baru Imlek"),
    ("2026-02-17", "Tahun Baru Imlek 2577 Kongzili"),
    ("2026-03-18", "Cuti bersama Hari Suci Nyepi"),
    ("2026-03-19", "Hari Suci Nyepi (Tahun Baru Saka 1948)"),
    ("2026-03-20", "Cuti bersama Idul Fitri"),
    ("2026-03-21", "Hari Raya Idul Fitri 1447 H"),
    ("2026-03-22", "Hari Raya Idul Fitri 1447 H (hari kedua)"),
    ("2026-03-23", "Cuti bersama Idul Fitri"),
    ("2026-03-24", "Cuti bersama Idul Fitri"),
    ("2026-04-03", "Wafat Yesus Kristus (Jumat Agung)"),
    ("2026-04-05", "Kebangkitan Yesus Kristus (Paskah)"),
    ("2026-05-01", "Hari Buruh Internasional"),
    ("2026-05-14", "Kenaikan Yesus Kristus"),
    ("2026-05-15", "Cuti bersama Kenaikan Yesus Kristus"),
    ("2026-05-27", "Hari Raya Idul Adha 1447 H"),
    ("2026-05-28", "Cuti bersama Idul Adha"),
    ("2026-05-31", "Hari Raya Waisak 2570 BE"),
    ("2026-06-01", "Hari Lahir Pancasila"),
    ("2026-06-16", "Tahun Baru Islam 1448 H (1 Muharam)"),
    ("2026-08-17", "Hari Proklamasi Kemerdekaan RI"),
    ("2026-08-25", "Maulid Nabi Muhammad SAW"),
    ("2026-12-24", "Cuti bersama Hari Raya Natal"),
    ("2026-12-25", "Hari Raya Natal (Kelahiran Yesus Kristus)"),
    # --- 2027: SKB 1205/3/2 Tahun 2026 (see the docstring on how it was checked) ---
    ("2027-01-01", "Tahun Baru 2027 Masehi"),
    ("2027-01-05", "Isra Mikraj Nabi Muhammad SAW (1448 H)"),
    ("2027-02-05", "Cuti bersama Tahun Baru Imlek"),
    ("2027-02-06", "Tahun Baru Imlek 2578 Kongzili"),
    ("2027-03-08", "Hari Suci Nyepi (Tahun Baru Saka 1949)"),
    ("2027-03-09", "Cuti bersama Idul Fitri"),
    ("2027-03-10", "Hari Raya Idul Fitri 1448 H"),
    ("2027-03-11", "Hari Raya Idul Fitri 1448 H (hari kedua)"),
    ("2027-03-12", "Cuti bersama Idul Fitri"),
    ("2027-03-15", "Cuti bersama Idul Fitri"),
    ("2027-03-25", "Cuti bersama Wafat Yesus Kristus"),
    ("2027-03-26", "Wafat Yesus Kristus (Jumat Agung)"),
    ("2027-03-28", "Kebangkitan Yesus Kristus (Paskah)"),
    ("2027-05-01", "Hari Buruh Internasional"),
    ("2027-05-06", "Kenaikan Yesus Kristus"),
    ("2027-05-17", "Hari Raya Idul Adha 1448 H"),
    ("2027-05-18", "Cuti bersama Idul Adha"),
    ("2027-05-19", "Cuti bersama Hari Raya Waisak"),
    ("2027-05-20", "Hari Raya Waisak 2571 BE"),
    ("2027-06-01", "Hari Lahir Pancasila"),
    ("2027-06-06", "Tahun Baru Islam 1449 H (1 Muharam)"),
    ("2027-08-15", "Maulid Nabi Muhammad SAW"),
    ("2027-08-17", "Hari Proklamasi Kemerdekaan RI"),
    ("2027-12-24", "Cuti bersama Hari Raya Natal"),
    ("2027-12-25", "Hari Raya Natal (Kelahiran Yesus Kristus)"),
    ("2027-12-26", "Isra Mikraj Nabi Muhammad SAW (1449 H)"),
]


def seed(apps, schema_editor):
    HariLibur = apps.get_model("pengaduan", "HariLibur")
    for tanggal, nama in HARI_LIBUR:
        HariLibur.objects.get_or_create(tanggal=datetime.date.fromisoformat(tanggal), defaults={"nama": nama})


def unseed(apps, schema_editor):
    HariLibur = apps.get_model("pengaduan", "HariLibur")
    for tanggal, nama in HARI_LIBUR:
        HariLibur.objects.filter(tanggal=datetime.date.fromisoformat(tanggal), nama=nama).delete()


class Migration(migrations.Migration):
    dependencies = [("pengaduan", "0004_ekspor")]
    operations = [migrations.RunPython(seed, unseed)]
