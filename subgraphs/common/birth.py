"""A citizen's birth date and age read from their NIK, for services that hold no birth date.

Implements docs/social.md, "The gap view": health and social know a citizen by NIK
only; its digits 7-12 are the birth date ``DDMMYY`` (day + 40 for women; docs/subgraphs.md,
"Errors"). The century is not written: a citizen is born in 20YY unless that day is after the
reference day, then in 19YY (the rule of docs/statistics.md), so an age of 100 or more reads as
that age minus 100.
"""

from __future__ import annotations

import datetime

__all__ = ["age_on", "birth_date"]


def birth_date(nik: str, on: datetime.date) -> datetime.date | None:
    """The birth date a NIK gives, as of ``on``; ``None`` when its date digits are not a date."""
    digits = nik[6:12]
    if len(digits) != 6 or not digits.isdigit():
        return None
    day, month, year = int(digits[:2]) % 40, int(digits[2:4]), int(digits[4:])
    for century in (2000, 1900):
        try:
            born = datetime.date(century + year, month, day)
        except ValueError:
            continue
        if born <= on or century == 1900:
            return born
    return None


def age_on(born: datetime.date, on: datetime.date) -> int:
    """Completed years of age on ``on``."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
