"""Identifier formats of the Indonesian registries, and collision-free numbering.

Implements the "identifiers" part of docs/seeding.md: NIK ``PP RR SS DDMMYY NNNN`` with 40
added to a woman's birth day, KK numbers with the same region prefix, and the keyed permutation
that turns a citizen's global index into a number (NISN, BPJS card, licence) that looks
random but can never collide.
"""

from __future__ import annotations

import datetime as dt
import math

__all__ = ["Scrambler", "add_months", "kk_number", "nik_number"]


def nik_number(district_code: str, birth_date: dt.date, female: bool, serial: int) -> str:
    """The 16-digit NIK: district of registration, birth date (day + 40 for women), serial."""
    day = birth_date.day + (40 if female else 0)
    return f"{district_code}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"


def kk_number(district_code: str, issued_on: dt.date, serial: int) -> str:
    """The 16-digit Kartu Keluarga number: district, issue date ``DDMMYY``, serial."""
    return f"{district_code}{issued_on.day:02d}{issued_on.month:02d}{issued_on.year % 100:02d}{serial:04d}"


class Scrambler:
    """A bijection of ``range(modulus)``: ``x -> (a*x + b) mod modulus``, keyed by a seed.

    Distinct inputs give distinct outputs, so numbers derived from distinct citizen indexes
    never collide, yet consecutive citizens do not get consecutive numbers.
    """

    __slots__ = ("_a", "_b", "modulus")

    def __init__(self, modulus: int, key: int) -> None:
        self.modulus = modulus
        a = (key * 2654435761 + 40503) % modulus or 1
        while math.gcd(a, modulus) != 1:
            a += 1
        self._a = a
        self._b = (key * 97 + 12345) % modulus

    def __call__(self, x: int) -> int:
        if not 0 <= x < self.modulus:
            raise ValueError("index outside the numbering space")
        return (self._a * x + self._b) % self.modulus


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, clamped to the month's end like PostgreSQL's interval."""
    m = day.month - 1 + months
    year, month = day.year + m // 12, m % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))
