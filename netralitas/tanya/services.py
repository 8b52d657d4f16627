"""Every write of the tanya jawab, one function per action, each atomic: the question (with the
staff's notifications), the answer (with the asker's e-mail and an audit row), publication and its
withdrawal (each with an audit row).

The outbox is pengaduan's (`pengaduan.notifikasi`, its `Notifikasi` rows with no case): one queue,
one sender with its retries, one beat sweep, one staff notification list in the admin — rather
than a second outbox that would need all of them again. Only the outbox module is used, never
pengaduan's audience packages (import-linter, pyproject.toml)."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from netralitas.audit.models import Aksi
from netralitas.audit.services import catat_audit
from pengaduan.notifikasi import antrekan_notifikasi, buat_notifikasi

from .models import Pertanyaan
from .selectors import penerima_pertanyaan_baru

# What a public text must not hold (checked by `sisa_identitas`): an e-mail address, a run of
# eight or more digits (a NIP, a NIK, a phone number), a URL.
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_ANGKA_PANJANG = re.compile(r"(?:\d[\s.-]?){8,}")
_TAUTAN = re.compile(r"(?:https?://|www\.)\S+", re.I)


@transaction.atomic
def ajukan_pertanyaan(*, token_pengajuan, kategori, wilayah, isi, nama="", instansi="", email="") -> Pertanyaan:
    """File a question and tell the office asked. The same form posted twice (a double tap, a
    retry after a lost answer) files it once and returns the first."""
    ada = Pertanyaan.objects.filter(token_pengajuan=token_pengajuan).first()
    if ada is not None:
        return ada
    try:
        with transaction.atomic():  # the two posts of a double tap can both get past the check above
            p = Pertanyaan.objects.create(
                token_pengajuan=token_pengajuan,
                kategori=kategori,
                wilayah=wilayah,
                kode_provinsi=wilayah.pk[:2] if wilayah is not None else "",
                isi=isi,
                nama=nama,
                instansi=instansi,
                email=email,
            )
    except IntegrityError:
        return Pertanyaan.objects.get(token_pengajuan=token_pengajuan)
    tautan = reverse("admin:tanya_pertanyaan_change", args=[p.pk])
    judul = f"Pertanyaan baru untuk {p.tujuan}: {kategori.nama}"
    antrekan_notifikasi(
        [
            buat_notifikasi(
                pengaduan=None,
                penerima_id=user_id,
                email=alamat,
                jenis="tanya_baru",
                template="tanya_baru",
                # The e-mail names the topic and links to the admin; the question is read there.
                konteks={"judul": judul, "tautan": settings.SITE_URL + tautan},
                tautan=tautan,
                antre=False,
            )
            for user_id, alamat in penerima_pertanyaan_baru(p)
        ]
    )
    return p


@transaction.atomic
def jawab(*, pertanyaan: Pertanyaan, jawaban: str, oleh) -> Pertanyaan:
    """Write (or correct) the answer. The first answer goes to the asker's e-mail, when one was
    given, and the address is then erased from the question: it was asked for this one message.

    The e-mail carries the answer itself, and the topic, but not the question: it is the asker's
    own question, answered to the address they gave, so the answer is theirs to read without
    logging in anywhere (there is no account, nor a tracking code, to log in with). The question
    is left out because an address typed wrongly, or someone else's, would otherwise receive what
    the asker wrote. The body is erased from the outbox once sent, as the receipt's is."""
    p = Pertanyaan.objects.select_for_update().get(pk=pertanyaan.pk)
    pertama = not p.jawaban
    p.jawaban = jawaban
    p.dijawab_oleh = oleh
    p.dijawab_pada = timezone.now()
    surel = p.email if pertama else ""
    p.email = ""
    p.save(update_fields=["jawaban", "dijawab_oleh", "dijawab_pada", "email"])
    if surel:
        buat_notifikasi(
            pengaduan=None,
            email=surel,
            jenis="tanya_dijawab",
            template="tanya_dijawab",
            konteks={
                "pertanyaan": p,
                "jawaban": jawaban,
                "tautan_daftar": settings.SITE_URL + reverse("tanya:daftar"),
            },
            hapus_isi=True,
        )
    catat_audit(
        aktor=oleh,
        aksi=Aksi.JAWAB_PERTANYAAN,
        objek=f"pertanyaan #{p.pk}",
        keterangan=("Jawaban pertama" if pertama else "Jawaban diperbaiki")
        + ("; dikirim ke e-mail penanya." if surel else "."),
    )
    return p


def sisa_identitas(pertanyaan: Pertanyaan, teks: str) -> list[str]:
    """What in a text meant for the public could still identify the asker: their own name or
    agency as they typed them, an e-mail address, a long number, a link. The staff's judgement
    does the rest (places, positions, events only the asker would know)."""
    masalah = []
    rendah = teks.casefold()
    for label, nilai in (("nama penanya", pertanyaan.nama), ("instansi penanya", pertanyaan.instansi)):
        if nilai and len(nilai.strip()) >= 3 and nilai.strip().casefold() in rendah:
            masalah.append(f"masih memuat {label} (“{nilai.strip()}”)")
    if _EMAIL.search(teks):
        masalah.append("memuat alamat e-mail")
    if _ANGKA_PANJANG.search(teks):
        masalah.append("memuat deretan angka panjang (NIP, NIK, atau nomor telepon)")
    if _TAUTAN.search(teks):
        masalah.append("memuat tautan")
    return masalah


@transaction.atomic
def terbitkan(*, pertanyaan: Pertanyaan, isi_publik: str, jawaban_publik: str, oleh) -> Pertanyaan:
    """Publish an answered question with the staff's rewrite of both texts; the original question
    and answer stay private. Publishing again replaces the public texts (its page keeps its URL)."""
    p = Pertanyaan.objects.select_for_update().get(pk=pertanyaan.pk)
    if not p.jawaban:
        raise ValidationError("Pertanyaan ini belum dijawab. Jawab dahulu sebelum menerbitkan.")
    galat = [f"Pertanyaan versi publik {m}." for m in sisa_identitas(p, isi_publik)]
    galat += [f"Jawaban versi publik {m}." for m in sisa_identitas(p, jawaban_publik)]
    if galat:
        raise ValidationError(galat)
    baru = not p.terbit
    p.isi_publik, p.jawaban_publik, p.terbit = isi_publik, jawaban_publik, True
    if baru:
        p.diterbitkan_pada = timezone.now()
    p.diterbitkan_oleh = oleh
    p.save(update_fields=["isi_publik", "jawaban_publik", "terbit", "diterbitkan_pada", "diterbitkan_oleh"])
    catat_audit(
        aktor=oleh,
        aksi=Aksi.TERBITKAN_PERTANYAAN,
        objek=f"pertanyaan #{p.pk}",
        keterangan="Diterbitkan." if baru else "Teks publik diperbarui.",
    )
    return p


@transaction.atomic
def batalkan_terbit(*, pertanyaan: Pertanyaan, oleh, alasan: str = "") -> Pertanyaan:
    """Take a question off the public list; its page answers 404 from now on. Its texts are kept,
    so it can be published again."""
    p = Pertanyaan.objects.select_for_update().get(pk=pertanyaan.pk)
    if not p.terbit:
        raise ValidationError("Pertanyaan ini tidak sedang diterbitkan.")
    p.terbit = False
    p.save(update_fields=["terbit"])
    catat_audit(
        aktor=oleh,
        aksi=Aksi.BATAL_TERBIT_PERTANYAAN,
        objek=f"pertanyaan #{p.pk}",
        keterangan=alasan or "Ditarik dari halaman publik.",
    )
    return p
