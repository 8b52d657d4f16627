"""Multipart bodies parsed by netralitas.multipart give the POST and FILES Django's parser gives,
the same limits, and a 400 for a broken body, through the real middleware stack."""

import io

import pytest
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.http.multipartparser import MultiPartParser, MultiPartParserError
from django.test import override_settings
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from netralitas.multipart import _TidakBiasa, urai

BATAS = "----FormBoundaryq8Zx1Yk3"


def _badan(bagian, batas=BATAS):
    """A body as a browser writes it: (name, value) for a field, (name, filename, type, bytes) for a file."""
    keluar = b""
    for b in bagian:
        if len(b) == 2:
            kepala = f'Content-Disposition: form-data; name="{b[0]}"\r\n\r\n'
            isi = b[1].encode() if isinstance(b[1], str) else b[1]
        else:
            kepala = f'Content-Disposition: form-data; name="{b[0]}"; filename="{b[1]}"\r\nContent-Type: {b[2]}\r\n\r\n'
            isi = b[3]
        keluar += f"--{batas}\r\n".encode() + kepala.encode() + isi + b"\r\n"
    return keluar + f"--{batas}--\r\n".encode()


def _django(badan, encoding="utf-8", batas=BATAS):
    meta = {"CONTENT_TYPE": f"multipart/form-data; boundary={batas}", "CONTENT_LENGTH": str(len(badan))}
    handlers = [MemoryFileUploadHandler(), TemporaryFileUploadHandler()]
    return MultiPartParser(meta, io.BytesIO(badan), handlers, encoding).parse()


def _ringkas(post, files):
    berkas = {
        k: [(type(f).__name__, f.name, f.size, f.content_type, f.charset, f.read()) for f in v]
        for k, v in files.lists()
    }
    return dict(post.lists()), berkas, post._mutable


def _sama(badan, encoding="utf-8"):
    """True when urai agreed with Django; False when it left the body to Django's parser."""
    try:
        kita = urai(badan, BATAS, encoding)
    except _TidakBiasa:
        return False
    assert _ringkas(*kita) == _ringkas(*_django(badan, encoding))
    return True


# Names as a browser sends them (it writes `"`, CR and LF as %22, %0D, %0A: those go to Django).
_teks = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters='"\r\n'), max_size=12)
_nama = st.one_of(_teks, st.sampled_from(["berkas", "kronologi", " spasi ", "a;b", "a=b", "ü", "x%41", "a\\b"]))
_nama_berkas = st.one_of(
    _teks,
    st.sampled_from(["../../etc/passwd", "C:\\foto.jpg", "a/b/c.png", ".", "..", "&amp;.txt", "tab\t.png", ""]),
)
_isi = st.one_of(
    st.binary(max_size=3000),
    st.builds(
        lambda a, b: a + b,
        st.binary(max_size=50),
        st.sampled_from([b"\r\n", b"\r\n--", f"\r\n--{BATAS}".encode()[:-1], b"--" + BATAS.encode() + b"x", b"\r\r\n"]),
    ),
)
_isian = st.tuples(_nama, st.one_of(_teks, st.just("")))
_file = st.tuples(
    _nama, _nama_berkas, st.sampled_from(["image/png", "application/octet-stream", "Image/JPEG", ""]), _isi
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_isian, _file), max_size=12), st.sampled_from([800, 2000, 10_000]))
def test_post_dan_files_sama_dengan_parser_django(bagian, batas_memori):
    # A browser picks a boundary its content does not hold (RFC 7578 4.1); a body that holds it
    # is framed differently by every parser.
    assume(not any(BATAS.encode() in (b[-1] if isinstance(b[-1], bytes) else b[-1].encode()) for b in bagian))
    with override_settings(FILE_UPLOAD_MAX_MEMORY_SIZE=batas_memori, DATA_UPLOAD_MAX_NUMBER_FILES=100):
        _sama(_badan(bagian))


def test_isian_biasa_dan_foto_diurai_di_sini_bukan_oleh_django():
    badan = _badan([("a", "1"), ("a", "2"), ("kosong", ""), ("berkas", "foto.png", "image/png", b"\x89PNG\r\n--x")])
    assert _sama(badan)


def test_masukan_berkas_kosong_adalah_isian_kosong_seperti_django():
    badan = _badan([("berkas", "", "application/octet-stream", b"")])
    assert _sama(badan)
    assert dict(urai(badan, BATAS, "utf-8")[0].lists()) == {"berkas": [""]}


@override_settings(FILE_UPLOAD_MAX_MEMORY_SIZE=1000)
@pytest.mark.parametrize("ukuran", [900, 1000 - 200, 1001, 5000])
def test_berkas_di_atas_batas_memori_ke_disk_seperti_django(ukuran, tmp_path):
    with override_settings(FILE_UPLOAD_TEMP_DIR=str(tmp_path)):
        badan = _badan([("berkas", "f.bin", "application/octet-stream", b"\r\n" * (ukuran // 2))])
        assert _sama(badan)
        (berkas,) = urai(badan, BATAS, "utf-8")[1].getlist("berkas")
        if len(badan) > 1000:
            assert berkas.temporary_file_path().startswith(str(tmp_path))
        else:
            assert not hasattr(berkas, "temporary_file_path")


def test_charset_latin1():
    badan = _badan([("nama", "caf\xe9".encode("latin-1")), ("x", b"\xff\xfe")])
    assert _sama(badan, "latin-1")
    assert _sama(badan, "utf-8")


def _galat(fungsi):
    try:
        fungsi()
    except Exception as e:  # noqa: BLE001 - the exception's type is what is compared
        return type(e)
    return None


@pytest.mark.parametrize("jumlah", [3, 4, 5, 6, 7])
def test_batas_jumlah_isian_sama_dengan_django(jumlah):
    badan = _badan([(f"n{i}", "v") for i in range(jumlah)])
    with override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=4):
        hasil = _galat(lambda: urai(badan, BATAS, "utf-8"))
        assert hasil == _galat(lambda: _django(badan))
    assert hasil == (TooManyFieldsSent if jumlah > 4 else None)


@pytest.mark.parametrize("jumlah", [2, 3, 4])
def test_batas_jumlah_berkas_sama_dengan_django(jumlah):
    badan = _badan([("berkas", f"{i}.png", "image/png", b"x") for i in range(jumlah)])
    with override_settings(DATA_UPLOAD_MAX_NUMBER_FILES=3):
        hasil = _galat(lambda: urai(badan, BATAS, "utf-8"))
        assert hasil == _galat(lambda: _django(badan))
    assert hasil == (TooManyFilesSent if jumlah > 3 else None)


@pytest.mark.parametrize("panjang", [88, 89, 90, 91])
def test_batas_memori_data_sama_dengan_django(panjang):
    badan = _badan([("a", "x" * panjang), ("berkas", "f.png", "image/png", b"y" * 500)])
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=93, FILE_UPLOAD_MAX_MEMORY_SIZE=10_000):
        hasil = _galat(lambda: urai(badan, BATAS, "utf-8"))
        assert hasil == _galat(lambda: _django(badan))
    assert hasil == (RequestDataTooBig if panjang > 90 else None)


@pytest.mark.parametrize("panjang", [900, 960, 975, 976, 977, 990, 1100])
def test_kepala_terlalu_panjang_sama_dengan_django(panjang):
    nama = "n" * (panjang - len('Content-Disposition: form-data; name=""'))
    badan = _badan([(nama, "v")])
    hasil = _galat(lambda: urai(badan, BATAS, "utf-8"))
    assert hasil == _galat(lambda: _django(badan))
    assert hasil in (None, MultiPartParserError)


def test_bagian_tidak_biasa_diserahkan_ke_django():
    kepala_lain = (
        f'--{BATAS}\r\nContent-Disposition: form-data; name="a"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
        f"eHk=\r\n--{BATAS}--\r\n"
    ).encode()
    rfc2231 = f"--{BATAS}\r\nContent-Disposition: form-data; name*=utf-8''%C3%BC\r\n\r\nv\r\n--{BATAS}--\r\n".encode()
    for badan in (kepala_lain, rfc2231, _badan([("a%22", "v")])):
        with pytest.raises(_TidakBiasa):
            urai(badan, BATAS, "utf-8")


# --- Through the middleware stack ---------------------------------------------------------------------

_BAIK = _badan([("a", "1")])
_RUSAK = {
    "batas lain": (_BAIK.replace(BATAS.encode(), b"----lain"), None),
    "terpotong": (_BAIK[:-20], None),
    "tanpa CRLF": (_BAIK.replace(b"\r\n\r\n1", b"\r\n1"), None),
    "hanya LF": (_BAIK.replace(b"\r\n", b"\n"), None),
    "kepala raksasa": (_BAIK.replace(b'name="a"', b'name="a"\r\nX-A: ' + b"a" * 5000), None),
    "tanpa Content-Disposition": (
        _BAIK.replace(b'Content-Disposition: form-data; name="a"', b"Content-Type: text/plain"),
        None,
    ),
    "tanpa parameter boundary": (_BAIK, "multipart/form-data"),
    "boundary kosong": (_BAIK, "multipart/form-data; boundary="),
}


@pytest.mark.django_db
@pytest.mark.parametrize("kasus", list(_RUSAK))
def test_badan_rusak_400_bukan_500(client, kasus):
    badan, tipe = _RUSAK[kasus]
    respons = client.post("/lapor/", data=badan, content_type=tipe or f"multipart/form-data; boundary={BATAS}")
    assert respons.status_code == 400
    assert '<html lang="id">' in respons.content.decode()


@pytest.mark.django_db
def test_terlalu_banyak_isian_400(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    respons = client.post("/lapor/", data={f"n{i}": "v" for i in range(20)})
    assert respons.status_code == 400


@pytest.mark.django_db
def test_badan_tidak_terbaca_lagi_setelah_diurai(rf):
    from netralitas.multipart import MiddlewareMultipart

    permintaan = rf.post("/", data={"a": "1", "b": ["2", "3"]})
    dilihat = {}

    def view(request):
        dilihat["post"] = request.POST
        from django.http.request import RawPostDataException

        with pytest.raises(RawPostDataException):
            request.body  # noqa: B018
        return None

    MiddlewareMultipart(view)(permintaan)
    assert dilihat["post"].getlist("b") == ["2", "3"]
    assert not dilihat["post"]._mutable
