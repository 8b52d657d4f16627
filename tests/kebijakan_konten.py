"""What the Content-Security-Policy promises, checked on a response: the header is there, allows no
inline script (nor eval), no inline style; the HTML holds no script the policy would block (an
inline <script>, an on… handler, a javascript: URL) nor an inline style it would drop, and each
<style> block it does hold is allowed by its hash. Used by the public-page test and by the admin
walker of every role (tests/test_lingkup_admin.py)."""

import base64
import hashlib
from html.parser import HTMLParser

# Script types a browser does not execute: data blocks (json_script) may stay inline.
TIPE_DATA = {"application/json", "application/ld+json", "text/template", "text/plain"}
ATRIBUT_URL = {"href", "src", "action", "formaction", "xlink:href", "data"}


def kebijakan(response) -> dict[str, list[str]]:
    kepala = response.get("Content-Security-Policy", "")
    hasil = {}
    for bagian in kepala.split(";"):
        kata = bagian.split()
        if kata:
            hasil[kata[0]] = kata[1:]
    return hasil


class _Pemeriksa(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.masalah: list[str] = []
        self.gaya: list[str] = []
        self._dalam = None  # "script" or "style" while inside an inline block
        self._isi: list[str] = []

    def handle_starttag(self, tag, attrs):
        atribut = dict(attrs)
        for nama, nilai in attrs:
            if nama.startswith("on"):
                self.masalah.append(f"<{tag} {nama}=…>: penangan peristiwa inline")
            if nama == "style":
                self.masalah.append(f"<{tag} style={nilai!r}>: gaya inline")
            if nama in ATRIBUT_URL and (nilai or "").strip().lower().startswith("javascript:"):
                self.masalah.append(f"<{tag} {nama}={nilai!r}>: URL javascript:")
        if tag == "script":
            tipe = (atribut.get("type") or "").strip().lower()
            if not atribut.get("src") and tipe not in TIPE_DATA:
                self._dalam, self._isi = "script", []
        elif tag == "style":
            self._dalam, self._isi = "style", []

    def handle_data(self, data):
        if self._dalam:
            self._isi.append(data)

    def handle_endtag(self, tag):
        if tag == self._dalam == "script":
            self.masalah.append("<script> inline: " + "".join(self._isi).strip()[:80])
            self._dalam = None
        elif tag == self._dalam == "style":
            self.gaya.append("".join(self._isi))
            self._dalam = None


def hash_csp(isi: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(isi.encode()).digest()).decode() + "'"


def pelanggaran(response) -> list[str]:
    """Everything wrong with one response, as readable lines (empty: all well)."""
    masalah = []
    k = kebijakan(response)
    if not k:
        return ["tanpa header Content-Security-Policy"]
    skrip = k.get("script-src") or k.get("default-src") or []
    gaya = k.get("style-src") or k.get("default-src") or []
    for larangan in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:"):
        if larangan in skrip:
            masalah.append(f"script-src mengizinkan {larangan}")
    if "'unsafe-inline'" in gaya:
        masalah.append("style-src mengizinkan 'unsafe-inline'")
    halaman = "html" in response.get("Content-Type", "") and not getattr(response, "streaming", False)
    if halaman:
        for wajib in ("object-src", "frame-ancestors", "base-uri"):
            if k.get(wajib) != ["'none'"]:
                masalah.append(f"{wajib} bukan 'none'")
        p = _Pemeriksa()
        p.feed(response.content.decode(response.charset or "utf-8", errors="replace"))
        masalah += p.masalah
        for isi in p.gaya:
            if hash_csp(isi) not in gaya:
                masalah.append(f"<style> yang hash-nya {hash_csp(isi)} tidak ada di style-src")
    return masalah
