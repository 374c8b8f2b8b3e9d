"""Rate limits: token buckets per API key, citizen (hashed NIK) or client IP, in memory or shared
through Redis, and the 429 RATE_LIMITED answer with Retry-After and RateLimit-* headers."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest

from gateway.__main__ import parse_args
from gateway.access.caller import ANONYMOUS, Caller, CallerKind
from gateway.ratelimit import MemoryLimiter, RedisLimiter, bucket_key
from gateway.settings import Settings
from tests.gateway.asgi import URL, client

REDIS_URL = "redis://127.0.0.1:6379/0"
NIK = "3201000000000003"
QUERY = {"query": "{ __typename }"}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_memory_bucket_allows_the_burst_then_refills_at_the_rate() -> None:
    clock = Clock()
    limiter = MemoryLimiter(per_minute=60, burst=3, clock=clock)
    decisions = [await limiter.take("key:a") for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert [d.remaining for d in decisions] == [2, 1, 0, 0]
    assert decisions[0].limit == 3
    assert decisions[3].retry_after == 1
    assert decisions[3].reset == 3
    assert (await limiter.take("key:b")).allowed  # another caller, another bucket
    clock.now += 1.0
    assert (await limiter.take("key:a")).allowed
    assert not (await limiter.take("key:a")).allowed
    clock.now += 600
    assert (await limiter.take("key:a")).remaining == 2  # never more than the burst


def test_buckets_are_the_key_prefix_a_hashed_nik_or_the_client_ip() -> None:
    agency = Caller(kind=CallerKind.AGENCY, agency="dukcapil", key_id="spbe_ab12")
    citizen = Caller(kind=CallerKind.CITIZEN, citizen=NIK)
    assert bucket_key(agency, "10.0.0.1", b"s") == "key:spbe_ab12"
    citizen_key = bucket_key(citizen, "10.0.0.1", b"s")
    assert citizen_key.startswith("nik:")
    assert NIK not in citizen_key
    assert citizen_key == bucket_key(citizen, "10.9.9.9", b"s")
    assert citizen_key != bucket_key(citizen, "10.0.0.1", b"other secret")
    assert bucket_key(ANONYMOUS, "10.0.0.1", b"s") == "ip:10.0.0.1"


async def test_over_the_limit_is_429_rate_limited_with_headers() -> None:
    settings = Settings(rate_limit_per_minute=60, rate_limit_burst=2)
    async with client(settings) as http:
        first = await http.post(URL, json=QUERY)
        second = await http.post(URL, json=QUERY, headers={"accept": "application/json"})
        refused = await http.post(URL, json=QUERY, headers={"accept": "application/json"})
        refused_get = await http.get(URL, params=QUERY)
    async with client(settings, client_ip="10.0.0.2") as other:
        elsewhere = await other.post(URL, json=QUERY)
    assert first.status_code == second.status_code == 200
    assert first.headers["ratelimit-limit"] == "2"
    assert first.headers["ratelimit-remaining"] == "1"
    assert first.headers["ratelimit-reset"] == "1"
    assert second.headers["ratelimit-remaining"] == "0"
    assert "retry-after" not in second.headers
    for response in (refused, refused_get):
        assert response.status_code == 429
        assert response.headers["retry-after"] == "1"
        assert response.headers["ratelimit-remaining"] == "0"
        assert response.headers["ratelimit-limit"] == "2"
        [error] = response.json()["errors"]
        assert error["extensions"] == {"code": "RATE_LIMITED", "retryAfter": 1}
        assert error["message"].startswith("Too many requests")
    assert elsewhere.status_code == 200  # another client IP, another bucket


async def test_no_limit_no_headers() -> None:
    async with client(Settings()) as http:
        response = await http.post(URL, json=QUERY)
    assert "ratelimit-limit" not in response.headers


def test_settings_from_the_command_line_and_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPBE_GATEWAY_RATE_LIMIT_PER_MINUTE", "120")
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    settings = parse_args(["--supergraph", "x", "--rate-limit-burst", "10"])
    assert (settings.rate_limit_per_minute, settings.rate_limit_burst) == (120, 10)
    assert settings.redis_url == REDIS_URL


async def _redis_reachable() -> bool:
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", 6379), 0.5)
    except (OSError, TimeoutError):
        return False
    writer.close()
    await writer.wait_closed()
    return True


@pytest.fixture
async def prefix() -> AsyncIterator[str]:
    if not await _redis_reachable():
        pytest.skip("Redis is not reachable at 127.0.0.1:6379 (start redis-server to test shared limits)")
    prefix = f"spbe:test:{uuid.uuid4().hex}:"
    yield prefix
    from redis.asyncio import Redis

    redis = Redis.from_url(REDIS_URL)
    keys = [key async for key in redis.scan_iter(match=prefix + "*")]
    if keys:
        await redis.delete(*keys)
    await redis.aclose()


async def test_two_limiters_sharing_redis_enforce_one_limit(prefix: str) -> None:
    # one token a second: a loaded machine's pauses between the calls refill nothing
    one = RedisLimiter(REDIS_URL, per_minute=60, burst=3, prefix=prefix)
    two = RedisLimiter(REDIS_URL, per_minute=60, burst=3, prefix=prefix)
    try:
        taken = [await limiter.take("key:spbe_ab12") for limiter in (one, two, one)]
        assert [d.allowed for d in taken] == [True, True, True]
        assert [d.remaining for d in taken] == [2, 1, 0]
        refused = await two.take("key:spbe_ab12")
        assert not refused.allowed
        assert refused.retry_after == 1
        assert (await one.take("key:other")).allowed
        await asyncio.sleep(1.1)  # one more token
        assert (await two.take("key:spbe_ab12")).allowed
        assert not (await one.take("key:spbe_ab12")).allowed
    finally:
        await one.close()
        await two.close()


async def test_two_gateways_with_one_redis_url_share_the_limit(prefix: str) -> None:
    settings = Settings(rate_limit_per_minute=60, rate_limit_burst=2, redis_url=REDIS_URL)
    ip = f"192.0.2.{uuid.uuid4().int % 250 + 1}"
    try:
        async with client(settings, client_ip=ip) as one, client(settings, client_ip=ip) as two:
            answers = [await http.post(URL, json=QUERY) for http in (one, two, one, two)]
    finally:
        from redis.asyncio import Redis

        redis = Redis.from_url(REDIS_URL)
        await redis.delete(f"spbe:ratelimit:ip:{ip}")
        await redis.aclose()
    assert [a.status_code for a in answers] == [200, 200, 429, 429]
    assert answers[3].headers["retry-after"] == "1"


async def test_unreachable_redis_lets_requests_through() -> None:
    limiter = RedisLimiter("redis://127.0.0.1:1/0", per_minute=60, burst=1)
    try:
        assert all([(await limiter.take("ip:x")).allowed for _ in range(3)])
    finally:
        await limiter.close()
