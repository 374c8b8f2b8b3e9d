"""Birth dates and ages read from a NIK (subgraphs/common/birth.py)."""

from __future__ import annotations

import datetime

import pytest

from subgraphs.common.birth import age_on, birth_date
from tests.subgraphs.harness import make_nik

ON = datetime.date(2026, 12, 3)


@pytest.mark.parametrize(
    ("born", "female"),
    [
        (datetime.date(2024, 2, 29), False),
        (datetime.date(2026, 12, 3), True),
        (datetime.date(2026, 12, 2), False),
        (datetime.date(1927, 12, 4), True),  # 20-27 would be in the future: 19-27
        (datetime.date(1970, 1, 1), True),
        (datetime.date(2000, 2, 29), False),
    ],
)
def test_the_birth_date_comes_back_from_the_nik(born: datetime.date, female: bool) -> None:
    assert birth_date(make_nik(born, female, 7), ON) == born


def test_ages_on_a_day() -> None:
    assert age_on(datetime.date(2021, 12, 3), ON) == 5
    assert age_on(datetime.date(2021, 12, 4), ON) == 4
    assert age_on(datetime.date(2008, 12, 4), ON) == 17


def test_a_centenarian_reads_a_century_younger() -> None:
    """The NIK has no century: documented, and the same rule as the statistics (docs/statistics.md)."""
    assert birth_date(make_nik(datetime.date(1925, 1, 1), False, 1), ON) == datetime.date(2025, 1, 1)


@pytest.mark.parametrize("nik", ["3171013104800001", "3171010013800001", "31710101x1800001", "3171"])
def test_digits_that_are_no_date_give_none(nik: str) -> None:
    assert birth_date(nik, ON) is None
