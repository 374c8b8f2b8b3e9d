"""Consent boundaries: fields of ``Citizen`` with a ``consent:<category>`` policy are only fetched
through an ``_entities`` call guarded with their category (``FetchNode.guard``), whose
representations are exactly the citizens they belong to.

The fixture ``fixtures/consent`` (identity, health, education) is composed with
``gateway.compose``; ``test_fixture_is_what_our_composer_writes`` keeps it so.
"""

from __future__ import annotations

import random
from textwrap import dedent

import pytest
from graphql import (
    FieldNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    parse,
    validate,
)

from gateway.compose import SubgraphSDL, compose
from gateway.planner import PlanningError, build_plan, print_plan
from gateway.planner.build import consent_of
from gateway.planner.plan import FetchNode, Guard, KeyRenamer, TypeCondition
from gateway.supergraph import Supergraph

from .test_build import FIXTURES, build, fetches, plan, supergraph
from .test_properties import _arguments, _selection

SUBGRAPHS = ("identity", "health", "education")


def consent_sdls() -> list[SubgraphSDL]:
    folder = FIXTURES / "consent"
    return [SubgraphSDL(name, f"http://{name}.test/graphql", (folder / f"{name}.graphql").read_text())
            for name in SUBGRAPHS]


def test_fixture_is_what_our_composer_writes() -> None:
    assert compose(consent_sdls()) == (FIXTURES / "consent" / "supergraph.graphql").read_text()


def guarded(query: str) -> list[FetchNode]:
    return [f for f in fetches(build("consent", query).node) if f.guard is not None]


def test_root_citizen_asks_only_the_key_then_a_guarded_fetch() -> None:
    """A root field returning a citizen fetches only ``__typename nik`` (and unguarded fields) in the
    root fetch; the guarded fields come from the same subgraph through a guarded _entities call."""
    query = '{ citizen(nik: "1") { region fullName born: birthDate } }'
    assert plan("consent", query) == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "identity") {
              {
                citizen(nik: "1") {
                  region
                  __typename
                  nik
                }
              }
            },
            Flatten(path: "citizen") {
              Fetch(service: "identity") {
                Guard(category: "identity", type: "Citizen", key: "nik")
                {
                  ... on Citizen {
                    __typename
                    nik
                  }
                } =>
                {
                  ... on Citizen {
                    fullName
                    born: birthDate
                  }
                }
              },
            },
          },
        }""")


def test_aliases_and_fragments_stay_in_the_guarded_fetch() -> None:
    """Inline fragments and named fragments on the citizen are still the top of the entity: the
    guarded fields keep their aliases in one guarded fetch; the key field stays in the root fetch."""
    query = ('{ citizen(nik: "1") { ... on Citizen { name: fullName } ...Id } } '
             'fragment Id on Citizen { nik birthDate }')
    assert plan("consent", query) == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "identity") {
              {
                citizen(nik: "1") {
                  __typename
                  nik
                }
              }
            },
            Flatten(path: "citizen") {
              Fetch(service: "identity") {
                Guard(category: "identity", type: "Citizen", key: "nik")
                {
                  ... on Citizen {
                    __typename
                    nik
                  }
                } =>
                {
                  ... on Citizen {
                    name: fullName
                    birthDate
                  }
                }
              },
            },
          },
        }""")


def test_family_members_get_their_own_guarded_fetch() -> None:
    """Guarded fields of a citizen nested in another citizen's guarded fetch (family members) are
    never asked there: a second guarded identity fetch runs on the members' citizens."""
    query = '{ citizen(nik: "1") { fullName family { number members { relation citizen { fullName } } } } }'
    assert plan("consent", query) == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "identity") {
              {
                citizen(nik: "1") {
                  __typename
                  nik
                }
              }
            },
            Flatten(path: "citizen") {
              Fetch(service: "identity") {
                Guard(category: "identity", type: "Citizen", key: "nik")
                {
                  ... on Citizen {
                    __typename
                    nik
                  }
                } =>
                {
                  ... on Citizen {
                    fullName
                    family {
                      number
                      members {
                        relation
                        citizen {
                          __typename
                          nik
                        }
                      }
                    }
                  }
                }
              },
            },
            Flatten(path: "citizen.family.members.@.citizen") {
              Fetch(service: "identity") {
                Guard(category: "identity", type: "Citizen", key: "nik")
                {
                  ... on Citizen {
                    __typename
                    nik
                  }
                } =>
                {
                  ... on Citizen {
                    fullName
                  }
                }
              },
            },
          },
        }""")


def test_references_from_another_subgraph_lead_to_a_guarded_fetch() -> None:
    """``School.currentStudents`` returns citizen references; their health comes from a guarded
    health fetch at the list's path."""
    query = '{ school(npsn: "S") { name currentStudents { nik health { bloodType } } } }'
    assert plan("consent", query) == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "education") {
              {
                school(npsn: "S") {
                  name
                  currentStudents {
                    nik
                    __typename
                  }
                }
              }
            },
            Flatten(path: "school.currentStudents.@") {
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
                    health {
                      bloodType
                    }
                  }
                }
              },
            },
          },
        }""")


def test_provides_does_not_carry_guarded_fields() -> None:
    """health @provides fullName on ``Facility.patients``, but fullName is guarded: it is fetched
    from identity behind the boundary, not through @provides."""
    query = '{ facility(code: "F") { name patients { fullName } } }'
    assert plan("consent", query) == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "health") {
              {
                facility(code: "F") {
                  name
                  patients {
                    __typename
                    nik
                  }
                }
              }
            },
            Flatten(path: "facility.patients.@") {
              Fetch(service: "identity") {
                Guard(category: "identity", type: "Citizen", key: "nik")
                {
                  ... on Citizen {
                    __typename
                    nik
                  }
                } =>
                {
                  ... on Citizen {
                    fullName
                  }
                }
              },
            },
          },
        }""")


def test_one_guarded_fetch_per_category_per_step() -> None:
    """Identity, health and education fields of the same citizens: one guarded fetch per category,
    in parallel, never a fetch mixing categories."""
    query = '{ citizens(niks: ["1", "2"]) { fullName health { bloodType } education { level } } }'
    assert plan("consent", query) == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "identity") {
              {
                citizens(niks: ["1", "2"]) {
                  __typename
                  nik
                }
              }
            },
            Parallel {
              Flatten(path: "citizens.@") {
                Fetch(service: "identity") {
                  Guard(category: "identity", type: "Citizen", key: "nik")
                  {
                    ... on Citizen {
                      __typename
                      nik
                    }
                  } =>
                  {
                    ... on Citizen {
                      fullName
                    }
                  }
                },
              },
              Flatten(path: "citizens.@") {
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
                      health {
                        bloodType
                      }
                    }
                  }
                },
              },
              Flatten(path: "citizens.@") {
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
                      education {
                        level
                      }
                    }
                  }
                },
              },
            },
          },
        }""")


def test_guarded_fetches_of_one_category_merge_across_paths() -> None:
    """Guarded fetches of the same subgraph and category at one step merge over several paths;
    those of different categories do not."""
    query = '{ a: citizen(nik: "1") { fullName } citizens(niks: ["2"]) { fullName health { bloodType } } }'
    assert plan("consent", query) == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "identity") {
              {
                a: citizen(nik: "1") {
                  __typename
                  nik
                }
                citizens(niks: ["2"]) {
                  __typename
                  nik
                }
              }
            },
            Parallel {
              Flatten(paths: ["a", "citizens.@"]) {
                Fetch(service: "identity") {
                  Guard(category: "identity", type: "Citizen", key: "nik")
                  {
                    ... on Citizen {
                      __typename
                      nik
                    }
                  } =>
                  {
                    ... on Citizen {
                      fullName
                    }
                  }
                },
              },
              Flatten(path: "citizens.@") {
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
                      health {
                        bloodType
                      }
                    }
                  }
                },
              },
            },
          },
        }""")


def test_guarded_fetch_under_a_condition() -> None:
    """A guarded field under ``@include(if: $h)``: its guarded fetch is wrapped in the condition;
    unguarded ``region`` stays in the root fetch."""
    query = 'query($h: Boolean!) { citizen(nik: "1") { region health @include(if: $h) { bloodType } } }'
    assert plan("consent", query) == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "identity") {
              {
                citizen(nik: "1") {
                  region
                  __typename
                  nik
                }
              }
            },
            Include(if: $h) {
              Flatten(path: "citizen") {
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
                      health @include(if: $h) {
                        bloodType
                      }
                    }
                  }
                },
              }
            },
          },
        }""")


def test_guard_data_names_fields_and_response_keys() -> None:
    """The guard says which fields the fetch selects (for the trail) and under which client
    keys (for the errors); a key field whose response key the client took travels aliased and
    is renamed back, so the executor still reads ``nik``."""
    [fetch] = guarded('{ citizen(nik: "1") { nik: fullName born: birthDate region } }')
    assert fetch.guard == Guard("Citizen", "nik", "identity", ("fullName", "birthDate"), ("nik", "born"))
    assert fetch.input_rewrites == (KeyRenamer((TypeCondition(("Citizen",)), "nik__key"), "nik"),)
    root = fetches(build("consent", '{ citizen(nik: "1") { fullName } }').node)[0]
    assert root.guard is None and "fullName" not in root.operation


def field_names(selection_set: SelectionSetNode | None) -> list[str]:
    """Every field name in a selection set, at any depth."""
    found: list[str] = []
    for node in selection_set.selections if selection_set is not None else ():
        if isinstance(node, FieldNode):
            found.append(node.name.value)
        found += field_names(node.selection_set)  # type: ignore[attr-defined]
    return found


def check_boundaries(found: list[FetchNode], consent: dict[tuple[str, str], str]) -> list[tuple[str, str]]:
    """Assert that no fetch without a guard selects a guarded field and that a guarded fetch
    selects, at the top of the citizen, only the key and guarded fields of its category, and no
    guarded field deeper (in this fixture only ``Citizen`` has fields of those names). Returns
    the (subgraph, category) of the guarded fetches."""
    names = {name for _, name in consent}
    categories = []
    for fetch in found:
        [operation] = parse(fetch.operation).definitions
        assert isinstance(operation, OperationDefinitionNode)
        if fetch.guard is None:
            assert not names & set(field_names(operation.selection_set)), fetch.operation
            continue
        categories.append((fetch.service_name, fetch.guard.category))
        [entities] = operation.selection_set.selections
        assert isinstance(entities, FieldNode) and entities.selection_set is not None
        for citizen in entities.selection_set.selections:
            assert isinstance(citizen, InlineFragmentNode) and citizen.type_condition is not None
            assert citizen.type_condition.name.value == "Citizen"
            for node in citizen.selection_set.selections:
                assert isinstance(node, FieldNode), fetch.operation
                name = node.name.value
                assert name in ("__typename", "nik") or consent[("Citizen", name)] == fetch.guard.category
                assert not names & set(field_names(node.selection_set)), fetch.operation
    return categories


def test_every_guarded_field_is_behind_its_boundary() -> None:
    query = """{
      citizen(nik: "1") { fullName family { members { citizen { birthDate health { bloodType } } } } }
      school(npsn: "S") { currentStudents { education { level } fullName } }
      facility(code: "F") { patients { fullName health { facility { name } } } }
    }"""
    categories = check_boundaries(fetches(build("consent", query).node), consent_of(supergraph("consent")))
    assert sorted(categories) == [
        ("education", "education"), ("health", "health"), ("health", "health"),
        *[("identity", "identity")] * 4]


def test_generated_operations_keep_every_boundary() -> None:
    """Operations generated at random from the consent fixture's API schema (as in
    test_properties.py): every guarded field is behind its boundary, whatever the path."""
    graph = supergraph("consent")
    schema = graph.api_schema
    assert schema.query_type is not None
    roots = [(name, args) for name, f in schema.query_type.fields.items()
             if (args := _arguments(f)) is not None]
    rng = random.Random("consent boundaries")
    planned = 0
    for _ in range(150):
        root, arguments = rng.choice(roots)
        named = get_named_type(schema.query_type.fields[root].type)
        document = parse(f"{{ {root}{arguments} {{ {_selection(schema, named, 4, rng, set())} }} }}")
        if validate(schema, document):
            continue
        check_boundaries(fetches(build_plan(graph, document, None).node), consent_of(graph))
        planned += 1
    assert planned >= 100


def test_unguarded_supergraphs_plan_as_before() -> None:
    """Without consent categories nothing changes: no guard, no Guard line."""
    assert consent_of(supergraph("shop")) == {}
    result = build("shop", "{ topProducts { name inStock reviews { body author { name } } } }")
    assert all(f.guard is None for f in fetches(result.node))
    assert "Guard" not in print_plan(result)


def test_a_boundary_needs_a_single_scalar_key() -> None:
    """The executor reads one identifier per subject: a composite key cannot carry a boundary."""
    sdl = compose([
        SubgraphSDL("a", "http://a.test", """
            extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@policy"])
            type Query { person: Person }
            type Person @key(fields: "kind number") { kind: String! number: String! name: String }
        """),
        SubgraphSDL("b", "http://b.test", """
            extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@policy"])
            type Person @key(fields: "kind number") {
              kind: String! number: String! secret: String @policy(policies: [["consent:health"]])
            }
        """),
    ])
    graph = Supergraph.parse(sdl)
    assert build_plan(graph, parse("{ person { name } }"), None).node is not None
    with pytest.raises(PlanningError, match="one scalar field"):
        build_plan(graph, parse("{ person { secret } }"), None)


def test_consent_categories_are_read_once_per_supergraph() -> None:
    graph = Supergraph.parse((FIXTURES / "consent" / "supergraph.graphql").read_text())
    first = consent_of(graph)
    assert first[("Citizen", "health")] == "health"
    assert consent_of(graph) is first


def test_a_path_fetched_again_from_the_citizen_keeps_its_boundary() -> None:
    """A value below a guarded field that only another subgraph has is fetched by asking the
    path again from the citizen: that second fetch is guarded too."""
    link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", ' \
        'import: ["@key", "@policy", "@shareable"])\n'
    citizen = 'type Citizen @key(fields: "nik") { nik: String! ' \
        'record: Record @shareable @policy(policies: [["consent:health"]]) }\n'
    graph = Supergraph.parse(compose([
        SubgraphSDL("a", "http://a.test", link + "type Query { citizen: Citizen }\n" + citizen
                    + "type Record @shareable { kind: String }"),
        SubgraphSDL("b", "http://b.test", link + citizen
                    + "type Record @shareable { kind: String detail: String }"),
    ]))
    result = build_plan(graph, parse("{ citizen { record { kind detail } } }"), None)
    found = fetches(result.node)
    assert [(f.service_name, f.guard) for f in found] == [
        ("a", None),
        ("a", Guard("Citizen", "nik", "health", ("record",), ("record",))),
        ("b", Guard("Citizen", "nik", "health", ("record",), ("record",))),
    ]
    assert "record" not in found[0].operation
