"""The person-level gap decision: which services a member of a poor household is eligible for and
does not receive, from social's own records and one small fact of health and education each.

Implements docs/social.md, "The gap view". Social knows the household (its decile, whether it
receives PKH) and the member's PIP; the age comes from the NIK (:mod:`subgraphs.common.birth`);
health answers ``missingImmunizationCount`` and ``pbiJkActive``, education ``enrolledNow``, each
under its own consent category, fetched by the gateway through ``@requires``. A fact that did not
come (consent or mandate missing, the service down) leaves the gaps that need it *undecided*,
never absent.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final

__all__ = ["ELIGIBLE_DECILE", "Decision", "Facts", "GapKind", "HouseholdFacts", "decide"]

#: Households at or below this welfare decile are eligible (docs/social.md).
ELIGIBLE_DECILE: Final = 4


class GapKind(enum.Enum):
    """A service a member of a decile 1-4 household is eligible for and does not receive."""

    OUT_OF_SCHOOL = "OUT_OF_SCHOOL"
    MISSING_IMMUNIZATION = "MISSING_IMMUNIZATION"
    NO_PBI_JK = "NO_PBI_JK"
    PKH_CHILD_WITHOUT_PIP = "PKH_CHILD_WITHOUT_PIP"


@dataclass(frozen=True, slots=True, kw_only=True)
class HouseholdFacts:
    """Social's own facts of one citizen: the household's decile, PKH, the member's PIP."""

    decile: int
    pkh: bool
    pip: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Facts:
    """Other services' facts of one citizen as the gateway passed them (``None``: withheld)."""

    missing_immunizations: int | None
    pbi_jk_active: bool | None
    enrolled_now: bool | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Decision:
    """The gaps found, those that could not be decided, and the categories whose facts were missing."""

    kinds: tuple[GapKind, ...] = ()
    undecided: tuple[GapKind, ...] = ()
    withheld: tuple[str, ...] = ()


_ORDER = tuple(GapKind)


def decide(*, age: int | None, household: HouseholdFacts | None, facts: Facts) -> Decision:
    """The gaps of a citizen aged ``age`` (``None``: unknown), member of ``household`` (``None``:
    not registered in DTSEN, so not eligible)."""
    if household is None or household.decile > ELIGIBLE_DECILE:
        return Decision()
    found: set[GapKind] = set()
    open_: set[GapKind] = set()
    withheld: set[str] = set()

    def need(kind: GapKind, gap: bool | None, category: str) -> None:
        """``gap``: whether the fact shows the gap; ``None`` when the fact was withheld."""
        if gap is None:
            open_.add(kind)
            withheld.add(category)
        elif gap:
            found.add(kind)

    if age is None:
        return Decision(undecided=_ORDER)
    enrolled, count, insured = facts.enrolled_now, facts.missing_immunizations, facts.pbi_jk_active
    if 7 <= age <= 18:
        need(GapKind.OUT_OF_SCHOOL, None if enrolled is None else not enrolled, "education")
        if household.pkh and not household.pip:
            found.add(GapKind.PKH_CHILD_WITHOUT_PIP)
    if age < 5:
        need(GapKind.MISSING_IMMUNIZATION, None if count is None else count > 0, "health")
    if age >= 18:
        need(GapKind.NO_PBI_JK, None if insured is None else not insured, "health")
    return Decision(
        kinds=tuple(k for k in _ORDER if k in found),
        undecided=tuple(k for k in _ORDER if k in open_),
        withheld=tuple(sorted(withheld)),
    )
