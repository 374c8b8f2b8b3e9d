"""Differential test: random subgraph sets composed by us and by the reference composer.

Where both compose, the supergraphs are equivalent. Where only one does, the difference must be
one we chose and documented (docs/composition.md): our satisfiability check is conservative (it
may accept what the reference rejects as SATISFIABILITY_ERROR), and we apply Apollo's
EXTERNAL_TYPE_MISMATCH and INTERFACE_KEY_MISSING_IMPLEMENTATION_TYPE rules where the reference
applies them differently.
"""

from __future__ import annotations

import pytest

from gateway.compose import CompositionError, compose

from .normal_form import differences, normal_form
from .random_sets import random_subgraphs
from .reference import Result, node_available, prepare, reference_compose_many

pytestmark = [
    pytest.mark.node,
    pytest.mark.skipif(not node_available(), reason="Node.js and npm are needed for the reference composer"),
]

SEEDS = range(1, 201)
ONLY_THEY_REJECT = {"SATISFIABILITY_ERROR", "EXTERNAL_TYPE_MISMATCH"}
ONLY_WE_REJECT = {"INTERFACE_KEY_MISSING_IMPLEMENTATION_TYPE", "EXTERNAL_TYPE_MISMATCH"}


@pytest.fixture(scope="module")
def references() -> dict[str, Result]:
    prepare()
    return reference_compose_many({str(seed): random_subgraphs(seed) for seed in SEEDS})


def test_random_sets_agree_with_reference(references: dict[str, Result]) -> None:
    disagreements: list[str] = []
    outcomes = {"both composed": 0, "both rejected": 0}
    for seed in SEEDS:
        subgraphs = random_subgraphs(seed)
        theirs, their_errors = references[str(seed)]
        try:
            ours: str | None = compose(subgraphs)
            our_codes: set[str] = set()
        except CompositionError as error:
            ours, our_codes = None, {i.code for i in error.errors}
        their_codes = {e["code"] for e in their_errors}
        if ours is not None and theirs is not None:
            found = differences(normal_form(ours), normal_form(theirs))
            if found:
                disagreements.append(f"seed {seed}: supergraphs differ: {found[:3]}")
            outcomes["both composed"] += 1
        elif ours is None and theirs is None:
            outcomes["both rejected"] += 1
        elif ours is not None and not their_codes <= ONLY_THEY_REJECT:
            disagreements.append(f"seed {seed}: only the reference rejects: {sorted(their_codes)}")
        elif ours is None and not our_codes <= ONLY_WE_REJECT:
            disagreements.append(f"seed {seed}: only we reject: {sorted(our_codes)}")
    assert disagreements == [], "\n".join(disagreements)
    assert outcomes["both composed"] >= 40 and outcomes["both rejected"] >= 40, outcomes
