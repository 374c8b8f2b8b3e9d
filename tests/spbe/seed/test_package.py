"""The public surface of ``spbe.seed`` (what the CLI and the benchmarks call)."""

from __future__ import annotations

import inspect

import spbe.seed


def test_exported_names_are_pinned() -> None:
    assert spbe.seed.__all__ == [
        "AlreadySeededError",
        "Progress",
        "SeedReport",
        "is_seeded",
        "seed_population",
    ]
    for name in spbe.seed.__all__:
        assert getattr(spbe.seed, name) is not None


def test_seed_population_takes_the_agreed_keywords() -> None:
    parameters = inspect.signature(spbe.seed.seed_population).parameters
    assert list(parameters)[:5] == ["dsns", "citizens", "seed", "progress", "reset"]
    assert all(parameters[name].kind is inspect.Parameter.KEYWORD_ONLY for name in list(parameters)[1:])
    assert inspect.iscoroutinefunction(spbe.seed.seed_population)
    assert inspect.iscoroutinefunction(spbe.seed.is_seeded)
