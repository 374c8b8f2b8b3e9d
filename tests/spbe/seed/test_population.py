"""Allocation of citizens to districts and household generation (spbe.seed.population)."""

from __future__ import annotations

import collections
import os
import subprocess
import sys

import pytest

from spbe.seed.population import AS_OF, age_on, generate_people, plan_chunks
from spbe.seed.regions import load_atlas


@pytest.mark.parametrize("citizens", [1, 3, 7, 1_001, 54_321])
def test_plan_gives_exactly_the_requested_citizens_in_disjoint_districts(citizens: int) -> None:
    chunks = plan_chunks(load_atlas(), citizens, seed=3, chunk_size=5_000)
    assert sum(c.citizens for c in chunks) == citizens
    districts = [d for c in chunks for d, _ in c.quotas]
    assert len(districts) == len(set(districts))
    offsets = [c.offset for c in chunks]
    assert offsets == [sum(c.citizens for c in chunks[:i]) for i in range(len(chunks))]


@pytest.mark.parametrize("citizens", [5, 999, 4_321])
def test_chunks_generate_exactly_their_citizens_with_consecutive_indexes(citizens: int) -> None:
    atlas = load_atlas()
    out: dict[str, list[tuple[object, ...]]] = {"family": [], "citizen": []}
    indexes = []
    for chunk in plan_chunks(atlas, citizens, seed=4, chunk_size=200):
        people = generate_people(atlas, chunk, 4, out)
        assert len(people) == chunk.citizens
        indexes += [p.index for p in people]
    assert indexes == list(range(citizens))
    assert len({row[0] for row in out["citizen"]}) == citizens


def test_plan_depends_on_the_seed() -> None:
    atlas = load_atlas()
    assert plan_chunks(atlas, 2_000, 1, 500) == plan_chunks(atlas, 2_000, 1, 500)
    assert plan_chunks(atlas, 2_000, 1, 500) != plan_chunks(atlas, 2_000, 2, 500)


def _generate(citizens: int, seed: int) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    atlas = load_atlas()
    out: dict[str, list[tuple[object, ...]]] = {"family": [], "citizen": []}
    for chunk in plan_chunks(atlas, citizens, seed, 4_000):
        generate_people(atlas, chunk, seed, out)
    return out["family"], out["citizen"]


def test_age_pyramid_looks_like_the_census() -> None:
    _, citizens = _generate(20_000, seed=5)
    alive = [age_on(row[4], AS_OF) for row in citizens if row[12] is None]  # type: ignore[arg-type]
    share = lambda lo, hi: sum(lo <= a <= hi for a in alive) / len(alive)  # noqa: E731
    assert 0.20 < share(0, 14) < 0.30  # census 2020: 24.6%
    assert 0.62 < share(15, 64) < 0.74  # 69.3%
    assert 0.04 < share(65, 200) < 0.10  # 6.1%
    assert 0.005 < sum(row[12] is not None for row in citizens) / len(citizens) < 0.05


def test_religions_and_marital_status_at_plausible_shares() -> None:
    _, citizens = _generate(20_000, seed=5)
    religions = collections.Counter(row[5] for row in citizens)
    assert 0.80 < religions["ISLAM"] / len(citizens) < 0.92
    assert religions["PROTESTANT"] > religions["CATHOLIC"] > religions["BUDDHIST"] > 0
    for row in citizens:
        if row[6] != "SINGLE":
            assert age_on(row[4], AS_OF) >= 16  # type: ignore[arg-type]


def test_same_seed_same_people_other_seed_other_people() -> None:
    assert _generate(1_000, seed=9) == _generate(1_000, seed=9)
    assert _generate(1_000, seed=9)[1] != _generate(1_000, seed=10)[1]


_DIGEST = """
import collections, hashlib
from spbe.seed.population import generate_people, plan_chunks
from spbe.seed.records import RecordMaker
from spbe.seed.reference import build_reference
from spbe.seed.regions import load_atlas
atlas = load_atlas()
maker = RecordMaker(build_reference(atlas, 1), 1)
out = collections.defaultdict(list)
for chunk in plan_chunks(atlas, 3000, 1, 1000):
    maker.make(generate_people(atlas, chunk, 1, out), chunk.number, out)
print(hashlib.sha256(repr(sorted(out.items())).encode()).hexdigest())
"""


def test_same_data_in_every_process_whatever_the_hash_seed() -> None:
    digests = set()
    for hash_seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run(
            [sys.executable, "-c", _DIGEST], env=env, capture_output=True, text=True, check=True, timeout=120
        )
        digests.add(done.stdout.strip())
    assert len(digests) == 1 and len(digests.pop()) == 64
