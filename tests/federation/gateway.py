"""The gateway under test, run as ``python -m gateway --supergraph FILE`` on a free port.

One process per suite at most: :class:`GatewayPool` keeps the current suite's gateway
and stops it when the next suite starts. A gateway that cannot start is remembered as
failed, so every case of that suite fails fast with the gateway's own output.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import orjson

from tests.federation.server import SubgraphServer, closed_port, free_port
from tests.federation.suite import PLACEHOLDER, Suite, subgraph_url

__all__ = ["GatewayPool", "GatewayProcess", "GatewayStartError", "composable", "rewrite_urls"]

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 30.0


def gateway_command() -> list[str]:
    """``python -m gateway``, or the command in ``FEDERATION_GATEWAY`` (to check the fixtures
    against a reference gateway taking the same ``--supergraph/--host/--port`` options)."""
    custom = os.environ.get("FEDERATION_GATEWAY")
    return shlex.split(custom) if custom else [sys.executable, "-m", "gateway"]


class GatewayStartError(RuntimeError):
    """The gateway process exited or did not answer ``{ __typename }`` in time."""


def rewrite_urls(supergraph: str, suite: Suite, server: SubgraphServer) -> str:
    """The supergraph with placeholder URLs pointing at the running fixture server."""
    for subgraph in suite.subgraphs:
        if subgraph.down:
            gone = f"http://127.0.0.1:{closed_port()}/{suite.name}/{subgraph.name}"
            supergraph = supergraph.replace(f'"{subgraph_url(suite.name, subgraph.name)}"', f'"{gone}"')
    return supergraph.replace(PLACEHOLDER, f"http://{server.host}:{server.port}")


def composable(suite: Suite) -> bool:
    """Every subgraph of ``suite`` answers ``_service { sdl }`` as composed (none down,
    failing or drifted), so a gateway can compose the suite from their URLs at start."""
    return all(not s.down and s.status is None and s.served_sdl is None for s in suite.subgraphs)


@dataclass
class GatewayProcess:
    """A running ``python -m gateway`` and an HTTP client to it."""

    supergraph: str
    env: Mapping[str, str] = field(default_factory=dict)
    subgraph_urls: Mapping[str, str] | None = None
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    client: httpx.Client | None = None
    _dir: tempfile.TemporaryDirectory[str] = field(default_factory=tempfile.TemporaryDirectory)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/graphql"

    @property
    def output(self) -> str:
        path = Path(self._dir.name) / "gateway.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def launch(self) -> None:
        """Start the process without waiting for it (see :meth:`wait_ready`)."""
        path = Path(self._dir.name) / "supergraph.graphql"
        path.write_text(self.supergraph)
        source = ["--supergraph", str(path)]
        if self.subgraph_urls is not None:  # compose at start from the subgraphs' _service { sdl }
            source = [
                arg for name, url in self.subgraph_urls.items() for arg in ("--subgraph", f"{name}={url}")
            ]
        self.port = free_port()
        log = open(Path(self._dir.name) / "gateway.log", "wb")  # noqa: SIM115 - owned by the process
        self.process = subprocess.Popen(
            [*gateway_command(), *source, "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=ROOT,
            env={**os.environ, **self.env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        self.client = httpx.Client(timeout=30.0)

    def wait_ready(self) -> None:
        """Wait until the gateway answers ``{ __typename }``; raise if it exits or stalls."""
        assert self.process is not None and self.client is not None, "launch() first"
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if self.process.poll() is not None:
                raise GatewayStartError(f"gateway exited with {self.process.returncode}:\n{self.output}")
            try:
                response = self.client.post(self.url, json={"query": "{ __typename }"})
                if response.status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise GatewayStartError(f"gateway did not answer in {START_TIMEOUT}s:\n{self.output}")
            time.sleep(0.05)

    def start(self) -> None:
        self.launch()
        self.wait_ready()

    def request(
        self,
        query: str,
        variables: Mapping[str, Any] | None,
        operation_name: str | None,
        method: str = "POST",
        headers: Mapping[str, str] | None = None,
    ) -> tuple[int, dict[str, Any]]:
        """Send one GraphQL request; the HTTP status and the decoded JSON body."""
        assert self.client is not None
        payload: dict[str, Any] = {"query": query}
        if variables is not None:
            payload["variables"] = variables
        if operation_name is not None:
            payload["operationName"] = operation_name
        headers = {"accept": "application/graphql-response+json, application/json", **(headers or {})}
        if method == "GET":
            params = {k: (orjson.dumps(v).decode() if k == "variables" else v) for k, v in payload.items()}
            response = self.client.get(self.url, params=params, headers=headers)
        else:
            response = self.client.post(
                self.url,
                content=orjson.dumps(payload),
                headers={**headers, "content-type": "application/json"},
            )
        try:
            body = orjson.loads(response.content)
        except orjson.JSONDecodeError:
            body = {"__not_json__": response.text[:500]}
        return response.status_code, body if isinstance(body, dict) else {"__not_object__": body}

    def stop(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        self._dir.cleanup()


@dataclass
class GatewayPool:
    """Keeps the current suite's gateway running, and the next ones starting.

    Given the order suites will run in (``order``), the pool launches the gateways of the
    next ``lookahead`` suites while the current one answers, since starting a gateway
    takes far longer than running a suite's cases.
    """

    server: SubgraphServer
    order: list[Suite] = field(default_factory=list)
    compose: bool = False
    lookahead: int = 2
    current: tuple[str, GatewayProcess] | None = None
    pending: dict[str, GatewayProcess] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)

    def _launch(self, suite: Suite) -> GatewayProcess:
        self.server.mount(suite.name, suite.subgraphs)
        urls = None
        if self.compose:
            if not composable(suite):
                raise GatewayStartError(
                    f"{suite.name} has subgraphs that cannot serve _service; compose mode skips it"
                )
            urls = {s.name: self.server.url(suite.name, s.name) for s in suite.subgraphs}
        process = GatewayProcess(
            rewrite_urls(suite.supergraph_path.read_text(), suite, self.server),
            env=suite.gateway_env,
            subgraph_urls=urls,
        )
        process.launch()
        return process

    def _prefetch_after(self, suite: Suite) -> None:
        names = [s.name for s in self.order]
        if suite.name not in names:
            return
        start = names.index(suite.name) + 1
        for upcoming in self.order[start : start + self.lookahead]:
            if upcoming.name not in self.pending and upcoming.name not in self.failed:
                self.pending[upcoming.name] = self._launch(upcoming)

    def gateway(self, suite: Suite) -> GatewayProcess:
        if self.current is not None and self.current[0] == suite.name:
            return self.current[1]
        if suite.name in self.failed:
            raise GatewayStartError(self.failed[suite.name])
        self.close()
        process = self.pending.pop(suite.name, None) or self._launch(suite)
        self._prefetch_after(suite)
        try:
            process.wait_ready()
        except GatewayStartError:
            # One retry: in a shared working tree a module may be mid-edit at the first start.
            process.stop()
            process = self._launch(suite)
            try:
                process.wait_ready()
            except GatewayStartError as error:
                self.failed[suite.name] = str(error)
                process.stop()
                raise
        self.current = (suite.name, process)
        return process

    def close(self) -> None:
        """Stop the current gateway (pending ones keep starting)."""
        if self.current is not None:
            self.current[1].stop()
            self.current = None

    def close_all(self) -> None:
        self.close()
        for process in self.pending.values():
            process.stop()
        self.pending.clear()
