"""The representation check on keys the services do not use yet: a compound key, a nested key,
an ``Int`` key and a second ``@key`` (subgraphs/common/representations.py). The HTTP behaviour,
over the real services, is in tests/hostile/test_subgraph_representations.py."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry

from subgraphs.common.schema import SubgraphSchema


@strawberry.federation.type(keys=["code"])
class Org:
    code: str

    @classmethod
    def resolve_reference(cls, code: str) -> Org:
        return cls(code=code)


@strawberry.federation.type(keys=["org { code } login", "serial"])
class Account:
    org: Org
    login: str
    serial: int

    @classmethod
    def resolve_reference(cls, org: Any = None, login: str = "", serial: int = 0) -> Account:
        return cls(org=Org(code=org["code"] if org else "?"), login=login, serial=serial)


@strawberry.type
class Query:
    @strawberry.field
    def org(self) -> Org | None:
        return None


schema = SubgraphSchema(query=Query, types=[Org, Account])
ENTITIES = "query ($r: [_Any!]!) { _entities(representations: $r) { ... on Account { login serial } } }"


def _answer(representation: Any) -> tuple[Any, list[str]]:
    result = schema.execute_sync(ENTITIES, variable_values={"r": [representation]})
    assert result.data is not None
    errors = result.errors or []
    assert all((e.extensions or {}).get("code") == "BAD_USER_INPUT" for e in errors), errors
    return result.data["_entities"][0], [e.message for e in errors]


@pytest.mark.parametrize(
    "representation",
    [
        {"__typename": "Account", "org": {"code": "KEMENSOS"}, "login": "ana"},
        {"__typename": "Account", "serial": 7},
    ],
)
def test_either_key_resolves(representation: dict[str, Any]) -> None:
    assert _answer(representation)[1] == []


@pytest.mark.parametrize(
    ("representation", "message"),
    [
        (
            {"__typename": "Account", "login": "ana"},
            "Representation 0 (Account) lacks the key field org, login or serial.",
        ),
        (
            {"__typename": "Account", "org": "KEMENSOS", "login": "ana"},
            "Representation 0 (Account) has org of the wrong type: expected Org (an object), got string.",
        ),
        (
            {"__typename": "Account", "org": {"code": 1}, "login": "ana"},
            "Representation 0 (Account) has org of the wrong type: code: expected String, got number.",
        ),
        (
            {"__typename": "Account", "serial": "7"},
            "Representation 0 (Account) has serial of the wrong type: expected Int, got string.",
        ),
        (
            {"__typename": "Account", "serial": True},
            "Representation 0 (Account) has serial of the wrong type: expected Int, got boolean.",
        ),
        (
            {"__typename": "A" * 100, "serial": 7},
            "Representation 0 has __typename an unexpected name, which is not an entity of this subgraph "
            "(its entities: Account, Org).",
        ),
    ],
)
def test_a_malformed_key_is_named(representation: dict[str, Any], message: str) -> None:
    assert _answer(representation) == (None, [message])
