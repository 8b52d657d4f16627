"""Questions made as people make them: through the form's service, answered and published
through the staff's services."""

import uuid

from netralitas.tanya import services
from netralitas.wilayah.models import Wilayah
from pengaduan.models import KategoriPelanggaran


def ajukan(wilayah: str | None = "35.11", kategori="interaksi-media-sosial", isi=None, **kwargs):
    return services.ajukan_pertanyaan(
        token_pengajuan=kwargs.pop("token_pengajuan", uuid.uuid4()),
        kategori=KategoriPelanggaran.objects.get(kode=kategori),
        wilayah=Wilayah.objects.get(kode=wilayah) if wilayah else None,
        isi=isi or "Bolehkah ASN menyukai unggahan calon bupati di Facebook?",
        **kwargs,
    )


def terbitkan(p, oleh, *, jawaban="Tidak boleh: SKB 2022 Lampiran II.", isi_publik=None, jawaban_publik=None):
    p = services.jawab(pertanyaan=p, jawaban=jawaban, oleh=oleh)
    return services.terbitkan(
        pertanyaan=p,
        isi_publik=isi_publik or "Bolehkah ASN menyukai unggahan calon di media sosial?",
        jawaban_publik=jawaban_publik or jawaban,
        oleh=oleh,
    )
