"""The reference composer: @theguild/federation-composition, run with Node.

``tools/composition-check`` pins the package; its node_modules is installed on first use
(``npm ci``) and reused afterwards.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from gateway.compose import SubgraphSDL

__all__ = ["TOOL_DIR", "Result", "node_available", "prepare", "reference_compose", "reference_compose_many"]

Result = tuple[str | None, list[dict[str, str]]]

TOOL_DIR = Path(__file__).resolve().parents[3] / "tools" / "composition-check"


def node_available() -> bool:
    """Node.js and npm are on PATH."""
    return shutil.which("node") is not None and shutil.which("npm") is not None


def prepare() -> None:
    """Install the pinned reference composer unless it is already there."""
    marker = TOOL_DIR / "node_modules" / "@theguild" / "federation-composition" / "package.json"
    if marker.exists():
        return
    command = ["npm", "ci", "--no-audit", "--no-fund"]
    subprocess.run(command, cwd=TOOL_DIR, check=True, capture_output=True, timeout=300)


def _run(payload: object) -> Any:
    done = subprocess.run(
        ["node", str(TOOL_DIR / "compose.mjs")],
        input=json.dumps(payload).encode(),
        capture_output=True,
        check=True,
        timeout=300,
    )
    return json.loads(done.stdout)


def _services(subgraphs: list[SubgraphSDL]) -> list[dict[str, str]]:
    return [{"name": s.name, "url": s.url, "sdl": s.sdl} for s in subgraphs]


def reference_compose(subgraphs: list[SubgraphSDL]) -> Result:
    """(supergraph SDL or None, errors) as the reference composer gives them."""
    result = _run(_services(subgraphs))
    return result["supergraphSdl"], result["errors"]


def reference_compose_many(sets: dict[str, list[SubgraphSDL]]) -> dict[str, Result]:
    """Several compositions in one Node process (starting Node is the slow part)."""
    results = _run({"batch": {key: _services(subgraphs) for key, subgraphs in sets.items()}})
    return {key: (r["supergraphSdl"], r["errors"]) for key, r in results.items()}
