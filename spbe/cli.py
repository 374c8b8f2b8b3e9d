"""The ``spbe`` command line: run, migrate, seed and inspect SPBE Graph.

Implements ``docs/operations.md`` "Command line". Every subcommand has ``--help``. Errors the
operator can fix (database unreachable, migration changed, port taken) end the command with a
one-line ``spbe: error: ...`` and exit status 1, never a stack trace.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any, TextIO, TypeVar

from spbe import runner
from spbe.database import DatabaseError, open_server
from spbe.logs import configure_logging
from spbe.migrations import MigrationError
from spbe.settings import SERVICES, Settings

__all__ = ["DEFAULT_CITIZENS", "ProgressPrinter", "build_parser", "main"]

#: Demo population size for ``spbe up`` and ``spbe seed``.
DEFAULT_CITIZENS = 3000

_Handler = Callable[[argparse.Namespace, Settings], int]
_T = TypeVar("_T")


class ProgressPrinter:
    """A ``progress(stage, done, total)`` callback drawing one status line per stage on ``stream``."""

    def __init__(self, stream: TextIO | None = None, *, interval: float = 0.5) -> None:
        self.stream = stream or sys.stderr
        self.interval = interval
        self._stage: str | None = None
        self._last = 0.0
        self._tty = self.stream.isatty()

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        finished = total > 0 and done >= total
        if stage == self._stage and not finished and now - self._last < self.interval:
            return
        if stage != self._stage and self._stage is not None and self._tty:
            self.stream.write("\n")
        self._stage, self._last = stage, now
        percent = f" ({100 * done // total}%)" if total > 0 else ""
        line = f"{stage}: {done}/{total}{percent}"
        if self._tty:
            self.stream.write("\r" + line + ("\n" if finished else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def _run(main: Callable[[], Coroutine[Any, Any, _T]]) -> _T:
    """Run ``main`` in a fresh event loop (uvloop when installed)."""
    try:
        import uvloop

        factory: Callable[[], asyncio.AbstractEventLoop] | None = uvloop.new_event_loop
    except ImportError:  # pragma: no cover - uvloop is a dependency of uvicorn[standard]
        factory = None
    with asyncio.Runner(loop_factory=factory) as loop_runner:
        return loop_runner.run(main())


def _services(names: Sequence[str], settings: Settings) -> tuple[str, ...]:
    available = settings.services()
    unknown = [name for name in names if name not in available]
    if unknown:
        raise MigrationError(f"unknown service {unknown[0]!r}; known: {', '.join(available)}")
    return tuple(names) or available


async def _with_databases(
    settings: Settings, services: tuple[str, ...], work: Callable[[dict[str, str]], Awaitable[int]]
) -> int:
    server = await asyncio.to_thread(open_server, settings)
    try:
        dsns = await runner.prepare_databases(server, services, settings)
        return await work(dsns)
    finally:
        await asyncio.to_thread(server.close)


def _up(args: argparse.Namespace, settings: Settings) -> int:
    progress = ProgressPrinter()
    return _run(
        lambda: runner.run_until_stopped(
            lambda: runner.up(
                settings, citizens=args.citizens, seed=args.seed, host=args.host, progress=progress
            )
        )
    )


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    port = args.port or settings.service_ports[args.service]
    return _run(
        lambda: runner.run_until_stopped(
            lambda: runner.serve(settings, args.service, host=args.host, port=port)
        )
    )


def _migrate(args: argparse.Namespace, settings: Settings) -> int:
    services = _services(args.services, settings)

    async def work(dsns: dict[str, str]) -> int:
        for service, dsn in dsns.items():
            applied = await runner.migrate(dsn, service, sql_dir=settings.sql_dir)
            names = ", ".join(m.name for m in applied) or "nothing to apply"
            print(f"{service}: {names}")
        return 0

    return _run(lambda: _with_databases(settings, services, work))


def _seed(args: argparse.Namespace, settings: Settings) -> int:
    services = settings.services()

    async def work(dsns: dict[str, str]) -> int:
        await runner.migrate_services(dsns, settings)
        report = await runner.seed_if_empty(
            dsns, citizens=args.citizens, seed=args.seed, progress=ProgressPrinter(), reset=args.reset
        )
        if report is None:
            print("spbe: error: the seeding package (spbe.seed) is not available yet", file=sys.stderr)
            return 1
        if report is False:
            print("the databases already hold a population; nothing done (--reset replaces it)")
            return 0
        seconds = getattr(report, "seconds", None)
        took = f" in {seconds:.1f} s" if isinstance(seconds, float) else ""
        print(f"seeded {args.citizens} citizens (seed {args.seed}){took}")
        return 0

    return _run(lambda: _with_databases(settings, services, work))


def _is_gateway_error(exc: Exception) -> bool:
    """An error the gateway raises about its input (bad SDL, unreachable subgraph, unplannable
    query): its message is for the operator, so it ends the command without a trace."""
    return type(exc).__module__.startswith("gateway.") and type(exc).__name__.endswith("Error")


def _compose(args: argparse.Namespace, settings: Settings) -> int:
    subgraphs: dict[str, str] = {}
    for item in args.subgraph:
        name, sep, url = item.partition("=")
        if not sep or not name or not url.startswith(("http://", "https://")):
            print(f"spbe: error: --subgraph expects NAME=URL, got {item!r}", file=sys.stderr)
            return 2
        subgraphs[name] = url
    try:
        sdl = _run(lambda: runner.compose_supergraph(subgraphs))
    except Exception as exc:
        if not _is_gateway_error(exc):
            raise
        print(f"spbe: error: {exc}", file=sys.stderr)
        return 1
    if args.output:
        Path(args.output).write_text(sdl, encoding="utf-8")
        print(f"wrote the supergraph of {', '.join(subgraphs)} to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(sdl if sdl.endswith("\n") else sdl + "\n")
    return 0


def _plan(args: argparse.Namespace, settings: Settings) -> int:
    parts = runner.gateway_parts("Supergraph", "build_plan", "print_plan")
    if parts is None:
        raise runner.StartupError("the gateway package cannot plan queries yet")
    from graphql import GraphQLError, parse, validate

    query = sys.stdin.read() if args.query == "-" else args.query
    try:
        supergraph = parts["Supergraph"].parse(Path(args.supergraph).read_text(encoding="utf-8"))
        document = parse(query)
        errors = validate(supergraph.api_schema, document)
        if errors:
            raise errors[0]
        plan = parts["build_plan"](supergraph, document, args.operation)
    except GraphQLError as exc:
        print(f"spbe: error: {exc.message}", file=sys.stderr)
        return 1
    except Exception as exc:
        if not _is_gateway_error(exc):
            raise
        print(f"spbe: error: {exc}", file=sys.stderr)
        return 1
    print(parts["print_plan"](plan))
    return 0


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def build_parser(settings: Settings | None = None) -> argparse.ArgumentParser:
    """The argument parser of ``spbe`` and its subcommands."""
    settings = settings or Settings.from_env()
    parser = argparse.ArgumentParser(
        prog="spbe",
        description="SPBE Graph: run, migrate, seed and inspect the federated e-government data layer.",
        epilog="Configuration comes from environment variables: see docs/operations.md.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    up = commands.add_parser(
        "up",
        help="start everything: database, migrations, demo data, subgraphs, gateway",
        description=(
            "Start the database server (embedded unless DATABASE_URL is set), migrate every service, "
            "seed demo data if the databases are empty, serve each subgraph and the gateway. "
            "Ctrl-C stops everything."
        ),
    )
    up.add_argument("--host", default=settings.host, help="interface to listen on (default %(default)s)")
    up.add_argument(
        "--citizens",
        type=_positive,
        default=DEFAULT_CITIZENS,
        help="demo population size when seeding empty databases (default %(default)s)",
    )
    up.add_argument("--seed", type=int, default=1, help="random seed of the demo data (default %(default)s)")
    up.set_defaults(handler=_up)

    migrate = commands.add_parser(
        "migrate",
        help="apply pending SQL migrations",
        description="Apply the pending sql/<service>/NNN_verb_object.sql files of each service, in order.",
    )
    migrate.add_argument(
        "services",
        nargs="*",
        metavar="SERVICE",
        help=f"services to migrate (default: all of {', '.join(SERVICES)})",
    )
    migrate.set_defaults(handler=_migrate)

    seed = commands.add_parser(
        "seed",
        help="load reference data and a synthetic population into empty databases",
        description=(
            "Migrate, then load reference data and a synthetic population (the same rows for the same "
            "--seed and --citizens). Databases already seeded are left alone unless --reset is given."
        ),
    )
    seed.add_argument(
        "--citizens", type=_positive, default=DEFAULT_CITIZENS, help="population size (default %(default)s)"
    )
    seed.add_argument("--seed", type=int, default=1, help="random seed (default %(default)s)")
    seed.add_argument("--reset", action="store_true", help="replace the population already loaded")
    seed.set_defaults(handler=_seed)

    serve = commands.add_parser(
        "serve",
        help="serve one service's subgraph",
        description="Migrate one service's database and serve its subgraph until Ctrl-C.",
    )
    serve.add_argument("service", metavar="SERVICE", choices=settings.services(), help="the service to serve")
    serve.add_argument("--host", default=settings.host, help="interface to listen on (default %(default)s)")
    serve.add_argument(
        "--port", type=int, default=0, help="port (default: the service's usual port, 4001...)"
    )
    serve.set_defaults(handler=_serve)

    compose = commands.add_parser(
        "compose",
        help="compose a supergraph from running subgraphs",
        description="Fetch each subgraph's _service { sdl } and print (or write) the composed supergraph.",
    )
    compose.add_argument(
        "--subgraph",
        action="append",
        required=True,
        metavar="NAME=URL",
        help="a subgraph's name and GraphQL URL (repeat for each subgraph)",
    )
    compose.add_argument(
        "-o", "--output", metavar="FILE", help="write the SDL here instead of standard output"
    )
    compose.set_defaults(handler=_compose)

    plan = commands.add_parser(
        "plan",
        help="print the query plan of a query",
        description="Plan QUERY against a supergraph and print the plan in Apollo's query-plan text.",
    )
    plan.add_argument("--supergraph", required=True, metavar="FILE", help="the supergraph SDL file")
    plan.add_argument("--operation", metavar="NAME", help="the operation to plan, if QUERY has several")
    plan.add_argument(
        "query", metavar="QUERY", help="the GraphQL document, or - to read it from standard input"
    )
    plan.set_defaults(handler=_plan)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``spbe`` command; returns the exit status."""
    settings = Settings.from_env()
    parser = build_parser(settings)
    args = parser.parse_args(argv)
    configure_logging(settings.log_level, settings.log_format)
    handler: _Handler = args.handler
    try:
        return handler(args, settings)
    except (DatabaseError, MigrationError, runner.StartupError, runner.SeedingError, OSError) as exc:
        print(f"spbe: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
