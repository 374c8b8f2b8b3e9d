"""How an OutreachGaps answer is read (spbe/gaps.py): each gap kind alone, on hand-made answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from spbe.gaps import IMMUNIZATION_SCHEDULE, Gap, GapKind, find_gaps

ON = dt.date(2026, 8, 1)
FULL = [{"vaccine": v, "dose": d} for v, d, _ in IMMUNIZATION_SCHEDULE]


def _citizen(born: str, *, decile: int = 2, benefits: tuple[str, ...] = (), **records: Any) -> dict[str, Any]:
    return {
        "nik": "3171011708450001",
        "birthDate": born,
        "social": {
            "household": {"kk": "3171010101200001", "decile": decile},
            "benefits": [{"programme": p, "status": "ACTIVE"} for p in benefits],
        },
        "health": records.get("health", {"bpjs": {"active": True, "pbi": True}, "immunizations": FULL}),
        "education": records.get("education", {"enrollments": [{"status": "ACTIVE"}]}),
    }


@pytest.mark.parametrize(
    ("citizen", "kinds"),
    [
        (_citizen("2016-01-01"), set()),
        (
            _citizen("2016-01-01", education={"enrollments": [{"status": "GRADUATED"}]}),
            {GapKind.OUT_OF_SCHOOL},
        ),
        (_citizen("2016-01-01", benefits=("PKH",)), {GapKind.PKH_CHILD_WITHOUT_PIP}),
        (_citizen("2016-01-01", benefits=("PKH", "PIP")), set()),
        (
            _citizen("2024-01-01", health={"bpjs": None, "immunizations": FULL[:-1]}),
            {GapKind.MISSING_IMMUNIZATION},
        ),
        (_citizen("2026-07-20", health={"bpjs": None, "immunizations": [FULL[0]]}), set()),  # nothing due yet
        (
            _citizen("1980-01-01", health={"bpjs": {"active": True, "pbi": False}, "immunizations": []}),
            {GapKind.NO_PBI_JK},
        ),
        (_citizen("1980-01-01", health={"bpjs": None, "immunizations": []}), {GapKind.NO_PBI_JK}),
        (_citizen("1980-01-01"), set()),
        (
            _citizen("2016-01-01", decile=5, education={"enrollments": []}),
            set(),
        ),  # not a decile 1-4 household
    ],
)
def test_each_gap_kind(citizen: dict[str, Any], kinds: set[GapKind]) -> None:
    expected = [Gap(nik=citizen["nik"], kinds=frozenset(kinds))] if kinds else []
    assert find_gaps([citizen], ON) == expected


def test_withheld_records_are_no_gap() -> None:
    withheld = {
        "nik": "3171011708450001",
        "birthDate": None,
        "social": None,
        "health": None,
        "education": None,
    }
    assert find_gaps([withheld, None], ON) == []
