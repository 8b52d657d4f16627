"""Logs as one JSON object a line, each carrying the id of the request (or task) it belongs to.

The request id comes from an incoming `X-Request-ID` when it looks like one (nginx's $request_id,
a load balancer's UUID), else is made here; it goes back in the response's `X-Request-ID`, is on
every log line written while the request runs, and travels with every Celery task the request
enqueues: as a message header (`before_task_publish`), which the worker puts back in place for the
task's own log lines (`task_prerun`). One id then finds a report's request in the web log and the
thumbnails, e-mails and metadata stripping it caused in the worker's.

The id is held in a ContextVar: one value per thread (gunicorn's sync workers, runserver's threads)
and per eager task. It is set by the middleware and cleared when the response is finished, after
Django has logged a 4xx/5xx for the request (`django.request` logs outside the middleware chain).
"""

import contextvars
import logging
import re
import uuid

from django.core.signals import request_finished

HEADER = "X-Request-ID"
HEADER_META = "HTTP_X_REQUEST_ID"
# The message header that carries the id to the worker.
HEADER_TUGAS = "request_id"
# What an id may look like when a client or proxy sends one: nginx's 32 hex characters, a UUID, a
# load balancer's token. Anything else (too long, spaces, quotes, newlines that would forge a log
# line) is replaced by a fresh id, never copied into the log.
POLA_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,63}")

_id_permintaan: contextvars.ContextVar[str | None] = contextvars.ContextVar("id_permintaan", default=None)


def id_sekarang() -> str | None:
    return _id_permintaan.get()


def id_dari_header(nilai: str | None) -> str:
    if nilai and POLA_ID.fullmatch(nilai):
        return nilai
    return uuid.uuid4().hex


class MiddlewareIdPermintaan:
    """First in MIDDLEWARE: every later middleware's log lines carry the id too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        id_permintaan = id_dari_header(request.META.get(HEADER_META))
        _id_permintaan.set(id_permintaan)
        request.id_permintaan = id_permintaan
        response = self.get_response(request)
        response[HEADER] = id_permintaan
        return response


def _lepas_id(**kwargs):
    _id_permintaan.set(None)


request_finished.connect(_lepas_id, dispatch_uid="netralitas.pencatatan.lepas_id")


class FilterKonteks(logging.Filter):
    """Adds request_id (and, inside a Celery task, task_id and task_name) to every record a handler
    writes; the formatters print them."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _id_permintaan.get()
        tugas = _tugas_sekarang()
        record.task_id = getattr(tugas.request, "id", None) if tugas else None
        record.task_name = tugas.name if tugas else None
        return True


def _tugas_sekarang():
    from celery import current_task

    try:
        return current_task if current_task and current_task.request.id else None
    except Exception:  # no app finalised yet (a log line written while the app is loading)
        return None


# --- Celery: the id rides in the message headers, and is put back in the worker ------------------

_token_tugas: dict[str, contextvars.Token] = {}


def bawa_ke_pesan(headers=None, **kwargs):
    """before_task_publish: the publishing request's id goes into the task message's headers."""
    id_permintaan = _id_permintaan.get()
    if id_permintaan and headers is not None:
        headers.setdefault(HEADER_TUGAS, id_permintaan)


def pasang_di_tugas(task_id=None, task=None, **kwargs):
    """task_prerun: the id of the request that enqueued the task, from its message header (in a
    worker; Celery exposes message headers as attributes of task.request) or from the headers of
    apply(); an eager task inside a request keeps the request's own id."""
    permintaan = task.request if task is not None else None
    id_permintaan = getattr(permintaan, HEADER_TUGAS, None) or (getattr(permintaan, "headers", None) or {}).get(
        HEADER_TUGAS
    )
    if id_permintaan is not None and not (isinstance(id_permintaan, str) and POLA_ID.fullmatch(id_permintaan)):
        id_permintaan = None
    if task_id:
        _token_tugas[task_id] = _id_permintaan.set(id_permintaan or _id_permintaan.get())


def lepas_dari_tugas(task_id=None, **kwargs):
    """task_postrun: back to what was there before (the request's id for an eager task, none in a
    worker between tasks)."""
    token = _token_tugas.pop(task_id, None) if task_id else None
    if token is not None:
        try:
            _id_permintaan.reset(token)
        except ValueError:  # set in another context (a pool thread); nothing of ours to undo there
            _id_permintaan.set(None)


# --- Formats ------------------------------------------------------------------------------------

# Django's request loggers attach the request object itself; its repr adds nothing the id does not.
_ATRIBUT_DILEWATI = ("request", "server_time")


def formatter_json() -> dict:
    """One JSON object per line: time, level, logger, message, request_id, task_id, task_name, and
    the traceback of an exception."""
    from pythonjsonlogger.core import RESERVED_ATTRS

    return {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s %(task_id)s %(task_name)s",
        # UTC, ISO 8601: log stores compare lines of several machines.
        "timestamp": "waktu",
        "rename_fields": {"levelname": "level", "name": "logger"},
        "reserved_attrs": [*RESERVED_ATTRS, *_ATRIBUT_DILEWATI],
        "json_ensure_ascii": False,
    }


def formatter_teks() -> dict:
    return {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
