"""Who falls through the gaps: the outreach operation and how its answer is read (docs/social.md,
"The gap view").

A district social office holding the ``social:outreach`` scope, the read scopes of the
``identity``, ``social``, ``health`` and ``education`` categories and a mandate for them for the
purpose ``SOCIAL_OUTREACH`` sends :data:`OUTREACH_GAPS`: one GraphQL query, planned by the gateway
over the social, identity, health and education subgraphs, with a consent or mandate decision per
citizen and category, each in the access trail. The gaps are decided in the graph (social's
``Citizen.outreachGaps``, from health's and education's facts); :func:`read_gaps` only keeps the
citizens the answer says have a gap, or a gap that could not be decided: the list cannot be cut
to them in the same query, since the gaps are decided after the candidates are listed.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

__all__ = ["OUTREACH_GAPS", "Gap", "GapKind", "read_gaps"]

#: The named operation the explorer offers (docs/explorer.md) and the social office sends.
OUTREACH_GAPS: Final = """query OutreachGaps($regionCode: String!) {
  outreachCandidates(regionCode: $regionCode) {
    nik
    fullName
    outreachGaps { kinds undecided withheld }
  }
}"""


class GapKind(enum.Enum):
    """A service a citizen of a decile 1-4 household is eligible for and does not receive
    (``OutreachGapKind`` in the graph)."""

    #: aged 7-18 with no active enrollment
    OUT_OF_SCHOOL = "OUT_OF_SCHOOL"
    #: under five, missing a dose of the infant schedule due (plus 30 days) for their age
    MISSING_IMMUNIZATION = "MISSING_IMMUNIZATION"
    #: 18 or over, without an active BPJS membership whose premium the state pays (PBI-JK)
    NO_PBI_JK = "NO_PBI_JK"
    #: aged 7-18 in a household receiving PKH, without PIP
    PKH_CHILD_WITHOUT_PIP = "PKH_CHILD_WITHOUT_PIP"


@dataclass(frozen=True, slots=True, kw_only=True)
class Gap:
    """One citizen's gaps: found, not decidable (a fact withheld), and the categories withheld."""

    nik: str
    kinds: frozenset[GapKind]
    undecided: frozenset[GapKind] = frozenset()
    withheld: frozenset[str] = frozenset()


def read_gaps(candidates: Iterable[Mapping[str, Any] | None]) -> list[Gap]:
    """The citizens of an :data:`OUTREACH_GAPS` answer (``outreachCandidates``) with a gap or an
    undecided one, in the answer's order. A citizen whose ``outreachGaps`` is ``null`` (no consent
    or mandate for ``social``: the answer has the error) is not listed: nothing is known of them."""
    found = []
    for citizen in candidates:
        served = citizen.get("outreachGaps") if citizen is not None else None
        if served is None or not (served["kinds"] or served["undecided"]):
            continue
        found.append(
            Gap(
                nik=citizen["nik"],  # type: ignore[index]
                kinds=frozenset(GapKind(k) for k in served["kinds"]),
                undecided=frozenset(GapKind(k) for k in served["undecided"]),
                withheld=frozenset(served["withheld"]),
            )
        )
    return found
