"""Time as Indonesians read it: the portal's zone (WIB) and the month names, for what a person reads
(statistics, exports, dashboards, seeded texts). Dates are stored in UTC; these say how to show them."""

from zoneinfo import ZoneInfo

# settings.TIME_ZONE as an object: the deadline, the dashboard's week and the statistics' month are
# all counted in Jakarta time, whatever zone the server or a test switches to.
ZONA_WAKTU = ZoneInfo("Asia/Jakarta")

NAMA_BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
# As the case list and its deadlines print them: "7 Des 2026".
NAMA_BULAN_SINGKAT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
