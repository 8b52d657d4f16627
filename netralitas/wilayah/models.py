"""The Kemendagri region tree. The dotted code is the key, so scoping is a prefix match."""

from django.db import models


class Tingkat(models.IntegerChoices):
    PROVINSI = 1, "Provinsi"
    KABUPATEN_KOTA = 2, "Kabupaten/Kota"
    KECAMATAN = 3, "Kecamatan"
    DESA = 4, "Desa/Kelurahan"


class Wilayah(models.Model):
    kode = models.CharField("kode Kemendagri", max_length=13, primary_key=True)
    nama = models.CharField(max_length=120)
    tingkat = models.PositiveSmallIntegerField(choices=Tingkat.choices)
    induk = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="anak", db_index=False
    )

    class Meta:
        verbose_name = "wilayah"
        verbose_name_plural = "wilayah"
        ordering = ["kode"]
        indexes = [
            models.Index(fields=["induk", "nama"], name="wilayah_induk_nama"),
            models.Index(fields=["tingkat", "nama"], name="wilayah_tingkat_nama"),
            # Prefix scoping (`kode LIKE '35.07%'`) needs a pattern index on PostgreSQL.
            models.Index(fields=["kode"], name="wilayah_kode_pola", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self):
        return self.nama_lengkap

    @property
    def nama_lengkap(self) -> str:
        if self.tingkat == Tingkat.KECAMATAN:
            return f"Kec. {self.nama}"
        if self.tingkat == Tingkat.DESA:
            return f"{'Kel.' if self.kode[-4:].startswith('1') else 'Desa'} {self.nama}"
        return self.nama

    @property
    def kode_leluhur(self) -> list[str]:
        """Codes of this node and every ancestor, from the province down: '35', '35.07', ..."""
        bagian = self.kode.split(".")
        return [".".join(bagian[: i + 1]) for i in range(len(bagian))]

    @property
    def kode_kabupaten_kota(self) -> str | None:
        return ".".join(self.kode.split(".")[:2]) if self.tingkat >= Tingkat.KABUPATEN_KOTA else None

    @property
    def jenis_kabupaten_kota(self) -> str:
        """Kemendagri: 01–69 are kabupaten, 71–99 kota."""
        nomor = int(self.kode.split(".")[1])
        return "Kota" if nomor >= 71 else "Kabupaten"
