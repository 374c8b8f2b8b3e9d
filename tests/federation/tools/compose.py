"""Regenerate ``supergraph.graphql`` of suites with ``@theguild/federation-composition``.

Usage: ``python -m tests.federation.tools.compose [SUITE ...]`` (default: all suites).
Needs Node and the project's locked reference composer (``tools/composition-check``, which
``.ci/run`` installs with ``npm ci``; by hand: ``npm ci --prefix tools/composition-check``).
``FEDCOMP_DIR`` names another directory holding a ``node_modules`` with it. Subgraph URLs are written as
``http://fixtures.invalid/<suite>/<subgraph>``; the harness rewrites them at run time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from tests.federation.suite import load_suite, load_suites, subgraph_url

__all__ = ["compose_suites", "composer_available", "main", "modules_dir"]

SCRIPT = Path(__file__).with_name("compose.cjs")


def modules_dir() -> Path:
    """The ``node_modules`` holding the composition library."""
    default = Path(__file__).resolve().parents[3] / "tools" / "composition-check"
    return Path(os.environ.get("FEDCOMP_DIR", default)) / "node_modules"


def composer_available() -> bool:
    """Node and the composition library are both installed."""
    return (
        shutil.which("node") is not None and (modules_dir() / "@theguild" / "federation-composition").is_dir()
    )


def compose_suites(names: Sequence[str]) -> dict[str, str | list[str]]:
    """For each suite, its composed supergraph SDL, or the composition errors (a list)."""
    request = {
        name: [
            {"name": s.name, "url": subgraph_url(name, s.name), "sdl": s.sdl}
            for s in load_suite(name).subgraphs
        ]
        for name in names
    }
    result = subprocess.run(
        ["node", str(SCRIPT)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NODE_PATH": str(modules_dir())},
    )
    if result.returncode != 0:
        raise RuntimeError(f"composition script failed:\n{result.stderr}")
    answers = json.loads(result.stdout)
    return {name: answer.get("supergraph", answer.get("errors", [])) for name, answer in answers.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.federation.tools.compose")
    parser.add_argument("suites", nargs="*")
    args = parser.parse_args(argv)
    names = args.suites or [s.name for s in load_suites()]
    failed = 0
    for name, composed in compose_suites(names).items():
        if isinstance(composed, list):
            print(f"composition of {name} failed:\n  " + "\n  ".join(composed), file=sys.stderr)
            failed += 1
            continue
        load_suite(name).supergraph_path.write_text(composed)
        print(f"composed {name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
