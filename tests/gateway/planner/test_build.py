"""Plans for small fixture supergraphs, one federation behaviour per test.

Each fixture directory under ``fixtures/`` holds subgraph SDL files and the supergraph that
``@theguild/federation-composition`` composed from them (``fixtures/compose.mjs``). Every
test pins the printed plan (Apollo's query-plan text) of one operation.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import cache
from pathlib import Path
from textwrap import dedent

import pytest
from graphql import parse, validate

from gateway.planner import PlanningError, build_plan, print_plan
from gateway.planner.plan import (
    FetchNode,
    FlattenNode,
    KeyRenamer,
    ParallelNode,
    PlanNode,
    QueryPlan,
    RequiredField,
    RequiredFragment,
    SequenceNode,
    TypeCondition,
    ValueSetter,
)
from gateway.supergraph import Supergraph

FIXTURES = Path(__file__).parent / "fixtures"


@cache
def supergraph(fixture: str) -> Supergraph:
    return Supergraph.parse((FIXTURES / fixture / "supergraph.graphql").read_text())


def build(fixture: str, query: str, operation_name: str | None = None) -> QueryPlan:
    document = parse(query)
    assert validate(supergraph(fixture).api_schema, document) == []
    return build_plan(supergraph(fixture), document, operation_name)


def plan(fixture: str, query: str, operation_name: str | None = None) -> str:
    return print_plan(build(fixture, query, operation_name))


def fetches(node: PlanNode | None) -> list[FetchNode]:
    match node:
        case FetchNode():
            return [node]
        case FlattenNode(node=child):
            return fetches(child)
        case SequenceNode(nodes=children) | ParallelNode(nodes=children):
            return [f for child in children for f in fetches(child)]
        case None:
            return []
    raise AssertionError(f"unexpected node {node!r}")


def test_entity_call_through_key() -> None:
    """Fields of another subgraph come through one _entities call per subgraph per step."""
    query = (
        '{ topProducts { name inStock reviews { body } } }'
    )
    assert plan("shop", query) == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                topProducts {
                  name
                  __typename
                  upc
                }
              }
            },
            Parallel {
              Flatten(path: "topProducts.@") {
                Fetch(service: "inventory") {
                  {
                    ... on Product {
                      __typename
                      upc
                    }
                  } =>
                  {
                    ... on Product {
                      inStock
                    }
                  }
                },
              },
              Flatten(path: "topProducts.@") {
                Fetch(service: "reviews") {
                  {
                    ... on Product {
                      __typename
                      upc
                    }
                  } =>
                  {
                    ... on Product {
                      reviews {
                        body
                      }
                    }
                  }
                },
              },
            },
          },
        }""")


def test_requires_fetches_required_fields_first() -> None:
    """@requires: price and weight come from products, then inventory gets them in the representation."""
    query = (
        '{ topProducts { shippingEstimate } }'
    )
    assert plan("shop", query) == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                topProducts {
                  price
                  weight
                  __typename
                  upc
                }
              }
            },
            Flatten(path: "topProducts.@") {
              Fetch(service: "inventory") {
                {
                  ... on Product {
                    __typename
                    upc
                    price
                    weight
                  }
                } =>
                {
                  ... on Product {
                    shippingEstimate
                  }
                }
              },
            },
          },
        }""")


def test_requires_with_arguments_and_nested_selection() -> None:
    """A required field with arguments gets its own key; a nested required selection is copied whole."""
    query = (
        '{ product(upc: "1") { price(currency: "EUR") shippingEstimateUsd packing } }'
    )
    assert plan("shop", query) == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                product(upc: "1") {
                  price(currency: "EUR")
                  price__required: price(currency: "USD")
                  __typename
                  upc
                  dimensions {
                    size
                  }
                }
              }
            },
            Flatten(path: "product") {
              Fetch(service: "inventory") {
                {
                  ... on Product {
                    __typename
                    upc
                    price__required
                    dimensions {
                      size
                    }
                  }
                } =>
                {
                  ... on Product {
                    shippingEstimateUsd
                    packing
                  }
                }
              },
            },
          },
        }""")


def test_chained_requires() -> None:
    """reviewedShipping requires shippingEstimate, which itself requires price and weight."""
    query = (
        '{ product(upc: "1") { reviewedShipping } }'
    )
    assert plan("shop", query) == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                product(upc: "1") {
                  price
                  weight
                  __typename
                  upc
                }
              }
            },
            Flatten(path: "product") {
              Fetch(service: "inventory") {
                {
                  ... on Product {
                    __typename
                    upc
                    price
                    weight
                  }
                } =>
                {
                  ... on Product {
                    shippingEstimate
                  }
                }
              },
            },
            Flatten(path: "product") {
              Fetch(service: "reviews") {
                {
                  ... on Product {
                    __typename
                    upc
                    shippingEstimate
                  }
                } =>
                {
                  ... on Product {
                    reviewedShipping
                  }
                }
              },
            },
          },
        }""")


def test_provides_avoids_a_fetch() -> None:
    """@provides(fields: "username") on Review.author: no accounts call for username."""
    query = (
        '{ latestReviews { author { username } } }'
    )
    assert plan("shop", query) == dedent("""\
        QueryPlan {
          Fetch(service: "reviews") {
            {
              latestReviews {
                author {
                  username
                }
              }
            }
          },
        }""")


def test_external_field_not_provided_is_fetched() -> None:
    """An @external field (weight in inventory) is not resolved where it is external, but by its owner."""
    query = (
        'mutation { restock(upc: "1") { inStock weight } }'
    )
    assert plan("shop", query) == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "inventory") {
              {
                restock(upc: "1") {
                  inStock
                  __typename
                  upc
                }
              }
            },
            Flatten(path: "restock") {
              Fetch(service: "products") {
                {
                  ... on Product {
                    __typename
                    upc
                  }
                } =>
                {
                  ... on Product {
                    weight
                  }
                }
              },
            },
          },
        }""")


def test_shareable_field_stays_in_current_subgraph() -> None:
    """@shareable Dimensions: resolved where we already are (products), no entity call."""
    query = (
        '{ topProducts { dimensions { size unit } } }'
    )
    assert plan("shop", query) == dedent("""\
        QueryPlan {
          Fetch(service: "products") {
            {
              topProducts {
                dimensions {
                  size
                  unit
                }
              }
            }
          },
        }""")


def test_value_type_field_through_parent_entity() -> None:
    """Origin is a @shareable value type; city only exists in reviews, so the path is fetched again
    from the closest entity above (Product)."""
    query = (
        '{ topProducts { origin { country city } } }'
    )
    assert plan("shop", query) == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                topProducts {
                  origin {
                    country
                  }
                  __typename
                  upc
                }
              }
            },
            Flatten(path: "topProducts.@") {
              Fetch(service: "reviews") {
                {
                  ... on Product {
                    __typename
                    upc
                  }
                } =>
                {
                  ... on Product {
                    origin {
                      city
                    }
                  }
                }
              },
            },
          },
        }""")


def test_mutation_fields_run_in_order() -> None:
    """Mutation root fields run one after another; entity fetches between them are queries."""
    query = (
        'mutation { a: createProduct(name: "x") { name inStock } restock(upc: "1") { name } b: '
        'createProduct(name: "y") { upc } }'
    )
    assert plan("shop", query) == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                a: createProduct(name: "x") {
                  name
                  __typename
                  upc
                }
              }
            },
            Flatten(path: "a") {
              Fetch(service: "inventory") {
                {
                  ... on Product {
                    __typename
                    upc
                  }
                } =>
                {
                  ... on Product {
                    inStock
                  }
                }
              },
            },
            Fetch(service: "inventory") {
              {
                restock(upc: "1") {
                  __typename
                  upc
                }
              }
            },
            Flatten(path: "restock") {
              Fetch(service: "products") {
                {
                  ... on Product {
                    __typename
                    upc
                  }
                } =>
                {
                  ... on Product {
                    name
                  }
                }
              },
            },
            Fetch(service: "products") {
              {
                b: createProduct(name: "y") {
                  upc
                }
              }
            },
          },
        }""")


def test_conditions_fragments_aliases_variables() -> None:
    """@include/@skip stay in the operation; a fetch that only exists under one is wrapped in a
    condition; aliases and variables with defaults pass through; root __typename is the
    gateway's."""
    query = (
        'query Q($withReviews: Boolean!, $first: Int = 3) { __typename topProducts(first: $first)'
        ' { t: name ...Stock @skip(if: $withReviews) reviews @include(if: $withReviews) { body } '
        '} } fragment Stock on Product { inStock }'
    )
    assert plan("shop", query) == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                topProducts(first: $first) {
                  t: name
                  ... @skip(if: $withReviews) {
                    __typename
                    upc
                  }
                  __typename
                  upc
                }
              }
            },
            Parallel {
              Skip(if: $withReviews) {
                Flatten(path: "topProducts.@") {
                  Fetch(service: "inventory") {
                    {
                      ... on Product {
                        __typename
                        upc
                      }
                    } =>
                    {
                      ... on Product {
                        inStock
                      }
                    }
                  },
                }
              },
              Include(if: $withReviews) {
                Flatten(path: "topProducts.@") {
                  Fetch(service: "reviews") {
                    {
                      ... on Product {
                        __typename
                        upc
                      }
                    } =>
                    {
                      ... on Product {
                        reviews @include(if: $withReviews) {
                          body
                        }
                      }
                    }
                  },
                }
              },
            },
          },
        }""")


def test_requires_with_fragments_override_and_circular_looking_requires() -> None:
    """fee requires fragments on a union (with __typename); weightLimit moved to postage by @override
    and requires kilograms; insured (parcels) requires fee (postage), which requires contents
    (parcels): parcels, postage, parcels."""
    query = (
        '{ parcels { insured fee weightLimit } }'
    )
    assert plan("requires", query) == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "parcels") {
              {
                parcels {
                  contents {
                    __typename
                    ... on Document {
                      pages
                    }
                    ... on Goods {
                      kilograms
                    }
                  }
                  __typename
                  id
                }
              }
            },
            Flatten(path: "parcels.@") {
              Fetch(service: "postage") {
                {
                  ... on Parcel {
                    __typename
                    id
                    contents {
                      __typename
                      ... on Document {
                        pages
                      }
                      ... on Goods {
                        kilograms
                      }
                    }
                  }
                } =>
                {
                  ... on Parcel {
                    fee
                    weightLimit
                  }
                }
              },
            },
            Flatten(path: "parcels.@") {
              Fetch(service: "parcels") {
                {
                  ... on Parcel {
                    __typename
                    id
                    fee
                  }
                } =>
                {
                  ... on Parcel {
                    insured
                  }
                }
              },
            },
          },
        }""")


def test_composite_nested_key_and_chain_of_three() -> None:
    """A composite key with a nested field (id org { id }), then a second key (email) of the same
    entity to reach a third subgraph."""
    query = (
        '{ orgs { name members { joined role inbox } } }'
    )
    assert plan("keys", query) == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "orgs") {
              {
                orgs {
                  name
                  members {
                    joined
                    __typename
                    id
                    org {
                      id
                    }
                  }
                }
              }
            },
            Flatten(path: "orgs.@.members.@") {
              Fetch(service: "roles") {
                {
                  ... on Member {
                    __typename
                    id
                    org {
                      id
                    }
                  }
                } =>
                {
                  ... on Member {
                    role
                    __typename
                    email
                  }
                }
              },
            },
            Flatten(path: "orgs.@.members.@") {
              Fetch(service: "mail") {
                {
                  ... on Member {
                    __typename
                    email
                  }
                } =>
                {
                  ... on Member {
                    inbox
                  }
                }
              },
            },
          },
        }""")


def test_child_entity_back_to_parent_owner() -> None:
    """roles has Org as resolvable: false: Org fields come back from orgs."""
    query = (
        '{ member(id: "1", org: "o") { team { name } } }'
    )
    assert plan("keys", query) == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "orgs") {
              {
                member(id: "1", org: "o") {
                  __typename
                  id
                  org {
                    id
                  }
                }
              }
            },
            Flatten(path: "member") {
              Fetch(service: "roles") {
                {
                  ... on Member {
                    __typename
                    id
                    org {
                      id
                    }
                  }
                } =>
                {
                  ... on Member {
                    team {
                      __typename
                      id
                    }
                  }
                }
              },
            },
            Flatten(path: "member.team") {
              Fetch(service: "orgs") {
                {
                  ... on Org {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Org {
                    name
                  }
                }
              },
            },
          },
        }""")


def test_key_gathered_from_two_subgraphs() -> None:
    """badges keys Member by email (from roles) and joined (from orgs): no subgraph has both, so they
    are fetched first, like @requires fields."""
    query = (
        '{ orgs { members { badge } } }'
    )
    assert plan("keys", query) == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "orgs") {
              {
                orgs {
                  members {
                    __typename
                    id
                    org {
                      id
                    }
                    joined
                  }
                }
              }
            },
            Flatten(path: "orgs.@.members.@") {
              Fetch(service: "roles") {
                {
                  ... on Member {
                    __typename
                    id
                    org {
                      id
                    }
                  }
                } =>
                {
                  ... on Member {
                    email
                  }
                }
              },
            },
            Flatten(path: "orgs.@.members.@") {
              Fetch(service: "badges") {
                {
                  ... on Member {
                    __typename
                    email
                    joined
                  }
                } =>
                {
                  ... on Member {
                    badge
                  }
                }
              },
            },
          },
        }""")


def test_field_behind_an_entity_whose_key_its_subgraph_lacks() -> None:
    """Shelf is an entity in shelves and rooms but a value type in labels: its note comes by fetching
    Item.shelf again from labels, through the Item above it."""
    query = (
        '{ item(id: "1") { title shelf { code room note } } }'
    )
    assert plan("parent", query) == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "store") {
              {
                item(id: "1") {
                  title
                  __typename
                  id
                }
              }
            },
            Parallel {
              Sequence {
                Flatten(path: "item") {
                  Fetch(service: "shelves") {
                    {
                      ... on Item {
                        __typename
                        id
                      }
                    } =>
                    {
                      ... on Item {
                        shelf {
                          code
                          __typename
                        }
                      }
                    }
                  },
                },
                Flatten(path: "item.shelf") {
                  Fetch(service: "rooms") {
                    {
                      ... on Shelf {
                        __typename
                        code
                      }
                    } =>
                    {
                      ... on Shelf {
                        room
                      }
                    }
                  },
                },
              },
              Flatten(path: "item") {
                Fetch(service: "labels") {
                  {
                    ... on Item {
                      __typename
                      id
                    }
                  } =>
                  {
                    ... on Item {
                      shelf {
                        note
                      }
                    }
                  }
                },
              },
            },
          },
        }""")


def test_interfaces_explode_and_interface_object() -> None:
    """title is asked at interface level; Movie-only fields through studio (with @requires); rating
    from the @interfaceObject subgraph."""
    query = (
        '{ media { title rating ... on Movie { studio slug } ... on Book { pages } } }'
    )
    assert plan("abstract", query) == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "catalog") {
              {
                media {
                  __typename
                  title
                  id
                  ... on Movie {
                    __typename
                    id
                    title
                  }
                  ... on Book {
                    pages
                  }
                }
              }
            },
            Parallel {
              Flatten(path: "media.@") {
                Fetch(service: "ratings") {
                  {
                    ... on Book {
                      __typename
                      id
                    }
                    ... on Movie {
                      __typename
                      id
                    }
                  } =>
                  {
                    ... on Media {
                      rating
                    }
                  }
                },
              },
              Flatten(path: "media.@") {
                Fetch(service: "studio") {
                  {
                    ... on Movie {
                      __typename
                      id
                      title
                    }
                  } =>
                  {
                    ... on Movie {
                      studio
                      slug
                    }
                  }
                },
              },
            },
          },
        }""")


def test_provides_on_union_member_fields() -> None:
    """@provides with type conditions on a union field: titles come with the root fetch."""
    query = (
        '{ featured { ... on Book { title pages } ... on Movie { title studio } } }'
    )
    assert plan("abstract", query) == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "promo") {
              {
                featured {
                  __typename
                  ... on Book {
                    title
                    __typename
                    id
                  }
                  ... on Movie {
                    title
                    __typename
                    id
                  }
                }
              }
            },
            Parallel {
              Flatten(path: "featured.@") {
                Fetch(service: "catalog") {
                  {
                    ... on Book {
                      __typename
                      id
                    }
                  } =>
                  {
                    ... on Book {
                      pages
                    }
                  }
                },
              },
              Flatten(path: "featured.@") {
                Fetch(service: "studio") {
                  {
                    ... on Movie {
                      __typename
                      id
                    }
                  } =>
                  {
                    ... on Movie {
                      studio
                    }
                  }
                },
              },
            },
          },
        }""")


def test_node_interface() -> None:
    """node(id:) returns an interface; fields of one implementation elsewhere are fetched for that type
    only."""
    query = (
        '{ node(id: "m1") { id ... on Movie { studio } } }'
    )
    assert plan("abstract", query) == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "catalog") {
              {
                node(id: "m1") {
                  __typename
                  id
                  ... on Movie {
                    __typename
                    id
                  }
                }
              }
            },
            Flatten(path: "node") {
              Fetch(service: "studio") {
                {
                  ... on Movie {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Movie {
                    studio
                  }
                }
              },
            },
          },
        }""")


def test_interface_object_root_typename_through_owner() -> None:
    """An @interfaceObject only knows the interface: the real __typename comes from the interface's
    owner."""
    query = (
        '{ topRated { rating __typename ... on Book { pages } } }'
    )
    assert plan("abstract", query) == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "ratings") {
              {
                topRated {
                  __typename
                  rating
                  id
                }
              }
            },
            Flatten(path: "topRated.@") {
              Fetch(service: "catalog") {
                {
                  ... on Media {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Media {
                    __typename
                    ... on Book {
                      pages
                    }
                  }
                }
              },
            },
          },
        }""")


def test_override() -> None:
    """@override moves price to new; a progressive override (label) is not active, so stock stays in
    old; an override from a gone subgraph just resolves in new."""
    query = (
        '{ items { name price stock tax } }'
    )
    assert plan("override", query) == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "old") {
              {
                items {
                  name
                  __typename
                  id
                  stock
                }
              }
            },
            Flatten(path: "items.@") {
              Fetch(service: "new") {
                {
                  ... on Item {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Item {
                    price
                    tax
                  }
                }
              },
            },
          },
        }""")


def test_shareable_root_field_picks_the_subgraph_with_most_fields() -> None:
    """citizen(nik:) is offered by both subgraphs; bpjs only by health, so health alone answers."""
    query = (
        '{ citizen(nik: "1") { bpjs } }'
    )
    assert plan("shared", query) == dedent("""\
        QueryPlan {
          Fetch(service: "health") {
            {
              citizen(nik: "1") {
                bpjs
              }
            }
          },
        }""")


def test_inaccessible_key_still_links_subgraphs() -> None:
    """internalId is @inaccessible (hidden from clients) but still the key between health and identity."""
    query = (
        '{ citizen(nik: "1") { nik bpjs } }'
    )
    assert plan("shared", query) == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "health") {
              {
                citizen(nik: "1") {
                  __typename
                  internalId
                  bpjs
                }
              }
            },
            Flatten(path: "citizen") {
              Fetch(service: "identity") {
                {
                  ... on Citizen {
                    __typename
                    internalId
                  }
                } =>
                {
                  ... on Citizen {
                    nik
                  }
                }
              },
            },
          },
        }""")


def test_federation_one_supergraph() -> None:
    """Subgraphs written in Federation 1 (extend type, @external key fields) plan like Federation 2
    ones."""
    query = (
        '{ topPosts { title author { name greeting posts { id } } } }'
    )
    assert plan("fed1", query) == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "posts") {
              {
                topPosts {
                  title
                  author {
                    __typename
                    id
                    posts {
                      id
                    }
                  }
                }
              }
            },
            Flatten(path: "topPosts.@.author") {
              Fetch(service: "users") {
                {
                  ... on User {
                    __typename
                    id
                  }
                } =>
                {
                  ... on User {
                    name
                  }
                }
              },
            },
            Flatten(path: "topPosts.@.author") {
              Fetch(service: "posts") {
                {
                  ... on User {
                    __typename
                    id
                    name
                  }
                } =>
                {
                  ... on User {
                    greeting
                  }
                }
              },
            },
          },
        }""")


def test_sibling_fragments_with_different_subgraph_types_are_aliased() -> None:
    """identity declares Citizen.name String! and Officer.name String: one response key
    cannot carry both, so the second is aliased and renamed back."""
    fetch = build("shared", "{ accounts { ... on Citizen { name } ... on Officer { name } } }").node
    assert isinstance(fetch, FetchNode)
    assert fetch.operation == "{accounts{__typename ...on Citizen{name} ...on Officer{name__alias_0:name}}}"
    assert fetch.output_rewrites == (
        KeyRenamer(("accounts", "@", TypeCondition(("Officer",)), "name__alias_0"), "name"),)


def test_key_field_gets_its_own_key_when_the_client_alias_takes_it() -> None:
    """The client calls name "upc": the key field upc travels as upc__key and is renamed back in
    the representation."""
    root, inventory = fetches(build("shop", "{ topProducts { inStock upc: name } }").node)
    assert root.operation == "{topProducts{__typename upc__key:upc upc:name}}"
    assert inventory.input_rewrites == (KeyRenamer((TypeCondition(("Product",)), "upc__key"), "upc"),)
    assert print_plan(QueryPlan(FlattenNode(("topProducts", "@"), inventory))).count("upc__key") == 1


def test_interface_object_representations_carry_the_interface_name() -> None:
    """Entities sent to an @interfaceObject subgraph say __typename: Media (ValueSetter)."""
    found = fetches(build("abstract", "{ media { rating } }").node)
    ratings = [f for f in found if f.service_name == "ratings"]
    assert len(ratings) == 1
    assert set(ratings[0].input_rewrites) == {
        ValueSetter((TypeCondition(("Book",)), "__typename"), "Media"),
        ValueSetter((TypeCondition(("Movie",)), "__typename"), "Media"),
    }
    assert ratings[0].operation == \
        "query($representations:[_Any!]!){_entities(representations:$representations){...on Media{rating}}}"


def test_operation_names_and_variables_are_passed_on() -> None:
    """Named client operations name each fetch (Name__service__n); each fetch declares and
    lists only the variables it uses, with their defaults."""
    query = ("query Top($first: Int = 2, $currency: String) "
             "{ topProducts(first: $first) { price(currency: $currency) reviews { body } } }")
    root, reviews = fetches(build("shop", query, "Top").node)
    assert root.operation_name == "Top__products__0"
    assert root.operation == ("query Top__products__0($first:Int=2,$currency:String)"
                              "{topProducts(first:$first){price(currency:$currency) __typename upc}}")
    assert root.variable_usages == ("first", "currency")
    assert reviews.operation_name == "Top__reviews__1"
    assert reviews.variable_usages == ()


def test_same_subgraph_at_several_paths_is_one_fetch_per_step() -> None:
    """Products under two paths in the same step: one _entities request for both."""
    query = "{ latestReviews { product { name } author { reviews { product { name } } } } }"
    text = plan("shop", query)
    assert 'Flatten(paths: ["latestReviews.@.product", "latestReviews.@.author.reviews.@.product"])' in text
    assert [f.service_name for f in fetches(build("shop", query).node)] == ["reviews", "products"]


def test_same_field_with_other_arguments_at_two_paths_is_still_one_fetch() -> None:
    """The same entity field with different arguments at two paths of one step: one request,
    the second path's field under an internal alias that only that path renames back."""
    query = ('{ latestReviews { a: product { price(currency: "USD") weight }'
             ' b: product { price(currency: "EUR") weight } } }')
    assert plan("shop", query) == dedent("""\
        QueryPlan {
          Sequence {
            Fetch(service: "reviews") {
              {
                latestReviews {
                  a: product {
                    __typename
                    upc
                  }
                  b: product {
                    __typename
                    upc
                  }
                }
              }
            },
            Flatten(paths: ["latestReviews.@.a", "latestReviews.@.b"]) {
              Fetch(service: "products") {
                {
                  ... on Product {
                    __typename
                    upc
                  }
                } =>
                {
                  ... on Product {
                    price(currency: "USD")
                    weight
                    __typename
                    price__merged_0: price(currency: "EUR")
                  }
                }
              },
            },
          },
        }""")
    flatten = build("shop", query).node
    assert isinstance(flatten, SequenceNode) and isinstance(flatten.nodes[1], FlattenNode)
    assert flatten.nodes[1].path_rewrites == (
        (), (KeyRenamer((TypeCondition(("Product",)), "price__merged_0"), "price"),))
    assert isinstance(flatten.nodes[1].node, FetchNode) and flatten.nodes[1].node.output_rewrites == ()


def test_same_arguments_at_two_paths_need_no_alias() -> None:
    """Equal fields at both paths are asked once; no path has rewrites of its own."""
    query = ('{ latestReviews { a: product { price(currency: "USD") }'
             ' b: product { price(currency: "USD") } } }')
    flatten = build("shop", query).node
    assert isinstance(flatten, SequenceNode) and isinstance(flatten.nodes[1], FlattenNode)
    assert flatten.nodes[1].more_paths == (("latestReviews", "@", "b"),)
    assert flatten.nodes[1].path_rewrites == ()
    assert "__merged" not in plan("shop", query)


def test_requires_satisfied_by_the_paths_own_provides_resolves_in_place() -> None:
    """User.signature @requires(username) in reviews, where Review.author provides username:
    reviews resolves it in the same fetch, no _entities call back to itself."""
    assert plan("shop", "{ latestReviews { author { signature } } }") == dedent("""\
        QueryPlan {
          Fetch(service: "reviews") {
            {
              latestReviews {
                author {
                  username
                  signature
                }
              }
            }
          },
        }""")


def test_requires_not_provided_on_the_path_still_calls_back() -> None:
    """From accounts (me), username is not provided in reviews: the representation carries it."""
    root, reviews = fetches(build("shop", "{ me { signature } }").node)
    assert root.service_name == "accounts" and "username" in root.operation
    assert reviews.service_name == "reviews"
    assert reviews.requires == (RequiredFragment("User", (
        RequiredField("__typename"), RequiredField("id"), RequiredField("username"))),)


def test_conditional_fragment_at_the_root_stays_in_the_shared_fetch() -> None:
    """me and users share one accounts fetch; users sits in an @include fragment, which must
    stay in the operation since the fetch as a whole is not conditional."""
    fetch = build("shop", "query ($x: Boolean!) { me { name } ... @include(if: $x) { users { name } } }").node
    assert isinstance(fetch, FetchNode)
    assert fetch.operation == "query($x:Boolean!){me{name} ...@include(if:$x){users{name}}}"
    assert fetch.variable_usages == ("x",)


def test_introspection_and_typename_only_need_no_fetch() -> None:
    assert plan("shop", "{ __typename __schema { queryType { name } } }") == "QueryPlan {}"


def test_literal_include_false_drops_the_field() -> None:
    """@include(if: false) on a field: no fetch for it at all."""
    result = build("shop", "{ topProducts { name inStock @include(if: false) } }")
    assert [f.service_name for f in fetches(result.node)] == ["products"]


@pytest.mark.parametrize(
    ("query", "operation_name", "message"),
    [
        ("query A { me { id } } query B { me { name } }", None, "several operations"),
        ("query A { me { id } }", "C", "no operation named 'C'"),
    ],
)
def test_planning_errors_say_why(query: str, operation_name: str | None, message: str) -> None:
    with pytest.raises(PlanningError, match=message):
        build_plan(supergraph("shop"), parse(query), operation_name)


#: the bench rig (docs/gateway.md, "Speed": its setup.sh installs it in /tmp/bench-rig)
BENCH = Path(os.environ.get("BENCH_RIG", "/tmp/bench-rig"))


@pytest.mark.skipif(not BENCH.exists(), reason="bench rig not present")
def test_bench_query_plan_shape() -> None:
    """The benchmark's heavy query: 11 fetches (Apollo's plan has about 16), one per subgraph
    per step, with shippingEstimate's @requires fed from products."""
    sg = Supergraph.parse((BENCH / "supergraph.benchmark.graphql").read_text())
    document = parse((BENCH / "query.graphql").read_text())
    assert validate(sg.api_schema, document) == []
    result = build_plan(sg, document, None)
    services = [f.service_name for f in fetches(result.node)]
    assert len(services) == 11
    assert sorted(set(services)) == ["accounts", "inventory", "products", "reviews"]
    estimates = [f for f in fetches(result.node) if "shippingEstimate" in f.operation]
    assert estimates and all(f.service_name == "inventory" for f in estimates)
    assert all(any(getattr(r, "type_condition", "") == "Product" for r in f.requires) for f in estimates)
    assert "price" in print_plan(result).split("shippingEstimate")[0]


NODE_MODULES = BENCH / "node_modules"


@pytest.mark.node
@pytest.mark.skipif(shutil.which("node") is None or not (NODE_MODULES / "@theguild").exists(),
                    reason="needs node and @theguild/federation-composition (bench-rig setup)")
@pytest.mark.parametrize(
    "fixture", ["shop", "keys", "abstract", "override", "shared", "fed1", "requires", "parent"])
def test_fixtures_are_what_composition_writes(fixture: str, tmp_path: Path) -> None:
    """Each committed supergraph is exactly what the composition library makes of the SDL files."""
    shutil.copy(FIXTURES / "compose.mjs", tmp_path / "compose.mjs")
    shutil.copytree(FIXTURES / fixture, tmp_path / fixture)
    names = sorted(p.stem for p in (FIXTURES / fixture).glob("*.graphql") if p.stem != "supergraph")
    subprocess.run(["node", str(tmp_path / "compose.mjs"), fixture, *names], check=True,
                   env={**os.environ, "NODE_MODULES": str(NODE_MODULES)}, timeout=120)
    # composition output does not depend on the order subgraphs are given in
    assert (tmp_path / fixture / "supergraph.graphql").read_text() == \
        (FIXTURES / fixture / "supergraph.graphql").read_text()
