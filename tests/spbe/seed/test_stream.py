"""The seeded random stream (spbe.seed.stream)."""

from __future__ import annotations

import collections

from spbe.seed.stream import Stream, cumulative


def test_a_string_seed_gives_the_same_stream() -> None:
    assert [Stream("a:1").random() for _ in range(3)] == [Stream("a:1").random() for _ in range(3)]
    assert Stream("a:1").random() != Stream("a:2").random()


def test_choice_and_randint_cover_their_range_evenly() -> None:
    rng = Stream("x")
    picks = collections.Counter(rng.choice("abcd") for _ in range(40_000))
    assert set(picks) == set("abcd") and min(picks.values()) > 9_000
    ints = collections.Counter(rng.randint(1, 3) for _ in range(30_000))
    assert set(ints) == {1, 2, 3} and min(ints.values()) > 9_000


def test_cumulative() -> None:
    assert cumulative([1, 2, 3.5]) == [1.0, 3.0, 6.5]
