"""Guards of the project's wiring, read from the source itself: every task name enqueued anywhere and
every beat entry is a registered Celery task; every named URL reverses, and every URL name the code
and the templates use exists; the models and the migrations agree. A move or a rename that breaks
one of these fails here, not on the first request (or beat run) that takes that path."""

import ast
import importlib
import io
import itertools
import json
import os
import re
import subprocess
import sys
import uuid
from functools import cache
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.urls import NoReverseMatch, URLResolver, converters, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

AKAR = Path(settings.BASE_DIR)
PAKET = ("netralitas", "pengaduan", "sosialisasi")
# A task's registered name is its module and function: "pengaduan.tasks.buat_thumbnail".
NAMA_TASK = re.compile(r"[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*\.tasks\.[a-z_][a-z0-9_]*")
# The door that enqueues by name.
PINTU = {"netralitas.antrean.antrekan", "netralitas.antrean.kirim_sekarang", "netralitas.antrean.task_terdaftar"}
METODE_KIRIM = {"delay", "apply_async", "s", "si", "signature"}


# --- reading the source ---------------------------------------------------------------------------


def berkas_sumber() -> list[Path]:
    return sorted(
        p for paket in PAKET for p in (AKAR / paket).rglob("*.py") if "migrations" not in p.relative_to(AKAR).parts
    )


@cache
def pohon(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def nama_modul(path: Path) -> str:
    bagian = list(path.relative_to(AKAR).with_suffix("").parts)
    if bagian[-1] == "__init__":
        bagian.pop()
    return ".".join(bagian)


@cache
def impor_dalam(path: Path) -> dict[str, str]:
    """What each name the file imports stands for, function-local imports included:
    {"tasks": "pengaduan.tasks", "antrekan": "netralitas.antrean.antrekan", ...}."""
    modul = nama_modul(path)
    paket = modul if path.name == "__init__.py" else modul.rpartition(".")[0]
    alias = {}
    for node in ast.walk(pohon(path)):
        if isinstance(node, ast.Import):
            for a in node.names:
                alias[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            asal = node.module or ""
            if node.level:
                dasar = paket.split(".")[: len(paket.split(".")) - node.level + 1]
                asal = ".".join([*dasar, asal] if asal else dasar)
            for a in node.names:
                alias[a.asname or a.name] = f"{asal}.{a.name}"
    return alias


def rantai(node) -> list[str] | None:
    """`a.b.c` as ["a", "b", "c"]; None for anything else (a call's result, a subscript)."""
    bagian = []
    while isinstance(node, ast.Attribute):
        bagian.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return [node.id, *reversed(bagian)]


def nama_lengkap(path: Path, nama: list[str]) -> str:
    """The dotted path a chain stands for in the file: through its imports, else the module's own."""
    alias = impor_dalam(path)
    akar = alias.get(nama[0], f"{nama_modul(path)}.{nama[0]}")
    return ".".join([akar, *nama[1:]])


def _impor(dotted: str):
    """A module, or a module's attribute (a chain of them), by its dotted path."""
    bagian = dotted.split(".")
    for i in range(len(bagian), 0, -1):
        try:
            objek = importlib.import_module(".".join(bagian[:i]))
        except ImportError:
            continue
        for a in bagian[i:]:
            objek = getattr(objek, a)
        return objek
    raise ImportError(dotted)


class Pemindai(ast.NodeVisitor):
    """Every call in a file, with the parameters of the functions around it."""

    def __init__(self):
        self.parameter: list[set[str]] = [set()]
        self.panggilan: list[tuple[ast.Call, set[str]]] = []

    def visit_FunctionDef(self, node):
        a = node.args
        nama = {x.arg for x in [*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg] if x is not None}
        self.parameter.append(self.parameter[-1] | nama)
        self.generic_visit(node)
        self.parameter.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Call(self, node):
        self.panggilan.append((node, self.parameter[-1]))
        self.generic_visit(node)


@cache
def panggilan(path: Path) -> list[tuple[ast.Call, set[str]]]:
    p = Pemindai()
    p.visit(pohon(path))
    return p.panggilan


# --- tasks ------------------------------------------------------------------------------------------


@cache
def registri() -> tuple[frozenset[str], frozenset[str]]:
    """The registered task names in a fresh process: as a web process has them after django.setup()
    (what each app's ready() imported: the names `antrekan` can enqueue), and as a worker has them
    (after Celery's autodiscovery of every app's tasks module: what the beat can run)."""
    kode = (
        "import json, django\n"
        "django.setup()\n"
        "from netralitas.celery import app\n"
        "web = sorted(app.tasks)\n"
        "app.loader.import_default_modules()\n"
        "print(json.dumps([web, sorted(app.tasks)]))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "netralitas.settings"}
    hasil = subprocess.run(
        [sys.executable, "-c", kode], cwd=AKAR, env=env, capture_output=True, text=True, timeout=120, check=True
    )
    web, pekerja = json.loads(hasil.stdout.strip().splitlines()[-1])
    return frozenset(web), frozenset(pekerja)


def test_setiap_nama_task_di_kode_terdaftar_di_proses_web():
    """Every task name written in the code (what `antrekan` and the sweeps enqueue by name) is
    registered in a web process, where nothing but the apps' ready() imported the tasks."""
    web, _ = registri()
    dipakai = {}
    for path in berkas_sumber():
        if path == AKAR / "netralitas" / "settings.py":
            continue  # the beat's names: the worker's (below)
        for node in ast.walk(pohon(path)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and NAMA_TASK.fullmatch(node.value):
                dipakai.setdefault(node.value, f"{path.relative_to(AKAR)}:{node.lineno}")
    assert dipakai, "no task name found in the code: the scan is broken"
    assert {n: tempat for n, tempat in dipakai.items() if n not in web} == {}


def konstanta_modul(path: Path) -> dict[str, str]:
    """The module's names bound once, at its top level, to a string written out (`KIRIM = "..."`)."""
    hasil = {}
    for node in pohon(path).body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            hasil[node.targets[0].id] = node.value.value
    return hasil


def test_antrekan_selalu_dengan_nama_tertulis():
    """`antrekan(...)`, `kirim_sekarang(...)` and `task_terdaftar(...)` take a task name written out
    in the call or in a constant of the module (`BUAT_THUMBNAIL = "pengaduan.tasks.buat_thumbnail"`),
    or a parameter of the function around them that its callers fill with one (a shared helper):
    never a name put together at run time, which the check above could not read."""
    salah = []
    for path in berkas_sumber():
        konstanta = konstanta_modul(path)
        for node, parameter in panggilan(path):
            nama = rantai(node.func)
            if nama is None or nama_lengkap(path, nama) not in PINTU or not node.args:
                continue
            arg = node.args[0]
            tertulis = isinstance(arg, ast.Constant) and isinstance(arg.value, str) and NAMA_TASK.fullmatch(arg.value)
            diteruskan = isinstance(arg, ast.Name) and arg.id in parameter
            tetap = isinstance(arg, ast.Name) and NAMA_TASK.fullmatch(konstanta.get(arg.id, ""))
            if not (tertulis or diteruskan or tetap):
                salah.append(f"{path.relative_to(AKAR)}:{node.lineno}: {ast.unparse(node)}")
    assert salah == []


def test_setiap_delay_dan_apply_async_pada_task_terdaftar():
    """`x.delay(...)` / `x.apply_async(...)` where `x` is a module's name (an imported task, a task
    of the same module): it exists and is a registered task. A local variable holding a task (the
    one `antrekan` looked up by name) is the door's business and checked above."""
    _, pekerja = registri()
    salah = []
    for path in berkas_sumber():
        for node, parameter in panggilan(path):
            if not (isinstance(node.func, ast.Attribute) and node.func.attr in METODE_KIRIM):
                continue
            nama = rantai(node.func.value)
            if nama is None or nama[0] in parameter:
                continue
            alias = impor_dalam(path)
            if nama[0] not in alias:
                modul = importlib.import_module(nama_modul(path))
                if not hasattr(modul, nama[0]):
                    continue  # a local variable
            tempat = f"{path.relative_to(AKAR)}:{node.lineno}: {ast.unparse(node.func)}"
            try:
                task = _impor(nama_lengkap(path, nama))
            except (ImportError, AttributeError) as e:
                salah.append(f"{tempat}: {e}")
                continue
            if getattr(task, "name", None) not in pekerja:
                salah.append(f"{tempat}: not a registered task")
    assert salah == []


def test_setiap_jadwal_beat_adalah_task_terdaftar():
    _, pekerja = registri()
    jadwal = {kunci: j["task"] for kunci, j in settings.CELERY_BEAT_SCHEDULE.items()}
    assert jadwal
    assert {kunci: nama for kunci, nama in jadwal.items() if nama not in pekerja} == {}


# --- URLs ----------------------------------------------------------------------------------------------

CONTOH_KONVERTER = {
    converters.IntConverter: [1],
    converters.StringConverter: ["x"],
    converters.SlugConverter: ["x"],
    converters.UUIDConverter: [uuid.UUID(int=1)],
    converters.PathConverter: ["x/y"],
}


def _calon_regex() -> list[str]:
    # A regex group (the admin's app_label and view-on-site patterns): these cover what ours hold.
    return ["1", "x", *(a.label for a in apps.get_app_configs())]


def _parameter(pattern) -> list[tuple[str, list]]:
    if isinstance(pattern, RoutePattern):
        hasil = []
        for nama, konverter in pattern.converters.items():
            if type(konverter) not in CONTOH_KONVERTER:
                pytest.fail(f"No sample value for the converter {type(konverter).__name__} of {pattern}: add one.")
            hasil.append((nama, CONTOH_KONVERTER[type(konverter)]))
        return hasil
    assert isinstance(pattern, RegexPattern), pattern
    if pattern.regex.groups > len(pattern.regex.groupindex):
        pytest.fail(f"Unnamed group in {pattern}: name it, so reverse() takes keyword arguments.")
    return [(nama, _calon_regex()) for nama in pattern.regex.groupindex]


def pola_bernama(patterns=None, awalan="", parameter=()):
    """(full name, its parameters with sample values) of every named URL pattern."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = f"{awalan}{p.namespace}:" if p.namespace else awalan
            yield from pola_bernama(p.url_patterns, ns, (*parameter, *_parameter(p.pattern)))
        elif p.name:
            yield awalan + p.name, (*parameter, *_parameter(p.pattern))


def test_setiap_url_bernama_dapat_dibalik():
    gagal = []
    semua = list(pola_bernama())
    assert any(n == "statistik:halaman" for n, _ in semua) and any(n.startswith("admin:") for n, _ in semua)
    for nama, parameter in semua:
        kunci = [k for k, _ in parameter]
        for nilai in itertools.product(*(calon for _, calon in parameter)):
            try:
                reverse(nama, kwargs=dict(zip(kunci, nilai, strict=True)))
                break
            except NoReverseMatch:
                continue
        else:
            gagal.append(nama)
    assert gagal == []


URL_TEMPLATE = re.compile(r"""{%\s*url\s+(['"])([^'"]+)\1""")
NAMA_URL = re.compile(r"[A-Za-z0-9_-]+(:[A-Za-z0-9_-]+)*")
PEMBALIK = {"reverse", "reverse_lazy", "redirect", "resolve_url"}


def _nama_url_tertulis(arg) -> str | None:
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return arg.value if NAMA_URL.fullmatch(arg.value) else None
    # f"{self.admin_site.name}:pengaduan_pengaduan_change": the portal has one admin site, "admin".
    if isinstance(arg, ast.JoinedStr) and len(arg.values) == 2:
        awal, sisa = arg.values
        if (
            isinstance(awal, ast.FormattedValue)
            and ast.unparse(awal.value).endswith("admin_site.name")
            and isinstance(sisa, ast.Constant)
            and NAMA_URL.fullmatch("admin" + sisa.value)
        ):
            return "admin" + sisa.value
    return None


def test_setiap_nama_url_yang_dipakai_ada():
    """Every URL name the templates (`{% url "..." %}`) and the code (reverse, redirect) write out
    names a pattern: a renamed or moved URL fails here, not on the page that links to it."""
    ada = {nama for nama, _ in pola_bernama()}
    dipakai = {}
    for path in sorted((AKAR / "templates").rglob("*")):
        if path.suffix in (".html", ".txt"):
            for m in URL_TEMPLATE.finditer(path.read_text(encoding="utf-8")):
                dipakai.setdefault(m.group(2), str(path.relative_to(AKAR)))
    for path in berkas_sumber():
        for node, _ in panggilan(path):
            nama = rantai(node.func)
            if nama and nama[-1] in PEMBALIK and node.args:
                url = _nama_url_tertulis(node.args[0])
                if url:
                    dipakai.setdefault(url, f"{path.relative_to(AKAR)}:{node.lineno}")
    assert "statistik:halaman" in dipakai and "admin:pengaduan_pengaduan_change" in dipakai
    assert {n: tempat for n, tempat in dipakai.items() if n not in ada} == {}


# --- migrations -------------------------------------------------------------------------------------


def test_model_dan_migrasi_selaras(db):
    """`makemigrations --check`: a model changed without its migration (or a model moved between
    apps) fails the suite."""
    keluaran = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=keluaran, stderr=keluaran)
    except SystemExit:
        pytest.fail(f"Models and migrations disagree:\n{keluaran.getvalue()}")
