"""Rate limits per caller: a token bucket per API key, per citizen and per anonymous client IP.

``--rate-limit-per-minute N`` (0: off) refills each bucket with N requests a minute, up to
``--rate-limit-burst`` (default N) held at once; every request takes one. The bucket is chosen
by who is asking (docs/access.md, "Callers"):

* an agency: its API key's prefix (``key:<prefix>``);
* a citizen: a keyed hash of the NIK (``nik:<hmac>``), so no NIK is ever stored or sent to Redis;
* anyone else: the client's IP address (``ip:<addr>``, as the ASGI server reports it; run
  uvicorn with ``--proxy-headers`` behind a trusted proxy).

The buckets live in this process (:class:`MemoryLimiter`) unless ``REDIS_URL`` is set; then in
Redis (:class:`RedisLimiter`), one atomic Lua script per request with Redis's own clock, so
every replica of the gateway enforces one limit. If Redis cannot be reached the request is let
through and a warning logged: the limiter protects the gateway, it must not take it down.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from gateway.access.caller import Caller, CallerKind
from gateway.cors import Header
from gateway.settings import Settings

__all__ = ["Decision", "Limiter", "MemoryLimiter", "RedisLimiter", "bucket_key", "make_limiter"]

_log = logging.getLogger("gateway.ratelimit")


@dataclass(frozen=True, slots=True)
class Decision:
    """One request's answer from the bucket, and the headers that tell the caller about it
    (IETF draft "RateLimit header fields for HTTP": limit, remaining, seconds to a full bucket)."""

    allowed: bool
    limit: int
    remaining: int
    reset: int
    retry_after: int = 0

    def headers(self) -> list[Header]:
        out = [
            (b"ratelimit-limit", str(self.limit).encode()),
            (b"ratelimit-remaining", str(self.remaining).encode()),
            (b"ratelimit-reset", str(self.reset).encode()),
        ]
        if not self.allowed:
            out.append((b"retry-after", str(self.retry_after).encode()))
        return out


def _decide(allowed: bool, tokens: float, capacity: int, rate: float) -> Decision:
    """The decision for a bucket left holding ``tokens`` (refilling ``rate`` per second)."""
    return Decision(
        allowed=allowed,
        limit=capacity,
        remaining=max(0, math.floor(tokens)),
        reset=max(0, math.ceil((capacity - tokens) / rate)),
        retry_after=0 if allowed else max(1, math.ceil((1 - tokens) / rate)),
    )


def bucket_key(caller: Caller, client_ip: str | None, secret: bytes) -> str:
    """Whose bucket a request takes from (never the NIK itself: an HMAC of it)."""
    if caller.kind is CallerKind.AGENCY and caller.key_id:
        return f"key:{caller.key_id}"
    if caller.kind is CallerKind.CITIZEN and caller.citizen:
        digest = hmac.new(secret, caller.citizen.encode(), hashlib.sha256).hexdigest()[:32]
        return f"nik:{digest}"
    return f"ip:{client_ip or 'unknown'}"


class Limiter(Protocol):
    limit: int

    async def take(self, key: str) -> Decision: ...

    async def close(self) -> None: ...


class MemoryLimiter:
    """Buckets in this process (one limit per process; use Redis for several replicas). At most
    ``max_keys`` buckets are remembered; a forgotten one starts full again."""

    def __init__(
        self,
        per_minute: int,
        burst: int = 0,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
    ) -> None:
        self.limit = burst or per_minute
        self.rate = per_minute / 60.0
        self._clock = clock
        self._max_keys = max_keys
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    async def take(self, key: str) -> Decision:
        now = self._clock()
        tokens, last = self._buckets.pop(key, (float(self.limit), now))
        tokens = min(float(self.limit), tokens + max(0.0, now - last) * self.rate)
        allowed = tokens >= 1
        if allowed:
            tokens -= 1
        self._buckets[key] = (tokens, now)
        if len(self._buckets) > self._max_keys:
            self._buckets.popitem(last=False)
        return _decide(allowed, tokens, self.limit, self.rate)

    async def close(self) -> None:
        self._buckets.clear()


#: KEYS[1] the bucket; ARGV capacity, tokens per second. Redis's clock, so replicas agree.
#: Returns {allowed (0/1), tokens left (as a string: Lua numbers become integers in replies)}.
TOKEN_BUCKET_LUA = """
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = capacity
  ts = now
end
tokens = math.min(capacity, tokens + math.max(0, now - ts) * rate)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / rate * 1000) + 1000)
return {allowed, tostring(tokens)}
"""


class RedisLimiter:
    """Buckets in Redis, shared by every gateway replica using the same ``url`` and ``prefix``."""

    def __init__(self, url: str, per_minute: int, burst: int = 0, prefix: str = "spbe:ratelimit:") -> None:
        from redis.asyncio import Redis

        self.limit = burst or per_minute
        self.rate = per_minute / 60.0
        self.prefix = prefix
        self._redis: Any = Redis.from_url(url, socket_timeout=1.0, socket_connect_timeout=1.0)
        self._script = self._redis.register_script(TOKEN_BUCKET_LUA)

    async def take(self, key: str) -> Decision:
        from redis.exceptions import RedisError

        try:
            allowed, tokens = await self._script(keys=[self.prefix + key], args=[self.limit, self.rate])
        except (RedisError, OSError) as error:
            _log.warning("rate limit store unreachable (%s): request let through", type(error).__name__)
            return Decision(True, self.limit, self.limit, 0)
        return _decide(bool(int(allowed)), float(tokens), self.limit, self.rate)

    async def close(self) -> None:
        await self._redis.aclose()


def make_limiter(settings: Settings) -> Limiter | None:
    """The limiter the settings ask for: none, in memory, or in Redis (``redis_url``)."""
    if settings.rate_limit_per_minute <= 0:
        return None
    if settings.redis_url:
        return RedisLimiter(settings.redis_url, settings.rate_limit_per_minute, settings.rate_limit_burst)
    return MemoryLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
