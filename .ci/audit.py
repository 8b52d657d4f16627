"""`make audit` (and so `make test`): known vulnerabilities in the locked runtime packages.

pip-audit checks every pinned, hashed package of requirements.txt against PyPI's advisory data.
A known vulnerability fails the run, naming the package, the advisory and the release that fixes
it. A package that could not be checked fails the run as well, except in one case: when *no*
package could be checked because the advisory service cannot be reached from this machine (a
closed network, as on the CI machines of this project). Then the run says so loudly and passes,
because a test suite that cannot pass offline helps nobody; `AUDIT_WAJIB=1` makes it fail instead,
for a release machine that must never ship unaudited.

Usage: python .ci/audit.py [requirements.txt]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

PIP_AUDIT = Path(sys.executable).with_name("pip-audit")


@dataclass(frozen=True)
class Hasil:
    kode_keluar: int
    pesan: str


def nilai(laporan: dict | None, *, wajib: bool) -> Hasil:
    """What a pip-audit JSON report means for the build. `laporan` is None when pip-audit itself
    could not finish (it raises on an unreachable OSV service instead of skipping)."""
    if laporan is None:
        return _tak_terjangkau(wajib, "pip-audit berhenti sebelum selesai (layanan advisori tidak terjangkau)")
    paket = laporan.get("dependencies", [])
    rentan = [p for p in paket if p.get("vulns")]
    terlewat = [p for p in paket if p.get("skip_reason")]
    if rentan:
        baris = [f"{len(rentan)} paket terkunci punya kerentanan yang diketahui:"]
        for p in rentan:
            for v in p["vulns"]:
                perbaikan = ", ".join(v.get("fix_versions") or []) or "belum ada rilis perbaikan"
                alias = ", ".join(v.get("aliases") or [])
                baris.append(
                    f"  {p['name']} {p.get('version', '')}: {v['id']}{f' ({alias})' if alias else ''}"
                    f" — diperbaiki di: {perbaikan}"
                )
        baris.append("Naikkan versinya di requirements.in, jalankan `make lock`, lalu `make test`.")
        return Hasil(1, "\n".join(baris))
    if paket and len(terlewat) == len(paket):
        return _tak_terjangkau(
            wajib, f"tidak satu pun dari {len(paket)} paket dapat diperiksa ({terlewat[0]['skip_reason']})"
        )
    if terlewat:
        nama = ", ".join(f"{p['name']} ({p['skip_reason']})" for p in terlewat)
        return Hasil(1, f"{len(terlewat)} paket tidak dapat diperiksa: {nama}")
    return Hasil(0, f"Audit dependensi: {len(paket)} paket terkunci diperiksa, tidak ada kerentanan yang diketahui.")


def _tak_terjangkau(wajib: bool, sebab: str) -> Hasil:
    pesan = (
        "PERINGATAN: audit dependensi TIDAK dijalankan: " + sebab + ".\n"
        "Jalankan `make audit` dari mesin yang menjangkau pypi.org sebelum rilis."
    )
    return Hasil(1 if wajib else 0, pesan + ("\nAUDIT_WAJIB=1: gagal." if wajib else ""))


def main(argv: list[str]) -> int:
    kunci = argv[1] if len(argv) > 1 else "requirements.txt"
    with tempfile.TemporaryDirectory() as tmp:
        keluaran = Path(tmp) / "audit.json"
        proses = subprocess.run(
            [
                str(PIP_AUDIT),
                "--require-hashes",
                "--disable-pip",
                "--progress-spinner",
                "off",
                "-r",
                kunci,
                "--format",
                "json",
                "--output",
                str(keluaran),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        laporan = json.loads(keluaran.read_text()) if keluaran.exists() and keluaran.stat().st_size else None
    if laporan is None and proses.returncode and "ConnectionError" not in proses.stderr + proses.stdout:
        # pip-audit failed for a reason of its own (a bad lock, say): show it as it is.
        sys.stderr.write(proses.stderr)
        return proses.returncode
    hasil = nilai(laporan, wajib=os.environ.get("AUDIT_WAJIB") == "1")
    print(hasil.pesan, file=sys.stderr if hasil.kode_keluar or "PERINGATAN" in hasil.pesan else sys.stdout)
    return hasil.kode_keluar


if __name__ == "__main__":
    sys.exit(main(sys.argv))
