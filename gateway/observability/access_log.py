"""The access log: one structured line per request on the ``gateway.access_log`` logger.

Fields: ``request_id``, ``method``, ``path`` (never the query string), ``status``,
``duration_ms``, ``operation`` (the bounded operation label, see
:func:`gateway.observability.metrics.operation_label`), ``outcome``, ``caller_kind`` and
``agency``. Never a NIK, variables, query text, token or API key: only those fields are logged.

``python -m gateway`` gives the logger its own JSON handler on stderr
(:func:`configure_access_log`); inside ``spbe up`` the records go to the project's logging
(spbe/logs.py, ``SPBE_LOG_FORMAT``) like every other line.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from spbe.logs import JsonFormatter

__all__ = ["ACCESS_LOG", "configure_access_log", "log_request"]

ACCESS_LOG = "gateway.access_log"
_log = logging.getLogger(ACCESS_LOG)


def configure_access_log() -> None:
    """JSON lines on stderr for ``gateway.access_log`` (once; not when the root logger already
    has handlers, e.g. ``spbe up``'s)."""
    if _log.handlers or logging.getLogger().handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    _log.addHandler(handler)
    _log.setLevel(logging.INFO)
    _log.propagate = False


def log_request(fields: dict[str, Any]) -> None:
    """One access-log line (``message`` is ``request``; the fields are the record's extras)."""
    if _log.isEnabledFor(logging.INFO):
        _log.info("request", extra=fields)
