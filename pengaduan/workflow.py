"""The workflow, as one table: statuses, allowed transitions, who may make each, whether a reason is
required, whether the reporter sees it, and which deadline step each status starts.

The admin, the services and the tests read this table; nothing else decides what may happen.
"""

from dataclasses import dataclass

from netralitas.akun.models import Peran

from .pilihan import STATUS_TERMINAL, LangkahTenggat, Status


class Aktor:
    """Who acts, beyond staff roles: the system and the reporter on /lacak/."""

    SISTEM = "sistem"
    PELAPOR = "pelapor"
    # Bawaslu staff of the handling office recording, from a received letter, what an agency
    # without a reviewer account decided (tindak_lanjut.atas_nama): the agency's transitions, made
    # by a distinct actor so the timeline and the records say who typed them.
    ATAS_NAMA_INSTANSI = "atas_nama_instansi"


LABEL_AKTOR = {
    Aktor.SISTEM: "Sistem",
    Aktor.PELAPOR: "Pelapor",
    Aktor.ATAS_NAMA_INSTANSI: "Dicatat oleh Bawaslu atas nama instansi",
    **dict(Peran.choices),
}

S = Status
BAWASLU_KAJIAN = frozenset({Peran.PANWASCAM, Peran.BAWASLU_KABKOTA, Peran.BAWASLU_PROVINSI, Peran.BAWASLU_RI})
BAWASLU_PENANGANAN = frozenset({Peran.BAWASLU_KABKOTA, Peran.BAWASLU_PROVINSI, Peran.BAWASLU_RI})
PENINJAU = frozenset({Peran.PENINJAU})
# The agency's examination and conclusion, recorded by the agency's reviewer or, from its letter,
# by Bawaslu on its behalf. Objections and closing stay the reviewer's.
INSTANSI_ATAU_ATAS_NAMA = PENINJAU | {Aktor.ATAS_NAMA_INSTANSI}


@dataclass(frozen=True)
class Transisi:
    """`alasan_wajib`: the law asks for a reason, which is internal (Bawaslu reads it; the reporter
    never does). `pesan_wajib`: the change is addressed to the reporter by nature (a completion
    request says what to complete), so a message to the reporter is required. `publik`: the
    reporter sees the change, as its public label (LABEL_PUBLIK)."""

    dari: str
    ke: str
    oleh: frozenset
    alasan_wajib: bool = False
    publik: bool = True
    pesan_wajib: bool = False


TRANSISI = [
    Transisi(S.DIAJUKAN, S.KAJIAN_AWAL, BAWASLU_KAJIAN | {Aktor.SISTEM}),
    Transisi(S.DIAJUKAN, S.DICABUT, frozenset({Aktor.PELAPOR})),
    Transisi(S.KAJIAN_AWAL, S.PERLU_PERBAIKAN, BAWASLU_KAJIAN, pesan_wajib=True),
    Transisi(S.KAJIAN_AWAL, S.DIREGISTRASI, BAWASLU_PENANGANAN),
    Transisi(S.KAJIAN_AWAL, S.TIDAK_DIREGISTRASI, BAWASLU_KAJIAN, alasan_wajib=True),
    Transisi(S.KAJIAN_AWAL, S.DILIMPAHKAN, BAWASLU_KAJIAN, alasan_wajib=True),
    Transisi(S.KAJIAN_AWAL, S.INFORMASI_AWAL, BAWASLU_KAJIAN, alasan_wajib=True),
    # DESIGN.md §3: the reporter may withdraw until the case is registered.
    Transisi(S.KAJIAN_AWAL, S.DICABUT, frozenset({Aktor.PELAPOR})),
    Transisi(S.PERLU_PERBAIKAN, S.KAJIAN_AWAL, frozenset({Aktor.PELAPOR})),
    Transisi(S.PERLU_PERBAIKAN, S.TIDAK_DIREGISTRASI, frozenset({Aktor.SISTEM}), alasan_wajib=True),
    Transisi(S.PERLU_PERBAIKAN, S.DICABUT, frozenset({Aktor.PELAPOR})),
    # Perbawaslu 7/2022: a report withdrawn before registration may be kept as informasi awal. A
    # staff decision with its reason, internal: the reporter withdrew and keeps reading "dicabut"
    # (transisi.pindahkan shows them nothing after the withdrawal). Withdrawal is only possible
    # before registration (STATUS_BOLEH_DICABUT), and ubah_status checks it again.
    Transisi(S.DICABUT, S.INFORMASI_AWAL, BAWASLU_KAJIAN, alasan_wajib=True, publik=False),
    Transisi(S.INFORMASI_AWAL, S.DIREGISTRASI, BAWASLU_PENANGANAN),
    Transisi(S.INFORMASI_AWAL, S.DIARSIPKAN, BAWASLU_KAJIAN, alasan_wajib=True),
    Transisi(S.DILIMPAHKAN, S.KAJIAN_AWAL, BAWASLU_KAJIAN),
    Transisi(S.DILIMPAHKAN, S.DICABUT, frozenset({Aktor.PELAPOR})),
    Transisi(S.DIREGISTRASI, S.KLARIFIKASI, BAWASLU_PENANGANAN),
    Transisi(S.KLARIFIKASI, S.DITERUSKAN, BAWASLU_PENANGANAN),
    Transisi(S.KLARIFIKASI, S.DIHENTIKAN, BAWASLU_PENANGANAN, alasan_wajib=True),
    Transisi(S.DITERUSKAN, S.PEMERIKSAAN_INSTANSI, INSTANSI_ATAU_ATAS_NAMA),
    Transisi(S.PEMERIKSAAN_INSTANSI, S.SANKSI_DIJATUHKAN, INSTANSI_ATAU_ATAS_NAMA),
    Transisi(S.PEMERIKSAAN_INSTANSI, S.TIDAK_TERBUKTI_INSTANSI, INSTANSI_ATAU_ATAS_NAMA, alasan_wajib=True),
    Transisi(S.SANKSI_DIJATUHKAN, S.SELESAI, PENINJAU),
    Transisi(S.SANKSI_DIJATUHKAN, S.KEBERATAN, PENINJAU, alasan_wajib=True),
    Transisi(S.KEBERATAN, S.SANKSI_DIJATUHKAN, PENINJAU, alasan_wajib=True),
    Transisi(S.KEBERATAN, S.SELESAI, PENINJAU),
]
TABEL = {(t.dari, t.ke): t for t in TRANSISI}

TERMINAL = frozenset(STATUS_TERMINAL)

# What the reporter reads on /lacak/ for each status: plain words, no internal detail.
LABEL_PUBLIK = {
    S.DIAJUKAN: "Diterima, menunggu kajian awal",
    S.KAJIAN_AWAL: "Sedang dikaji (kajian awal)",
    S.PERLU_PERBAIKAN: "Perlu dilengkapi oleh pelapor",
    S.INFORMASI_AWAL: "Ditelusuri sebagai informasi awal",
    S.DILIMPAHKAN: "Dilimpahkan ke jajaran Bawaslu lain",
    S.DIREGISTRASI: "Diregistrasi",
    S.KLARIFIKASI: "Dalam klarifikasi dan kajian",
    S.DITERUSKAN: "Rekomendasi diteruskan ke instansi",
    S.PEMERIKSAAN_INSTANSI: "Diperiksa oleh instansi",
    S.SANKSI_DIJATUHKAN: "Sanksi dijatuhkan",
    S.KEBERATAN: "Keberatan atas sanksi sedang diproses",
    S.SELESAI: "Selesai",
    S.DIHENTIKAN: "Dihentikan: tidak terbukti",
    S.TIDAK_DIREGISTRASI: "Tidak diregistrasi",
    S.DICABUT: "Dicabut oleh pelapor",
    S.DIARSIPKAN: "Diarsipkan",
    S.TIDAK_TERBUKTI_INSTANSI: "Tidak terbukti menurut instansi",
}

# Which deadline step each status carries (day counts are rows of AturanTenggat). Every status that
# is not terminal is either here or in TANPA_TENGGAT with the reason no deadline runs in it.
LANGKAH_TENGGAT = {
    S.DIAJUKAN: LangkahTenggat.KAJIAN_AWAL,
    S.KAJIAN_AWAL: LangkahTenggat.KAJIAN_AWAL,
    # The reporter's window, counted from the notice of the request; while the notice is owed the
    # status runs LangkahTenggat.PEMBERITAHUAN_PERBAIKAN instead (transisi.langkah_berjalan).
    S.PERLU_PERBAIKAN: LangkahTenggat.PERBAIKAN,
    S.INFORMASI_AWAL: LangkahTenggat.TEMUAN,
    # The receiving office makes its own kajian awal of a case handed to it.
    S.DILIMPAHKAN: LangkahTenggat.KAJIAN_AWAL,
    # UU 7/2017 Pasal 454 (7)-(8) and Perbawaslu 8/2020: the handling deadline runs from registration
    # through the klarifikasi and kajian until Bawaslu decides.
    S.DIREGISTRASI: LangkahTenggat.PENANGANAN,
    S.KLARIFIKASI: LangkahTenggat.PENANGANAN,
    # The agency's response runs from forwarding until it records a conclusion.
    S.DITERUSKAN: LangkahTenggat.TINDAK_LANJUT,
    S.PEMERIKSAAN_INSTANSI: LangkahTenggat.TINDAK_LANJUT,
}
# A finding must be set as a temuan (registered) within the temuan step counted from the day it was
# found (UU 7/2017 Pasal 454 ayat (5)): until it is registered, these statuses carry that deadline
# instead of starting their own step (transisi.tenggat_status).
STATUS_TENGGAT_TEMUAN = frozenset({S.DIAJUKAN, S.KAJIAN_AWAL, S.DILIMPAHKAN})
# Non-terminal statuses in which no deadline of this portal runs, and why.
TANPA_TENGGAT = {
    S.SANKSI_DIJATUHKAN: "Sanksi sudah dijatuhkan; yang tersisa keputusan PPK menutup kasus atau keberatan terlapor.",
    S.KEBERATAN: "Upaya administratif terlapor diputus menurut aturan kepegawaian instansi, di luar tenggat Bawaslu.",
}
# Transitions that keep the running deadline instead of starting the step again: moving from
# registration to klarifikasi does not restart the handling days, and starting the examination does
# not give the agency a fresh fortnight.
TENGGAT_BERLANJUT = frozenset({(S.DIREGISTRASI, S.KLARIFIKASI), (S.DITERUSKAN, S.PEMERIKSAAN_INSTANSI)})

# Statuses reached only through a service that writes their record in the same transaction (the
# recommendation, the examination, the sanction, the objection): never a bare status change.
STATUS_DENGAN_CATATAN = frozenset(
    {S.DITERUSKAN, S.PEMERIKSAAN_INSTANSI, S.SANKSI_DIJATUHKAN, S.TIDAK_TERBUKTI_INSTANSI, S.KEBERATAN}
)
# Statuses of the agency's follow-up, in which the case is the reviewers' to act on.
STATUS_TINDAK_LANJUT = frozenset({S.DITERUSKAN, S.PEMERIKSAAN_INSTANSI, S.SANKSI_DIJATUHKAN, S.KEBERATAN})

STATUS_BOLEH_DICABUT = frozenset(t.dari for t in TRANSISI if t.ke == S.DICABUT)
# Terminal statuses a staff decision may still reopen: a withdrawn report kept as informasi awal.
TERMINAL_DAPAT_DIBUKA = frozenset(t.dari for t in TRANSISI if t.dari in STATUS_TERMINAL)


def transisi(dari: str, ke: str) -> Transisi | None:
    return TABEL.get((dari, ke))


def boleh(dari: str, ke: str, peran: str) -> bool:
    t = TABEL.get((dari, ke))
    return t is not None and peran in t.oleh


def transisi_untuk(dari: str, peran: str) -> list[Transisi]:
    return [t for t in TRANSISI if t.dari == dari and peran in t.oleh]
