"""School records (spbe.seed.schooling)."""

from __future__ import annotations

import collections

from spbe.seed.population import Rows
from spbe.seed.reference import build_reference
from spbe.seed.regions import load_atlas
from spbe.seed.schooling import SchoolRecords, school_level
from spbe.seed.stream import Stream
from tests.spbe.seed.test_records import person


def test_school_level_by_age() -> None:
    assert school_level(6) is None
    assert school_level(7) == ("SD", 1)
    assert school_level(12) == ("SD", 6)
    assert school_level(13) == ("SMP", 7)
    assert school_level(18) == ("SMA", 12)
    assert school_level(19) == ("UNIVERSITY", 1)
    assert school_level(24) is None


def test_a_pupil_in_smp_finished_sd_the_june_before_starting() -> None:
    records = SchoolRecords(build_reference(load_atlas(), 1), 1)
    out: Rows = collections.defaultdict(list)
    rng = Stream("test")
    for i in range(50):
        records.add(person(i, 13 * 365 + 100, i % 2 == 0), rng, out)
    active = [e for e in out["enrollment"] if e[6] == "ACTIVE"]
    assert active and all(e[2] == "SMP" and e[3] == 7 for e in active)
    for e in active:
        sd = [c for c in out["certificate"] if c[0] == e[0] and c[1] == "SD"]
        assert len(sd) == 1 and sd[0][2] == e[4].year  # type: ignore[attr-defined]
