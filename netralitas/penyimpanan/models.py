from django.db import models


class BerkasTertunda(models.Model):
    """A file written while the object store was unreachable: its bytes, under the very name the
    storage returned to the caller (so the row that names it, saved in the same transaction, points
    at these bytes). Every node and the worker read it from here until `pindahkan_tertunda` puts it
    in the store under that name and deletes the row. Part of the database, so a backup carries it."""

    nama = models.CharField(max_length=500, unique=True)
    data = models.BinaryField()
    ukuran = models.PositiveBigIntegerField()
    dibuat = models.DateTimeField(auto_now_add=True, db_index=True)
    percobaan = models.PositiveIntegerField(default=0)
    galat = models.TextField(blank=True)

    class Meta:
        verbose_name = "berkas menunggu dipindah ke penyimpanan"
        verbose_name_plural = "berkas menunggu dipindah ke penyimpanan"

    def __str__(self):
        return self.nama
