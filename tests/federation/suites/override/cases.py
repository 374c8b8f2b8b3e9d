"""Cases: overridden fields come from the new owner only; a missing 'from' changes nothing."""

from tests.federation.case import Case

CASES = [
    Case(
        "overridden_field_from_new_owner",
        "{ users { name email } }",
        {"users": [{"name": "Ani", "email": "u1@example.id"}, {"name": "Budi", "email": "u2@example.id"}]},
        calls={"legacy": 1, "modern": 1},
    ),
    Case(
        "new_owner_root_needs_no_other_call",
        "{ me { id email } }",
        {"me": {"id": "u2", "email": "u2@example.id"}},
        calls={"modern": 1},
    ),
    Case(
        "override_with_requires",
        "{ users { id quota } }",
        {"users": [{"id": "u1", "quota": 10}, {"id": "u2", "quota": 20}]},
        calls={"legacy": 1, "modern": 1},
    ),
    Case(
        "override_with_requires_from_new_owner_root",
        "{ me { quota name } }",
        {"me": {"quota": 20, "name": "Budi"}},
        calls={"modern": 2, "legacy": 1},
    ),
    Case(
        "override_from_gone_subgraph",
        "{ users { id verified } }",
        {"users": [{"id": "u1", "verified": True}, {"id": "u2", "verified": False}]},
        calls={"legacy": 1, "modern": 1},
    ),
]
