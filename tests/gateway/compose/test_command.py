"""run_compose_command (what `spbe compose` runs) against subgraphs over real HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.compose import run_compose_command


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
