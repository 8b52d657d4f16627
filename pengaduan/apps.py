from django.apps import AppConfig

NAMA_BERKAS_PENGGANTI = "berkas"


class PengaduanConfig(AppConfig):
    name = "pengaduan"
    verbose_name = "Pengaduan netralitas ASN"

    def ready(self):
        from django.http import multipartparser

        # Django reads each part's headers of an upload in one chunk of at most 1 KiB
        # (multipartparser.MAX_TOTAL_HEADER_SIZE; since Django ticket #34968 it refuses more with a
        # bare 400 before any view runs, and the reporter's whole form is lost). A phone's
        # file name alone can pass that: 255 characters of a non-Latin script are 765 bytes, and
        # browsers escape quotes as %22. 8 KiB holds any name a file system allows, still bounded;
        # the name itself is cut to 255 characters by Django and to 120 for display (berkas.nama_tampilan).
        multipartparser.MAX_TOTAL_HEADER_SIZE = max(multipartparser.MAX_TOTAL_HEADER_SIZE, 8 * 1024)
        # Django drops a file whose name has no printable character left (a code point newer than
        # Python's Unicode tables, "..", "a/."): the reporter's evidence would vanish without a word.
        # The name is cosmetic and the content is what is checked, so such a file keeps a plain name.
        if not getattr(multipartparser.MultiPartParser.sanitize_file_name, "nama_pengganti", False):
            asli = multipartparser.MultiPartParser.sanitize_file_name

            def sanitize_file_name(parser, file_name):
                return asli(parser, file_name) or NAMA_BERKAS_PENGGANTI

            sanitize_file_name.nama_pengganti = True
            multipartparser.MultiPartParser.sanitize_file_name = sanitize_file_name

        from netralitas.berkas import daftarkan_heif

        daftarkan_heif()
        # The task names services enqueue (netralitas.antrean) exist once the tasks are imported.
        # tenggat and kantor connect the receivers that drop their rule caches. A reviewer who
        # accepts Bawaslu's invitation is told of the agency's open cases.
        from netralitas.akun.undangan.sinyal import peninjau_bergabung

        from . import kantor, tasks, tenggat  # noqa: F401
        from .tindak_lanjut.services import beri_tahu_peninjau_baru

        peninjau_bergabung.connect(beri_tahu_peninjau_baru, dispatch_uid="pengaduan-peninjau-bergabung")
