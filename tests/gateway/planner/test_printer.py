"""Apollo's query-plan text for hand-built plans."""

from __future__ import annotations

from textwrap import dedent

from gateway.planner.plan import (
    ConditionNode,
    FetchNode,
    FlattenNode,
    ParallelNode,
    QueryPlan,
    RequiredField,
    RequiredFragment,
    SequenceNode,
    TypeCondition,
)
from gateway.planner.printer import format_path, print_plan

ROOT = FetchNode(service_name="citizens", operation='{citizen(nik:"1"){__typename nik name}}')
ENTITY = FetchNode(
    service_name="health",
    operation="query($representations:[_Any!]!){_entities(representations:$representations)"
              "{...on Citizen{bpjs{number}}}}",
    requires=(RequiredFragment("Citizen", (RequiredField("__typename"), RequiredField("nik"))),),
)


def test_sequence_of_root_and_entity_fetch() -> None:
    plan = QueryPlan(SequenceNode((ROOT, FlattenNode(("citizen",), ENTITY))))
    assert print_plan(plan) == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "citizens") {
              {
                citizen(nik: "1") {
                  __typename
                  nik
                  name
                }
              }
            },
            Flatten(path: "citizen") {
              Fetch(service: "health") {
                {
                  ... on Citizen {
                    __typename
                    nik
                  }
                } =>
                {
                  ... on Citizen {
                    bpjs {
                      number
                    }
                  }
                }
              },
            },
          },
        }""")


def test_parallel_mutation_and_conditions() -> None:
    mutation = FetchNode(service_name="a", operation="mutation{reset}", operation_kind="mutation")
    plan = QueryPlan(ParallelNode((
        ConditionNode("flag", mutation, None),
        ConditionNode("off", None, mutation),
        ConditionNode("both", mutation, mutation),
    )))
    assert print_plan(plan) == dedent("""\
        QueryPlan {
          Parallel {
            Include(if: $flag) {
              Fetch(service: "a") {
                {
                  reset
                }
              }
            },
            Skip(if: $off) {
              Fetch(service: "a") {
                {
                  reset
                }
              }
            },
            Condition(if: $both) {
              Then {
                Fetch(service: "a") {
                  {
                    reset
                  }
                }
              } Else {
                Fetch(service: "a") {
                  {
                    reset
                  }
                }
              }
            },
          },
        }""")


def test_paths_and_empty_plan() -> None:
    assert format_path(("users", "@", "reviews", "@", TypeCondition(("Book", "Movie")), "author")) == \
        "users.@.reviews.@|[Book,Movie].author"
    assert print_plan(QueryPlan(None)) == "QueryPlan {}"
