"""multipart/form-data bodies parsed by the `multipart` package instead of Django's MultiPartParser.

Why: filing a report (`POST /lapor/`, 37 fields, up to 5 files) spent about a quarter of its CPU in
Django's parser, which reads every part's headers through the e-mail package (about 1 ms for the
report's fields alone); `multipart` frames the same body in about a sixth of that. The middleware
sits before CsrfViewMiddleware, the first to read request.POST: it reads the body, parses it and
sets `request._post` (an immutable QueryDict) and `request._files` (a MultiValueDict of uploaded
files), so Django's `_load_post_and_files` never runs, for every view, under gunicorn and in the
test client alike.

What a view sees is what Django's parser would give, and Django's own code decides wherever the
two could differ:
- the limits: DATA_UPLOAD_MAX_NUMBER_FIELDS (TooManyFieldsSent), DATA_UPLOAD_MAX_NUMBER_FILES
  (TooManyFilesSent), DATA_UPLOAD_MAX_MEMORY_SIZE over the fields' names and values
  (RequestDataTooBig), counted as Django counts them; a part's headers longer than Django's
  MAX_TOTAL_HEADER_SIZE; each a 400 as from Django;
- files: kept in memory (InMemoryUploadedFile) when the whole body is at most
  FILE_UPLOAD_MAX_MEMORY_SIZE, else on disk in FILE_UPLOAD_TEMP_DIR (TemporaryUploadedFile), as
  Django's two default upload handlers decide; names through `MultiPartParser.sanitize_file_name`;
  an empty file input (filename="") is a field with an empty value, as in Django;
- values decoded with request.encoding or DEFAULT_CHARSET, errors replaced; repeated names kept in
  order; the raw body not readable afterwards.
- Django's parser runs instead, on the same bytes, when a part is not what a browser sends — a
  header other than Content-Disposition and Content-Type, parameters on the Content-Type, a name
  or file name with a percent sign or backslash (RFC 2231, legacy escapes), a continued header —
  and for bodies larger than DATA_UPLOAD_MAX_MEMORY_SIZE (or FILE_UPLOAD_MAX_MEMORY_SIZE if larger;
  this path holds the body in memory), without a Content-Length, with a boundary Django refuses,
  or when the upload handlers are not Django's default two (FILE_UPLOAD_HANDLERS, or a request's
  own `upload_handlers`).

One deliberate difference: a body whose framing is broken (truncated, no closing boundary, a line
break without CR, a part without Content-Disposition, a header line without a colon) is refused
with a 400 here, where Django's parser keeps whatever it could read, so no view ever works on a
partial form.
"""

import io

import multipart
from django.conf import settings
from django.conf.global_settings import FILE_UPLOAD_HANDLERS as HANDLER_BAWAAN
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.files.uploadedfile import InMemoryUploadedFile, TemporaryUploadedFile
from django.core.handlers.wsgi import LimitedStream
from django.http import QueryDict
from django.http.multipartparser import MAX_TOTAL_HEADER_SIZE, MultiPartParser, MultiPartParserError
from django.utils.datastructures import MultiValueDict
from django.utils.http import parse_header_parameters

# Django reads a part's headers from the first MAX_TOTAL_HEADER_SIZE bytes after the boundary (the
# CRLF ending the boundary line included) and must find the blank line there.
_KEPALA_MAKS = MAX_TOTAL_HEADER_SIZE - 4 - 2
_KEPALA_BIASA = {"Content-Disposition", "Content-Type"}


class _TidakBiasa(Exception):
    """A part a browser would not send: Django's parser reads the body instead."""


class _Pengurai(multipart.PushMultipartParser):
    """`multipart`'s push parser that also measures each part's raw header block (Django's limit)
    and flags a continued header line (which Django reads differently)."""

    def _on_segment_start(self):
        super()._on_segment_start()
        self.panjang_kepala = -2

    def _on_segment_headerline(self, line):
        if line[:1] in (b" ", b"\t"):
            raise _TidakBiasa
        self.panjang_kepala += len(line) + 2
        if self.panjang_kepala > _KEPALA_MAKS:
            raise MultiPartParserError("Request max total header size exceeded.")
        super()._on_segment_headerline(line)


def _disposisi(bagian, encoding):
    """(name, filename or None) of a part with the Content-Disposition a browser writes, as Django
    gives them: read as UTF-8, stripped of ASCII whitespace and decoded again with the request's
    encoding."""
    nama_kepala = [nama for nama, _ in bagian.headerlist]
    if not set(nama_kepala) <= _KEPALA_BIASA or len(nama_kepala) != len(set(nama_kepala)):
        raise _TidakBiasa
    potong = bagian.header("Content-Disposition", "").split('"', 4)
    if potong[0] != "form-data; name=" or potong[-1] != "":
        raise _TidakBiasa
    if len(potong) == 3:
        nama, berkas = potong[1], None
    elif len(potong) == 5 and potong[2] == "; filename=":
        nama, berkas = potong[1], potong[3]
    else:
        raise _TidakBiasa
    for teks in (nama, berkas or ""):
        if "%" in teks or "\\" in teks:
            raise _TidakBiasa
    if ";" in bagian.header("Content-Type", ""):
        raise _TidakBiasa
    nama = nama.encode().strip().decode(encoding, errors="replace")
    if berkas:
        berkas = berkas.encode().decode(encoding, errors="replace")
    return nama, berkas


def _batas(request):
    """The boundary when this module may parse the request's body, else None (Django parses it)."""
    if request.method != "POST" or request.content_type != "multipart/form-data":
        return None
    if settings.FILE_UPLOAD_HANDLERS != HANDLER_BAWAAN or "_upload_handlers" in request.__dict__:
        return None
    tipe = request.META.get("CONTENT_TYPE", "")
    if not tipe.isascii():
        return None
    batas = parse_header_parameters(tipe)[1].get("boundary")
    if not batas or not MultiPartParser.boundary_re.fullmatch(batas):
        return None
    try:
        panjang = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    maks = max(settings.FILE_UPLOAD_MAX_MEMORY_SIZE, settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)
    if not 0 < panjang <= maks:
        return None
    return batas


def urai(badan: bytes, batas: str, encoding: str):
    """(POST, FILES) of a multipart body as Django's parser with its default handlers gives them.
    Raises _TidakBiasa for a part only Django's parser reads as Django does."""
    maks_isian = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    maks_berkas = settings.DATA_UPLOAD_MAX_NUMBER_FILES
    maks_data = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    di_memori = len(badan) <= settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    post = QueryDict(mutable=True, encoding=encoding)
    files = MultiValueDict()
    # Django counts the empty stretches before the first boundary and after the last as fields.
    jumlah_isian = 1
    jumlah_berkas = 0
    jumlah_data = 0
    bagian = isi = None
    pengurai = _Pengurai(batas, content_length=len(badan), max_header_size=MAX_TOTAL_HEADER_SIZE, max_header_count=256)
    try:
        with pengurai:
            for peristiwa in pengurai.parse(badan):
                if isinstance(peristiwa, multipart.MultipartSegment):
                    bagian, isi = peristiwa, []
                elif peristiwa is not None:
                    isi.append(peristiwa)
                    continue
                else:
                    nama, nama_berkas = _disposisi(bagian, encoding)
                    data = b"".join(isi)
                    if not nama_berkas:
                        jumlah_isian += 1
                        if maks_isian is not None and maks_isian + 2 < jumlah_isian:
                            raise TooManyFieldsSent(
                                "The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS."
                            )
                        jumlah_data += len(data) + len(nama) + 2
                        if maks_data is not None and jumlah_data > maks_data:
                            raise RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.")
                        post.appendlist(nama, data.decode(encoding, errors="replace"))
                        continue
                    jumlah_berkas += 1
                    if maks_berkas is not None and jumlah_berkas > maks_berkas:
                        raise TooManyFilesSent("The number of files exceeded settings.DATA_UPLOAD_MAX_NUMBER_FILES.")
                    nama_berkas = MultiPartParser.sanitize_file_name(None, nama_berkas)
                    # Django completes a file when the next part begins, and only one with a
                    # name: a nameless file input's file is dropped.
                    if nama_berkas and nama:
                        files.appendlist(nama, _berkas(nama, nama_berkas, bagian.content_type or "", data, di_memori))
    except multipart.MultipartError as galat:
        _tutup(files)
        raise MultiPartParserError(f"Invalid multipart body: {galat}") from galat
    except BaseException:
        _tutup(files)
        raise
    jumlah_isian += 1
    if maks_isian is not None and maks_isian + 2 < jumlah_isian:
        _tutup(files)
        raise TooManyFieldsSent("The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS.")
    post._mutable = False
    return post, files


def _berkas(nama, nama_berkas, tipe, data, di_memori):
    if di_memori:
        return InMemoryUploadedFile(io.BytesIO(data), nama, nama_berkas, tipe, len(data), None, {})
    berkas = TemporaryUploadedFile(nama_berkas, tipe, 0, None, {})
    berkas.write(data)
    berkas.seek(0)
    berkas.size = len(data)
    return berkas


def _tutup(files):
    for _, daftar in files.lists():
        for berkas in daftar:
            berkas.close()


class MiddlewareMultipart:
    """Parses a multipart POST's body with `urai` before any middleware or view reads request.POST."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        batas = _batas(request)
        if batas is not None:
            self._urai(request, batas)
        return self.get_response(request)

    @staticmethod
    def _urai(request, batas):
        try:
            badan = request.read()
        except OSError:
            # The client went away: Django's own reading of POST finds the stream read and an
            # empty form, as it would after its own failed read.
            return
        try:
            request._post, request._files = urai(badan, batas, request.encoding or settings.DEFAULT_CHARSET)
        except _TidakBiasa:
            request._stream = LimitedStream(io.BytesIO(badan), len(badan))
            request._read_started = False
        except Exception:
            request._mark_post_parse_error()
            raise
