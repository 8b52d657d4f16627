"""The private files in an S3-compatible object store (settings.STORAGES when S3_BUCKET is set).

- Private: no ACL is ever sent (the bucket's own private policy applies), and `url()` refuses: the
  portal never hands out a store address, public or pre-signed; every file is served by the
  authorization views, streamed from `buka_aliran`.
- Never overwrites: names are random (the models' upload_to) and a taken name gets another.
- A dead store costs seconds, not minutes: connect 2 s, read 5 s, two attempts; after a failure the
  process rests the store for ISTIRAHAT seconds (writes go straight to PostgreSQL, reads of files
  not pending answer "unreachable" at once), as netralitas.antrean rests a dead broker, so the
  five files of one report, and the next citizens, do not each wait out the timeouts.
- Unreachable store on write: the bytes are kept in PostgreSQL (BerkasTertunda) under the name the
  caller gets, inside the caller's transaction, so the row naming the file and the file commit or
  roll back together; every read falls back to that row until the worker has moved it
  (netralitas.penyimpanan.services.pindahkan_tertunda). A report is never saved pointing at
  nothing, and the citizen is not refused because a disk elsewhere is down.
"""

import io
import logging
import posixpath
import re
import time

from boto3.exceptions import S3UploadFailedError
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError, ConnectionError, HTTPClientError
from django.core.files.base import ContentFile
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

from .galat import PenyimpananTakTerjangkau

log = logging.getLogger(__name__)

# A staged file larger than this is refused rather than kept in PostgreSQL (evidence is at most
# BUKTI_MAKS_UKURAN_MB; a large export is made again by its task).
MAKS_TERTUNDA = 64 * 1024 * 1024
# Up to this size a file is one PUT request; above it, boto3's multipart transfer.
SATU_PUT = 64 * 1024 * 1024
# The models' upload_to names: a uuid4 (122 random bits) and an extension. Such a name is never
# taken, so asking the store first (a HEAD per file) buys nothing.
NAMA_ACAK = re.compile(r"[0-9a-f]{32}(\.[A-Za-z0-9]{1,8})?")
ISTIRAHAT = 30.0


def tak_terjangkau(e: BaseException) -> bool:
    """Is this boto error the store being unreachable (as opposed to a file that is not there, or a
    refusal that retrying cannot fix)?"""
    if isinstance(e, (ConnectionError, HTTPClientError)):
        return True
    if isinstance(e, ClientError):
        return e.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) >= 500
    if isinstance(e, S3UploadFailedError):
        # boto3 wraps the transfer's last error in text only; a refusal (403, 404 bucket) names itself.
        return not any(k in str(e) for k in ("AccessDenied", "NoSuchBucket", "InvalidAccessKeyId", "SignatureDoesNot"))
    return False


def _tertunda():
    from .models import BerkasTertunda

    return BerkasTertunda.objects


class AliranObjek(io.RawIOBase):
    """An object's body read in chunks as the response is sent (botocore's StreamingBody): the
    worker never holds a whole video. Not seekable; `ukuran` gives Content-Length."""

    def __init__(self, body, ukuran: int, nama: str):
        super().__init__()
        self._body = body
        self.ukuran = ukuran
        self.name = nama

    def readable(self):
        return True

    def read(self, n=-1):
        return self._body.read(None if n is None or n < 0 else n)

    def close(self):
        try:
            self._body.close()
        finally:
            super().close()


class PenyimpananS3(S3Storage):
    def __init__(self, **settings):
        settings.setdefault("file_overwrite", False)
        settings.setdefault("default_acl", None)
        settings.setdefault("querystring_auth", True)
        # S3File spools a read to disk past 2 MB instead of holding it in memory (the default 0
        # keeps everything in memory).
        settings.setdefault("max_memory_size", 2 * 1024 * 1024)
        settings.setdefault("signature_version", "s3v4")
        # No threads of its own in a web worker; one request per file below 64 MB.
        settings.setdefault("transfer_config", TransferConfig(use_threads=False, multipart_threshold=64 * 1024 * 1024))
        super().__init__(**settings)
        self.client_config = self.client_config.merge(
            Config(connect_timeout=2, read_timeout=5, retries={"max_attempts": 2, "mode": "standard"})
        )
        self._istirahat_sampai = 0.0

    # --- resting a dead store ------------------------------------------------------------------
    def beristirahat(self) -> bool:
        return time.monotonic() < self._istirahat_sampai

    def _gagal(self, e: BaseException) -> None:
        if tak_terjangkau(e):
            self._istirahat_sampai = time.monotonic() + ISTIRAHAT

    def _pulih(self) -> None:
        self._istirahat_sampai = 0.0

    # --- never a URL ---------------------------------------------------------------------------
    def url(self, name, parameters=None, expire=None, http_method=None):
        raise NotImplementedError(
            "Berkas privat tidak pernah diberikan lewat URL penyimpanan; sajikan lewat view yang memeriksa hak akses."
        )

    # --- writes ----------------------------------------------------------------------------------
    def get_available_name(self, name, max_length=None):
        name = clean_name(name)
        if NAMA_ACAK.fullmatch(posixpath.basename(name)) and (max_length is None or len(name) <= max_length):
            return name
        return super().get_available_name(name, max_length)

    def _put(self, name, content):
        """One PUT for a file of evidence size: boto3's transfer manager (futures, an executor,
        multipart bookkeeping) cost the web worker as much CPU as the rest of the report."""
        ukuran = getattr(content, "size", None)
        if ukuran is None or ukuran > SATU_PUT:
            return super()._save(name, content)
        bersih = clean_name(name)
        kunci = self._normalize_name(bersih)
        params = self._get_write_parameters(kunci, content)
        if hasattr(content, "seek"):
            content.seek(0)
        data = content.read()
        if isinstance(data, str):
            data = data.encode()
        self.connection.meta.client.put_object(Bucket=self.bucket_name, Key=kunci, Body=data, **params)
        return bersih

    def _save(self, name, content):
        if self.beristirahat():
            return self._simpan_tertunda(clean_name(name), content, "penyimpanan objek sedang diistirahatkan")
        try:
            hasil = self._put(name, content)
        except Exception as e:
            if not tak_terjangkau(e):
                raise
            self._gagal(e)
            return self._simpan_tertunda(clean_name(name), content, e)
        self._pulih()
        return hasil

    def _simpan_tertunda(self, name: str, content, sebab) -> str:
        if hasattr(content, "seek"):
            content.seek(0)
        data = content.read()
        if isinstance(data, str):
            data = data.encode()
        if len(data) > MAKS_TERTUNDA:
            raise PenyimpananTakTerjangkau(
                f"Penyimpanan objek tidak terjangkau dan berkas {name} terlalu besar untuk ditunda."
            )
        _tertunda().create(nama=name, data=data, ukuran=len(data), galat=str(sebab)[:2000])
        log.warning("Penyimpanan objek tidak terjangkau (%s): berkas %s disimpan sementara di basis data.", sebab, name)
        from netralitas.antrean import antrekan

        antrekan("netralitas.penyimpanan.tasks.pindahkan_tertunda")
        return name

    def simpan_ke_store(self, name: str, data: bytes) -> None:
        """Put bytes in the store under exactly `name` (the mover; never rested); raises when
        unreachable."""
        self._put(name, ContentFile(data))
        self._pulih()

    # --- reads -----------------------------------------------------------------------------------
    def _dari_tertunda(self, name: str):
        row = _tertunda().filter(nama=clean_name(name)).values_list("data", flat=True).first()
        return None if row is None else bytes(row)

    def _open(self, name, mode="rb"):
        if "w" in mode:
            return super()._open(name, mode)
        if self.beristirahat():
            data = self._dari_tertunda(name)
            if data is None:
                raise PenyimpananTakTerjangkau("Penyimpanan objek tidak terjangkau (diistirahatkan).")
            return ContentFile(data, name=name)
        try:
            return super()._open(name, mode)
        except FileNotFoundError:
            data = self._dari_tertunda(name)
            if data is None:
                raise
        except Exception as e:
            if not tak_terjangkau(e):
                raise
            self._gagal(e)
            data = self._dari_tertunda(name)
            if data is None:
                raise PenyimpananTakTerjangkau(f"Penyimpanan objek tidak terjangkau: {e}") from e
        return ContentFile(data, name=name)

    def buka_aliran(self, name):
        """The file for a response, read from the store as it is sent (or from PostgreSQL while it
        is pending). FileNotFoundError / PenyimpananTakTerjangkau as `_open`."""
        if self.beristirahat():
            return self._open(name, "rb")
        kunci = self._normalize_name(clean_name(name))
        try:
            jawab = self.bucket.Object(kunci).get()
        except Exception as e:
            gagal = e
            self._gagal(e)
        else:
            return AliranObjek(jawab["Body"], jawab["ContentLength"], name)
        data = self._dari_tertunda(name)
        if data is not None:
            return ContentFile(data, name=name)
        if isinstance(gagal, ClientError) and gagal.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 404:
            raise FileNotFoundError(name)
        if tak_terjangkau(gagal):
            raise PenyimpananTakTerjangkau(f"Penyimpanan objek tidak terjangkau: {gagal}") from gagal
        raise gagal

    def exists(self, name):
        # PostgreSQL is asked only when the store cannot answer: a reachable store has every file
        # but those written during an outage, whose names are random (upload_to) and never asked
        # for again before the mover puts them there.
        if not self.beristirahat():
            try:
                return super().exists(name)
            except Exception as e:
                if not tak_terjangkau(e):
                    raise
                self._gagal(e)
        return _tertunda().filter(nama=clean_name(name)).exists()

    def size(self, name):
        try:
            return super().size(name)
        except FileNotFoundError:
            ukuran = _tertunda().filter(nama=clean_name(name)).values_list("ukuran", flat=True).first()
            if ukuran is None:
                raise
            return ukuran

    def delete(self, name):
        """Deleted from PostgreSQL (pending) and from the store. A store that cannot be reached
        leaves its object behind, logged, rather than failing the citizen's or the job's request
        (removing a staged file from a form, a retention run): the object is then one no row
        names, which is what the orphan sweep and the operator look for."""
        ada_tertunda, _ = _tertunda().filter(nama=clean_name(name)).delete()
        if self.beristirahat():
            if not ada_tertunda:
                log.warning("Penyimpanan objek tidak terjangkau: berkas %s belum dihapus dari bucket.", name)
            return
        try:
            super().delete(name)
        except Exception as e:
            if not tak_terjangkau(e):
                raise
            self._gagal(e)
            if not ada_tertunda:
                log.warning("Penyimpanan objek tidak terjangkau (%s): berkas %s belum dihapus dari bucket.", e, name)
