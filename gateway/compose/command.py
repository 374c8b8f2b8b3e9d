"""`spbe compose --subgraph NAME=URL ... [-o FILE]`: write the composed supergraph.

Exit status: 0 composed, 1 a subgraph could not be read or the subgraphs do not compose
(each problem on stderr, naming subgraph, type and field), 2 bad arguments.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from .errors import CompositionError, SdlFetchError
from .fetch import compose_from_urls

__all__ = ["parse_subgraph_arguments", "run_compose_command"]


def parse_subgraph_arguments(subgraphs: list[str]) -> dict[str, str]:
    """``["name=http://...", ...]`` as a mapping; raises ValueError naming a malformed entry."""
    mapping: dict[str, str] = {}
    for entry in subgraphs:
        name, sep, url = entry.partition("=")
        name, url = name.strip(), url.strip()
        if not sep or not name or not url.startswith(("http://", "https://")):
            raise ValueError(f"expected NAME=URL (an http:// or https:// URL), got {entry!r}")
        if name in mapping:
            raise ValueError(f"subgraph {name!r} is given twice")
        mapping[name] = url
    if not mapping:
        raise ValueError("give at least one --subgraph NAME=URL")
    return mapping


def run_compose_command(subgraphs: list[str], output: str | None, *, timeout: float = 10.0) -> int:
    """Compose from the subgraphs' URLs; write to ``output`` (a file) or stdout. Returns the exit status."""
    try:
        mapping = parse_subgraph_arguments(subgraphs)
    except ValueError as error:
        print(f"spbe compose: {error}", file=sys.stderr)
        return 2
    try:
        supergraph = asyncio.run(compose_from_urls(mapping, timeout=timeout))
    except SdlFetchError as error:
        print(f"spbe compose: {error}", file=sys.stderr)
        return 1
    except CompositionError as error:
        print(f"spbe compose: the subgraphs do not compose ({len(error.errors)} problems):", file=sys.stderr)
        for issue in error.errors:
            print(f"  - {issue}", file=sys.stderr)
        return 1
    if output is None:
        sys.stdout.write(supergraph)
    else:
        Path(output).write_text(supergraph, encoding="utf-8")
        print(f"spbe compose: wrote {output} ({len(mapping)} subgraphs)", file=sys.stderr)
    return 0
