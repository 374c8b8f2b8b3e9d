"""The consent category of a field that ``@requires`` guarded fields of other categories
(gateway/supergraph/auth.py; docs/query-planning.md, "Consent boundaries"): composition asks it to
name their categories too; its own is the one left, and any other field naming several
categories is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.compose import SubgraphSDL, compose
from gateway.supergraph import Supergraph, SupergraphError
from gateway.supergraph.auth import auth_rules

FIXTURE = Path(__file__).parent.parent / "planner" / "fixtures" / "gaps"
NAMES = ("identity", "health", "education", "social")


def _supergraph(social: str | None = None) -> Supergraph:
    sdls = {name: (FIXTURE / f"{name}.graphql").read_text() for name in NAMES}
    if social is not None:
        sdls["social"] = social
    subgraphs = [SubgraphSDL(n, f"http://{n}.test/graphql", sdl) for n, sdl in sdls.items()]
    return Supergraph.parse(compose(subgraphs))


def test_a_requiring_field_keeps_its_own_category() -> None:
    rules = auth_rules(_supergraph())
    assert rules.consent_category("Citizen", "gaps") == "social"
    assert rules.field("Citizen", "gaps") is not None
    assert rules.consent_fields()[("Citizen", "gaps")] == "social"
    assert rules.consent_fields()[("Citizen", "missingDoses")] == "health"


def test_several_categories_not_all_from_required_fields_are_refused() -> None:
    social = (FIXTURE / "social.graphql").read_text()
    police = social.replace('"consent:education"]]', '"consent:education", "consent:police"]]', 1)
    assert police != social
    with pytest.raises(SupergraphError, match=r"Citizen\.gaps names several consent categories"):
        auth_rules(_supergraph(police))
    alone = social.replace('@requires(fields: "missingDoses insured enrolled") ', "", 1)
    for stub in ("missingDoses: Int", "insured: Boolean", "enrolled: Boolean"):
        alone = alone.replace(f"  {stub} @external\n", "")
    assert alone != social
    with pytest.raises(SupergraphError, match=r"Citizen\.gaps names several consent categories"):
        auth_rules(_supergraph(alone))
