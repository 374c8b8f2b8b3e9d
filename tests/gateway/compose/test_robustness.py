"""Damaged SDL never crashes composition: it composes or raises CompositionError with coded issues."""

from __future__ import annotations

import random

from gateway.compose import CompositionError, SubgraphSDL, compose

from .fixtures import fixture_names, load_fixture


def _damage(rng: random.Random, sdl: str) -> str:
    lines = sdl.split("\n")
    for _ in range(rng.randint(0, 3)):
        j = rng.randrange(len(lines))
        choice = rng.random()
        if choice < 0.4:
            del lines[j]
        elif choice < 0.7:
            words = lines[j].split(" ")
            del words[rng.randrange(len(words))]
            lines[j] = " ".join(words)
        else:
            k = rng.randrange(len(lines))
            lines[j], lines[k] = lines[k], lines[j]
        if not lines:
            break
    return "\n".join(lines)


def test_damaged_fixture_sets_compose_or_fail_cleanly() -> None:
    rng = random.Random(20261128)
    names = fixture_names()
    outcomes = {"composed": 0, "rejected": 0}
    for _ in range(300):
        damaged = [SubgraphSDL(s.name, s.url, _damage(rng, s.sdl)) for s in load_fixture(rng.choice(names))]
        try:
            compose(damaged)
            outcomes["composed"] += 1
        except CompositionError as error:
            outcomes["rejected"] += 1
            assert error.errors
            assert all(issue.code and issue.message for issue in error.errors)
    assert outcomes["composed"] > 20 and outcomes["rejected"] > 20, outcomes
