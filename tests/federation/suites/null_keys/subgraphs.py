"""An entity hop that returns ``null`` leaves no key for the next hop: no call, no error."""

from tests.federation.subgraph import FED2, Subgraph

BOOKS = [
    {"code": "c1", "isbn": "i1", "author": {"name": "Pramoedya"}},
    {"code": "c2", "isbn": "i2", "author": {"name": "Ayu Utami"}},
    {"code": "c3", "isbn": "i3", "author": {"name": "Dee"}},
]


def _catalog(rep: dict) -> object:
    book = next((b for b in BOOKS if b["isbn"] == rep.get("isbn")), None)
    if book is None or book["code"] == "c3":
        return None  # the catalog does not know this book
    return {"__typename": "Book", "code": book["code"], "isbn": book["isbn"]}


def _authors(rep: dict) -> object:
    book = next((b for b in BOOKS if b["code"] == rep.get("code")), None)
    return None if book is None else {"__typename": "Book", "code": book["code"], "author": book["author"]}


SUBGRAPHS = [
    Subgraph(
        "shelves",
        FED2
        + """
        type Query { slots: [Slot] loose: [Loose!]! magazines: [Magazine!]! }
        type Magazine @key(fields: "issn") { issn: ID }
        type Loose { label: String! book: Book }
        type Slot { book: Book }
        type Book @key(fields: "isbn") { isbn: ID! }
        """,
        resolvers={
            "Query.slots": lambda _p, _i: [{"book": {"isbn": b["isbn"]}} for b in BOOKS],
            "Query.magazines": lambda _p, _i: [{"issn": "m1"}, {"issn": None}],
            "Query.loose": lambda _p, _i: [
                {"label": "x", "book": None},
                {"label": "y", "book": {"isbn": "i2"}},
            ],
        },
    ),
    Subgraph(
        "catalog",
        FED2 + 'type Book @key(fields: "code") @key(fields: "isbn") { code: ID! isbn: ID! }',
        references={"Book": _catalog},
    ),
    Subgraph(
        "periodicals",
        FED2 + 'type Magazine @key(fields: "issn") { issn: ID title: String }',
        references={"Magazine": lambda r: {**r, "title": "Tempo"} if r.get("issn") == "m1" else None},
    ),
    Subgraph(
        "authors",
        FED2
        + """
        type Book @key(fields: "code") { code: ID! author: Author }
        type Author { name: String }
        """,
        references={"Book": _authors},
    ),
]
