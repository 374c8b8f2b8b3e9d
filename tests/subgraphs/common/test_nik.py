"""NIK checks (subgraphs.common.nik): 16 digits, a real birth date, a known regency prefix."""

from __future__ import annotations

import random

import pytest
from graphql import GraphQLError
from stdnum.exceptions import ValidationError
from stdnum.id import nik as stdnum_nik

from subgraphs.common.nik import is_valid_nik, require_nik, require_niks


@pytest.mark.parametrize(
    "nik",
    [
        "3171011708450001",  # man born 17-08-1945, Jakarta Selatan
        "3171015708450001",  # woman: day + 40
        "3273012902000001",  # 29-02-2000, Bandung
        "3273016902960001",  # a woman born 29-02-1996
        "3171017101900001",  # day 71: a woman born 31-01-1990
        "6501011505900001",  # Bulungan, Kalimantan Utara (a province younger than stdnum's table)
        "9501016101050001",  # Jayawijaya, Papua Pegunungan (2022)
        "9402011505900001",  # Jayawijaya under its pre-2022 Papua code
    ],
)
def test_valid_niks(nik: str) -> None:
    assert is_valid_nik(nik)
    assert require_nik(nik) == nik


@pytest.mark.parametrize(
    "nik",
    [
        "",
        "317101170845000",  # 15 digits
        "31710117084500011",  # 17 digits
        "3171.01.170845.0001",  # separators are not accepted in an argument
        "3171011708450O01",  # letter O
        "".join(chr(0xFF10 + int(d)) for d in "3171011708450001"),  # full-width digits
        "3171013202450001",  # 32 February
        "3171011713450001",  # month 13
        "3211269907910001",  # day 99: stdnum takes the day modulo 40 and accepts it
        "3171018108450001",  # day 81
        "3171014008450001",  # day 40
        "3171017208450001",  # day 72: the 32nd
        "3171013104900001",  # 31 April
        "3171012902010001",  # 29 February 2001
        "9971011708450001",  # no province 99
    ],
)
def test_invalid_niks(nik: str) -> None:
    assert not is_valid_nik(nik)
    with pytest.raises(GraphQLError) as caught:
        require_nik(nik)
    assert caught.value.extensions == {"code": "INVALID_NIK"}
    assert nik not in caught.value.message or nik == ""


def test_non_strings_are_invalid() -> None:
    with pytest.raises(GraphQLError):
        require_nik(3171011708450001)


def test_require_niks_checks_every_value() -> None:
    assert require_niks(["3171011708450001"]) == ["3171011708450001"]
    with pytest.raises(GraphQLError):
        require_niks(["3171011708450001", "1"])


def test_agrees_with_stdnum_where_stdnum_knows_the_region_and_the_day() -> None:
    """stdnum takes the day modulo 40 (a day of 81-99 passes there): apart from that, the same."""
    rng = random.Random(20260101)
    for _ in range(5000):
        value = "3171" + "".join(rng.choice("0123456789") for _ in range(12))
        try:
            stdnum_nik.validate(value)
            expected = int(value[6:8]) <= 71
        except ValidationError:
            expected = False
        assert is_valid_nik(value) is expected, value
