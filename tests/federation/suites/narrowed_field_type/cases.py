"""Cases: fragments on types a subgraph's narrower field type excludes are not sent to it."""

from tests.federation.case import Case

BOTH = "__typename ... on Book { title } ... on Song { title }"

CASES = [
    Case(
        "book_only_subgraph_gets_no_song_fragment",
        f"{{ library {{ featured {{ {BOTH} }} }} }}",
        {"library": {"featured": {"__typename": "Book", "title": "Bumi Manusia"}}},
        calls={"shelf": 1},
    ),
    Case(
        "song_fragment_alone",
        "{ library { id featured { ... on Song { id title } } } }",
        {"library": {"id": "l1", "featured": {}}},
        calls={"shelf": 1},
    ),
    Case(
        "union_field_keeps_both_fragments",
        f"{{ pick {{ {BOTH} }} }}",
        {"pick": {"__typename": "Song", "title": "Bengawan Solo"}},
        calls={"music": 1},
    ),
    Case(
        "shared_path_asks_the_common_member_only",
        f"{{ jukebox {{ featured {{ {BOTH} }} }} }}",
        {"jukebox": {"featured": {"__typename": "Book", "title": "Bumi Manusia"}}},
        calls={"music": 1},
    ),
    Case(
        "narrowed_field_next_to_an_entity_call",
        "{ library { tracks featured { ... on Song { title } ... on Book { id } } } }",
        {"library": {"tracks": 12, "featured": {"id": "b1"}}},
        calls={"shelf": 1, "music": 1},
        headers={"Apollo-Query-Plan-Experimental": "1"},
        plan=['Fetch(service: "shelf")', 'Flatten(path: "library")', 'Fetch(service: "music")'],
    ),
]
