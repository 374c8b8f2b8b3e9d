"""The person-level gap decision (subgraphs/social/gaps.py): each gap kind alone, and a withheld
fact turning the gaps that need it into undecided ones, never into no gap."""

from __future__ import annotations

import pytest

from subgraphs.social.gaps import Decision, Facts, GapKind, HouseholdFacts, decide

POOR = HouseholdFacts(decile=3, pkh=False, pip=False)
SERVED = Facts(missing_immunizations=0, pbi_jk_active=True, enrolled_now=True)
WITHHELD = Facts(missing_immunizations=None, pbi_jk_active=None, enrolled_now=None)


@pytest.mark.parametrize(
    ("age", "household", "facts", "expected"),
    [
        (10, POOR, SERVED, Decision()),
        (10, POOR, Facts(missing_immunizations=0, pbi_jk_active=True, enrolled_now=False),
         Decision(kinds=(GapKind.OUT_OF_SCHOOL,))),
        (6, POOR, Facts(missing_immunizations=0, pbi_jk_active=True, enrolled_now=False), Decision()),
        (19, POOR, Facts(missing_immunizations=0, pbi_jk_active=True, enrolled_now=False), Decision()),
        (4, POOR, Facts(missing_immunizations=2, pbi_jk_active=False, enrolled_now=False),
         Decision(kinds=(GapKind.MISSING_IMMUNIZATION,))),
        (5, POOR, Facts(missing_immunizations=2, pbi_jk_active=False, enrolled_now=False), Decision()),
        (18, POOR, Facts(missing_immunizations=0, pbi_jk_active=False, enrolled_now=True),
         Decision(kinds=(GapKind.NO_PBI_JK,))),
        (17, POOR, Facts(missing_immunizations=0, pbi_jk_active=False, enrolled_now=True), Decision()),
        (12, HouseholdFacts(decile=1, pkh=True, pip=False), SERVED,
         Decision(kinds=(GapKind.PKH_CHILD_WITHOUT_PIP,))),
        (12, HouseholdFacts(decile=1, pkh=True, pip=True), SERVED, Decision()),
        (30, HouseholdFacts(decile=5, pkh=True, pip=False), WITHHELD, Decision()),
        (30, None, WITHHELD, Decision()),
    ],
)
def test_each_gap_alone(age: int, household: HouseholdFacts | None, facts: Facts, expected: Decision) -> None:
    assert decide(age=age, household=household, facts=facts) == expected


def test_a_withheld_fact_leaves_its_gaps_undecided_not_absent() -> None:
    child = HouseholdFacts(decile=2, pkh=True, pip=False)
    assert decide(age=10, household=child, facts=WITHHELD) == Decision(
        kinds=(GapKind.PKH_CHILD_WITHOUT_PIP,), undecided=(GapKind.OUT_OF_SCHOOL,), withheld=("education",)
    )
    assert decide(age=2, household=POOR, facts=WITHHELD) == Decision(
        undecided=(GapKind.MISSING_IMMUNIZATION,), withheld=("health",)
    )
    adult = Facts(missing_immunizations=None, pbi_jk_active=None, enrolled_now=False)
    assert decide(age=40, household=POOR, facts=adult) == Decision(
        undecided=(GapKind.NO_PBI_JK,), withheld=("health",)
    )
    assert decide(age=18, household=POOR, facts=WITHHELD) == Decision(
        undecided=(GapKind.OUT_OF_SCHOOL, GapKind.NO_PBI_JK), withheld=("education", "health")
    )


def test_an_unknown_age_leaves_every_gap_undecided() -> None:
    assert decide(age=None, household=POOR, facts=SERVED) == Decision(undecided=tuple(GapKind))
