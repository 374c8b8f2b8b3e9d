"""Regenerate ``supergraph.graphql`` of suites with ``@theguild/federation-composition``.

Usage: ``python -m tests.federation.tools.compose [SUITE ...]`` (default: all suites).
Needs Node and the npm packages in a scratch directory::

    mkdir -p /tmp/fedcomp && cd /tmp/fedcomp && npm install @theguild/federation-composition@0.27.0 graphql@16

(``FEDCOMP_DIR`` overrides ``/tmp/fedcomp``). Subgraph URLs are written as
``http://fixtures.invalid/<suite>/<subgraph>``; the harness rewrites them at run time.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from tests.federation.suite import load_suite, load_suites, subgraph_url

__all__ = ["compose_suite", "main"]

SCRIPT = Path(__file__).with_name("compose.cjs")


def compose_suite(name: str, modules: Path) -> str:
    """The supergraph SDL composed from the subgraphs of suite ``name``."""
    suite = load_suite(name)
    services = [{"name": s.name, "url": subgraph_url(name, s.name), "sdl": s.sdl} for s in suite.subgraphs]
    result = subprocess.run(
        ["node", str(SCRIPT)],
        input=json.dumps(services),
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NODE_PATH": str(modules)},
    )
    if result.returncode != 0:
        raise RuntimeError(f"composition of {name} failed:\n{result.stderr}")
    return result.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.federation.tools.compose")
    parser.add_argument("suites", nargs="*")
    args = parser.parse_args(argv)
    modules = Path(os.environ.get("FEDCOMP_DIR", "/tmp/fedcomp")) / "node_modules"
    names = args.suites or [s.name for s in load_suites()]
    failed = 0
    for name in names:
        try:
            sdl = compose_suite(name, modules)
        except RuntimeError as error:
            print(error, file=sys.stderr)
            failed += 1
            continue
        (load_suite(name).supergraph_path).write_text(sdl)
        print(f"composed {name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
