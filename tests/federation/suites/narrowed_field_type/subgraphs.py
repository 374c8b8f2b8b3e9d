"""A field whose type one subgraph narrows: a union in the supergraph, one object type there.

``shelf`` serves ``Library.featured: Book`` while ``music`` serves ``Library.featured: Media``
(``Book | Song``); composition records ``join__field(graph: SHELF, type: "Book")``. A fetch to
``shelf`` must not carry a fragment on ``Song``: that subgraph would reject the operation.
"""

from typing import Any

from tests.federation.subgraph import FED2, Subgraph

GATEWAY_ENV = {"SPBE_GATEWAY_DEBUG_PLANS": "1"}

BOOK: dict[str, Any] = {"__typename": "Book", "id": "b1", "title": "Bumi Manusia"}
SONG: dict[str, Any] = {"__typename": "Song", "id": "s1", "title": "Bengawan Solo"}

SUBGRAPHS = [
    Subgraph(
        "shelf",
        FED2
        + """
        type Query { library: Library! }
        type Library @key(fields: "id") { id: ID! featured: Book @shareable }
        type Book { id: ID! @shareable title: String! @shareable }
        """,
        resolvers={"Query.library": lambda _p, _i: {"id": "l1", "featured": BOOK}},
        references={"Library": lambda rep: {"id": rep["id"], "featured": BOOK}},
    ),
    Subgraph(
        "music",
        FED2
        + """
        type Query { jukebox: Library! pick: Media }
        type Library @key(fields: "id") { id: ID! featured: Media @shareable tracks: Int! }
        union Media = Book | Song
        type Book { id: ID! @shareable title: String! @shareable }
        type Song { id: ID! title: String! }
        """,
        resolvers={
            "Query.jukebox": lambda _p, _i: {"id": "l1", "featured": BOOK, "tracks": 12},
            "Query.pick": lambda _p, _i: SONG,
        },
        references={"Library": lambda rep: {"id": rep["id"], "featured": BOOK, "tracks": 12}},
    ),
]
