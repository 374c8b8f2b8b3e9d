"""fetch_sdl, compose_from_urls and run_compose_command against subgraphs over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from graphql import build_ast_schema, parse

from gateway.compose import SdlFetchError, compose_from_urls, fetch_sdl, run_compose_command

from .server import serve_subgraphs


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_subgraphs() as url:
        yield url


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
    with pytest.raises(SdlFetchError, match="ConnectError"):
        await fetch_sdl("http://127.0.0.1:9/graphql", timeout=2)


def test_command_writes_the_supergraph(base_url: str, tmp_path: Path) -> None:
    target = tmp_path / "supergraph.graphql"
    status = run_compose_command([f"users={base_url}/users/", f"reviews={base_url}/reviews/"], str(target))
    assert status == 0
    assert '@join__type(graph: REVIEWS, key: "id")' in target.read_text()


def test_command_prints_to_stdout(base_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_compose_command([f"users={base_url}/users/"], None) == 0
    assert capsys.readouterr().out.startswith('schema @link(url: "https://specs.apollo.dev/link/v1.0")')


@pytest.mark.parametrize("argument", ["users", "users=ftp://x", "=http://x"])
def test_command_rejects_malformed_arguments(argument: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_compose_command([argument], None) == 2
    assert "NAME=URL" in capsys.readouterr().err


def test_command_fails_on_an_unreadable_subgraph(base_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_compose_command([f"users={base_url}/users/", f"bad={base_url}/broken"], None) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{base_url}/broken" in captured.err


def test_command_lists_composition_errors(base_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_compose_command([f"users={base_url}/users/", f"clash={base_url}/clash/"], None) == 1
    err = capsys.readouterr().err
    assert "INVALID_FIELD_SHARING" in err
    assert '"clash", "users"' in err
    assert "User.name" in err
