"""NIK/KK formats, the collision-free numbering and month arithmetic (spbe.seed.identifiers)."""

from __future__ import annotations

import datetime as dt

import pytest
from stdnum.id import nik as stdnum_nik

from spbe.seed.identifiers import Scrambler, add_months, kk_number, nik_number


def test_nik_adds_40_to_a_womans_birth_day() -> None:
    born = dt.date(1990, 3, 7)
    assert nik_number("317101", born, True, 1) == "3171014703900001"
    assert nik_number("317101", born, False, 12) == "3171010703900012"
    assert stdnum_nik.get_birth_date("3171014703900001") == born


def test_kk_number_has_region_prefix_and_16_digits() -> None:
    kk = kk_number("320101", dt.date(2019, 11, 5), 3)
    assert kk == "3201010511190003"
    assert len(kk) == 16


@pytest.mark.parametrize("modulus", [10, 97, 1000, 9999 * 26**3 // 1000])
def test_scrambler_is_a_bijection(modulus: int) -> None:
    scramble = Scrambler(modulus, key=5)
    assert sorted(scramble(x) for x in range(modulus)) == list(range(modulus))


def test_scrambler_does_not_number_consecutively_and_refuses_overflow() -> None:
    scramble = Scrambler(10_000, key=1)
    assert [scramble(x) for x in range(3)] != [scramble(0) + i for i in range(3)]
    with pytest.raises(ValueError):
        scramble(10_000)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 1, 15), 6, dt.date(2026, 7, 15)),
        (dt.date(2025, 8, 31), 6, dt.date(2026, 2, 28)),
        (dt.date(2023, 8, 31), 6, dt.date(2024, 2, 29)),
        (dt.date(2025, 12, 31), 60, dt.date(2030, 12, 31)),
        (dt.date(2025, 7, 1), -1, dt.date(2025, 6, 1)),
    ],
)
def test_add_months_clamps_like_postgresql(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected
