"""Cohorts as pseudonyms and the counts made against them (subgraphs/common/cohort.py;
docs/statistics.md, "Gaps across services"): hand-made cohorts, no database."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLError

from subgraphs.common.cohort import (
    CohortCell,
    CohortMember,
    block_cells,
    block_table,
    cohort_cells,
    published_totals,
    read_cohort,
    statistics_region,
)


def _cell(regency: str, band: str, members: int, pending: int = 0) -> CohortCell:
    return CohortCell(
        regency_code=regency,
        band=band,
        pending=pending,
        members=[f"{regency}-{band}-{n}" for n in range(members)],
    )


def _served(cohort: list[CohortCell], gap: dict[tuple[str, str], int]) -> set[str]:
    """Everybody served except the first ``gap[(regency, band)]`` members of each cell."""
    return {
        name
        for cell in cohort
        for name in cell.members[gap.get((cell.regency_code, cell.band), 0) :]
    }


def test_cells_group_by_regency_and_band_and_name_only_those_who_can_have_the_gap() -> None:
    members = [
        CohortMember(nik="3273010101100002", band="13-15"),
        CohortMember(nik="3273010101150001", band="7-12"),
        CohortMember(nik="3273010101150003", band="7-12", pending=True),
        CohortMember(nik="3201010101150001", band="7-12"),
    ]
    cells = cohort_cells(members, lambda nik: f"p{nik[-1]}{nik[:4]}")
    assert [(c.regency_code, c.band, c.pending, c.members) for c in cells] == [
        ("3201", "7-12", 0, ["p13201"]),
        ("3273", "7-12", 1, ["p13273"]),
        ("3273", "13-15", 0, ["p23273"]),
    ]


def test_members_are_sent_sorted_whatever_the_order_of_the_niks() -> None:
    members = [CohortMember(nik=f"32730101011500{n:02d}", band="7-12") for n in range(20)]
    cells = cohort_cells(members, lambda nik: str(hash(nik) % 1000).zfill(3))
    assert cells[0].members == sorted(cells[0].members)


def test_the_table_counts_the_unserved_over_everybody_and_rolls_up() -> None:
    cohort = [_cell("7371", "7-12", 30), _cell("7371", "13-15", 20, pending=2), _cell("7372", "7-12", 25)]
    served = _served(cohort, {("7371", "7-12"): 12, ("7371", "13-15"): 11, ("7372", "7-12"): 10})
    table = block_table(cohort, served.__contains__)
    numbers = {key: (c.numerator, c.denominator) for key, c in table.counts.items()}
    assert numbers == {
        ("7371", "7-12"): (12, 30),
        ("7371", "13-15"): (11, 22),  # the pending are counted, never in the gap
        ("7371", None): (23, 52),
        ("7372", "7-12"): (10, 25),
        ("7372", None): (10, 25),
        ("73", "7-12"): (22, 55),
        ("73", "13-15"): (11, 22),
        ("73", None): (33, 77),
    }
    assert table.suppressed == frozenset()


def test_a_small_cell_is_hidden_with_what_would_give_it_away() -> None:
    # 7372 has 4 with the gap: hidden; 73 = 7371 + 7372, so 7371 must go too (the province stays)
    cohort = [_cell("7371", "7-12", 40), _cell("7372", "7-12", 30)]
    served = _served(cohort, {("7371", "7-12"): 15, ("7372", "7-12"): 4})
    table = block_table(cohort, served.__contains__)
    answer = {(c.region_code, c.age_band): c.suppressed for c in block_cells(table, "73", age_bands=True)}
    assert answer == {
        ("73", None): False,
        ("73", "7-12"): False,
        ("7371", None): True,
        ("7371", "7-12"): True,
        ("7372", None): True,
        ("7372", "7-12"): True,
    }
    # the regency asked alone answers its slice of the same pattern
    assert [c.suppressed for c in block_cells(table, "7371", age_bands=False)] == [True]


def test_the_answer_is_the_province_then_its_regencies_totals_before_bands() -> None:
    cohort = [_cell("7372", "13-15", 20), _cell("7371", "13-15", 20), _cell("7371", "7-12", 20)]
    table = block_table(cohort, lambda _: False)
    assert [(c.region_code, c.age_band) for c in block_cells(table, "73", age_bands=True)] == [
        ("73", None), ("73", "7-12"), ("73", "13-15"),
        ("7371", None), ("7371", "7-12"), ("7371", "13-15"),
        ("7372", None), ("7372", "13-15"),
    ]  # fmt: skip
    assert [c.age_band for c in block_cells(table, "73", age_bands=False)] == [None, None, None]


def test_published_totals_leave_hidden_regencies_out() -> None:
    java = [_cell("7371", "7-12", 40), _cell("7372", "7-12", 30), _cell("7373", "7-12", 35)]
    kaltim = [_cell("6471", "7-12", 50)]
    served = _served(java, {("7371", "7-12"): 15, ("7372", "7-12"): 4, ("7373", "7-12"): 20})
    served |= set(kaltim[0].members[20:])
    totals = published_totals(java + kaltim, served.__contains__)
    # 7372 is small; 7371, the smallest of the rest, goes with it (73 = 7371 + 7372 + 7373);
    # Kalimantan Timur is a block of its own, untouched
    found = [(t.region_code, t.numerator, t.denominator) for t in totals]
    assert found == [("6471", 20, 50), ("7373", 20, 35)]


@pytest.mark.parametrize(
    ("value", "wanted"),
    [
        ("x", "not a list"),
        (["x"], "a cell is not an object"),
        ([{"regencyCode": "737", "band": "7-12", "pending": 0, "members": []}], "4-digit"),
        ([{"regencyCode": "3273", "band": "7-12", "pending": 0, "members": []}], "outside"),
        ([{"regencyCode": "7371", "band": 7, "pending": 0, "members": []}], "wrong type"),
        ([{"regencyCode": "7371", "band": "7-12", "pending": True, "members": []}], "wrong type"),
        ([{"regencyCode": "7371", "band": "7-12", "pending": -1, "members": []}], "wrong type"),
        ([{"regencyCode": "7371", "band": "7-12", "pending": 0, "members": [1]}], "list of strings"),
    ],
)
def test_a_malformed_cohort_is_refused_as_bad_input(value: Any, wanted: str) -> None:
    with pytest.raises(GraphQLError) as raised:
        read_cohort(value, "73")
    assert raised.value.extensions == {"code": "BAD_USER_INPUT"}
    assert wanted in raised.value.message


def test_a_missing_cohort_is_never_counted_as_nobody() -> None:
    with pytest.raises(GraphQLError) as raised:
        read_cohort(None, "73")
    assert raised.value.extensions == {"code": "LINKAGE_UNAVAILABLE"}
    assert read_cohort([], "73") == []


def test_a_national_cohort_takes_any_province() -> None:
    value = [{"regencyCode": "7371", "band": "7-12", "pending": 1, "members": ["a"]}]
    assert read_cohort(value, "") == [CohortCell(regency_code="7371", band="7-12", pending=1, members=["a"])]


@pytest.mark.parametrize("code", ["317101", "3171011001"])
def test_statistics_stop_at_regencies(code: str) -> None:
    with pytest.raises(GraphQLError) as raised:
        statistics_region(code)
    assert raised.value.extensions == {"code": "INVALID_REGION_CODE"}
    assert statistics_region("31.71") == "3171"
