"""Who falls through the gaps: the outreach operation and how its answer is read (docs/social.md,
"The gap view").

A district social office holding the ``social:outreach`` scope and a mandate for the ``identity``,
``social``, ``health`` and ``education`` categories for the purpose ``SOCIAL_OUTREACH`` sends
:data:`OUTREACH_GAPS` (one GraphQL query, planned by the gateway over the social, identity,
health and education subgraphs, with a consent or mandate decision per citizen and category, each
in the access trail). :func:`find_gaps` reads the answer: the citizens of the region's decile 1-4
households who are eligible for a service and not served, by :class:`GapKind`.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

__all__ = ["IMMUNIZATION_SCHEDULE", "OUTREACH_GAPS", "Gap", "GapKind", "due_immunizations", "find_gaps"]

#: The named operation the explorer offers (docs/explorer.md) and the social office sends.
OUTREACH_GAPS: Final = """query OutreachGaps($regionCode: String!) {
  outreachCandidates(regionCode: $regionCode) {
    nik
    fullName
    birthDate
    social { household { kk decile } benefits { programme status } }
    health { bpjs { active pbi } immunizations { vaccine dose } }
    education { enrollments { status } }
  }
}"""

#: The routine infant schedule (Permenkes 12/2017): vaccine, dose, age in days when due.
IMMUNIZATION_SCHEDULE: Final = (
    ("HB-0", 1, 0), ("BCG", 1, 30), ("POLIO", 1, 30), ("DPT-HB-Hib", 1, 60), ("POLIO", 2, 60),
    ("DPT-HB-Hib", 2, 90), ("POLIO", 3, 90), ("DPT-HB-Hib", 3, 120), ("POLIO", 4, 120), ("IPV", 1, 120),
    ("MR", 1, 270), ("DPT-HB-Hib", 4, 540), ("MR", 2, 540),
)  # fmt: skip

#: Days after a dose is due before it counts as missing.
GRACE_DAYS: Final = 30


class GapKind(enum.Enum):
    """A service a citizen of a decile 1-4 household is eligible for and does not receive."""

    #: aged 7-18 with no active enrollment
    OUT_OF_SCHOOL = "OUT_OF_SCHOOL"
    #: under five, missing a dose of the infant schedule due (plus grace) for their age
    MISSING_IMMUNIZATION = "MISSING_IMMUNIZATION"
    #: 18 or over, without an active BPJS membership whose premium the state pays (PBI-JK)
    NO_PBI_JK = "NO_PBI_JK"
    #: aged 7-18 in a household receiving PKH, without PIP
    PKH_CHILD_WITHOUT_PIP = "PKH_CHILD_WITHOUT_PIP"


@dataclass(frozen=True, slots=True, kw_only=True)
class Gap:
    """One citizen's gaps."""

    nik: str
    kinds: frozenset[GapKind]


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def due_immunizations(birth: dt.date, on: dt.date) -> set[tuple[str, int]]:
    """The doses of :data:`IMMUNIZATION_SCHEDULE` due, with :data:`GRACE_DAYS`, by ``on``."""
    days = (on - birth).days
    return {(vaccine, dose) for vaccine, dose, due in IMMUNIZATION_SCHEDULE if due + GRACE_DAYS <= days}


def _kinds(citizen: Mapping[str, Any], on: dt.date) -> set[GapKind]:
    social, health, education = citizen.get("social"), citizen.get("health"), citizen.get("education")
    if not citizen.get("birthDate") or social is None or not social.get("household"):
        return set()  # not readable (no consent or mandate) or no longer registered
    if social["household"]["decile"] > 4:
        return set()
    birth = dt.date.fromisoformat(citizen["birthDate"])
    age = _age(birth, on)
    found: set[GapKind] = set()
    active = {b["programme"] for b in social["benefits"] if b["status"] == "ACTIVE"}
    school_age = 7 <= age <= 18
    if (
        school_age
        and education is not None
        and not any(e["status"] == "ACTIVE" for e in education["enrollments"])
    ):
        found.add(GapKind.OUT_OF_SCHOOL)
    if 7 <= age <= 18 and "PKH" in active and "PIP" not in active:
        found.add(GapKind.PKH_CHILD_WITHOUT_PIP)
    if age < 5 and health is not None:
        given = {(i["vaccine"], i["dose"]) for i in health["immunizations"]}
        if due_immunizations(birth, on) - given:
            found.add(GapKind.MISSING_IMMUNIZATION)
    if age >= 18 and health is not None:
        bpjs = health["bpjs"]
        if not (bpjs and bpjs["active"] and bpjs["pbi"]):
            found.add(GapKind.NO_PBI_JK)
    return found


def find_gaps(candidates: Iterable[Mapping[str, Any] | None], on: dt.date) -> list[Gap]:
    """The citizens of an :data:`OUTREACH_GAPS` answer (``outreachCandidates``) with at least one
    gap on ``on``, in the answer's order. Citizens whose records were withheld count as no gap."""
    found = []
    for citizen in candidates:
        if citizen is not None and (kinds := _kinds(citizen, on)):
            found.append(Gap(nik=citizen["nik"], kinds=frozenset(kinds)))
    return found
