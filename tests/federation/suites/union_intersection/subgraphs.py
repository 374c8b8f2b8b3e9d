"""A union whose members differ between subgraphs."""

from tests.federation.subgraph import FED2, Subgraph

SUBGRAPHS = [
    Subgraph(
        "library",
        FED2
        + """
        type Query { mediaA: [Media!]! }
        union Media = Book | Song
        type Book @shareable { title: String! }
        type Song @shareable { title: String! }
        """,
        resolvers={
            "Query.mediaA": lambda _p, _i: [
                {"__typename": "Book", "title": "Bumi Manusia"},
                {"__typename": "Song", "title": "Bengawan Solo"},
            ]
        },
    ),
    Subgraph(
        "cinema",
        FED2
        + """
        type Query { mediaB: [Media!]! }
        union Media = Book | Movie
        type Book @shareable { title: String! }
        type Movie @shareable { title: String! }
        """,
        resolvers={
            "Query.mediaB": lambda _p, _i: [
                {"__typename": "Book", "title": "Ronggeng Dukuh Paruk"},
                {"__typename": "Movie", "title": "Pengabdi Setan"},
            ]
        },
    ),
]
