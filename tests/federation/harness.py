"""Runs compliance cases: fixture subgraphs over HTTP, the real gateway, one request each."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

from tests.federation.case import Case, compare
from tests.federation.gateway import GatewayPool, GatewayProcess
from tests.federation.server import SubgraphServer
from tests.federation.suite import Suite

__all__ = ["Harness"]


@dataclass
class Harness:
    """The fixture subgraph server plus the gateway pool; start once, run many cases."""

    server: SubgraphServer = field(default_factory=SubgraphServer)
    pool: GatewayPool | None = None

    def start(self, order: list[Suite] | None = None, compose: bool = False) -> None:
        """Start the subgraph server; ``order`` lets gateways of coming suites start early;
        ``compose`` has each gateway compose its supergraph from the subgraph URLs."""
        self.server.start()
        self.pool = GatewayPool(self.server, order=list(order or []), compose=compose)

    def stop(self) -> None:
        if self.pool is not None:
            self.pool.close_all()
        self.server.stop()

    def run(self, suite: Suite, case: Case) -> list[str]:
        """Problems found with the gateway's answer to ``case`` (empty: it passes)."""
        assert self.pool is not None, "start() the harness first"
        gateway = self.pool.gateway(suite)
        self.server.reset()
        if case.variants:
            return self._run_variants(suite, case, gateway)
        if case.parallel > 1:
            with ThreadPoolExecutor(max_workers=case.parallel) as pool:
                answers = list(
                    pool.map(
                        lambda _n: gateway.request(
                            case.query, case.variables, case.operation_name, case.method
                        ),
                        range(case.parallel),
                    )
                )
        else:
            answers = [
                gateway.request(case.query, case.variables, case.operation_name, case.method, case.headers)
            ]
        calls = self.server.snapshot(suite.name)
        representations = self.server.representations(suite.name)
        problems: list[str] = []
        for status, body in answers:
            problems = compare(case, status, body, calls, representations)
            if problems:
                break
        if problems:
            sent = [body for path, body in self.server.log if path.startswith(f"{suite.name}/")]
            problems.append(f"subgraph requests: {sent!r}")
            if (
                status >= 500
                or "__not_json__" in body
                or gateway.process is None
                or gateway.process.poll() is not None
            ):
                problems.append(f"gateway output (tail):\n{gateway.output[-2000:]}")
        return problems

    def _run_variants(self, suite: Suite, case: Case, gateway: GatewayProcess) -> list[str]:
        """Send every ``(variables, data)`` variant at once; each answer must be its own."""
        with ThreadPoolExecutor(max_workers=len(case.variants)) as pool:
            answers = list(
                pool.map(
                    lambda v: gateway.request(
                        case.query, v[0], case.operation_name, case.method, case.headers
                    ),
                    case.variants,
                )
            )
        calls = self.server.snapshot(suite.name)
        problems: list[str] = []
        for (variables, data), (status, body) in zip(case.variants, answers, strict=True):
            single = replace(case, variables=variables, data=data, variants=())
            problems.extend(f"variables {variables!r}: {p}" for p in compare(single, status, body, calls))
        return problems
