"""One key=value line per request and per Celery task, on stderr, for log collectors."""

import logging
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse

request_logger = logging.getLogger("policyhub.requests")
task_logger = logging.getLogger("policyhub.tasks")


def _quote(value: object) -> str:
    text = str(value)
    if text == "" or any(c in text for c in ' "=\n'):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    return text


class KeyValueFormatter(logging.Formatter):
    """`time=... level=info logger=... msg=... key=value ...`; the keys come from `extra={"fields": {...}}`."""

    def format(self, record: logging.LogRecord) -> str:
        pairs = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        line = " ".join(f"{key}={_quote(value)}" for key, value in pairs.items())
        if record.exc_info:
            line += " exc=" + _quote(self.formatException(record.exc_info))
        return line


def _level_for(status: int) -> int:
    if status >= 500:
        return logging.ERROR
    if status >= 400:
        return logging.WARNING
    return logging.INFO


class RequestLogMiddleware:
    """Logs method, path, status and duration of every request; first in MIDDLEWARE so the duration covers them all."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        request_logger.log(
            _level_for(response.status_code),
            "request",
            extra={"fields": {"method": request.method, "path": request.path, "status": response.status_code,
                              "duration_ms": duration_ms}},
        )
        return response


_task_started: dict[str, float] = {}
_task_errors: dict[str, str] = {}


def task_started(task_id: str, **kwargs) -> None:
    _task_started[task_id] = time.perf_counter()


def task_failed(task_id: str, exception: BaseException | None = None, **kwargs) -> None:
    _task_errors[task_id] = type(exception).__name__ if exception is not None else "unknown"


def task_finished(task_id: str, task, state: str | None = None, **kwargs) -> None:
    started = _task_started.pop(task_id, None)
    error = _task_errors.pop(task_id, None)
    if state is None:
        # No state: the task's exception is on its way out of the tracer (eager tasks that propagate errors).
        raised = sys.exc_info()[1]
        state, error = "FAILURE", type(raised).__name__ if raised is not None else "unknown"
    fields = {"task": task.name, "task_id": task_id, "state": state}
    if started is not None:
        fields["duration_ms"] = round((time.perf_counter() - started) * 1000, 1)
    if error:
        fields["error"] = error
    task_logger.log(logging.ERROR if error else logging.INFO, "task", extra={"fields": fields})


def connect_task_signals() -> None:
    """Called from policyhub/celery.py, so worker and web processes (eager tasks) log tasks alike."""
    from celery.signals import task_failure, task_postrun, task_prerun

    task_prerun.connect(task_started, weak=False, dispatch_uid="policyhub-task-started")
    task_failure.connect(task_failed, weak=False, dispatch_uid="policyhub-task-failed")
    task_postrun.connect(task_finished, weak=False, dispatch_uid="policyhub-task-finished")
