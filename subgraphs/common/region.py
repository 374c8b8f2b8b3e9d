"""Kemendagri region codes (Permendagri 137/2017) as arguments, and the ``Region`` reference type.

Implements docs/subgraphs.md, "Regions": codes are stored undotted (province 2 digits, regency/city 4,
district 6, village 10) and accepted dotted or undotted (``31.71.01.1001`` = ``3171011001``).
Subgraphs other than identity only *refer* to regions: their ``Region`` has just the key ``code``
and is resolved by identity (``resolvable: false``).
"""

from __future__ import annotations

import re

import strawberry
from strawberry.federation.schema_directives import Key
from strawberry.federation.types import FieldSet

from subgraphs.common.errors import INVALID_REGION_CODE, client_error

__all__ = [
    "LEVEL_LENGTHS",
    "REGION_CODE_DESCRIPTION",
    "RegionReference",
    "dotted_region_code",
    "require_region_code",
]

#: Length of the undotted code at each level: province, regency/city, district, village.
LEVEL_LENGTHS: tuple[int, ...] = (2, 4, 6, 10)

#: The description of every ``Region.code`` field (identical in all subgraphs).
REGION_CODE_DESCRIPTION = "Undotted code: 2 (province), 4, 6 or 10 (village) digits."

_CODE = re.compile(r"^[0-9]{2}(?:[0-9]{2}(?:[0-9]{2}(?:[0-9]{4})?)?)?$")


def require_region_code(value: str) -> str:
    """The undotted form of ``value``, or raise ``INVALID_REGION_CODE``."""
    code = value.replace(".", "")
    if not _CODE.match(code):
        raise client_error(
            "region code must be 2, 4, 6 or 10 digits (Kemendagri code, dots allowed)",
            INVALID_REGION_CODE,
        )
    return code


def dotted_region_code(code: str) -> str:
    """``3171011001`` -> ``31.71.01.1001``."""
    return ".".join(code[start:end] for start, end in ((0, 2), (2, 4), (4, 6), (6, 10)) if start < len(code))


@strawberry.federation.type(
    name="Region",
    keys=[Key(fields=FieldSet("code"), resolvable=False)],
)
class RegionReference:
    """A Kemendagri region, resolved by the identity subgraph; here only its key."""

    code: str = strawberry.field(description=REGION_CODE_DESCRIPTION)
