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

import asyncpg

from spbe import audit, keys, mandates, runner, tokens
from spbe.database import DatabaseError, open_server
from spbe.logs import configure_logging
from spbe.migrations import MigrationError
from spbe.redaction import redact
from spbe.registry import RegistryError, format_time, parse_duration, parse_list, parse_time
from spbe.secrets import SECRET_ENV, find_subgraph_secret, sealer_for, secret_path
from spbe.seed import SERVICES as SEEDED_SERVICES
from spbe.seed import PartialCommitError, SeedingBusyError, recover
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


def _sealer(args: argparse.Namespace, settings: Settings, command: str) -> tuple[bool, Any]:
    """``(ok, sealer)``: the configured subgraph secret's sealer, None with ``--insecure-dev``;
    ``ok`` is False (after a one-line error) when there is no secret and no ``--insecure-dev``."""
    if args.insecure_dev:
        if command.startswith("serving"):
            print(f"spbe: warning: {command} unsealed: it answers unsigned requests", file=sys.stderr)
        return True, None
    try:
        secret = find_subgraph_secret(settings.data_dir)
    except ValueError as exc:
        print(redact(f"spbe: error: {exc}"), file=sys.stderr)
        return False, None
    if secret is None:
        path = secret_path(settings.data_dir)
        print(
            f"spbe: error: no subgraph secret: set {SECRET_ENV} to the gateway's secret, or run "
            f"'spbe up' once to make {path} (or --insecure-dev, for development only)",
            file=sys.stderr,
        )
        return False, None
    return True, sealer_for(secret)


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    ok, sealer = _sealer(args, settings, f"serving {args.service}")
    if not ok:
        return 1
    port = args.port or settings.service_ports[args.service]
    return _run(
        lambda: runner.run_until_stopped(
            lambda: runner.serve(settings, args.service, host=args.host, port=port, sealer=sealer)
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
        if not args.reset:  # finish a run that was cut off first, and say so
            recovery = await recover(
                {service: dsns[service] for service in SEEDED_SERVICES}, progress=ProgressPrinter()
            )
            if recovery.changed and recovery.state.decided is not None:
                finished = [*recovery.rolled_forward, *recovery.committed]
                print(
                    f"finished an interrupted seeding run: {', '.join(finished) or 'nothing left'} now at "
                    f"{recovery.state.decided.describe()}"
                )
        report = await runner.seed_if_empty(
            dsns, citizens=args.citizens, seed=args.seed, progress=ProgressPrinter(), reset=args.reset
        )
        if report is None:
            print("the databases already hold a population; nothing done (--reset replaces it)")
            return 0
        mode = report.mode.value
        print(f"seeded {args.citizens} citizens (seed {args.seed}) in {report.seconds:.1f} s, {mode} commit")
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
    ok, sealer = _sealer(args, settings, "composing")
    if not ok:
        return 1
    try:
        sdl = _run(lambda: runner.compose_supergraph(subgraphs, sealer=sealer))
    except Exception as exc:
        if not _is_gateway_error(exc):
            raise
        print(redact(f"spbe: error: {exc}"), file=sys.stderr)
        return 1
    if args.output:
        Path(args.output).write_text(sdl, encoding="utf-8")
        print(f"wrote the supergraph of {', '.join(subgraphs)} to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(sdl if sdl.endswith("\n") else sdl + "\n")
    return 0


def _plan(args: argparse.Namespace, settings: Settings) -> int:
    from graphql import GraphQLError, parse, validate  # imported when used: spbe starts fast

    from gateway.planner import build_plan
    from gateway.planner.printer import print_plan
    from gateway.supergraph import Supergraph

    query = sys.stdin.read() if args.query == "-" else args.query
    try:
        supergraph = Supergraph.parse(Path(args.supergraph).read_text(encoding="utf-8"))
        document = parse(query)
        errors = validate(supergraph.api_schema, document)
        if errors:
            raise errors[0]
        plan = build_plan(supergraph, document, args.operation)
    except GraphQLError as exc:
        print(f"spbe: error: {exc.message}", file=sys.stderr)
        return 1
    except Exception as exc:
        if not _is_gateway_error(exc):
            raise
        print(redact(f"spbe: error: {exc}"), file=sys.stderr)
        return 1
    print(print_plan(plan))
    return 0


def _registry(settings: Settings, work: Callable[[asyncpg.Connection], Awaitable[int]]) -> int:
    """Run ``work`` on a connection to the (migrated) consent registry."""
    if "consent" not in settings.services():
        raise RegistryError(f"there are no consent registry migrations in {settings.sql_dir}")

    async def run(dsns: dict[str, str]) -> int:
        await runner.migrate_services(dsns, settings)
        conn = await asyncpg.connect(dsns["consent"])
        try:
            return await work(conn)
        finally:
            await conn.close()

    return _run(lambda: _with_databases(settings, ("consent",), run))


def _scopes(text: str) -> tuple[str, ...]:
    return parse_list(text, what="scope", known=keys.SCOPES)


def _keys_create(args: argparse.Namespace, settings: Settings) -> int:
    scopes = _scopes(args.scopes)
    expires = parse_time(args.expires, end=True) if args.expires else None

    async def work(conn: asyncpg.Connection) -> int:
        key = await keys.create_key(
            conn, agency=args.agency, name=args.name, scopes=scopes, expires_at=expires,
            create_agency=args.create_agency,
        )  # fmt: skip
        print(key.text, flush=True)
        until = f", expires {format_time(key.expires_at)} UTC" if key.expires_at else ""
        print(
            f"spbe: key {key.prefix} for {key.agency} ({','.join(key.scopes)}{until}). It is shown "
            "this once: store it now; the registry keeps only its hash.",
            file=sys.stderr,
        )
        return 0

    return _registry(settings, work)


def _keys_list(args: argparse.Namespace, settings: Settings) -> int:
    async def work(conn: asyncpg.Connection) -> int:
        print(keys.format_keys(await keys.list_keys(conn, agency=args.agency)))
        return 0

    return _registry(settings, work)


def _keys_revoke(args: argparse.Namespace, settings: Settings) -> int:
    async def work(conn: asyncpg.Connection) -> int:
        key = await keys.revoke_key(conn, args.prefix)
        print(f"revoked key {key.prefix} ({key.agency}, {key.name!r}) at {format_time(key.revoked_at)} UTC")
        return 0

    return _registry(settings, work)


def _keys_rotate(args: argparse.Namespace, settings: Settings) -> int:
    grace = parse_duration(args.grace)

    async def work(conn: asyncpg.Connection) -> int:
        new, old = await keys.rotate_key(conn, args.prefix, grace=grace)
        print(new.text, flush=True)
        print(
            f"spbe: key {new.prefix} replaces {old.prefix} ({new.agency}, {','.join(new.scopes)}); "
            f"{old.prefix} keeps working until {format_time(old.expires_at)} UTC. The new key is "
            "shown this once: store it now.",
            file=sys.stderr,
        )
        return 0

    return _registry(settings, work)


def _mandates_create(args: argparse.Namespace, settings: Settings) -> int:
    categories = parse_list(args.categories, what="category", known=mandates.CATEGORIES)
    start = parse_time(args.valid_from) if args.valid_from else None
    until = parse_time(args.until, end=True)

    async def work(conn: asyncpg.Connection) -> int:
        m = await mandates.create_mandate(
            conn, agency=args.agency, categories=categories, purpose=args.purpose, basis=args.basis,
            reference=args.reference, valid_from=start, valid_until=until, regions=args.region or (),
        )  # fmt: skip
        where = f"in regions {','.join(m.regions)}" if m.regions else "nationally"
        print(
            f"mandate {m.id}: {m.agency} may read {','.join(m.categories)} for {m.purpose} {where} "
            f"({m.legal_basis}, {m.legal_reference}) from {format_time(m.valid_from)} "
            f"until {format_time(m.valid_until)} UTC"
        )
        return 0

    return _registry(settings, work)


def _mandates_list(args: argparse.Namespace, settings: Settings) -> int:
    async def work(conn: asyncpg.Connection) -> int:
        print(mandates.format_mandates(await mandates.list_mandates(conn, agency=args.agency)))
        return 0

    return _registry(settings, work)


def _mandates_revoke(args: argparse.Namespace, settings: Settings) -> int:
    async def work(conn: asyncpg.Connection) -> int:
        m = await mandates.revoke_mandate(conn, args.id, reason=args.reason)
        print(f"revoked mandate {m.id} ({m.agency}, {m.purpose}) at {format_time(m.revoked_at)} UTC")
        return 0

    return _registry(settings, work)


def _token_citizen(args: argparse.Namespace, settings: Settings) -> int:
    try:
        token = tokens.mint_citizen_token(settings.data_dir, args.nik, ttl=args.ttl)
    except ValueError as exc:
        print(redact(f"spbe: error: {exc}"), file=sys.stderr)
        return 1
    print(token)
    return 0


def _audit_verify(args: argparse.Namespace, settings: Settings) -> int:
    async def work(conn: asyncpg.Connection) -> int:
        report = await audit.verify_access_log(conn)
        for line in audit.format_report(report):
            print(line)
        return 0 if report.ok else 1

    return _registry(settings, work)


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
    serve.add_argument("--insecure-dev", action="store_true", help=_INSECURE_HELP)
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
    compose.add_argument("--insecure-dev", action="store_true", help=_INSECURE_HELP)
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
    _add_registry_commands(commands)
    return parser


_INSECURE_HELP = (
    "development only: without the subgraph secret (SPBE_SUBGRAPH_SECRET or <data dir>/subgraph-secret), "
    "unsigned requests"
)


def _add_registry_commands(commands: Any) -> None:
    """``spbe keys``, ``spbe mandates``, ``spbe token`` and ``spbe audit``."""
    keys_parser = commands.add_parser(
        "keys",
        help="partner agencies' API keys: create, list, revoke, rotate",
        description="Manage API keys in the consent registry. A key is shown once, when made.",
    )
    key_commands = keys_parser.add_subparsers(dest="keys_command", required=True, metavar="ACTION")
    create = key_commands.add_parser(
        "create", help="make a key and print it (once)", description="Make a key and print it, once."
    )
    create.add_argument("--agency", required=True, metavar="CODE", help="the agency code, e.g. KEMENSOS")
    create.add_argument("--name", required=True, metavar="TEXT", help="what the key is for")
    create.add_argument(
        "--scopes", required=True, metavar="LIST", help=f"comma-separated: {', '.join(keys.SCOPES)}"
    )
    create.add_argument("--expires", metavar="DATE", help="last day (UTC) the key works; default: no end")
    create.add_argument("--create-agency", metavar="NAME", help="register the agency first, with this name")
    create.set_defaults(handler=_keys_create)
    listing = key_commands.add_parser(
        "list", help="list keys (never their secrets)", description="List keys (never their secrets)."
    )
    listing.add_argument("--agency", metavar="CODE", help="only this agency's keys")
    listing.set_defaults(handler=_keys_list)
    revoke = key_commands.add_parser("revoke", help="revoke a key now", description="Revoke a key now.")
    revoke.add_argument("prefix", metavar="PREFIX", help="the key's prefix (spbe_<prefix>_...)")
    revoke.set_defaults(handler=_keys_revoke)
    rotate = key_commands.add_parser(
        "rotate",
        help="replace a key; the old one works until a grace period ends",
        description="Make a new key like PREFIX's and print it once; PREFIX keeps working for --grace.",
    )
    rotate.add_argument("prefix", metavar="PREFIX", help="the key to replace")
    rotate.add_argument(
        "--grace", default="24h", help="how long the old key keeps working (default %(default)s)"
    )
    rotate.set_defaults(handler=_keys_rotate)

    mandates_parser = commands.add_parser(
        "mandates",
        help="agencies' legal mandates: create, list, revoke",
        description="Manage mandates: an agency's legal basis, other than consent, to read some data.",
    )
    mandate_commands = mandates_parser.add_subparsers(
        dest="mandates_command", required=True, metavar="ACTION"
    )
    mcreate = mandate_commands.add_parser("create", help="record a mandate", description="Record a mandate.")
    mcreate.add_argument("--agency", required=True, metavar="CODE")
    mcreate.add_argument(
        "--categories",
        required=True,
        metavar="LIST",
        help=f"comma-separated: {', '.join(mandates.CATEGORIES)}",
    )
    mcreate.add_argument(
        "--purpose", required=True, metavar="CODE", help="a purpose code, e.g. LAW_ENFORCEMENT"
    )
    mcreate.add_argument("--basis", required=True, choices=mandates.BASES, help="the legal basis")
    mcreate.add_argument("--reference", required=True, metavar="TEXT", help='e.g. "UU 2/2002 Pasal 14"')
    mcreate.add_argument("--from", dest="valid_from", metavar="DATE", help="first day (UTC); default now")
    mcreate.add_argument("--until", required=True, metavar="DATE", help="last day (UTC) it applies")
    mcreate.add_argument(
        "--region",
        action="append",
        metavar="CODE",
        help="limit it to a region (province 2, regency 4, district 6 or village 10 digits; repeat or "
        "comma-separate for several); default national",
    )
    mcreate.set_defaults(handler=_mandates_create)
    mlist = mandate_commands.add_parser("list", help="list mandates", description="List mandates.")
    mlist.add_argument("--agency", metavar="CODE", help="only this agency's mandates")
    mlist.set_defaults(handler=_mandates_list)
    mrevoke = mandate_commands.add_parser("revoke", help="revoke a mandate", description="Revoke a mandate.")
    mrevoke.add_argument("id", metavar="ID", help="the mandate's id")
    mrevoke.add_argument("--reason", required=True, metavar="TEXT", help="why it is revoked")
    mrevoke.set_defaults(handler=_mandates_revoke)

    token_parser = commands.add_parser(
        "token",
        help="mint development tokens",
        description="Tokens from this data folder's development issuer (never trusted in production).",
    )
    token_commands = token_parser.add_subparsers(dest="token_command", required=True, metavar="KIND")
    citizen = token_commands.add_parser(
        "citizen", help="a citizen's bearer token", description="Print a citizen bearer token (ES256 JWT)."
    )
    citizen.add_argument("nik", metavar="NIK", help="the citizen's NIK (16 digits)")
    citizen.add_argument(
        "--ttl", type=_positive, default=3600, help="lifetime in seconds (default %(default)s)"
    )
    citizen.set_defaults(handler=_token_citizen)

    audit_parser = commands.add_parser(
        "audit", help="check the access trail", description="Check the access trail."
    )
    audit_commands = audit_parser.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    verify = audit_commands.add_parser(
        "verify",
        help="recompute the trail's hash chains",
        description=(
            "Recompute every access_log hash chain independently of the database; print 'ok: ...' or "
            "one line per problem (exit status 1)."
        ),
    )
    verify.set_defaults(handler=_audit_verify)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``spbe`` command; returns the exit status."""
    settings = Settings.from_env()
    parser = build_parser(settings)
    args = parser.parse_args(argv)
    configure_logging(settings.log_level, settings.log_format)
    handler: _Handler = args.handler
    try:
        return handler(args, settings)
    except (
        DatabaseError,
        MigrationError,
        RegistryError,
        runner.StartupError,
        runner.SeedingError,
        SeedingBusyError,
        PartialCommitError,
        OSError,
    ) as exc:
        print(redact(f"spbe: error: {exc}"), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
