"""Introspection answered from the API schema: descriptions, deprecations, defaults, interfaces."""

from tests.federation.subgraph import FED2, Subgraph

SUBGRAPHS = [
    Subgraph(
        "registry",
        FED2
        + '''
        type Query {
          "Look a region up by its Kemendagri code."
          region(code: ID!, depth: Int = 1): Region
          regions(filter: RegionFilter): [Region!]!
        }
        """A region of Indonesia."""
        type Region implements Place @key(fields: "code") {
          code: ID!
          name: String!
          oldName: String @deprecated(reason: "Use name")
          level: Level!
        }
        interface Place { code: ID! }
        enum Level { PROVINCE REGENCY DISTRICT @deprecated(reason: "Not used") VILLAGE }
        input RegionFilter { level: Level = PROVINCE limit: Int = 10 }
        ''',
        resolvers={
            "Query.region": lambda _p, _i, code, depth: {"code": code, "name": "Bali", "level": "PROVINCE"},
            "Query.regions": lambda _p, _i, filter=None: [],
        },
    ),
    Subgraph(
        "stats",
        FED2 + 'type Region @key(fields: "code") { code: ID! population: Int }',
        references={"Region": lambda r: {**r, "population": 4300000}},
    ),
]
