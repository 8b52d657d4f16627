"""The sanctions an agency may impose, as the law lists them (DESIGN.md §3): PP 42/2004 Pasal 15
(moral sanctions on the code-of-ethics track) and PP 94/2021 Pasal 8 (discipline in three tiers),
plus dismissal without honour under the ASN law for party membership.

The list is law, not configuration: a new regulation is a code change with its own tests. Which
track a recommendation allows (ethics, discipline or both) is the recommendation's; which tier a
type belongs to is this table's, and a sanction that disagrees with either is refused.
"""

from dataclasses import dataclass

from .pilihan import JalurPelanggaran, JalurSanksi, TingkatSanksi

ETIK, DISIPLIN = JalurSanksi.ETIK, JalurSanksi.DISIPLIN


@dataclass(frozen=True)
class JenisSanksi:
    kode: str
    label: str
    jalur: str
    tingkat: str
    dasar_hukum: str


_PP42 = "PP 42/2004 Pasal 15 ayat (1)"
_PP94_RINGAN = "PP 94/2021 Pasal 8 ayat (2)"
_PP94_SEDANG = "PP 94/2021 Pasal 8 ayat (3)"
_PP94_BERAT = "PP 94/2021 Pasal 8 ayat (4)"

DAFTAR = [
    JenisSanksi("pernyataan_tertutup", "Pernyataan secara tertutup", ETIK, TingkatSanksi.MORAL, _PP42),
    JenisSanksi("pernyataan_terbuka", "Pernyataan secara terbuka", ETIK, TingkatSanksi.MORAL, _PP42),
    JenisSanksi("teguran_lisan", "Teguran lisan", DISIPLIN, TingkatSanksi.RINGAN, _PP94_RINGAN),
    JenisSanksi("teguran_tertulis", "Teguran tertulis", DISIPLIN, TingkatSanksi.RINGAN, _PP94_RINGAN),
    JenisSanksi(
        "pernyataan_tidak_puas", "Pernyataan tidak puas secara tertulis", DISIPLIN, TingkatSanksi.RINGAN, _PP94_RINGAN
    ),
    *(
        JenisSanksi(
            f"potong_tukin_{bulan}",
            f"Pemotongan tunjangan kinerja 25% selama {bulan} bulan",
            DISIPLIN,
            TingkatSanksi.SEDANG,
            _PP94_SEDANG,
        )
        for bulan in (6, 9, 12)
    ),
    JenisSanksi(
        "penurunan_jabatan",
        "Penurunan jabatan setingkat lebih rendah selama 12 bulan",
        DISIPLIN,
        TingkatSanksi.BERAT,
        _PP94_BERAT,
    ),
    JenisSanksi(
        "pembebasan_jabatan",
        "Pembebasan dari jabatan menjadi jabatan pelaksana selama 12 bulan",
        DISIPLIN,
        TingkatSanksi.BERAT,
        _PP94_BERAT,
    ),
    JenisSanksi(
        "pemberhentian_dengan_hormat",
        "Pemberhentian dengan hormat tidak atas permintaan sendiri",
        DISIPLIN,
        TingkatSanksi.BERAT,
        _PP94_BERAT,
    ),
    JenisSanksi(
        "ptdh",
        "Pemberhentian tidak dengan hormat (anggota/pengurus partai politik)",
        DISIPLIN,
        TingkatSanksi.BERAT,
        "UU 20/2023 tentang ASN jo. PP 11/2017",
    ),
]
JENIS_SANKSI = {j.kode: j for j in DAFTAR}

# Which sanction tracks a recommendation's track allows.
JALUR_BOLEH = {
    JalurPelanggaran.ETIK: {ETIK},
    JalurPelanggaran.DISIPLIN: {DISIPLIN},
    JalurPelanggaran.KEDUANYA: {ETIK, DISIPLIN},
}
TINGKAT_JALUR = {
    ETIK: {TingkatSanksi.MORAL},
    DISIPLIN: {TingkatSanksi.RINGAN, TingkatSanksi.SEDANG, TingkatSanksi.BERAT},
}
LABEL_JALUR = {ETIK: "Kode etik (sanksi moral)", DISIPLIN: "Disiplin ASN"}


def pilihan_jenis() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a select: one group per tier, in the law's order."""
    grup: dict[str, list[tuple[str, str]]] = {}
    for j in DAFTAR:
        grup.setdefault(TingkatSanksi(j.tingkat).label, []).append((j.kode, j.label))
    return list(grup.items())


def periksa(*, jenis: str, jalur: str, tingkat: str, jalur_rekomendasi: str) -> list[str]:
    """Why a (type, track, tier) is wrong for a recommendation, as messages for the officer; empty
    when it fits."""
    j = JENIS_SANKSI.get(jenis)
    if j is None:
        return ["Jenis sanksi tidak dikenal."]
    galat = []
    if jalur not in TINGKAT_JALUR:
        return ["Jalur sanksi tidak dikenal."]
    if j.jalur != jalur:
        galat.append(
            f"“{j.label}” adalah sanksi {LABEL_JALUR[j.jalur].lower()}, bukan sanksi {LABEL_JALUR[jalur].lower()}."
        )
    if j.tingkat != tingkat:
        galat.append(
            f"“{j.label}” termasuk {TingkatSanksi(j.tingkat).label.lower()}, bukan {TingkatSanksi(tingkat).label.lower()}."
        )
    elif tingkat not in TINGKAT_JALUR[jalur]:
        galat.append(f"{TingkatSanksi(tingkat).label} tidak dijatuhkan pada jalur {LABEL_JALUR[jalur].lower()}.")
    if jalur not in JALUR_BOLEH.get(jalur_rekomendasi, set()):
        galat.append(
            f"Rekomendasi Bawaslu untuk jalur {JalurPelanggaran(jalur_rekomendasi).label.lower()}; "
            f"sanksi {LABEL_JALUR[jalur].lower()} tidak termasuk di dalamnya."
        )
    return galat


def ringkasan_publik(jenis: str, jalur: str) -> str:
    """What the reporter reads on /lacak/: the kind of sanction, never a name or an SK number."""
    j = JENIS_SANKSI.get(jenis)
    return f"{LABEL_JALUR.get(jalur, jalur)}: {j.label.lower() if j else jenis}"
