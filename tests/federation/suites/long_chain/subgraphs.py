"""A chain of four subgraphs: province -> regency -> district -> village."""

from tests.federation.subgraph import FED2, Subgraph

SUBGRAPHS = [
    Subgraph(
        "provinces",
        FED2
        + """
        type Query { province: Province }
        type Province { code: ID! name: String! capital: Regency! }
        type Regency @key(fields: "code") { code: ID! }
        """,
        resolvers={
            "Query.province": lambda _p, _i: {
                "code": "31",
                "name": "DKI Jakarta",
                "capital": {"code": "31.71"},
            }
        },
    ),
    Subgraph(
        "regencies",
        FED2
        + """
        type Regency @key(fields: "code") { code: ID! name: String! seat: District! }
        type District @key(fields: "code") { code: ID! }
        """,
        references={
            "Regency": lambda r: {**r, "name": "Jakarta Pusat", "seat": {"code": f"{r['code']}.01"}},
        },
    ),
    Subgraph(
        "districts",
        FED2
        + """
        type District @key(fields: "code") { code: ID! name: String! office: Village! }
        type Village @key(fields: "code") { code: ID! }
        """,
        references={"District": lambda r: {**r, "name": "Gambir", "office": {"code": f"{r['code']}.1001"}}},
    ),
    Subgraph(
        "villages",
        FED2 + 'type Village @key(fields: "code") { code: ID! name: String! }',
        references={"Village": lambda r: {**r, "name": "Gambir"}},
    ),
]
