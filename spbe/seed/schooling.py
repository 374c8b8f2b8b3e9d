"""School records of generated citizens: NISN, enrollments and certificates.

Implements docs/seeding.md "Records" (education): children attend the level their age on
``AS_OF`` implies (SD 7-12, SMP 13-15, SMA/SMK 16-18, some at university 19-23) at a school of
their district, with graduated enrollments and certificates for the levels before; adults up to
40 have certificates of the levels they finished.
"""

from __future__ import annotations

import datetime as dt

from spbe.seed.identifiers import Scrambler
from spbe.seed.population import AS_OF, Person, Rows
from spbe.seed.reference import Reference
from spbe.seed.stream import Stream

__all__ = ["SchoolRecords", "school_level"]


def school_level(age: int) -> tuple[str, int] | None:
    """The school level and grade a pupil of ``age`` (on ``AS_OF``) attends, if of school age."""
    if 7 <= age <= 12:
        return "SD", age - 6
    if 13 <= age <= 15:
        return "SMP", age - 6
    if 16 <= age <= 18:
        return "SMA", age - 6
    if 19 <= age <= 23:
        return "UNIVERSITY", age - 18
    return None


class SchoolRecords:
    """Adds a person's school records to the ``education`` tables of a chunk."""

    def __init__(self, reference: Reference, seed: int) -> None:
        self.ref = reference
        self.nisn = Scrambler(10_000_000, seed + 11)

    def _school(self, p: Person, level: str, rng: Stream) -> str:
        if level == "UNIVERSITY":
            return rng.choice(self.ref.universities[p.district.province_code])
        return rng.choice(self.ref.schools_by_district[(p.district.code, level)])

    def add(self, p: Person, rng: Stream, out: Rows) -> None:
        if p.age < 7 or p.age > 40 or p.deceased:
            return
        year = AS_OF.year
        current = school_level(p.age)
        if current is None:
            entered_sd = p.birth.year + 7
        else:  # grade g now means grade 1 of SD was g - 1 school years ago
            grade = current[1] + (12 if current[0] == "UNIVERSITY" else 0)
            entered_sd = year - (grade - 1)
        # Which levels this person finished, and whether they are enrolled now.
        enrolled = False
        upper = "SMK" if rng.random() < 0.45 else "SMA"
        finished: list[str] = []
        if current is not None:
            level, grade = current
            attends = {"SD": 0.98, "SMP": 0.90, "SMA": 0.75, "UNIVERSITY": 0.30}[level]
            enrolled = rng.random() < attends
            past = {"SD": [], "SMP": ["SD"], "SMA": ["SD", "SMP"], "UNIVERSITY": ["SD", "SMP", upper]}[level]
            finished = past if enrolled or level == "UNIVERSITY" else past[: rng.randint(0, len(past))]
            if level == "UNIVERSITY" and not enrolled and rng.random() < 0.3:
                finished = finished[: rng.randint(1, 3)]
        else:
            finished = ["SD"] if rng.random() < 0.95 else []
            if finished and rng.random() < 0.80:
                finished.append("SMP")
                if rng.random() < 0.65:
                    finished.append(upper)
                    if rng.random() < 0.22:
                        finished.append("UNIVERSITY")
        if not enrolled and not finished:
            return
        out["student"].append((p.nik, f"{p.birth.year % 1000:03d}{self.nisn(p.index):07d}"))
        span = {"SD": 6, "SMP": 3, "SMA": 3, "SMK": 3, "UNIVERSITY": 4}
        start = entered_sd
        for level in finished:
            npsn = self._school(p, level, rng)
            end = start + span[level]
            out["enrollment"].append(
                (
                    p.nik,
                    npsn,
                    level,
                    {"SD": 6, "SMP": 9, "SMA": 12, "SMK": 12, "UNIVERSITY": 4}[level],
                    dt.date(start, 7, 15),
                    dt.date(end, 6, 20),
                    "GRADUATED",
                )
            )
            out["certificate"].append((p.nik, level, end, npsn))
            start = end
        if enrolled and current is not None:
            level, grade = current
            if level == "SMA":
                level = upper
            first = {"SD": 1, "SMP": 7, "SMA": 10, "SMK": 10, "UNIVERSITY": 1}[level]
            started = year - (grade - first)
            out["enrollment"].append(
                (p.nik, self._school(p, level, rng), level, grade, dt.date(started, 7, 15), None, "ACTIVE")
            )
