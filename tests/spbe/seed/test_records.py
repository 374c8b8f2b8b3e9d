"""Personal records derived from a person (spbe.seed.records)."""

from __future__ import annotations

import collections
import datetime as dt

from spbe.seed.population import AS_OF, Person
from spbe.seed.records import RecordMaker, Rows, school_level
from spbe.seed.reference import build_reference
from spbe.seed.regions import load_atlas


def test_school_level_by_age() -> None:
    assert school_level(6) is None
    assert school_level(7) == ("SD", 1)
    assert school_level(12) == ("SD", 6)
    assert school_level(13) == ("SMP", 7)
    assert school_level(18) == ("SMA", 12)
    assert school_level(19) == ("UNIVERSITY", 1)
    assert school_level(24) is None


def _records(people: list[Person]) -> Rows:
    atlas = load_atlas()
    out: Rows = collections.defaultdict(list)
    RecordMaker(build_reference(atlas, 1), 1).make(people, 0, out)
    return out


def _person(index: int, age_days: int, female: bool, deceased: bool = False) -> Person:
    district = load_atlas().districts[100]
    birth = AS_OF - dt.timedelta(days=age_days)
    return Person(index, f"{district.code}0101{index:06d}", female, birth, district, deceased)


def test_a_baby_gets_only_the_doses_due_and_no_police_or_school_records() -> None:
    out = _records([_person(i, 100, i % 2 == 0) for i in range(200)])
    vaccines = {(row[1], row[2]) for row in out["immunization"]}
    assert ("HB-0", 1) in vaccines and ("BCG", 1) in vaccines and ("DPT-HB-Hib", 1) in vaccines
    assert ("MR", 1) not in vaccines and ("DPT-HB-Hib", 3) not in vaccines
    assert not out["driving_licence"] and not out["vehicle"] and not out["enrollment"]


def test_the_dead_get_no_new_records_and_no_active_bpjs() -> None:
    out = _records([_person(i, 70 * 365, False, deceased=True) for i in range(300)])
    assert not out["encounter"] and not out["driving_licence"] and not out["clearance_certificate"]
    assert out["bpjs_membership"] and not any(row[4] for row in out["bpjs_membership"])


def test_numbers_are_unique_across_people() -> None:
    out = _records([_person(i, (20 + i % 40) * 365, i % 2 == 0) for i in range(3_000)])
    for table, column in (("driving_licence", 0), ("vehicle", 0), ("bpjs_membership", 1), ("student", 1)):
        numbers = [row[column] for row in out[table]]
        assert numbers and len(numbers) == len(set(numbers)), table
