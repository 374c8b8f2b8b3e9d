"""How an OutreachGaps answer is read (spbe/gaps.py): the served decision, kept for the citizens
with a gap or an undecided one. The decision itself: tests/subgraphs/social/test_gaps.py."""

from __future__ import annotations

from typing import Any

from graphql import parse

from spbe.gaps import OUTREACH_GAPS, Gap, GapKind, read_gaps


def _citizen(
    nik: str, kinds: list[str], undecided: tuple[str, ...] = (), withheld: tuple[str, ...] = ()
) -> dict[str, Any]:
    served = {"kinds": kinds, "undecided": list(undecided), "withheld": list(withheld)}
    return {"nik": nik, "fullName": "Siti", "outreachGaps": served}


def test_citizens_with_a_gap_or_an_undecided_one_are_kept_in_order() -> None:
    answer = [
        _citizen("3", ["NO_PBI_JK"]),
        _citizen("1", []),
        None,  # the whole citizen null (an error in the answer)
        {"nik": "2", "fullName": None, "outreachGaps": None},  # no consent for social
        _citizen("4", ["PKH_CHILD_WITHOUT_PIP"], ("OUT_OF_SCHOOL",), ("education",)),
        _citizen("5", [], ("MISSING_IMMUNIZATION",), ("health",)),
    ]
    assert read_gaps(answer) == [
        Gap(nik="3", kinds=frozenset({GapKind.NO_PBI_JK})),
        Gap(nik="4", kinds=frozenset({GapKind.PKH_CHILD_WITHOUT_PIP}),
            undecided=frozenset({GapKind.OUT_OF_SCHOOL}), withheld=frozenset({"education"})),
        Gap(nik="5", kinds=frozenset(), undecided=frozenset({GapKind.MISSING_IMMUNIZATION}),
            withheld=frozenset({"health"})),
    ]  # fmt: skip


def test_the_operation_asks_the_served_decision_and_no_record() -> None:
    printed = OUTREACH_GAPS
    parse(printed)
    assert "outreachGaps { kinds undecided withheld }" in printed
    for record in ("birthDate", "social {", "health {", "education {"):
        assert record not in printed
