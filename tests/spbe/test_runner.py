"""``spbe up`` as a real process: database, migrations, seeding, every subgraph and the gateway
over real HTTP, then a clean stop on SIGTERM; and the pieces it is made of."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import random
import re
import signal
import socket
import stat
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import httpx
import pytest

from gateway.access.caller import Caller, CallerKind
from gateway.access.seal import Sealer
from spbe import runner
from spbe.database import with_database
from spbe.secrets import find_subgraph_secret, sealer_for, secret_path
from spbe.settings import PROJECT_ROOT, SERVICES
from tests.conftest import ServiceDsn, TemplateDatabases


def _free_port_base() -> int:
    """A port P such that P..P+5 are all free now, below Linux's ephemeral range (32768+) so
    that outgoing connections don't take them before the servers bind."""
    for _ in range(50):
        base = random.randrange(20000, 32000, 10)
        sockets = []
        try:
            for port in range(base, base + 6):
                sock = socket.socket()
                sockets.append(sock)
                sock.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
    raise RuntimeError("no free port range")


async def _post(
    client: httpx.AsyncClient, url: str, query: str, sealer: Sealer | None = None
) -> dict[str, object]:
    """POST ``query``; signed as the gateway would sign it when ``sealer`` is given."""
    payload = json.dumps({"query": query}).encode()
    headers = {"content-type": "application/json"}
    if sealer is not None:
        headers.update(sealer.headers(Caller(kind=CallerKind.GATEWAY, request_id="test"), payload))
    response = await client.post(url, content=payload, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    assert "errors" not in body, body
    return body


_runs = itertools.count(1)


@pytest.fixture
async def prefix(template_databases: TemplateDatabases) -> AsyncIterator[str]:
    name = f"spbe_test_{os.getpid()}_up{next(_runs)}_"
    yield name
    for service in SERVICES:
        template_databases.discard(f"{name}{service}")


async def _read_until(
    stdout: asyncio.StreamReader, stderr: asyncio.Future[bytes], marker: str, timeout: float
) -> str:
    seen: list[str] = []

    async def read() -> None:
        while True:
            line = await stdout.readline()
            if not line:
                errors = (await stderr).decode()
                raise AssertionError(f"spbe up ended before it was up:\n{''.join(seen)}\n{errors}")
            seen.append(line.decode())
            if marker in seen[-1]:
                return

    await asyncio.wait_for(read(), timeout)
    return "".join(seen)


@pytest.mark.slow
async def test_up_serves_everything_and_stops_cleanly(server_dsn: str, prefix: str, tmp_path: Path) -> None:
    base = _free_port_base()
    env = dict(os.environ)
    env.update(
        DATABASE_URL=server_dsn,
        SPBE_DB_PREFIX=prefix,
        SPBE_PORT_BASE=str(base),
        SPBE_DATA_DIR=str(tmp_path),
        SPBE_LOG_FORMAT="json",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "spbe", "up", "--citizens", "40", "--seed", "3",
        cwd=PROJECT_ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    stderr_task = asyncio.ensure_future(process.stderr.read())
    try:
        banner = await _read_until(process.stdout, stderr_task, "Press Ctrl-C to stop.", timeout=240)
        gateway = f"http://127.0.0.1:{base}/graphql"
        for offset, name in enumerate(
            ["gateway", "identity", "health", "education", "police", "consent", "social", "civilservice",
             "payments"]
        ):
            assert f"{name:<12} http://127.0.0.1:{base + offset}/graphql" in banner
        assert f"curl -s {gateway} " in banner
        assert (tmp_path / "supergraph.graphql").read_text().startswith("schema")

        health_db = await asyncpg.connect(with_database(server_dsn, f"{prefix}health"))
        identity_db = await asyncpg.connect(with_database(server_dsn, f"{prefix}identity"))
        try:
            provinces = await identity_db.fetchval("select count(*) from region where level = 1")
            assert await identity_db.fetchval("select count(*) from citizen") == 40
            nik = await health_db.fetchval("select nik from bpjs_membership order by nik limit 1")
        finally:
            await health_db.close()
            await identity_db.close()

        # every subgraph is sealed with the data folder's secret
        assert stat.S_IMODE(secret_path(tmp_path).stat().st_mode) == 0o600
        secret = find_subgraph_secret(tmp_path, {})
        assert secret is not None
        sealer = sealer_for(secret)
        assert "Demo access" in banner and "X-API-Key: $KEY" in banner and "Bearer $TOKEN" in banner
        assert (tmp_path / "dev-issuer" / "jwks.json").exists()
        demo_niks = set(re.findall(r"\b\d{16}\b", banner))
        assert len(demo_niks) == 2

        async with httpx.AsyncClient(timeout=30) as client:
            identity = f"http://127.0.0.1:{base + 1}/graphql"
            unsigned = await client.post(identity, json={"query": "{ regions { code } }"})
            assert unsigned.status_code == 401
            body = await _post(client, identity, "{ regions { code } }", sealer)
            assert len(body["data"]["regions"]) == provinces  # type: ignore[index]
            for port in range(base + 1, base + 5):
                body = await _post(client, f"http://127.0.0.1:{port}/graphql", "{ _service { sdl } }", sealer)
                assert "Citizen" in body["data"]["_service"]["sdl"]  # type: ignore[index]
            body = await _post(client, f"http://127.0.0.1:{base + 5}/graphql", "{ _service { sdl } }", sealer)
            assert "type Purpose @key" in body["data"]["_service"]["sdl"]  # type: ignore[index]
            body = await _post(client, gateway, "{ regions { code } }")  # public: anonymous is enough
            assert len(body["data"]["regions"]) == provinces  # type: ignore[index]
            key_found = re.search(r"KEY=(spbe_[a-z0-9]+_[A-Za-z0-9_-]+)", banner)
            consenting = re.search(r'"variables":\{"nik":"([0-9]{16})"\}', banner)
            assert key_found is not None and consenting is not None
            demo = {"x-api-key": key_found[1], "x-purpose": "BANSOS_ELIGIBILITY"}
            query = f'{{ citizen(nik: "{consenting[1]}") {{ nik age health {{ __typename }} }} }}'
            answer = (await client.post(gateway, json={"query": query}, headers=demo)).json()
            assert "errors" not in answer, answer
            citizen = answer["data"]["citizen"]
            assert citizen["nik"] == consenting[1] and isinstance(citizen["age"], int)
            assert citizen["health"] == {"__typename": "HealthRecord"}
            anonymous = (await client.post(gateway, json={"query": query})).json()
            assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHORIZED_FIELD_OR_TYPE"
            query = f'{{ citizen(nik: "{nik}") {{ nik }} }}'
            response = await client.get(gateway, params={"query": query}, headers=demo)  # a NIK in a URL
            assert response.status_code == 200

        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), 60) == 0
        assert time.monotonic() - started < 30
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    logs = (await stderr_task).decode()
    stops = [line for line in logs.splitlines() if '"event":"http.stop"' in line]
    assert [line.split('"server":"')[1].split('"')[0] for line in stops] == [
        "gateway", "payments", "civilservice", "social", "consent", "police", "education", "health",
        "identity",
    ]  # fmt: skip
    assert '"event":"signal","signal":"SIGTERM"' in logs
    assert nik not in logs, "a NIK reached the logs"
    assert not any(demo_nik in logs for demo_nik in demo_niks), "a demo NIK reached the logs"
    assert "Traceback" not in logs


async def test_seed_if_empty_seeds_once(service_dsn: ServiceDsn) -> None:
    dsns = {service: await service_dsn(service) for service in runner.SEEDED_SERVICES}
    stages: list[str] = []
    report = await runner.seed_if_empty(dsns, citizens=5, seed=2, progress=lambda s, d, t: stages.append(s))
    assert report is not None and report.rows["citizen"] == 5
    assert stages, "no progress was reported"
    conn = await asyncpg.connect(dsns["identity"])
    try:
        assert await conn.fetchval("select count(*) from citizen") == 5
    finally:
        await conn.close()
    assert await runner.seed_if_empty(dsns, citizens=5, seed=2) is None


async def _hello(scope: dict[str, object], receive: object, send: object) -> None:
    if scope["type"] == "http":
        await send({"type": "http.response.start", "status": 200, "headers": []})  # type: ignore[operator]
        await send({"type": "http.response.body", "body": b"hello"})  # type: ignore[operator]


async def test_server_group_reports_a_taken_port_and_stops_the_rest() -> None:
    base = _free_port_base()
    group = runner.ServerGroup()
    try:
        listener = await group.start("first", _hello, "127.0.0.1", base)
        assert listener.url == f"http://127.0.0.1:{base}/graphql"
        async with httpx.AsyncClient() as client:
            assert (await client.get(listener.url)).text == "hello"
        with pytest.raises(runner.StartupError, match=f"second could not start on 127.0.0.1:{base}"):
            await group.start("second", _hello, "127.0.0.1", base)
    finally:
        await group.stop()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", base))  # the port is free again
