"""Request ids: one id per web request, on the response, on every log record and on the Celery jobs the
request starts, so one line of a log leads to everything the same click caused, on any replica or worker.

- `RequestIdMiddleware` (first in MIDDLEWARE) takes the caller's `X-Request-ID` (nginx sets it) when it
  is well-formed, or makes one, and answers with it (and with `X-Served-By`, the instance's name).
- `RequestIdFilter` puts `record.request_id` on every log record a handler writes ("-" outside a request).
- `JsonFormatter`: one JSON object a line (production settings; `LOG_FORMAT=text` for plain lines).
- Celery: `before_task_publish` copies the current id into the message headers; the worker's
  `task_prerun` makes it the current id while the job runs (`connect_celery_signals`, from CoreConfig).
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import re
import uuid
from datetime import UTC, datetime

from django.conf import settings

HEADER = "X-Request-ID"
CELERY_HEADER = "request_id"
_VALID = re.compile(r"^[A-Za-z0-9._:@+=/-]{1,128}$")
_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("dt_request_id", default=None)


def current_request_id() -> str | None:
    return _current.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


def clean_request_id(value: str | None) -> str | None:
    """The caller's id if it is safe to log and echo (no spaces, quotes or control characters), else None."""
    if value and _VALID.match(value):
        return value
    return None


@contextlib.contextmanager
def request_id_scope(value: str | None):
    """Make `value` the current request id inside the block (a new one when None)."""
    token = _current.set(value or new_request_id())
    try:
        yield _current.get()
    finally:
        _current.reset(token)


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.instance = getattr(settings, "INSTANCE_NAME", "")

    def __call__(self, request):
        request_id = clean_request_id(request.headers.get(HEADER)) or new_request_id()
        request.request_id = request_id
        # Set, not scoped: Django logs a 4xx/5xx ("Not Found: ...") after the middleware chain returns;
        # request_finished (when the response is closed) clears it.
        _current.set(request_id)
        response = self.get_response(request)
        response.headers[HEADER] = request_id
        if self.instance:
            response.headers["X-Served-By"] = self.instance
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = current_request_id() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, request_id, and the
    traceback under `exc` when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or current_request_id() or "-",
            "process": record.process,
        }
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


# --- Celery -----------------------------------------------------------------------------------------


def _on_publish(headers=None, **kwargs):
    request_id = current_request_id()
    if request_id and headers is not None and not headers.get(CELERY_HEADER):
        headers[CELERY_HEADER] = request_id


_task_tokens: dict[str, contextvars.Token] = {}


def _on_prerun(task_id=None, task=None, **kwargs):
    request = getattr(task, "request", None)
    value = None
    if request is not None:
        value = clean_request_id(
            getattr(request, CELERY_HEADER, None) or (request.headers or {}).get(CELERY_HEADER)
        )
    if value is None and current_request_id():
        return  # an eager job inside a request: it already runs under the request's id
    _task_tokens[task_id] = _current.set(value or f"task-{task_id}")


def _on_postrun(task_id=None, **kwargs):
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        with contextlib.suppress(ValueError):
            _current.reset(token)


def _on_request_finished(**kwargs):
    _current.set(None)


def connect_request_signals() -> None:
    from django.core.signals import request_finished

    request_finished.connect(_on_request_finished, weak=False, dispatch_uid="dt_request_id_finished")


def connect_celery_signals() -> None:
    from celery.signals import before_task_publish, task_postrun, task_prerun

    before_task_publish.connect(_on_publish, weak=False, dispatch_uid="dt_request_id_publish")
    task_prerun.connect(_on_prerun, weak=False, dispatch_uid="dt_request_id_prerun")
    task_postrun.connect(_on_postrun, weak=False, dispatch_uid="dt_request_id_postrun")
