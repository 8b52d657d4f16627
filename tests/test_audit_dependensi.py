"""`make audit`: what a pip-audit report means for the build (.ci/audit.py)."""

import importlib.util
import sys
from pathlib import Path

import pytest

_jalur = Path(__file__).resolve().parent.parent / ".ci" / "audit.py"
_spec = importlib.util.spec_from_file_location("audit_dependensi", _jalur)
audit = sys.modules["audit_dependensi"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(audit)

BERSIH = {"name": "asgiref", "version": "3.13.0", "vulns": []}
RENTAN = {
    "name": "django",
    "version": "5.2.0",
    "vulns": [{"id": "PYSEC-2025-1", "aliases": ["CVE-2025-0001"], "fix_versions": ["5.2.1"], "description": "x"}],
}


def _terlewat(nama):
    return {"name": nama, "skip_reason": f"Dependency not found on PyPI and could not be audited: {nama} (1.0)"}


@pytest.mark.parametrize("wajib", [False, True])
def test_a_known_vulnerability_fails_naming_the_package_advisory_and_fix(wajib):
    hasil = audit.nilai({"dependencies": [BERSIH, RENTAN], "fixes": []}, wajib=wajib)
    assert hasil.kode_keluar == 1
    assert "django 5.2.0: PYSEC-2025-1 (CVE-2025-0001)" in hasil.pesan
    assert "5.2.1" in hasil.pesan


def test_a_vulnerability_fails_even_when_other_packages_were_skipped():
    hasil = audit.nilai({"dependencies": [RENTAN, _terlewat("amqp")]}, wajib=False)
    assert hasil.kode_keluar == 1


def test_a_clean_lock_passes():
    hasil = audit.nilai({"dependencies": [BERSIH, {**BERSIH, "name": "celery"}]}, wajib=False)
    assert hasil.kode_keluar == 0
    assert "2 paket" in hasil.pesan


def test_some_packages_unchecked_fails():
    hasil = audit.nilai({"dependencies": [BERSIH, _terlewat("amqp")]}, wajib=False)
    assert hasil.kode_keluar == 1
    assert "amqp" in hasil.pesan


@pytest.mark.parametrize("laporan", [None, {"dependencies": [_terlewat("amqp"), _terlewat("celery")]}])
def test_an_unreachable_advisory_service_warns_and_fails_only_when_required(laporan):
    longgar = audit.nilai(laporan, wajib=False)
    assert longgar.kode_keluar == 0
    assert longgar.pesan.startswith("PERINGATAN: audit dependensi TIDAK dijalankan")
    assert audit.nilai(laporan, wajib=True).kode_keluar == 1
