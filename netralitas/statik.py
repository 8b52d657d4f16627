"""Storage of the collected static files: hashed names, gzip and brotli copies, readable by all.

FILE_UPLOAD_PERMISSIONS (0600) and FILE_UPLOAD_DIRECTORY_PERMISSIONS (0700) keep the evidence
private, and Django applies them to every FileSystemStorage that names no mode of its own:
collectstatic's too. nginx (another user) then answered 403 on /static/, and an image built as root
could not serve its static files as the service user. This storage names its own modes, for the
files Django writes (the copies, the hashed copies, the manifest) and for the directories it creates.

whitenoise writes the .gz and .br copies itself with open(), so their mode is whatever the umask of
the collecting process leaves (0600 under a systemd unit with UMask=0077): they are set here too.
"""

import os

from whitenoise.storage import CompressedManifestStaticFilesStorage

MODE_BERKAS = 0o644
MODE_FOLDER = 0o755


class PenyimpananStatik(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("file_permissions_mode", MODE_BERKAS)
        kwargs.setdefault("directory_permissions_mode", MODE_FOLDER)
        super().__init__(*args, **kwargs)

    def compress_files(self, paths):
        for nama, nama_termampat in super().compress_files(paths):
            os.chmod(self.path(nama_termampat), self.file_permissions_mode)
            yield nama, nama_termampat
