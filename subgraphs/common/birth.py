"""A citizen's birth date and age read from their NIK, for services that hold no birth date.

Implements docs/social.md, "The gap view": health and social know a citizen by NIK
only; its digits 7-12 are the birth date ``DDMMYY`` (day + 40 for women; docs/subgraphs.md,
"Errors"). The century is not written: a citizen is born in 20YY unless that day is after the
reference day, then in 19YY (the rule of docs/statistics.md), so an age of 100 or more reads as
that age minus 100.
"""

from __future__ import annotations

import datetime

from gateway.access.nik import birth_date

__all__ = ["age_on", "birth_date"]


def age_on(born: datetime.date, on: datetime.date) -> int:
    """Completed years of age on ``on``."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
