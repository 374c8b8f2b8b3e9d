"""Health records of generated citizens: BPJS, immunizations, encounters, allergies.

Implements docs/seeding.md "Records" (health): BPJS Kesehatan membership for about 95% of the
living (13-digit card, PBI for about 40% of members), Indonesia's routine immunization schedule
for children, encounters in the last two years with ICD-10 diagnoses fitting age and sex, and
allergies.
"""

from __future__ import annotations

import bisect
import datetime as dt

from spbe.seed.diagnoses import DIAGNOSES, ENCOUNTER_WEIGHTS
from spbe.seed.identifiers import Scrambler
from spbe.seed.population import AS_OF, Person, Rows
from spbe.seed.reference import Reference
from spbe.seed.stream import Stream, cumulative

__all__ = ["HealthRecords"]

_AS_OF_ORD = AS_OF.toordinal()


def _diagnosis_pool(keep: list[bool]) -> tuple[list[str], list[float]]:
    codes = [code for (code, _), k in zip(DIAGNOSES, keep, strict=True) if k]
    weights = [float(w) for w, k in zip(ENCOUNTER_WEIGHTS, keep, strict=True) if k]
    return codes, cumulative(weights)


#: Codes by ICD-10 prefix that only fit some patients (``_pools``).
_FEMALE_ONLY = ("O", "Z34", "Z39", "Z30", "Z01.4", "N7", "N8", "N9", "N60", "C50", "C53", "D25", "B37.3")
_MALE_ONLY = ("N40", "N47", "C61")
_INFANT_ONLY = ("P", "A33")  # perinatal conditions, neonatal tetanus
_CHILD_ONLY = ("Z00.1", "R56.0", "Z27.1")
_ADULT_ONLY: tuple[str, ...] = ("I1", "I2", "I4", "I5", "I6", "E11", "E14", "E78", "E79", "M1", "M47", "M81")
_ADULT_ONLY += ("N18", "C", "H25", "H52.4", "G20", "F10", "K76", "K80", "Z13.1")


def _pools() -> dict[str, tuple[list[str], list[float]]]:
    """Diagnosis codes and cumulative weights for infants, children, men and women."""
    pools = {}
    for key in ("infant", "child", "male", "female"):
        young = key in ("infant", "child")
        keep = []
        for code, _ in DIAGNOSES:
            ok = True
            if code.startswith(_FEMALE_ONLY):
                ok = key == "female"
            elif code.startswith(_MALE_ONLY):
                ok = key == "male"
            if code.startswith(_INFANT_ONLY):
                ok = key == "infant"
            elif code.startswith(_CHILD_ONLY):
                ok = young
            elif code.startswith(_ADULT_ONLY) and young:
                ok = False
            keep.append(ok)
        pools[key] = _diagnosis_pool(keep)
    return pools


_DIAGNOSIS_POOLS = _pools()

#: Indonesia's routine immunization schedule (Permenkes 12/2017, IDAI): vaccine, dose, age in days.
_SCHEDULE: tuple[tuple[str, int, int], ...] = (
    ("HB-0", 1, 0),
    ("BCG", 1, 30),
    ("POLIO", 1, 30),
    ("DPT-HB-Hib", 1, 60),
    ("POLIO", 2, 60),
    ("DPT-HB-Hib", 2, 90),
    ("POLIO", 3, 90),
    ("DPT-HB-Hib", 3, 120),
    ("POLIO", 4, 120),
    ("IPV", 1, 120),
    ("MR", 1, 270),
    ("DPT-HB-Hib", 4, 540),
    ("MR", 2, 540),
    ("MR", 3, 7 * 365),
    ("DT", 1, 7 * 365),
    ("Td", 1, 8 * 365),
    ("Td", 2, 11 * 365),
)

_ALLERGENS = (
    "Penicillin",
    "Amoxicillin",
    "Sulfonamide",
    "Ibuprofen",
    "Aspirin",
    "Udang (shrimp)",
    "Kacang tanah (peanut)",
    "Telur (egg)",
    "Susu sapi (cow's milk)",
    "Debu rumah (house dust)",
    "Serbuk sari (pollen)",
    "Ikan laut (sea fish)",
)
_REACTIONS = (
    "Urticaria",
    "Rash",
    "Pruritus",
    "Angioedema",
    "Bronchospasm",
    "Anaphylaxis",
    "Nausea and vomiting",
)
_SEVERITY_CUM = cumulative([70, 25, 5])
_SEVERITIES = ("MILD", "MODERATE", "SEVERE")


def _day(ordinal: float) -> dt.date:
    return dt.date.fromordinal(min(int(ordinal), _AS_OF_ORD))


class HealthRecords:
    """Adds a person's health records to the ``health`` tables of a chunk."""

    def __init__(self, reference: Reference, seed: int) -> None:
        self.ref = reference
        self.card = Scrambler(10_000_000_000, seed + 13)

    def add(self, p: Person, rng: Stream, out: Rows) -> None:
        ref = self.ref
        puskesmas = ref.puskesmas[p.district.code]
        regency = p.district.regency_code
        covered = rng.random() < (0.95 if not p.deceased else 0.5)
        if covered:
            pbi = rng.random() < 0.40
            care_class = 3 if pbi else (1, 2, 3)[bisect.bisect((0.2, 0.5), rng.random())]
            active = not p.deceased and rng.random() < (0.97 if pbi else 0.86)
            card = f"000{self.card(p.index):010d}"
            out["bpjs_membership"].append((p.nik, card, care_class, pbi, active, rng.choice(puskesmas)))
        birth_ord = p.birth.toordinal()
        if p.age < 18 and not p.deceased:
            complete = rng.random() < 0.85
            home = rng.choice(puskesmas)
            for vaccine, dose, days in _SCHEDULE:
                given = birth_ord + days + rng.randint(0, 20)
                if given > _AS_OF_ORD or (not complete and rng.random() < 0.15):
                    continue
                out["immunization"].append((p.nik, vaccine, dose, dt.date.fromordinal(given), home))
        if p.deceased:
            return
        mean = 0.8 if p.age < 5 else 0.5 if p.age < 18 else 0.9 if p.age < 45 else 1.6
        group = "infant" if p.age < 1 else "child" if p.age < 15 else "female" if p.female else "male"
        pool = _DIAGNOSIS_POOLS[group]
        codes, cum = pool
        n = 0
        while rng.random() < mean / (mean + 1) and n < 8:
            n += 1
            x = rng.random()
            facility = (
                rng.choice(puskesmas)
                if x < 0.78
                else rng.choice(ref.clinics[regency])
                if x < 0.9
                else rng.choice(ref.hospitals[regency])
            )
            when = _day(max(birth_ord, _AS_OF_ORD - 730) + rng.random() * min(730, _AS_OF_ORD - birth_ord))
            out["encounter"].append(
                (p.nik, when, facility, codes[bisect.bisect(cum, rng.random() * cum[-1])])
            )
        if rng.random() < 0.06:
            recorded = _day(birth_ord + rng.random() * (_AS_OF_ORD - birth_ord))
            severity = _SEVERITIES[bisect.bisect(_SEVERITY_CUM, rng.random() * _SEVERITY_CUM[-1])]
            out["allergy"].append((p.nik, rng.choice(_ALLERGENS), rng.choice(_REACTIONS), severity, recorded))
