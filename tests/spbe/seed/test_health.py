"""Health records (spbe.seed.health)."""

from __future__ import annotations

from tests.spbe.seed.test_records import person, records


def test_a_baby_gets_only_the_doses_due_and_no_police_or_school_records() -> None:
    out = records([person(i, 100, i % 2 == 0) for i in range(200)])
    vaccines = {(row[1], row[2]) for row in out["immunization"]}
    assert ("HB-0", 1) in vaccines and ("BCG", 1) in vaccines and ("DPT-HB-Hib", 1) in vaccines
    assert ("MR", 1) not in vaccines and ("DPT-HB-Hib", 3) not in vaccines
    assert not out["driving_licence"] and not out["vehicle"] and not out["enrollment"]


def test_diagnoses_fit_sex_and_age() -> None:
    men = records([person(i, 30 * 365 + i, False) for i in range(2_000)])
    children = records([person(i, 5 * 365 + i, True) for i in range(2_000)])
    assert men["encounter"] and children["encounter"]
    assert not any(str(row[3]).startswith(("O", "Z34", "N9")) for row in men["encounter"])
    assert not any(str(row[3]).startswith(("I10", "E11", "C", "P")) for row in children["encounter"])
    babies = records([person(i, 100 + i % 200, i % 2 == 0) for i in range(4_000)])
    assert any(str(row[3]).startswith("P") for row in babies["encounter"])
