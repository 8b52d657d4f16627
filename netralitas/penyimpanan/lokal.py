"""The private files in a local folder (settings.STORAGES without S3_BUCKET; `make run`, one machine).

Django's FileSystemStorage leaves a new file in the page cache: a power cut in the seconds after a
report was filed could lose its evidence while PostgreSQL, which flushed the commit, keeps the row
that names it — a saved report pointing at nothing. So a saved file is flushed to the disk, and its
folder too (the new name is an entry there), before `save` returns; the report's transaction
commits after that, as an object store's PUT is durable when it answers.
"""

import os

from django.core.files.storage import FileSystemStorage


def _fsync(path: str, flags: int = os.O_RDONLY) -> None:
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class PenyimpananLokal(FileSystemStorage):
    def _save(self, name, content):
        name = super()._save(name, content)
        full = self.path(name)
        _fsync(full)
        _fsync(os.path.dirname(full), os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        return name
