"""The form of a NIK (Nomor Induk Kependudukan): 16 digits ``PP RR SS DDMMYY NNNN`` whose
``DDMMYY`` is a real birth date.

docs/subgraphs.md, "Errors" and docs/access.md, "Callers": the day is 01-31, or 41-71 for women
(day + 40); the month 01-12; the date real (29 February only in a leap year). The year has two
digits: it is read as 20YY unless that date is still to come, then 19YY (a NIK is issued after
birth), so ``290200`` is 29 February 2000, a leap day. ``python-stdnum``'s ``stdnum.id.nik`` takes
the day modulo 40, so it accepts a day of 81-99 (``3211269907910001``); this check does not. The
region prefix is the subgraphs' to check (subgraphs/common/nik.py), against the Kemendagri list.
"""

from __future__ import annotations

import datetime

__all__ = ["birth_date", "is_well_formed_nik"]


def birth_date(nik: str, today: datetime.date | None = None) -> datetime.date | None:
    """The birth date ``nik`` encodes, or None when it is not 16 ASCII digits with a real date.

    ``today`` (default: the current UTC date) decides the century."""
    if len(nik) != 16 or not nik.isascii() or not nik.isdigit():
        return None
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if day > 40:
        day -= 40
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    today = today or datetime.datetime.now(datetime.UTC).date()
    century = 2000 if (2000 + year, month, day) <= (today.year, today.month, today.day) else 1900
    try:
        return datetime.date(century + year, month, day)
    except ValueError:  # 31 April, 29 February of a common year
        return None


def is_well_formed_nik(nik: str) -> bool:
    """Whether ``nik`` is 16 ASCII digits with a real birth date (region not checked)."""
    return birth_date(nik) is not None
