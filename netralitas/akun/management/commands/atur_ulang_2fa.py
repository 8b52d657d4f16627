"""The way back in for a user who lost their second factor when no administrator can reset it in the
admin (the last administrator's own phone): run on the server, by whoever may run manage.py there."""

import getpass
import os
import socket

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from netralitas.akun.dua_faktor import aturan, services


class Command(BaseCommand):
    help = (
        "Mengatur ulang verifikasi dua langkah seorang pengguna (ponsel hilang): menghapus aplikasi "
        "autentikator dan kode cadangannya, dan mencatatnya di log audit. Pengguna mendaftarkan ponsel "
        "baru saat masuk berikutnya."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="Nama pengguna (username) yang kehilangan faktor keduanya.")
        parser.add_argument(
            "--alasan",
            default="",
            help="Alasan yang dicatat di log audit, mis. 'Ponsel administrator hilang, tiket #123'.",
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Jangan meminta konfirmasi (untuk skrip).",
        )

    def handle(self, *args, username, alasan, interactive, **options):
        User = get_user_model()
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(f"Pengguna “{username}” tidak ditemukan. Periksa ejaan username-nya.")
        alasan = " ".join(alasan.split())
        if interactive:
            self.stdout.write(
                f"Semua perangkat verifikasi dua langkah {username} akan dihapus: aplikasi autentikator "
                f"{'terdaftar' if services.punya_totp(user) else 'belum terdaftar'}, "
                f"{services.sisa_kode_cadangan(user)} kode cadangan tersisa."
            )
            try:
                if not alasan:
                    alasan = " ".join(input("Alasan (dicatat di log audit): ").split())
                setuju = input("Ketik 'ya' untuk melanjutkan: ").strip().lower() == "ya"
            except EOFError:
                raise CommandError("Tidak ada masukan untuk konfirmasi: jalankan dengan --noinput --alasan '...'.")
            if not setuju:
                raise CommandError("Dibatalkan; tidak ada yang diubah.")
        if not alasan:
            raise CommandError("Tuliskan alasannya dengan --alasan: alasan itu dicatat di log audit.")
        jalur = f"Lewat perintah server manage.py atur_ulang_2fa (akun sistem {_akun_sistem()})"
        ringkasan = services.atur_ulang(user=user, oleh=None, alasan=alasan, jalur=jalur)
        self.stdout.write(self.style.SUCCESS(f"Verifikasi dua langkah {username} diatur ulang. Dihapus: {ringkasan}."))
        self.stdout.write("Tercatat di log audit (Mengatur ulang verifikasi dua langkah).")
        if aturan.wajib(user):
            self.stdout.write(
                "Saat masuk berikutnya, sesudah kata sandi, pengguna ini langsung mendaftarkan aplikasi "
                "autentikator di ponsel baru."
            )
        else:
            self.stdout.write("Peran pengguna ini tidak mewajibkannya: ia masuk dengan kata sandi saja.")
        if not user.is_active:
            self.stdout.write(self.style.WARNING("Akun ini nonaktif: aktifkan dulu agar dapat masuk."))
        self.stdout.write(
            "Jika akun ini juga terkunci karena terlalu banyak percobaan salah, buka kuncinya dengan: "
            f"manage.py axes_reset_username {username}"
        )


def _akun_sistem() -> str:
    """Who ran the command on the server: behind `sudo posko-manage` the account that typed sudo
    (SUDO_USER), not root, which every operator becomes."""
    try:
        akun = getpass.getuser()
        pengguna_sudo = os.environ.get("SUDO_USER")
        if pengguna_sudo and pengguna_sudo != akun:
            akun = f"{pengguna_sudo} lewat sudo sebagai {akun}"
        return f"{akun}@{socket.gethostname()}"
    except (KeyError, OSError):
        return "tidak diketahui"
