"""Per-subgraph timeouts and the breaker's settings (gateway/settings.py, gateway/__main__.py,
gateway/app.py): our services have their own timeouts, far below the old 30 s, and each one can
be set by name from the command line or the environment."""

from __future__ import annotations

import pytest

from gateway.__main__ import parse_args
from gateway.app import GatewayApp
from gateway.breaker import CircuitState
from gateway.planner import build_plan
from gateway.settings import SERVICE_TIMEOUTS, Settings
from gateway.supergraph import Supergraph
from tests.gateway.executor import shop


def test_our_services_have_their_own_timeouts_well_below_the_old_thirty_seconds() -> None:
    settings = Settings()
    own = dict(settings.subgraph_timeouts)
    assert set(own) == {"identity", "health", "education", "police", "consent"}
    assert max(own.values()) <= 10 and settings.subgraph_timeout <= 10
    assert (settings.breaker_failures, settings.breaker_open_seconds) == (5, 5.0)


def test_a_timeout_is_set_by_name_on_the_command_line_and_in_the_environment() -> None:
    settings = parse_args(["--supergraph", "x", "--subgraph-timeout-for", "police=1.5",
                           "--subgraph-timeout-for", "reviews=2", "--subgraph-timeout", "7",
                           "--breaker-failures", "3", "--breaker-open-seconds", "2.5"])
    own = dict(settings.subgraph_timeouts)
    assert (own["police"], own["reviews"], own["identity"]) == (1.5, 2.0, dict(SERVICE_TIMEOUTS)["identity"])
    breaker = (settings.breaker_failures, settings.breaker_open_seconds)
    assert (settings.subgraph_timeout, *breaker) == (7, 3, 2.5)
    env = Settings.from_env({"SPBE_GATEWAY_SUBGRAPH_TIMEOUT_FOR": "health=3, reviews=0.5",
                             "SPBE_GATEWAY_BREAKER_FAILURES": "0"})
    assert (dict(env.subgraph_timeouts)["health"], dict(env.subgraph_timeouts)["reviews"]) == (3.0, 0.5)
    assert env.breaker_failures == 0


@pytest.mark.parametrize("item", ["police", "police=", "police=soon", "police=0", "=3"])
def test_a_timeout_that_is_not_a_name_and_positive_seconds_is_refused(
    item: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        parse_args(["--supergraph", "x", "--subgraph-timeout-for", item])
    assert "--subgraph-timeout-for" in capsys.readouterr().err
    with pytest.raises(ValueError, match="NAME=SECONDS"):
        Settings.from_env({"SPBE_GATEWAY_SUBGRAPH_TIMEOUT_FOR": item})


async def test_the_gateway_has_one_closed_breaker_per_subgraph_or_none() -> None:
    supergraph = Supergraph.parse(shop.supergraph_sdl("http://a.test/", "http://p.test/", "http://r.test/"))
    app = GatewayApp(Settings(), supergraph, build_plan)
    try:
        assert {name: b.state for name, b in app.breakers.items()} == {
            "accounts": CircuitState.CLOSED, "products": CircuitState.CLOSED, "reviews": CircuitState.CLOSED
        }
        assert 'spbe_gateway_subgraph_circuit_state{state="closed",subgraph="reviews"} 1.0' in \
            app.metrics.render().decode()
    finally:
        await app.shutdown()
    off = GatewayApp(Settings(breaker_failures=0), supergraph, build_plan)
    assert off.breakers == {}
    await off.shutdown()
