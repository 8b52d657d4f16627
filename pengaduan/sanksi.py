"""The sanctions an agency may impose, as the law lists them (DOMAIN.md §1), by employee type:
- PNS: PP 42/2004 Pasal 15 (moral sanctions on the code-of-ethics track) and PP 94/2021 Pasal 8
  (discipline in three tiers);
- PPPK: PP 49/2018, whose Pasal 52 leaves the procedure to the PNS discipline rules and whose
  Pasal 53 ends the work agreement (with honour for a heavy discipline breach, without honour for
  party membership); the tiers below are PP 94/2021's, applied through PP 49/2018 Pasal 52;
- dismissal without honour for party membership comes from the ASN law, not from PP 94/2021, and
  is its own tier (`TingkatSanksi.PTDH`).

The list is law, not configuration: a new regulation is a code change with its own tests. Which
track a recommendation allows is the recommendation's; which tier and which employee type a
type belongs to is this table's, and a sanction that disagrees with either is refused. Whether the
tier fits the case's violation category is advice (`peringatan_tingkat`): it warns, never refuses.
"""

from dataclasses import dataclass, field

from .pilihan import JalurPelanggaran, JalurSanksi, JenisASN, TingkatSanksi

ETIK, DISIPLIN = JalurSanksi.ETIK, JalurSanksi.DISIPLIN
PNS, PPPK = JenisASN.PNS, JenisASN.PPPK


@dataclass(frozen=True)
class JenisSanksi:
    kode: str
    label: str
    jalur: str
    tingkat: str
    # The legal basis per employee type; a type missing here is not imposed on that employee type.
    dasar: dict = field(default_factory=dict)

    @property
    def dasar_hukum(self) -> str:
        """The basis for a PNS, or the only one there is (kept for callers that know no type)."""
        return self.dasar.get(PNS) or next(iter(self.dasar.values()))

    def dasar_untuk(self, jenis_asn: str) -> str:
        return self.dasar.get(jenis_asn, "")


_PP42 = "PP 42/2004 Pasal 15 ayat (1)"
_PP49 = "PP 49/2018 Pasal 52 ayat (3) jo. "
_PP94_RINGAN = "PP 94/2021 Pasal 8 ayat (2)"
_PP94_SEDANG = "PP 94/2021 Pasal 8 ayat (3)"
_PP94_BERAT = "PP 94/2021 Pasal 8 ayat (4)"
_UU_ASN = "UU 20/2023 tentang ASN (sebelumnya UU 5/2014 Pasal 87 ayat (4) huruf c)"


def _kedua(dasar_pns: str) -> dict:
    """A type both regimes share: PPPK through PP 49/2018 Pasal 52."""
    return {PNS: dasar_pns, PPPK: _PP49 + dasar_pns}


DAFTAR = [
    JenisSanksi(
        "pernyataan_tertutup", "Pernyataan secara tertutup", ETIK, TingkatSanksi.MORAL, {PNS: _PP42, PPPK: _PP42}
    ),
    JenisSanksi(
        "pernyataan_terbuka", "Pernyataan secara terbuka", ETIK, TingkatSanksi.MORAL, {PNS: _PP42, PPPK: _PP42}
    ),
    JenisSanksi("teguran_lisan", "Teguran lisan", DISIPLIN, TingkatSanksi.RINGAN, _kedua(_PP94_RINGAN)),
    JenisSanksi("teguran_tertulis", "Teguran tertulis", DISIPLIN, TingkatSanksi.RINGAN, _kedua(_PP94_RINGAN)),
    JenisSanksi(
        "pernyataan_tidak_puas",
        "Pernyataan tidak puas secara tertulis",
        DISIPLIN,
        TingkatSanksi.RINGAN,
        _kedua(_PP94_RINGAN),
    ),
    *(
        JenisSanksi(
            f"potong_tukin_{bulan}",
            f"Pemotongan tunjangan kinerja 25% selama {bulan} bulan",
            DISIPLIN,
            TingkatSanksi.SEDANG,
            _kedua(_PP94_SEDANG),
        )
        for bulan in (6, 9, 12)
    ),
    JenisSanksi(
        "penurunan_jabatan",
        "Penurunan jabatan setingkat lebih rendah selama 12 bulan",
        DISIPLIN,
        TingkatSanksi.BERAT,
        {PNS: _PP94_BERAT},
    ),
    JenisSanksi(
        "pembebasan_jabatan",
        "Pembebasan dari jabatan menjadi jabatan pelaksana selama 12 bulan",
        DISIPLIN,
        TingkatSanksi.BERAT,
        {PNS: _PP94_BERAT},
    ),
    JenisSanksi(
        "pemberhentian_dengan_hormat",
        "Pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS",
        DISIPLIN,
        TingkatSanksi.BERAT,
        {PNS: _PP94_BERAT},
    ),
    JenisSanksi(
        "phpk_dengan_hormat",
        "Pemutusan hubungan perjanjian kerja dengan hormat tidak atas permintaan sendiri",
        DISIPLIN,
        TingkatSanksi.BERAT,
        {PPPK: "PP 49/2018 Pasal 53 (pelanggaran disiplin PPPK tingkat berat)"},
    ),
    JenisSanksi(
        "ptdh",
        "Pemberhentian tidak dengan hormat sebagai PNS (anggota/pengurus partai politik)",
        DISIPLIN,
        TingkatSanksi.PTDH,
        {PNS: _UU_ASN + " jo. PP 11/2017"},
    ),
    JenisSanksi(
        "phpk_tidak_dengan_hormat",
        "Pemutusan hubungan perjanjian kerja tidak dengan hormat (anggota/pengurus partai politik)",
        DISIPLIN,
        TingkatSanksi.PTDH,
        {PPPK: _UU_ASN + " jo. PP 49/2018 Pasal 53"},
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
    DISIPLIN: {TingkatSanksi.RINGAN, TingkatSanksi.SEDANG, TingkatSanksi.BERAT, TingkatSanksi.PTDH},
}
LABEL_JALUR = {ETIK: "Kode etik (sanksi moral)", DISIPLIN: "Disiplin ASN"}
LABEL_REGIME = {PNS: "PNS (PP 94/2021)", PPPK: "PPPK (PP 49/2018)"}
DASAR_TINGKAT_KATEGORI = {
    TingkatSanksi.SEDANG: "SKB 2022 Lampiran II; PP 94/2021 Pasal 10",
    TingkatSanksi.BERAT: "SKB 2022 Lampiran II; PP 94/2021 Pasal 14",
    TingkatSanksi.PTDH: f"SKB 2022 Lampiran II; {_UU_ASN}",
}
DASAR_ETIK_KATEGORI = "SKB 2022 Lampiran II; PP 42/2004 Pasal 15"
TINDAKAN_ADMINISTRATIF = "Tindakan administratif atas rekomendasi Majelis Kode Etik (PP 42/2004 Pasal 15)"


def jenis_boleh(*, jenis_asn: set | None = None, jalur: set | None = None) -> list[JenisSanksi]:
    """The types open to these employee types (all of them must allow it) and tracks."""
    return [
        j
        for j in DAFTAR
        if (jalur is None or j.jalur in jalur) and (not jenis_asn or all(a in j.dasar for a in jenis_asn))
    ]


def pilihan_jenis(*, jenis_asn: set | None = None, jalur: set | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a select: one group per tier, in the law's order. A type that only one
    employee type may receive says which, when the employee types are not narrowed down."""
    grup: dict[str, list[tuple[str, str]]] = {}
    for j in jenis_boleh(jenis_asn=jenis_asn, jalur=jalur):
        label = j.label
        if not jenis_asn and len(j.dasar) == 1:
            label += f" — hanya {JenisASN(next(iter(j.dasar))).label}"
        grup.setdefault(TingkatSanksi(j.tingkat).label, []).append((j.kode, label))
    return list(grup.items())


def periksa(*, jenis: str, jalur: str, tingkat: str, jalur_rekomendasi: str, jenis_asn: str | None = None) -> list[str]:
    """Why a (type, track, tier) is wrong for a recommendation and an employee type, as messages for
    the officer; empty when it fits. `jenis_asn` None: the employee type is not checked."""
    j = JENIS_SANKSI.get(jenis)
    if j is None:
        return ["Jenis sanksi tidak dikenal."]
    galat = []
    if jalur not in TINGKAT_JALUR:
        return ["Jalur sanksi tidak dikenal."]
    if tingkat not in TingkatSanksi.values:
        return ["Tingkat sanksi tidak dikenal."]
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
    if jenis_asn is not None:
        if jenis_asn not in (PNS, PPPK):
            galat.append("Jenis ASN terlapor belum diketahui: pilih PNS atau PPPK menurut data kepegawaian instansi.")
        elif jenis_asn not in j.dasar:
            lain = JenisASN(next(iter(j.dasar))).label
            galat.append(
                f"“{j.label}” hanya dijatuhkan kepada {lain}; terlapor ini {LABEL_REGIME[jenis_asn]}, "
                "jadi pilih jenis sanksi yang berlaku baginya."
            )
    return galat


def usul_jalur(kategori) -> tuple[str, str]:
    """The track(s) a case's violation category suggests when forwarding, and why, from its row of
    SKB 2022 Lampiran II: ethics list, discipline list, or both. A free-text category (lainnya)
    suggests both: the finding decides."""
    etik, tingkat = kategori.jalur_etik, kategori.tingkat_disiplin
    if kategori.perlu_uraian or (not etik and not tingkat):
        return JalurPelanggaran.KEDUANYA, "Kategori ini tidak ada dalam SKB 2022 Lampiran II; tentukan dari temuan."
    bagian = []
    if etik:
        bagian.append(f"daftar kode etik ({DASAR_ETIK_KATEGORI})")
    if tingkat:
        bagian.append(f"{TingkatSanksi(tingkat).label.lower()} ({DASAR_TINGKAT_KATEGORI[tingkat]})")
    jalur = (
        JalurPelanggaran.KEDUANYA if etik and tingkat else JalurPelanggaran.ETIK if etik else JalurPelanggaran.DISIPLIN
    )
    alasan = f"Kategori “{kategori.nama}”: " + "; ".join(bagian) + "."
    if kategori.catatan_sumber:
        alasan += f" Catatan: {kategori.catatan_sumber}"
    return jalur, alasan


def peringatan_tingkat(kategori, *, jenis: str, jenis_asn: str = "") -> str:
    """Why this sanction's tier does not match the category's row of SKB 2022 Lampiran II, with
    both legal bases; empty when it matches (either tier where the sources differ). Advice only."""
    j = JENIS_SANKSI.get(jenis)
    if j is None or kategori is None:
        return ""
    dasar = j.dasar_untuk(jenis_asn) or j.dasar_hukum
    if j.jalur == ETIK:
        if kategori.jalur_etik:
            return ""
        return (
            f"Kategori “{kategori.nama}” tidak termasuk daftar kode etik SKB 2022 Lampiran II, tetapi "
            f"“{j.label}” adalah sanksi moral (dasar hukum: {dasar})."
        )
    cocok = {t for t in (kategori.tingkat_disiplin, kategori.tingkat_disiplin_lain) if t}
    if j.tingkat in cocok:
        return ""
    sanksi = f"“{j.label}” termasuk {TingkatSanksi(j.tingkat).label.lower()} (dasar hukum: {dasar})"
    if not cocok:
        return f"Kategori “{kategori.nama}” tidak termasuk daftar disiplin SKB 2022 Lampiran II; {sanksi}."
    tingkat_kategori = " atau ".join(TingkatSanksi(t).label.lower() for t in sorted(cocok))
    teks = (
        f"Tingkat sanksi tidak sesuai dengan kategori “{kategori.nama}”: SKB 2022 Lampiran II menetapkan "
        f"{tingkat_kategori} ({DASAR_TINGKAT_KATEGORI[kategori.tingkat_disiplin or next(iter(cocok))]}), "
        f"sedangkan {sanksi}."
    )
    if kategori.catatan_sumber:
        teks += f" Catatan: {kategori.catatan_sumber}"
    return teks


def ringkasan_publik(jenis: str, jalur: str) -> str:
    """What the reporter reads on /lacak/: the kind of sanction, never a name or an SK number."""
    j = JENIS_SANKSI.get(jenis)
    return f"{LABEL_JALUR.get(jalur, jalur)}: {j.label.lower() if j else jenis}"
