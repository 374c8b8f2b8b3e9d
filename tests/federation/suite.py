"""Discovery of the compliance suites under ``tests/federation/suites/<name>/``.

Each suite is a package with ``subgraphs.py`` (``SUBGRAPHS: list[Subgraph]``, and
optionally ``GATEWAY_ENV``: environment variables for that suite's gateway, such as a
short subgraph timeout), ``cases.py`` (``CASES: list[Case]``) and
``supergraph.graphql``, the supergraph that
``@theguild/federation-composition`` composes from those subgraphs (see
``tests/federation/tools/compose.py``). In that file every subgraph URL reads
``http://fixtures.invalid/<suite>/<subgraph>``; the harness rewrites it to the port in use.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tests.federation.case import Case
from tests.federation.subgraph import Subgraph

__all__ = [
    "COMPOSE_SUITES",
    "PLACEHOLDER",
    "SUITES_DIR",
    "Suite",
    "load_suite",
    "load_suites",
    "subgraph_url",
]

SUITES_DIR = Path(__file__).parent / "suites"
COMPOSE_SUITES = (
    "federation1_subgraphs",
    "federation2_extensions",
    "inaccessible",
    "enum_intersection",
    "input_object_intersection",
    "interface_object",
    "keys_mashup",
    "override",
    "requires_with_fragments",
    "tags_and_custom_directives",
)
"""Suites also run with the gateway composing at start (``--subgraph NAME=URL``)."""

PLACEHOLDER = "http://fixtures.invalid"


def subgraph_url(suite: str, name: str) -> str:
    """The URL a subgraph has in a committed supergraph file."""
    return f"{PLACEHOLDER}/{suite}/{name}"


@dataclass(frozen=True)
class Suite:
    """One suite: its subgraphs, its cases and its composed supergraph."""

    name: str
    subgraphs: tuple[Subgraph, ...]
    cases: tuple[Case, ...]
    gateway_env: Mapping[str, str] = field(default_factory=dict)

    @property
    def directory(self) -> Path:
        return SUITES_DIR / self.name

    @property
    def supergraph_path(self) -> Path:
        return self.directory / "supergraph.graphql"

    def case_id(self, case: Case) -> str:
        return f"{self.name}/{case.name}"


def load_suite(name: str) -> Suite:
    package = f"tests.federation.suites.{name}"
    module = importlib.import_module(f"{package}.subgraphs")
    subgraphs = module.SUBGRAPHS
    gateway_env = getattr(module, "GATEWAY_ENV", {})
    try:
        cases = importlib.import_module(f"{package}.cases").CASES
    except ModuleNotFoundError:
        cases = []
    names = [c.name for c in cases]
    if len(names) != len(set(names)):
        raise ValueError(f"suite {name} has duplicate case names")
    return Suite(name=name, subgraphs=tuple(subgraphs), cases=tuple(cases), gateway_env=gateway_env)


def load_suites() -> list[Suite]:
    """Every suite, sorted by name."""
    return [
        load_suite(path.name)
        for path in sorted(SUITES_DIR.iterdir())
        if path.is_dir() and (path / "subgraphs.py").exists()
    ]
