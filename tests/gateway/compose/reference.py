"""The reference composer: @theguild/federation-composition, run with Node.

``tools/composition-check`` pins the package; its node_modules is installed on first use
(``npm ci``) and reused afterwards.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from gateway.compose import SubgraphSDL

__all__ = ["TOOL_DIR", "node_available", "prepare", "reference_compose"]

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


def reference_compose(subgraphs: list[SubgraphSDL]) -> tuple[str | None, list[dict[str, str]]]:
    """(supergraph SDL or None, errors) as the reference composer gives them."""
    payload = json.dumps([{"name": s.name, "url": s.url, "sdl": s.sdl} for s in subgraphs])
    done = subprocess.run(
        ["node", str(TOOL_DIR / "compose.mjs")],
        input=payload.encode(),
        capture_output=True,
        check=True,
        timeout=120,
    )
    result = json.loads(done.stdout)
    return result["supergraphSdl"], result["errors"]
