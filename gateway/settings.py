"""Gateway settings: one frozen dataclass, filled from the command line or ``SPBE_GATEWAY_*``
environment variables (``python -m gateway --help`` lists them)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["SERVICE_TIMEOUTS", "Settings", "timeouts_from"]

#: seconds per request to each of our services, about 2.5 times the latency of the largest
#: ``_entities`` batch (1,000 citizens, 4 in flight) measured in docs/benchmarks.md; any other
#: subgraph gets ``subgraph_timeout`` (docs/gateway.md, "Subgraph timeouts and circuit breakers")
SERVICE_TIMEOUTS: tuple[tuple[str, float], ...] = (
    ("identity", 4.0), ("health", 8.0), ("education", 8.0), ("police", 6.0), ("consent", 4.0),
)


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    value = env.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _list(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    """A comma-separated variable as a tuple, empty items dropped."""
    return tuple(item.strip() for item in env.get(name, "").split(",") if item.strip())


def _pairs(env: Mapping[str, str], name: str) -> tuple[tuple[str, str], ...]:
    """``a=x,b=y`` as ``(("a", "x"), ("b", "y"))``; ``ValueError`` for an item without ``=``."""
    pairs = []
    for item in _list(env, name):
        left, sep, right = item.partition("=")
        if not sep or not left.strip() or not right.strip():
            raise ValueError(f"{name}: expected PREFIX=APP items, got {item!r}")
        pairs.append((left.strip(), right.strip()))
    return tuple(pairs)


def timeouts_from(
    items: tuple[str, ...], base: tuple[tuple[str, float], ...] = SERVICE_TIMEOUTS
) -> tuple[tuple[str, float], ...]:
    """``NAME=SECONDS`` items over ``base`` (a name given again replaces its value);
    ``ValueError`` for an item that is not a name and a positive number of seconds."""
    found = dict(base)
    for item in items:
        name, sep, seconds = item.partition("=")
        try:
            value = float(seconds)
        except ValueError:
            value = 0.0
        if not sep or not name.strip() or not value > 0:
            raise ValueError(f"expected NAME=SECONDS with SECONDS > 0, got {item!r}")
        found[name.strip()] = value
    return tuple(found.items())


@dataclass(frozen=True, slots=True)
class Settings:
    """What one gateway process serves and how.

    ``dedup_inbound``: identical in-flight queries (same document, operation name, variables and
    caller identity headers) share one execution and one serialized answer. On by default:
    callers who would see the same answer get it once; mutations are never shared.
    ``dedup_outbound``: identical in-flight subgraph requests share one HTTP call.
    """

    supergraph_path: str | None = None
    subgraphs: tuple[tuple[str, str], ...] = ()
    host: str = "127.0.0.1"
    port: int = 4000
    workers: int = 1
    debug_plans: bool = False
    dedup_inbound: bool = True
    dedup_outbound: bool = True
    #: seconds per subgraph request, for subgraphs without their own (``subgraph_timeouts``)
    subgraph_timeout: float = 10.0
    #: seconds per request to the subgraph of that name (``--subgraph-timeout-for NAME=SECONDS``)
    subgraph_timeouts: tuple[tuple[str, float], ...] = SERVICE_TIMEOUTS
    #: failures in a row (refused, broken, timed out, 5xx) that open a subgraph's circuit; 0: off
    breaker_failures: int = 5
    #: seconds an open circuit answers SUBGRAPH_UNAVAILABLE at once before it probes the subgraph
    breaker_open_seconds: float = 5.0
    max_body_bytes: int = 1 << 20
    cache_size: int = 1024
    max_tokens: int = 15_000
    max_depth: int = 32
    max_aliases: int = 500
    connections_per_subgraph: int = 128
    #: the consent registry's database (API keys, consents, mandates, the trail); without it API
    #: keys are refused and consent-guarded fields are denied (docs/access.md)
    access_dsn: str | None = None
    #: the secret shared with the subgraphs (hex, >= 32 bytes): every subgraph request is signed
    subgraph_secret: str | None = None
    #: citizen bearer tokens (JWT): the issuer and audience to accept, and the signing keys as a
    #: JWKS file path or https URL
    jwt_issuer: str | None = None
    jwt_audience: str = "spbe-graph"
    jwt_jwks: str | None = None
    #: accept tokens of the local development issuer (``spbe token``); never in production
    allow_dev_issuer: bool = False
    #: the subgraph that owns the data subject (the gateway asks it who a citizen's wards are)
    identity_subgraph: str = "identity"
    #: one structured line per request on the ``gateway.access_log`` logger (docs/operations.md);
    #: off by default for ``python -m gateway`` (it costs about a tenth of the bench rig's
    #: throughput), on under ``spbe up`` and in the container image
    access_log: bool = False
    #: on SIGTERM, how long requests in flight may still take before the workers stop anyway
    shutdown_timeout: float = 30.0
    #: browser origins allowed to call the gateway (CORS, gateway/cors.py); empty: no CORS headers
    cors_origins: tuple[str, ...] = ()
    #: how long browsers may cache a preflight answer (seconds)
    cors_max_age: int = 600
    #: requests a minute per API key, citizen or anonymous client IP (gateway/ratelimit.py); 0: off
    rate_limit_per_minute: int = 0
    #: how many requests a caller may send at once (the bucket's size); 0: the per-minute figure
    rate_limit_burst: int = 0
    #: Redis shared by the replicas for rate limits (``REDIS_URL``); unset: limits per process
    redis_url: str | None = None
    #: automatic persisted queries remembered by this process when ``apq`` is on (gateway/persisted.py)
    apq_cache_size: int = 1024
    #: a directory of trusted-document manifests, ``<app>.json`` = ``{"<sha256>": "<query>"}``
    trusted_documents_dir: str | None = None
    #: API key prefixes restricted to one application's trusted documents: (prefix, app) pairs
    trusted_document_keys: tuple[tuple[str, str], ...] = ()
    #: root fields one operation may select (gateway/limits.py); 0: no limit
    max_root_fields: int = 100
    #: seconds one request's execution may take before it is answered 504 GATEWAY_TIMEOUT; 0: none
    execution_timeout: float = 60.0
    #: automatic persisted queries (Apollo's protocol): hash-only requests for registered queries
    apq: bool = False
    #: answer __schema/__type, cut down per caller (docs/access.md, "Introspection"); off for
    #: production APIs that publish no schema
    introspection: bool = True
    #: the explorer: GraphiQL at /explorer, and for browsers at /graphql (docs/explorer.md)
    explorer: bool = True
    #: fields a document may select, fragment spreads expanded, checked before validation
    #: (gateway/limits.py); 0: no limit
    max_fields: int = 2_000
    #: the estimated cost an operation may have (gateway/demand.py); 0: no limit
    max_cost: int = 100_000
    #: the size assumed for a list field without a ``@listSize`` hint
    assumed_list_size: int = 10
    #: items the list slicing arguments of one request may hold together (every
    #: ``citizens(niks:)`` of it); 0: no limit
    max_list_argument_items: int = 1_000
    #: the longest query text accepted (413 beyond; comments cost no tokens but take time to read);
    #: 0: only ``max_body_bytes`` bounds it
    max_query_bytes: int = 256 << 10
    #: list fields whose size is the length of one of their list arguments, ``Type.field.argument``
    #: (gateway/demand.py; the cost spec allows only integer slicing arguments)
    sized_by_arguments: tuple[str, ...] = ("Query.citizens.niks",)
    #: bytes of documents the parse and prepare caches may hold each (gateway/cache.py)
    cache_bytes: int = 64 << 20
    #: documents longer than this are parsed and planned for their request only, never cached
    max_cached_document_bytes: int = 128 << 10
    #: how deep the JSON of ``variables`` and ``extensions`` may nest (gateway/admission.py)
    max_variable_depth: int = 64
    #: seconds the request body may take to arrive before 408 REQUEST_TIMEOUT; 0: no limit
    body_timeout: float = 10.0
    #: requests one client IP may have open at once (429 beyond it); 0: no limit
    max_requests_per_client: int = 64
    #: connections and requests the process serves at once (uvicorn's ``limit_concurrency``;
    #: 503 beyond it); 0: no limit
    max_connections: int = 2_048

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Defaults overridden by ``SPBE_GATEWAY_*`` variables."""
        env = os.environ if env is None else env
        return cls(
            supergraph_path=env.get("SPBE_GATEWAY_SUPERGRAPH"),
            debug_plans=_flag(env, "SPBE_GATEWAY_DEBUG_PLANS", False),
            dedup_inbound=_flag(env, "SPBE_GATEWAY_DEDUP_INBOUND", True),
            dedup_outbound=_flag(env, "SPBE_GATEWAY_DEDUP_OUTBOUND", True),
            subgraph_timeout=float(env.get("SPBE_GATEWAY_SUBGRAPH_TIMEOUT", "10")),
            subgraph_timeouts=timeouts_from(_list(env, "SPBE_GATEWAY_SUBGRAPH_TIMEOUT_FOR")),
            breaker_failures=int(env.get("SPBE_GATEWAY_BREAKER_FAILURES", "5")),
            breaker_open_seconds=float(env.get("SPBE_GATEWAY_BREAKER_OPEN_SECONDS", "5")),
            max_body_bytes=int(env.get("SPBE_GATEWAY_MAX_BODY_BYTES", str(1 << 20))),
            max_tokens=int(env.get("SPBE_GATEWAY_MAX_TOKENS", "15000")),
            max_depth=int(env.get("SPBE_GATEWAY_MAX_DEPTH", "32")),
            max_aliases=int(env.get("SPBE_GATEWAY_MAX_ALIASES", "500")),
            access_dsn=env.get("SPBE_GATEWAY_ACCESS_DSN") or None,
            subgraph_secret=env.get("SPBE_SUBGRAPH_SECRET") or None,
            jwt_issuer=env.get("SPBE_JWT_ISSUER") or None,
            jwt_audience=env.get("SPBE_JWT_AUDIENCE") or "spbe-graph",
            jwt_jwks=env.get("SPBE_JWT_JWKS") or None,
            allow_dev_issuer=_flag(env, "SPBE_ALLOW_DEV_ISSUER", False),
            access_log=_flag(env, "SPBE_GATEWAY_ACCESS_LOG", False),
            shutdown_timeout=float(env.get("SPBE_GATEWAY_SHUTDOWN_TIMEOUT", "30")),
            cors_origins=_list(env, "SPBE_GATEWAY_CORS_ORIGINS"),
            cors_max_age=int(env.get("SPBE_GATEWAY_CORS_MAX_AGE", "600")),
            rate_limit_per_minute=int(env.get("SPBE_GATEWAY_RATE_LIMIT_PER_MINUTE", "0")),
            rate_limit_burst=int(env.get("SPBE_GATEWAY_RATE_LIMIT_BURST", "0")),
            redis_url=env.get("REDIS_URL") or None,
            apq_cache_size=int(env.get("SPBE_GATEWAY_APQ_CACHE_SIZE", "1024")),
            trusted_documents_dir=env.get("SPBE_GATEWAY_TRUSTED_DOCUMENTS_DIR") or None,
            trusted_document_keys=_pairs(env, "SPBE_GATEWAY_TRUSTED_DOCUMENT_KEYS"),
            max_root_fields=int(env.get("SPBE_GATEWAY_MAX_ROOT_FIELDS", "100")),
            execution_timeout=float(env.get("SPBE_GATEWAY_EXECUTION_TIMEOUT", "60")),
            apq=_flag(env, "SPBE_GATEWAY_APQ", False),
            introspection=_flag(env, "SPBE_GATEWAY_INTROSPECTION", True),
            explorer=_flag(env, "SPBE_GATEWAY_EXPLORER", True),
            max_fields=int(env.get("SPBE_GATEWAY_MAX_FIELDS", "2000")),
            max_cost=int(env.get("SPBE_GATEWAY_MAX_COST", "100000")),
            assumed_list_size=int(env.get("SPBE_GATEWAY_ASSUMED_LIST_SIZE", "10")),
            max_list_argument_items=int(env.get("SPBE_GATEWAY_MAX_LIST_ARGUMENT_ITEMS", "1000")),
            sized_by_arguments=_list(env, "SPBE_GATEWAY_SIZED_BY_ARGUMENTS") or ("Query.citizens.niks",),
            max_query_bytes=int(env.get("SPBE_GATEWAY_MAX_QUERY_BYTES", str(256 << 10))),
            cache_bytes=int(env.get("SPBE_GATEWAY_CACHE_BYTES", str(64 << 20))),
            max_cached_document_bytes=int(env.get("SPBE_GATEWAY_MAX_CACHED_DOCUMENT_BYTES", str(128 << 10))),
            max_variable_depth=int(env.get("SPBE_GATEWAY_MAX_VARIABLE_DEPTH", "64")),
            body_timeout=float(env.get("SPBE_GATEWAY_BODY_TIMEOUT", "10")),
            max_requests_per_client=int(env.get("SPBE_GATEWAY_MAX_REQUESTS_PER_CLIENT", "64")),
            max_connections=int(env.get("SPBE_GATEWAY_MAX_CONNECTIONS", "2048")),
        )
