"""Issue 9, item 5: variables nested hundreds deep are a client mistake: 400 with a message that
says so, no 500 and no ERROR line in the gateway's log."""

from __future__ import annotations

import pytest

from tests.hostile.conftest import PROMPT, Hostile

pytestmark = pytest.mark.timeout(30, func_only=True)  # the shared system's setup is not the case


@pytest.mark.parametrize("depth", [254, 100_000])
async def test_deeply_nested_variables_are_refused(hostile: Hostile, depth: int) -> None:
    body = b'{"query":"query($n: String!) { citizen(nik: $n) { nik } }","variables":{"x":'
    body += b"[" * depth + b"]" * depth + b"}}"
    before = hostile.log()
    response = await hostile.post(body)
    assert response.status_code == 400, response.text
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "nest" in error["message"] or "JSON" in error["message"]
    assert hostile.log() == before  # nothing logged, certainly no ERROR with stack frames
    await hostile.responsive(PROMPT)


async def test_deeply_nested_variables_in_a_get_are_refused(hostile: Hostile) -> None:
    import httpx

    variables = '{"x":' + "[" * 254 + "]" * 254 + "}"
    async with httpx.AsyncClient(timeout=5) as client:
        response = await client.get(
            hostile.url, params={"query": "{ regions { code } }", "variables": variables},
            headers={"accept": "application/graphql-response+json"},
        )
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
