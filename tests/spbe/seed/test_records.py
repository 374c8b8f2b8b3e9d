"""Personal records derived from a person (spbe.seed.records), and helpers for its siblings' tests."""

from __future__ import annotations

import collections
import datetime as dt

from spbe.seed.population import AS_OF, Person
from spbe.seed.records import RecordMaker, Rows
from spbe.seed.reference import build_reference
from spbe.seed.regions import load_atlas


def records(people: list[Person]) -> Rows:
    """Every record of ``people`` (seed 1)."""
    out: Rows = collections.defaultdict(list)
    RecordMaker(build_reference(load_atlas(), 1), 1).make(people, 0, out)
    return out


def person(index: int, age_days: int, female: bool, deceased: bool = False) -> Person:
    """A person in some district, ``age_days`` old on ``AS_OF``."""
    district = load_atlas().districts[100]
    birth = AS_OF - dt.timedelta(days=age_days)
    return Person(index, f"{district.code}0101{index:06d}", female, birth, district, deceased)


def test_the_dead_get_no_new_records_and_no_active_bpjs() -> None:
    out = records([person(i, 70 * 365, False, deceased=True) for i in range(300)])
    assert not out["encounter"] and not out["driving_licence"] and not out["clearance_certificate"]
    assert out["bpjs_membership"] and not any(row[4] for row in out["bpjs_membership"])


def test_numbers_are_unique_across_people() -> None:
    out = records([person(i, (20 + i % 40) * 365, i % 2 == 0) for i in range(3_000)])
    for table, column in (("driving_licence", 0), ("vehicle", 0), ("bpjs_membership", 1), ("student", 1)):
        numbers = [row[column] for row in out[table]]
        assert numbers and len(numbers) == len(set(numbers)), table
