"""`manage.py periksa_kunci_identitas`: before anything is served, prove that the configured
IDENTITAS_KEY reads every encrypted identity in the database.

Run by the web and worker units (ExecStartPre), the container entrypoint and CI's production test.
A key removed from IDENTITAS_KEY while values still need it is found here, at start, and not by
the first member of staff who opens an identity page. Exit codes: 0 every key id in use is
configured and decrypts a sample; 1 otherwise (the message lists the ids)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from netralitas import enkripsi


class Command(BaseCommand):
    help = (
        "Memeriksa bahwa setiap id kunci yang dipakai kolom identitas terenkripsi ada di IDENTITAS_KEY, dan "
        "bahwa setiap kunci itu benar-benar mendekripsi satu contoh nilai. Dijalankan sebelum web dan worker mulai."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    @staticmethod
    def _awalan(connection, tabel: str, kolom: list[str]) -> list[tuple[str, str]]:
        """(column, distinct prefix) pairs: on PostgreSQL one scan of the table for all its encrypted
        columns (a LATERAL VALUES), elsewhere one per column."""
        q = connection.ops.quote_name
        n = enkripsi.PANJANG_AWALAN
        with connection.cursor() as c:
            if connection.vendor == "postgresql":
                nilai = ", ".join(f"('{k}', substr({q(k)}, 1, {n}))" for k in kolom)
                c.execute(
                    f"SELECT DISTINCT x.k, x.a FROM {q(tabel)} CROSS JOIN LATERAL (VALUES {nilai}) AS x(k, a) "
                    "WHERE x.a IS NOT NULL AND x.a <> ''"
                )
                return sorted(c.fetchall())
            hasil = []
            for k in kolom:
                c.execute(
                    f"SELECT DISTINCT substr({q(k)}, 1, {n}) FROM {q(tabel)} WHERE {q(k)} IS NOT NULL AND {q(k)} <> ''"
                )
                hasil += [(k, r[0]) for r in c.fetchall()]
            return sorted(hasil)

    def handle(self, *args, database, **options):
        connection = connections[database]
        terbaru, cincin = enkripsi.cincin()
        q = connection.ops.quote_name
        dipakai: dict[str, list[str]] = {}
        gagal: list[str] = []
        diperiksa = 0
        ada = set(connection.introspection.table_names())
        belum = [t for t, _ in enkripsi.kolom_terenkripsi() if t not in ada]
        if belum:
            raise CommandError(
                f"Tabel {', '.join(belum)} belum ada: jalankan `posko-manage migrate` (manage.py migrate) dulu."
            )
        for tabel, kolom in enkripsi.kolom_terenkripsi():
            for k, awalan in self._awalan(connection, tabel, kolom):
                with connection.cursor() as c:
                    if not enkripsi.terenkripsi(awalan + "x"):
                        gagal.append(f"{tabel}.{k}: ada nilai yang tidak terenkripsi (awalan {awalan[:4]!r}…)")
                        continue
                    kid = enkripsi.kid_dari(awalan + "x")
                    dipakai.setdefault(kid, []).append(f"{tabel}.{k}")
                    if kid not in cincin:
                        continue
                    c.execute(
                        f"SELECT {q(k)} FROM {q(tabel)} WHERE substr({q(k)}, 1, %s) = %s LIMIT 1",
                        [enkripsi.PANJANG_AWALAN, awalan],
                    )
                    contoh = c.fetchone()[0]
                    try:
                        enkripsi.dekripsi(contoh, tabel=tabel, kolom=k)
                        diperiksa += 1
                    except enkripsi.GalatDekripsi as e:
                        gagal.append(str(e))
        hilang = sorted(kid for kid in dipakai if kid not in cincin)
        for kid in hilang:
            kolom = ", ".join(sorted(set(dipakai[kid])))
            gagal.append(
                f"Id kunci {kid} dipakai di {kolom}, tetapi tidak ada kunci IDENTITAS_KEY dengan id itu: kunci itu "
                "dihapus (atau diganti) sementara data masih membutuhkannya. Kembalikan kunci itu ke IDENTITAS_KEY "
                "(di belakang kunci terbaru), lalu jalankan `manage.py enkripsi_ulang_identitas` sebelum menghapusnya."
            )
        dikonfigurasi = ", ".join(f"{kid}{' (terbaru)' if kid == terbaru else ''}" for kid in cincin)
        if gagal:
            raise CommandError(
                "Pemeriksaan kunci identitas GAGAL; portal tidak boleh dijalankan:\n- "
                + "\n- ".join(gagal)
                + f"\nKunci yang dikonfigurasi (IDENTITAS_KEY): {dikonfigurasi}."
            )
        lama = sorted(kid for kid in dipakai if kid != terbaru)
        self.stdout.write(
            self.style.SUCCESS(
                f"Kunci identitas baik: id kunci dipakai {', '.join(sorted(dipakai)) or '(belum ada data)'}; "
                f"dikonfigurasi {dikonfigurasi}; {diperiksa} contoh didekripsi."
            )
        )
        if lama:
            self.stdout.write(
                f"  Masih ada nilai di bawah kunci lama ({', '.join(lama)}): jalankan "
                "`manage.py enkripsi_ulang_identitas` sebelum kunci lama dihapus."
            )
