"""``@requires`` on consent-guarded fields of other subgraphs (docs/query-planning.md, "Consent
boundaries"; docs/social.md, "The gap view"): each required fact is fetched from the subgraph
that resolves it behind the boundary of its own category, and the requiring field is asked behind
its own category's boundary once every fact is in hand.

The fixture ``fixtures/gaps`` (identity, health, education, social, where social's ``gaps``
``@requires`` health's ``missingDoses insured`` and education's ``enrolled``) is composed with
``gateway.compose``; ``test_fixture_is_what_our_composer_writes`` keeps it so.
"""

from __future__ import annotations

from textwrap import dedent

from gateway.compose import SubgraphSDL, compose
from gateway.planner.plan import FetchNode, SequenceNode

from .test_build import FIXTURES, build, fetches, plan

SUBGRAPHS = ("identity", "health", "education", "social")


def test_fixture_is_what_our_composer_writes() -> None:
    folder = FIXTURES / "gaps"
    sdls = [SubgraphSDL(name, f"http://{name}.test/graphql", (folder / f"{name}.graphql").read_text())
            for name in SUBGRAPHS]
    assert compose(sdls) == (folder / "supergraph.graphql").read_text()


def test_required_guarded_facts_are_fetched_behind_their_own_boundaries_first() -> None:
    """Health's two facts in one fetch guarded ``health``, education's in one guarded
    ``education``, side by side; then social, guarded ``social``, gets them in the
    representations. Nothing of another category is asked in place."""
    assert plan("gaps", '{ candidates(region: "3273") { gaps } }') == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "social") {
              {
                candidates(region: "3273") {
                  __typename
                  nik
                }
              }
            },
            Parallel {
              Flatten(path: "candidates.@") {
                Fetch(service: "health") {
                  Guard(category: "health", type: "Citizen", key: "nik")
                  {
                    ... on Citizen {
                      __typename
                      nik
                    }
                  } =>
                  {
                    ... on Citizen {
                      missingDoses
                      insured
                    }
                  }
                },
              },
              Flatten(path: "candidates.@") {
                Fetch(service: "education") {
                  Guard(category: "education", type: "Citizen", key: "nik")
                  {
                    ... on Citizen {
                      __typename
                      nik
                    }
                  } =>
                  {
                    ... on Citizen {
                      enrolled
                    }
                  }
                },
              },
            },
            Flatten(path: "candidates.@") {
              Fetch(service: "social") {
                Guard(category: "social", type: "Citizen", key: "nik")
                {
                  ... on Citizen {
                    __typename
                    nik
                    missingDoses
                    insured
                    enrolled
                  }
                } =>
                {
                  ... on Citizen {
                    gaps
                  }
                }
              },
            },
          },
        }""")


def test_a_fact_the_client_asks_too_shares_the_guarded_fetch() -> None:
    """The client's own health field and the required facts: one health fetch, one boundary."""
    node = build("gaps", '{ candidates(region: "1") { gaps health { bloodType } } }').node
    health = [f for f in fetches(node) if f.service_name == "health"]
    assert len(health) == 1 and health[0].guard is not None
    assert set(health[0].guard.fields) == {"missingDoses", "insured", "health"}


def test_the_requiring_fetch_waits_for_every_fact() -> None:
    node = build("gaps", '{ citizen(nik: "1") { fullName gaps } }').node
    assert isinstance(node, SequenceNode)
    last = node.nodes[-1]
    social = fetches(last)
    assert [f.service_name for f in social] == ["social"]
    assert isinstance(social[0], FetchNode) and social[0].guard is not None
    assert social[0].guard.category == "social"
    earlier = [f for step in node.nodes[:-1] for f in fetches(step)]
    categories = {f.guard.category for f in earlier if f.guard is not None}
    assert categories == {"identity", "health", "education"}
