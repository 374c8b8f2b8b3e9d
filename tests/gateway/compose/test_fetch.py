"""fetch_sdl, compose_from_urls and run_compose_command against subgraphs over real HTTP."""

from __future__ import annotations

import pytest
from graphql import build_ast_schema, parse

from gateway.compose import SdlFetchError, compose_from_urls, fetch_sdl


async def test_fetch_sdl_reads_a_strawberry_subgraph(base_url: str) -> None:
    sdl = await fetch_sdl(f"{base_url}/users/", timeout=5)
    assert "type User" in sdl
    assert "https://specs.apollo.dev/federation/v2" in sdl


async def test_compose_from_urls_composes_the_running_subgraphs(base_url: str) -> None:
    supergraph = await compose_from_urls({"users": f"{base_url}/users/", "reviews": f"{base_url}/reviews/"})
    schema = build_ast_schema(parse(supergraph))
    user = schema.type_map["User"]
    assert set(user.fields) == {"id", "name", "reviews"}  # type: ignore[attr-defined]
    assert f'USERS @join__graph(name: "users", url: "{base_url}/users/")' in supergraph
    assert "reviews: [Review!]! @join__field(graph: REVIEWS)" in supergraph
    assert set(schema.query_type.fields) == {"me", "latest"}  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/errors", "GraphQL errors: Cannot query field"),
        ("/broken", "HTTP status 500"),
        ("/html", "not JSON"),
    ],
)
async def test_fetch_sdl_reports_what_went_wrong(base_url: str, path: str, reason: str) -> None:
    with pytest.raises(SdlFetchError) as caught:
        await fetch_sdl(base_url + path, timeout=5)
    assert reason in str(caught.value)
    assert caught.value.url == base_url + path


async def test_fetch_sdl_sends_extra_headers(base_url: str) -> None:
    with pytest.raises(SdlFetchError, match="HTTP status 401"):
        await fetch_sdl(f"{base_url}/guarded", timeout=5)
    sdl = await fetch_sdl(f"{base_url}/guarded", timeout=5, headers={"x-test-token": "let-me-in"})
    assert "guarded: Int" in sdl
    supergraph = await compose_from_urls({"g": f"{base_url}/guarded"}, headers={"x-test-token": "let-me-in"})
    assert "guarded: Int @join__field" not in supergraph
    assert "guarded: Int" in supergraph


async def test_fetch_sdl_reports_a_refused_connection() -> None:
    with pytest.raises(SdlFetchError, match="ClientConnectorError"):
        await fetch_sdl("http://127.0.0.1:9/graphql", timeout=2)
