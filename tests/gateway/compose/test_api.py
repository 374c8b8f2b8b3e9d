"""The public names of gateway.compose (pinned: other areas import them)."""

from __future__ import annotations

import gateway.compose


def test_public_names() -> None:
    assert sorted(gateway.compose.__all__) == [
        "CompositionError",
        "CompositionIssue",
        "SdlFetchError",
        "SubgraphSDL",
        "compose",
        "compose_from_urls",
        "fetch_sdl",
        "run_compose_command",
    ]
    for name in gateway.compose.__all__:
        assert getattr(gateway.compose, name) is not None
