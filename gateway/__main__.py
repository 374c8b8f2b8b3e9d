"""``python -m gateway``: serve a supergraph (or one composed from subgraph URLs) over HTTP.

    python -m gateway --supergraph supergraph.graphql --host 127.0.0.1 --port 4000
    python -m gateway --subgraph accounts=http://127.0.0.1:4001/graphql --subgraph ... --port 4000

An unreadable or invalid supergraph ends the process at once with a one-line message naming the
problem and exit status 2.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import replace

from gateway.settings import Settings, timeouts_from

__all__ = ["main", "parse_args"]


def parse_args(argv: Sequence[str] | None = None) -> Settings:
    """Command-line options over ``SPBE_GATEWAY_*`` environment defaults."""
    base = Settings.from_env()
    parser = argparse.ArgumentParser(prog="python -m gateway", description="SPBE Graph federation gateway")
    parser.add_argument("--supergraph", default=base.supergraph_path, help="supergraph SDL file")
    parser.add_argument(
        "--subgraph", action="append", default=[], metavar="NAME=URL",
        help="compose at start from this subgraph's _service { sdl } (repeat)",
    )
    parser.add_argument("--host", default=base.host)
    parser.add_argument("--port", type=int, default=base.port)
    parser.add_argument("--workers", type=int, default=base.workers)
    parser.add_argument("--debug-plans", action=argparse.BooleanOptionalAction, default=base.debug_plans,
                        help="answer extensions.queryPlan to callers sending Apollo-Query-Plan-Experimental")
    parser.add_argument("--dedup-inbound", action=argparse.BooleanOptionalAction, default=base.dedup_inbound,
                        help="share one execution among identical in-flight queries (default on)")
    parser.add_argument("--dedup-outbound", action=argparse.BooleanOptionalAction,
                        default=base.dedup_outbound, help="share identical in-flight subgraph requests")
    parser.add_argument("--subgraph-timeout", type=float, default=base.subgraph_timeout, metavar="SECONDS",
                        help="per request, for subgraphs without their own timeout")
    parser.add_argument("--subgraph-timeout-for", action="append", default=[], metavar="NAME=SECONDS",
                        help="per request to the subgraph NAME (repeat); ours have their own by default")
    parser.add_argument("--breaker-failures", type=int, default=base.breaker_failures, metavar="N",
                        help="failures in a row that open a subgraph's circuit (0: no breaker)")
    parser.add_argument("--breaker-open-seconds", type=float, default=base.breaker_open_seconds,
                        metavar="SECONDS", help="how long an open circuit refuses before one probe")
    parser.add_argument("--max-body-bytes", type=int, default=base.max_body_bytes)
    parser.add_argument("--max-tokens", type=int, default=base.max_tokens,
                        help="refuse documents with more tokens (0: no limit)")
    parser.add_argument("--max-depth", type=int, default=base.max_depth,
                        help="refuse operations nesting fields deeper (0: no limit)")
    parser.add_argument("--max-aliases", type=int, default=base.max_aliases,
                        help="refuse documents with more aliased fields (0: no limit)")
    parser.add_argument("--access-log", action=argparse.BooleanOptionalAction, default=base.access_log,
                        help="one JSON line per request on stderr (gateway.access_log; default off)")
    parser.add_argument("--shutdown-timeout", type=float, default=base.shutdown_timeout, metavar="SECONDS",
                        help="on SIGTERM, how long requests in flight may still take")
    parser.add_argument("--max-root-fields", type=int, default=base.max_root_fields,
                        help="refuse operations selecting more root fields (0: no limit)")
    parser.add_argument("--execution-timeout", type=float, default=base.execution_timeout, metavar="SECONDS",
                        help="answer 504 GATEWAY_TIMEOUT to requests running longer (0: no limit)")
    parser.add_argument("--cors-origin", action="append", default=None, metavar="ORIGIN",
                        help="browser origin allowed to call the gateway (repeat; default "
                        "$SPBE_GATEWAY_CORS_ORIGINS, comma-separated)")
    parser.add_argument("--cors-max-age", type=int, default=base.cors_max_age, metavar="SECONDS")
    parser.add_argument("--rate-limit-per-minute", type=int, default=base.rate_limit_per_minute,
                        help="requests a minute per API key, citizen or client IP (0: no limit; "
                        "shared by replicas through $REDIS_URL)")
    parser.add_argument("--rate-limit-burst", type=int, default=base.rate_limit_burst,
                        help="requests a caller may send at once (0: the per-minute figure)")
    parser.add_argument("--introspection", action=argparse.BooleanOptionalAction, default=base.introspection,
                        help="answer __schema/__type, cut down to what each caller may query (default on)")
    parser.add_argument("--explorer", action=argparse.BooleanOptionalAction, default=base.explorer,
                        help="serve GraphiQL at /explorer and to browsers at /graphql (default on)")
    parser.add_argument("--apq", action=argparse.BooleanOptionalAction, default=base.apq,
                        help="automatic persisted queries: clients may send a registered query's hash")
    parser.add_argument("--apq-cache-size", type=int, default=base.apq_cache_size,
                        help="automatic persisted queries remembered (LRU)")
    parser.add_argument("--trusted-documents-dir", default=base.trusted_documents_dir, metavar="DIR",
                        help="trusted-document manifests, one <app>.json per client application")
    parser.add_argument("--trusted-document-key", action="append", default=None, metavar="PREFIX=APP",
                        help="restrict this API key prefix to APP's trusted documents (repeat)")
    parser.add_argument("--max-fields", type=int, default=base.max_fields,
                        help="refuse documents selecting more fields, fragments expanded (0: no limit)")
    parser.add_argument("--max-cost", type=int, default=base.max_cost,
                        help="refuse operations with a higher estimated cost (0: no limit; docs/gateway.md)")
    parser.add_argument("--assumed-list-size", type=int, default=base.assumed_list_size,
                        help="list size assumed by the cost estimate where no @listSize says otherwise")
    parser.add_argument("--max-list-argument-items", type=int, default=base.max_list_argument_items,
                        help="items all list slicing arguments of a request may hold together, such as "
                        "every citizens(niks:) (0: no limit)")
    parser.add_argument("--sized-by-argument", action="append", default=None, metavar="TYPE.FIELD.ARGUMENT",
                        help="a list field sized by the length of this list argument, for the cost estimate "
                        "(repeat; default Query.citizens.niks)")
    parser.add_argument("--max-query-bytes", type=int, default=base.max_query_bytes,
                        help="refuse longer query texts with 413 (0: only --max-body-bytes bounds them)")
    parser.add_argument("--cache-bytes", type=int, default=base.cache_bytes,
                        help="bytes of documents each of the parse and prepare caches may hold")
    parser.add_argument("--max-cached-document-bytes", type=int, default=base.max_cached_document_bytes,
                        help="documents longer than this are never cached")
    parser.add_argument("--max-variable-depth", type=int, default=base.max_variable_depth,
                        help="refuse variables (and extensions) nesting JSON deeper (0: no limit)")
    parser.add_argument("--body-timeout", type=float, default=base.body_timeout, metavar="SECONDS",
                        help="answer 408 when a request body takes longer to arrive (0: no limit)")
    parser.add_argument("--max-requests-per-client", type=int, default=base.max_requests_per_client,
                        help="requests one client IP may have open at once (0: no limit)")
    parser.add_argument("--max-connections", type=int, default=base.max_connections,
                        help="connections and requests served at once, 503 beyond (0: no limit)")
    args = parser.parse_args(argv)
    subgraphs: list[tuple[str, str]] = []
    for item in args.subgraph:
        name, sep, url = item.partition("=")
        if not sep or not name or not url:
            parser.error(f"--subgraph expects NAME=URL, got {item!r}")
        subgraphs.append((name, url))
    key_apps = base.trusted_document_keys
    if args.trusted_document_key:
        pairs = [item.partition("=") for item in args.trusted_document_key]
        if any(not sep or not prefix or not app for prefix, sep, app in pairs):
            parser.error("--trusted-document-key expects PREFIX=APP")
        key_apps = tuple((prefix, app) for prefix, _, app in pairs)
    try:
        timeouts = timeouts_from(tuple(args.subgraph_timeout_for), base.subgraph_timeouts)
    except ValueError as error:
        parser.error(f"--subgraph-timeout-for: {error}")
    sized_by = tuple(args.sized_by_argument) if args.sized_by_argument else base.sized_by_arguments
    if any(len(item.split(".")) != 3 for item in sized_by):
        parser.error("--sized-by-argument expects TYPE.FIELD.ARGUMENT")
    if not args.supergraph and not subgraphs:
        parser.error("give --supergraph FILE or at least one --subgraph NAME=URL")
    return replace(
        base,
        supergraph_path=args.supergraph, subgraphs=tuple(subgraphs), host=args.host, port=args.port,
        workers=args.workers, debug_plans=args.debug_plans, dedup_inbound=args.dedup_inbound,
        dedup_outbound=args.dedup_outbound, subgraph_timeout=args.subgraph_timeout,
        subgraph_timeouts=timeouts, breaker_failures=args.breaker_failures,
        breaker_open_seconds=args.breaker_open_seconds,
        max_body_bytes=args.max_body_bytes, max_tokens=args.max_tokens, max_depth=args.max_depth,
        max_aliases=args.max_aliases, access_log=args.access_log, shutdown_timeout=args.shutdown_timeout,
        cors_origins=tuple(args.cors_origin) if args.cors_origin else base.cors_origins,
        cors_max_age=args.cors_max_age,
        rate_limit_per_minute=args.rate_limit_per_minute, rate_limit_burst=args.rate_limit_burst,
        apq_cache_size=args.apq_cache_size, trusted_documents_dir=args.trusted_documents_dir,
        trusted_document_keys=key_apps, max_root_fields=args.max_root_fields,
        execution_timeout=args.execution_timeout, apq=args.apq, introspection=args.introspection,
        explorer=args.explorer, max_fields=args.max_fields, max_cost=args.max_cost,
        assumed_list_size=args.assumed_list_size, max_list_argument_items=args.max_list_argument_items,
        sized_by_arguments=sized_by, max_query_bytes=args.max_query_bytes, cache_bytes=args.cache_bytes,
        max_cached_document_bytes=args.max_cached_document_bytes,
        max_variable_depth=args.max_variable_depth, body_timeout=args.body_timeout,
        max_requests_per_client=args.max_requests_per_client, max_connections=args.max_connections,
    )


def _supergraph_sdl(settings: Settings) -> str:
    if settings.subgraphs:
        from gateway.access.seal import Sealer, load_secret
        from gateway.compose import compose_from_urls

        secret = settings.subgraph_secret
        sealer = Sealer(load_secret(secret)) if secret else None
        return asyncio.run(compose_from_urls(dict(settings.subgraphs), sealer=sealer))
    assert settings.supergraph_path is not None
    with open(settings.supergraph_path, encoding="utf-8") as file:
        return file.read()


def main(argv: Sequence[str] | None = None) -> int:
    settings = parse_args(argv)
    from gateway.supergraph import Supergraph, SupergraphError

    try:
        sdl = _supergraph_sdl(settings)
        supergraph = Supergraph.parse(sdl)
    except OSError as error:
        where = settings.supergraph_path
        print(f"gateway: cannot read the supergraph {where!r}: {error.strerror or error}", file=sys.stderr)
        return 2
    except SupergraphError as error:
        print(f"gateway: invalid supergraph: {error}", file=sys.stderr)
        return 2
    except Exception as error:  # composition failures name subgraph, type and field
        print(f"gateway: cannot build the supergraph: {error}", file=sys.stderr)
        return 2

    import uvicorn

    options = {"host": settings.host, "port": settings.port, "loop": "uvloop", "http": "httptools",
               "ws": "none", "log_level": "warning", "access_log": False, "lifespan": "on",
               "timeout_graceful_shutdown": settings.shutdown_timeout,
               "limit_concurrency": settings.max_connections or None}
    if settings.workers > 1:
        path = settings.supergraph_path
        if settings.subgraphs or not path:
            handle, path = tempfile.mkstemp(prefix="supergraph-", suffix=".graphql")
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(sdl)
        os.environ.update({
            "SPBE_GATEWAY_SUPERGRAPH": path,
            "SPBE_GATEWAY_DEBUG_PLANS": str(settings.debug_plans),
            "SPBE_GATEWAY_DEDUP_INBOUND": str(settings.dedup_inbound),
            "SPBE_GATEWAY_DEDUP_OUTBOUND": str(settings.dedup_outbound),
            "SPBE_GATEWAY_SUBGRAPH_TIMEOUT": str(settings.subgraph_timeout),
            "SPBE_GATEWAY_SUBGRAPH_TIMEOUT_FOR": ",".join(f"{n}={t}" for n, t in settings.subgraph_timeouts),
            "SPBE_GATEWAY_BREAKER_FAILURES": str(settings.breaker_failures),
            "SPBE_GATEWAY_BREAKER_OPEN_SECONDS": str(settings.breaker_open_seconds),
            "SPBE_GATEWAY_MAX_BODY_BYTES": str(settings.max_body_bytes),
            "SPBE_GATEWAY_MAX_TOKENS": str(settings.max_tokens),
            "SPBE_GATEWAY_MAX_DEPTH": str(settings.max_depth),
            "SPBE_GATEWAY_MAX_ALIASES": str(settings.max_aliases),
            "SPBE_GATEWAY_ACCESS_LOG": str(settings.access_log),
            "SPBE_GATEWAY_SHUTDOWN_TIMEOUT": str(settings.shutdown_timeout),
            "SPBE_GATEWAY_CORS_ORIGINS": ",".join(settings.cors_origins),
            "SPBE_GATEWAY_CORS_MAX_AGE": str(settings.cors_max_age),
            "SPBE_GATEWAY_RATE_LIMIT_PER_MINUTE": str(settings.rate_limit_per_minute),
            "SPBE_GATEWAY_RATE_LIMIT_BURST": str(settings.rate_limit_burst),
            "SPBE_GATEWAY_APQ": str(settings.apq),
            "SPBE_GATEWAY_INTROSPECTION": str(settings.introspection),
            "SPBE_GATEWAY_EXPLORER": str(settings.explorer),
            "SPBE_GATEWAY_APQ_CACHE_SIZE": str(settings.apq_cache_size),
            "SPBE_GATEWAY_MAX_ROOT_FIELDS": str(settings.max_root_fields),
            "SPBE_GATEWAY_EXECUTION_TIMEOUT": str(settings.execution_timeout),
            "SPBE_GATEWAY_MAX_FIELDS": str(settings.max_fields),
            "SPBE_GATEWAY_MAX_COST": str(settings.max_cost),
            "SPBE_GATEWAY_ASSUMED_LIST_SIZE": str(settings.assumed_list_size),
            "SPBE_GATEWAY_MAX_LIST_ARGUMENT_ITEMS": str(settings.max_list_argument_items),
            "SPBE_GATEWAY_SIZED_BY_ARGUMENTS": ",".join(settings.sized_by_arguments),
            "SPBE_GATEWAY_MAX_QUERY_BYTES": str(settings.max_query_bytes),
            "SPBE_GATEWAY_CACHE_BYTES": str(settings.cache_bytes),
            "SPBE_GATEWAY_MAX_CACHED_DOCUMENT_BYTES": str(settings.max_cached_document_bytes),
            "SPBE_GATEWAY_MAX_VARIABLE_DEPTH": str(settings.max_variable_depth),
            "SPBE_GATEWAY_BODY_TIMEOUT": str(settings.body_timeout),
            "SPBE_GATEWAY_MAX_REQUESTS_PER_CLIENT": str(settings.max_requests_per_client),
            "SPBE_GATEWAY_MAX_CONNECTIONS": str(settings.max_connections),
            "SPBE_GATEWAY_TRUSTED_DOCUMENTS_DIR": settings.trusted_documents_dir or "",
            "SPBE_GATEWAY_TRUSTED_DOCUMENT_KEYS": ",".join(
                f"{p}={a}" for p, a in settings.trusted_document_keys
            ),
        })
        uvicorn.run("gateway.app:app_from_env", factory=True, workers=settings.workers, **options)  # type: ignore[arg-type]
        return 0
    from gateway.app import create_app
    from gateway.observability import configure_access_log

    if settings.access_log:
        configure_access_log()
    uvicorn.run(create_app(settings, supergraph), **options)  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
