"""Shared pieces of the consent-registry commands (``spbe keys``, ``spbe mandates``,
``spbe audit``): the error an operator can fix, and parsing of lists, dates and durations.

Dates on the command line are UTC: ``2027-01-31`` as a start (``--from``) means the start of
that day; as an end (``--until``, ``--expires``) it means the end of that day (the next day's
midnight, since ends are exclusive). A full ISO time (``2027-01-31T12:00:00+07:00``) is taken
as it is.
"""

from __future__ import annotations

import datetime as dt
import getpass
import re
from collections.abc import Iterable, Sequence

__all__ = [
    "RegistryError",
    "actor",
    "format_table",
    "format_time",
    "parse_duration",
    "parse_list",
    "parse_time",
]


class RegistryError(RuntimeError):
    """A registry command cannot do what was asked (unknown agency, bad scope...): one line."""


def parse_list(text: str, *, what: str, known: Iterable[str]) -> tuple[str, ...]:
    """Comma-separated values, each one of ``known`` (duplicates dropped, order kept)."""
    allowed = tuple(known)
    values: list[str] = []
    for item in text.split(","):
        value = item.strip()
        if not value:
            continue
        if value not in allowed:
            raise RegistryError(f"unknown {what} {value!r}; known: {', '.join(allowed)}")
        if value not in values:
            values.append(value)
    if not values:
        raise RegistryError(f"give at least one {what} ({', '.join(allowed)})")
    return tuple(values)


def parse_time(text: str, *, end: bool = False) -> dt.datetime:
    """A UTC time from ``YYYY-MM-DD`` or an ISO date-time (see the module docstring)."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        pass
    else:
        start = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
        return start + dt.timedelta(days=1) if end else start
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise RegistryError(f"not a date: {text!r} (use YYYY-MM-DD or an ISO date-time)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


_DURATION = re.compile(r"^(\d+)\s*([smhd]?)$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> dt.timedelta:
    """``90s``, ``30m``, ``24h``, ``7d`` (a bare number is seconds)."""
    match = _DURATION.match(text.strip().lower())
    if not match:
        raise RegistryError(f"not a duration: {text!r} (use e.g. 30m, 24h, 7d)")
    return dt.timedelta(seconds=int(match[1]) * _UNITS[match[2]])


def format_time(value: dt.datetime | None) -> str:
    """A registry time for tables: UTC to the minute, ``-`` for none."""
    if value is None:
        return "-"
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M")


def format_table(rows: Sequence[Sequence[str]]) -> str:
    """Rows (the first a header) as left-aligned columns two spaces apart."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows)
    return "\n".join(line.rstrip() for line in lines)


def actor() -> str:
    """Who runs the command, for ``created_by`` / ``revoked_by`` columns."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"spbe-cli:{user}"
