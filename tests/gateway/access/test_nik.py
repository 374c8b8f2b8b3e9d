"""The form of a NIK (gateway/access/nik.py): 16 digits whose DDMMYY is a real birth date, the
day 01-31 or 41-71, the two-digit year read as the latest year not still to come."""

from __future__ import annotations

import datetime

import pytest

from gateway.access.nik import birth_date, is_well_formed_nik

TODAY = datetime.date(2026, 12, 3)


@pytest.mark.parametrize(
    ("nik", "born"),
    [
        ("3171011708450001", datetime.date(1945, 8, 17)),
        ("3171015708450001", datetime.date(1945, 8, 17)),  # a woman: day + 40
        ("3171010101000001", datetime.date(2000, 1, 1)),
        ("3171013101900001", datetime.date(1990, 1, 31)),  # day 31
        ("3171017101900001", datetime.date(1990, 1, 31)),  # day 71: a woman born on the 31st
        ("3171014101900001", datetime.date(1990, 1, 1)),  # day 41: a woman born on the 1st
        ("3273012902000001", datetime.date(2000, 2, 29)),  # 2000 is a leap year (1900 is not)
        ("3273016902960001", datetime.date(1996, 2, 29)),
        ("3273012902280001", datetime.date(1928, 2, 29)),  # 2028 is still to come
        ("3171010312260001", datetime.date(2026, 12, 3)),  # born today
        ("3171010412260001", datetime.date(1926, 12, 4)),  # tomorrow in 2026: 1926
        ("3171013112990001", datetime.date(1999, 12, 31)),
    ],
)
def test_real_birth_dates(nik: str, born: datetime.date) -> None:
    assert birth_date(nik, TODAY) == born


@pytest.mark.parametrize(
    "nik",
    [
        "3211269907910001",  # day 99 (stdnum takes the day modulo 40 and accepts it)
        "3211268107910001",  # day 81
        "3211267207910001",  # day 72 = the 32nd
        "3211264007910001",  # day 40
        "3211260007910001",  # day 00
        "3211263207910001",  # day 32
        "3211261500910001",  # month 00
        "3211261513910001",  # month 13
        "3211263104910001",  # 31 April
        "3211262902010001",  # 29 February 2001
        "3211266902970001",  # 29 February 1997, a woman
        "3211263002960001",  # 30 February
        "321126150791000",  # 15 digits
        "32112615079100011",  # 17 digits
        "3211261507910O01",  # a letter
        "".join(chr(0xFF10 + int(d)) for d in "3211261507910001"),  # full-width digits
    ],
)
def test_impossible_dates_and_forms(nik: str) -> None:
    assert birth_date(nik, TODAY) is None
    assert not is_well_formed_nik(nik)


def test_the_current_date_by_default() -> None:
    assert is_well_formed_nik("3171011708450001")
    assert birth_date("3171011708450001") == datetime.date(1945, 8, 17)
