"""A child entity leads back to its parent's subgraph: employee -> department -> head employee."""

from tests.federation.subgraph import FED2, Subgraph, by_key

EMPLOYEES = [
    {"id": "e1", "department": {"id": "d1"}, "fullName": "Siti Rahma"},
    {"id": "e2", "department": {"id": "d1"}, "fullName": "Joko Susilo"},
]
DEPARTMENTS = [{"id": "d1", "name": "Kependudukan", "head": {"id": "e2"}}]

SUBGRAPHS = [
    Subgraph(
        "staff",
        FED2
        + """
        type Query { employee: Employee }
        type Employee @key(fields: "id") { id: ID! fullName: String! department: Department! }
        type Department @key(fields: "id") { id: ID! }
        """,
        resolvers={"Query.employee": lambda _p, _i: EMPLOYEES[0]},
        references={"Employee": by_key(EMPLOYEES, "id")},
    ),
    Subgraph(
        "departments",
        FED2
        + """
        type Department @key(fields: "id") { id: ID! name: String! head: Employee! }
        type Employee @key(fields: "id") { id: ID! }
        """,
        references={"Department": by_key(DEPARTMENTS, "id")},
    ),
]
