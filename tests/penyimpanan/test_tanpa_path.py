"""No stored file is ever read by its path: an object store has none (FieldFile.path and
Storage.path raise there). Tools that need a path get a temporary copy
(netralitas.berkas.salinan_lokal). This test reads the project's code and fails if `.path` comes
back on a file field or a storage."""

import ast
from pathlib import Path

import pytest

AKAR = Path(__file__).resolve().parents[2]
PAKET = ("netralitas", "pengaduan", "sosialisasi", "bench", "tests")
# Static files are not stored files: the static storage is a local folder by design (whitenoise).
# The local folder's own backend flushes the file it wrote by its path: that is what it is.
BOLEH = {"netralitas/statik.py", "netralitas/penyimpanan/lokal.py"}
# Playwright's download object: `.path()` with no argument is the browser's downloaded file.


def _berkas_python():
    for paket in PAKET:
        for p in sorted((AKAR / paket).rglob("*.py")):
            rel = p.relative_to(AKAR).as_posix()
            # A virtualenv under the tree (the bench's peer: bench/peer/.venv) is not the project's code.
            if any(bagian.startswith(".") for bagian in p.relative_to(AKAR).parts):
                continue
            if "/migrations/" not in rel and rel not in BOLEH:
                yield rel, p


@pytest.fixture(scope="module")
def nama_medan_berkas():
    """Every file field's name in the project's models (berkas, thumbnail, surat, dokumen_sk…)."""
    from netralitas.cadangan.rujukan import medan_berkas

    return {f.name for _, f in medan_berkas()}


def _pelanggaran(pohon: ast.AST, nama_medan: set[str]) -> list[int]:
    baris = []
    for node in ast.walk(pohon):
        # storage.path(name) / default_storage.path(...) / anything.path(<argument>)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "path"
            and (node.args or node.keywords)
        ):
            baris.append(node.lineno)
        # obj.berkas.path, b.thumbnail.path, berkas.path where berkas is a file field
        if isinstance(node, ast.Attribute) and node.attr == "path":
            nilai = node.value
            if (isinstance(nilai, ast.Attribute) and nilai.attr in nama_medan) or (
                isinstance(nilai, ast.Name) and nilai.id in nama_medan
            ):
                baris.append(node.lineno)
            if isinstance(nilai, ast.Name) and nilai.id in ("default_storage", "storage", "penyimpanan"):
                baris.append(node.lineno)
    return baris


def test_tidak_ada_path_pada_berkas_tersimpan(nama_medan_berkas):
    assert {"berkas", "thumbnail"} <= nama_medan_berkas
    salah = []
    for rel, p in _berkas_python():
        for n in _pelanggaran(ast.parse(p.read_text(), rel), nama_medan_berkas):
            salah.append(f"{rel}:{n}")
    assert not salah, "Berkas tersimpan dibaca lewat .path (pakai storage.open / salinan_lokal): " + ", ".join(salah)


def test_pemeriksa_menangkap_pola_yang_dilarang(nama_medan_berkas):
    """The check itself finds what it forbids (so it cannot pass by never looking)."""
    for kode in (
        "x = b.berkas.path",
        "poster(bukti.thumbnail.path)",
        "p = default_storage.path(nama)",
        "p = storage.path",
        "berkas.path",
    ):
        assert _pelanggaran(ast.parse(kode), nama_medan_berkas), kode
    for kode in ("os.path.join(a, b)", "request.path", "unduhan.value.path()", "sys.path.insert(0, x)"):
        assert not _pelanggaran(ast.parse(kode), nama_medan_berkas), kode
