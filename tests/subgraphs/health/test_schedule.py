"""The infant schedule and the doses a child misses (subgraphs/health/schedule.py)."""

from __future__ import annotations

import datetime

from subgraphs.health.schedule import IMMUNIZATION_SCHEDULE, due_doses, missing_doses

ON = datetime.date(2026, 12, 3)
EVERY = [(vaccine, dose) for vaccine, dose, _ in IMMUNIZATION_SCHEDULE]


def test_a_dose_is_missing_thirty_days_after_it_is_due() -> None:
    assert due_doses(ON - datetime.timedelta(days=29), ON) == []
    assert due_doses(ON - datetime.timedelta(days=30), ON) == [("HB-0", 1)]
    assert due_doses(ON - datetime.timedelta(days=600), ON) == EVERY


def test_missing_doses_are_the_due_ones_not_given() -> None:
    born = ON - datetime.timedelta(days=100)
    first = [("HB-0", 1), ("BCG", 1)]
    then = [("POLIO", 1), ("DPT-HB-Hib", 1), ("POLIO", 2)]
    assert missing_doses(born, ON, first) == then
    assert missing_doses(born, ON, first + then) == []


def test_from_the_fifth_birthday_nothing_is_missing() -> None:
    assert missing_doses(datetime.date(2021, 12, 4), ON, []) == EVERY
    assert missing_doses(datetime.date(2021, 12, 3), ON, []) == []
