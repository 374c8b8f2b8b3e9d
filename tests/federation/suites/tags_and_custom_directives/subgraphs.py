"""@tag and a @composeDirective custom directive in the supergraph: served, never in the way."""

from tests.federation.subgraph import Subgraph

LINKS = """
extend schema
  @link(
    url: "https://specs.apollo.dev/federation/v2.3"
    import: ["@key", "@tag", "@composeDirective", "@shareable"]
  )
  @link(url: "https://spbe.example/audit/v1.0", import: ["@sensitive"])
  @composeDirective(name: "@sensitive")
directive @sensitive(category: String!) on FIELD_DEFINITION
"""

SUBGRAPHS = [
    Subgraph(
        "identity",
        LINKS
        + """
        type Query @tag(name: "public") { citizen(nik: ID!): Citizen @tag(name: "public") }
        type Citizen @key(fields: "nik") @tag(name: "pii") {
          nik: ID! @tag(name: "pii")
          name: String! @sensitive(category: "identity")
        }
        """,
        resolvers={"Query.citizen": lambda _p, _i, nik: {"nik": nik, "name": "Rudi"}},
    ),
    Subgraph(
        "health",
        LINKS
        + """
        type Citizen @key(fields: "nik") {
          nik: ID!
          bloodType: String @sensitive(category: "health") @tag(name: "pii")
        }
        """,
        references={"Citizen": lambda r: {**r, "bloodType": "O"}},
    ),
]
