"""``python -m bench``: run the benchmark entries and print one table (docs/benchmarks.md).

To add an entry: a module with ``async def run(context) -> list[Measurement]`` and one line in
``ENTRIES``.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os
import sys
from collections.abc import Awaitable, Callable, Sequence

from bench.measurement import Context, Measurement

__all__ = ["ENTRIES", "main", "render"]

#: Registered entries, run in this order: name -> module with ``run(context)``.
ENTRIES: dict[str, str] = {
    "seeding": "bench.seeding",
    "entities": "bench.entities",
    "gateway": "bench.gateway",
    "access": "bench.access",
    "tracing": "bench.tracing",
    "gaps": "bench.gaps",
}

_LOCAL_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"


def render(rows: Sequence[Measurement]) -> str:
    """The measurements as a plain-text table."""
    header = ("benchmark", "case", "value", "unit", "detail")
    cells = [header] + [(m.benchmark, m.case, f"{m.value:,.1f}", m.unit, m.detail) for m in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for n, row in enumerate(cells):
        parts = [
            c.rjust(w) if i == 2 else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(parts).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--only", default=",".join(ENTRIES), help=f"comma-separated entries (default: {','.join(ENTRIES)})"
    )
    parser.add_argument(
        "--citizens",
        default="10000,100000",
        help="population sizes for the seeding entry, comma-separated (default: 10000,100000)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=float, default=3.0, help="seconds per throughput case (default 3)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL") or _LOCAL_SERVER,
        help="PostgreSQL server URL (default: $DATABASE_URL, else the local server)",
    )
    return parser


async def _run(names: Sequence[str], context: Context) -> list[Measurement]:
    rows: list[Measurement] = []
    for name in names:
        run: Callable[[Context], Awaitable[list[Measurement]]] = importlib.import_module(ENTRIES[name]).run
        found = await run(context)
        for m in found:
            print(f"  {m.benchmark}: {m.case}: {m.value:,.1f} {m.unit}", file=sys.stderr, flush=True)
        rows.extend(found)
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = [n for n in names if n not in ENTRIES]
    if unknown:
        print(f"python -m bench: unknown entries: {', '.join(unknown)}", file=sys.stderr)
        return 2
    try:
        citizens = tuple(int(c.replace("_", "")) for c in args.citizens.split(","))
    except ValueError:
        print("python -m bench: --citizens takes whole numbers, e.g. 10000,100000", file=sys.stderr)
        return 2
    context = Context(args.database_url, citizens, args.seed, args.duration)
    print(render(asyncio.run(_run(names, context))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
