"""Fixture subgraph sets: one directory per set under ``fixtures/``, one ``<subgraph>.graphql`` each."""

from __future__ import annotations

from pathlib import Path

from gateway.compose import SubgraphSDL

__all__ = ["FIXTURES", "fixture_names", "load_fixture"]

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def fixture_names() -> list[str]:
    """The fixture sets that compose (negative cases live under ``fixtures/errors``)."""
    return sorted(p.name for p in FIXTURES.iterdir() if p.is_dir() and p.name != "errors")


def load_fixture(name: str) -> list[SubgraphSDL]:
    """The subgraphs of one fixture set, with stable URLs."""
    directory = FIXTURES / name
    return [
        SubgraphSDL(path.stem, f"http://{path.stem}.{name}.test/graphql", path.read_text())
        for path in sorted(directory.glob("*.graphql"))
    ]
