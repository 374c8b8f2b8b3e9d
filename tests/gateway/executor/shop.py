"""A small shop federated over three fixture subgraphs (accounts, products, reviews), its
supergraph SDL (join v0.3, as composition writes it) and hand-built query plans."""

from __future__ import annotations

import asyncio
from typing import Any

from gateway.planner.plan import FetchNode, FlattenNode, RequiredField, RequiredFragment

from .subgraphs import FixtureSubgraph

__all__ = [
    "ENTITY_QUERY",
    "accounts",
    "product_reviews_fetch",
    "products",
    "reviews",
    "supergraph_sdl",
    "user_fetch",
]

USERS = {"1": {"id": "1", "name": "Ada"}, "2": {"id": "2", "name": "Budi"}}
PRODUCTS: list[dict[str, Any]] = [
    {"upc": "p1", "name": "Batik", "price": 100, "color": "RED"},
    {"upc": "p2", "name": "Kopi", "price": 20, "color": "SECRET"},
    {"upc": "p3", "name": "Teh", "price": None, "color": "PURPLE"},
]
REVIEWS: dict[str, list[dict[str, Any]]] = {
    "p1": [{"id": "r1", "body": "Bagus", "author": "1"}, {"id": "r2", "body": "Mantap", "author": "2"}],
    "p2": [{"id": "r3", "body": "Enak", "author": "1"}],
    "p3": [{"id": "r4", "body": "Segar", "author": "2"}],
}

_FEDERATION = """
extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@inaccessible"])
"""

ENTITY_QUERY = "query($representations:[_Any!]!){_entities(representations:$representations){"


def accounts(log: list[str] | None = None, delay: float = 0.0) -> FixtureSubgraph:
    journal = log if log is not None else []

    async def add_user(_root: Any, _info: Any, name: str) -> dict[str, Any]:
        await asyncio.sleep(0.1 if name == "A" else 0.0)  # run together, B would finish first
        journal.append(name)
        return {"id": str(len(journal) + 10), "name": name}

    return FixtureSubgraph(
        """
        type Query { me: User }
        type Mutation { addUser(name: String!): User! }
        type User { id: ID! name: String }
        """,
        resolvers={"Query.me": lambda *_: USERS["1"], "Mutation.addUser": add_user},
        entities={"User": lambda rep: USERS.get(rep["id"])},
        delay=delay,
        published=_FEDERATION + """
        type Query { me: User }
        type Mutation { addUser(name: String!): User! }
        type User @key(fields: "id") { id: ID! name: String }
        """,
    )


def products(delay: float = 0.0) -> FixtureSubgraph:
    def price(product: dict[str, Any], _info: Any) -> Any:
        if product["price"] is None:
            raise ValueError("price unknown")
        return product["price"]

    return FixtureSubgraph(
        """
        type Query { topProducts(first: Int = 5): [Product!]! product(upc: String!): Product }
        type Product { upc: String! name: String price: Int color: String }
        """,
        resolvers={
            "Query.topProducts": lambda _r, _i, first: PRODUCTS[:first],
            "Query.product": lambda _r, _i, upc: next((p for p in PRODUCTS if p["upc"] == upc), None),
            "Product.price": price,
        },
        entities={"Product": lambda rep: next((p for p in PRODUCTS if p["upc"] == rep["upc"]), None)},
        delay=delay,
        published=_FEDERATION + """
        type Query { topProducts(first: Int = 5): [Product!]! product(upc: String!): Product }
        type Product @key(fields: "upc") { upc: String! name: String price: Int! color: Color }
        enum Color { RED GREEN SECRET @inaccessible }
        """,
    )


def reviews(delay: float = 0.0) -> FixtureSubgraph:
    def product_reviews(product: dict[str, Any], _info: Any) -> Any:
        if product["upc"] == "p2":
            raise ValueError("reviews of p2 are being moderated")
        return [{**r, "author": {"__typename": "User", "id": r["author"]}} for r in REVIEWS[product["upc"]]]

    return FixtureSubgraph(
        """
        type Query { reviewCount: Int }
        type Product { upc: String! reviews: [Review!] }
        type Review { id: ID! body: String! author: User! }
        type User { id: ID! }
        """,
        resolvers={"Query.reviewCount": lambda *_: 4, "Product.reviews": product_reviews},
        entities={"Product": lambda rep: {"upc": rep["upc"]} if rep["upc"] in REVIEWS else None},
        delay=delay,
        published=_FEDERATION + """
        type Query { reviewCount: Int }
        type Product @key(fields: "upc") { upc: String! reviews: [Review!] }
        type Review { id: ID! body: String! author: User! }
        type User @key(fields: "id", resolvable: false) { id: ID! }
        """,
    )


def supergraph_sdl(accounts_url: str, products_url: str, reviews_url: str) -> str:
    return f"""
schema
  @link(url: "https://specs.apollo.dev/link/v1.0")
  @link(url: "https://specs.apollo.dev/join/v0.3", for: EXECUTION)
  @link(url: "https://specs.apollo.dev/inaccessible/v0.2", for: SECURITY)
{{
  query: Query
  mutation: Mutation
}}

directive @inaccessible on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ARGUMENT_DEFINITION | SCALAR \
| ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION
directive @join__enumValue(graph: join__Graph!) repeatable on ENUM_VALUE
directive @join__field(graph: join__Graph, requires: join__FieldSet, provides: join__FieldSet, \
type: String, external: Boolean, override: String, usedOverridden: Boolean) repeatable on FIELD_DEFINITION \
| INPUT_FIELD_DEFINITION
directive @join__graph(name: String!, url: String!) on ENUM_VALUE
directive @join__implements(graph: join__Graph!, interface: String!) repeatable on OBJECT | INTERFACE
directive @join__type(graph: join__Graph!, key: join__FieldSet, extension: Boolean! = false, \
resolvable: Boolean! = true, isInterfaceObject: Boolean! = false) repeatable on OBJECT | INTERFACE | UNION \
| ENUM | INPUT_OBJECT | SCALAR
directive @join__unionMember(graph: join__Graph!, member: String!) repeatable on UNION
directive @link(url: String, as: String, for: link__Purpose, import: [link__Import]) repeatable on SCHEMA

scalar join__FieldSet
scalar link__Import
enum link__Purpose {{ SECURITY EXECUTION }}

enum join__Graph {{
  ACCOUNTS @join__graph(name: "accounts", url: "{accounts_url}")
  PRODUCTS @join__graph(name: "products", url: "{products_url}")
  REVIEWS @join__graph(name: "reviews", url: "{reviews_url}")
}}

type Query @join__type(graph: ACCOUNTS) @join__type(graph: PRODUCTS) @join__type(graph: REVIEWS) {{
  me: User @join__field(graph: ACCOUNTS)
  topProducts(first: Int = 5): [Product!]! @join__field(graph: PRODUCTS)
  product(upc: String!): Product @join__field(graph: PRODUCTS)
  reviewCount: Int @join__field(graph: REVIEWS)
}}

type Mutation @join__type(graph: ACCOUNTS) {{
  addUser(name: String!): User! @join__field(graph: ACCOUNTS)
}}

enum Color @join__type(graph: PRODUCTS) {{
  RED @join__enumValue(graph: PRODUCTS)
  GREEN @join__enumValue(graph: PRODUCTS)
  SECRET @join__enumValue(graph: PRODUCTS) @inaccessible
}}

type User @join__type(graph: ACCOUNTS, key: "id") @join__type(graph: REVIEWS, key: "id") {{
  id: ID!
  name: String @join__field(graph: ACCOUNTS)
}}

type Product @join__type(graph: PRODUCTS, key: "upc") @join__type(graph: REVIEWS, key: "upc") {{
  upc: String!
  name: String @join__field(graph: PRODUCTS)
  price: Int! @join__field(graph: PRODUCTS)
  color: Color @join__field(graph: PRODUCTS)
  reviews: [Review!] @join__field(graph: REVIEWS)
}}

type Review @join__type(graph: REVIEWS) {{
  id: ID!
  body: String!
  author: User!
}}
"""


def _key(type_name: str, field: str) -> tuple[RequiredFragment, ...]:
    return (RequiredFragment(type_name, (RequiredField("__typename"), RequiredField(field))),)


def product_reviews_fetch(
    path: tuple[str, ...], selection: str = "reviews{body author{__typename id}}"
) -> FlattenNode:
    operation = f"{ENTITY_QUERY}...on Product{{{selection}}}}}}}"
    return FlattenNode(path, FetchNode("reviews", operation, requires=_key("Product", "upc")))


def user_fetch(path: tuple[str, ...]) -> FlattenNode:
    operation = f"{ENTITY_QUERY}...on User{{name}}}}}}"
    return FlattenNode(path, FetchNode("accounts", operation, requires=_key("User", "id")))
