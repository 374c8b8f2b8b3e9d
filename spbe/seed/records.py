"""Personal records of the health, education and police services for generated citizens.

Implements the "records" part of docs/seeding.md: BPJS membership (about 95% coverage, PBI for
about 40% of members), the national immunization schedule for children, encounters with ICD-10
diagnoses, allergies; pupils' NISN, enrollments at the level their age implies and certificates of
finished levels; driving licences, vehicles and SKCK (valid six months). All numbers come from
the citizen's global index through keyed permutations, so they are unique across chunks.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random

from spbe.seed.diagnoses import DIAGNOSES, ENCOUNTER_WEIGHTS
from spbe.seed.identifiers import Scrambler, add_months
from spbe.seed.population import AS_OF, Person, age_on
from spbe.seed.reference import Reference
from spbe.seed.stream import Stream

__all__ = ["RecordMaker", "Rows", "school_level"]

Rows = dict[str, list[tuple[object, ...]]]

_AS_OF_ORD = AS_OF.toordinal()
_YEAR = 365.2425


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


def _cumulative(weights: list[float] | tuple[int, ...]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def _diagnosis_pool(keep: list[bool]) -> tuple[list[str], list[float]]:
    codes = [code for (code, _), k in zip(DIAGNOSES, keep, strict=True) if k]
    weights = [float(w) for w, k in zip(ENCOUNTER_WEIGHTS, keep, strict=True) if k]
    return codes, _cumulative(weights)


#: Codes by ICD-10 prefix that only fit some patients (``_pools``).
_FEMALE_ONLY = ("O", "Z34", "Z39", "Z30", "Z01.4", "N7", "N8", "N9", "N60", "C50", "C53", "D25", "B37.3")
_MALE_ONLY = ("N40", "N47", "C61")
_CHILD_ONLY = ("P", "Z00.1", "R56.0", "A33", "Z27.1")
_ADULT_ONLY: tuple[str, ...] = ("I1", "I2", "I4", "I5", "I6", "E11", "E14", "E78", "E79", "M1", "M47", "M81")
_ADULT_ONLY += ("N18", "C", "H25", "H52.4", "G20", "F10", "K76", "K80", "Z13.1")


def _pools() -> dict[str, tuple[list[str], list[float]]]:
    """Diagnosis codes and cumulative weights for children, men and women."""
    pools = {}
    for key in ("child", "male", "female"):
        keep = []
        for code, _ in DIAGNOSES:
            ok = True
            if code.startswith(_FEMALE_ONLY):
                ok = key == "female"
            elif code.startswith(_MALE_ONLY):
                ok = key == "male"
            if code.startswith(_CHILD_ONLY):
                ok = key == "child"
            elif code.startswith(_ADULT_ONLY) and key == "child":
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
_SEVERITY_CUM = _cumulative([70, 25, 5])
_SEVERITIES = ("MILD", "MODERATE", "SEVERE")

_SKCK_PURPOSES = (
    "Melamar pekerjaan",
    "Pendaftaran CPNS",
    "Melanjutkan pendidikan",
    "Pembuatan visa",
    "Pendaftaran TNI/Polri",
    "Pencalonan anggota legislatif",
    "Izin usaha",
    "Bekerja di luar negeri",
)
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

#: Plate prefixes (Korlantas) by province.
_PLATES: dict[str, tuple[str, ...]] = {
    "11": ("BL",),
    "12": ("BK", "BB"),
    "13": ("BA",),
    "14": ("BM",),
    "15": ("BH",),
    "16": ("BG",),
    "17": ("BD",),
    "18": ("BE",),
    "19": ("BN",),
    "21": ("BP",),
    "31": ("B",),
    "32": ("D", "F", "E", "Z", "T"),
    "33": ("H", "K", "R", "G", "AA", "AD"),
    "34": ("AB",),
    "35": ("L", "W", "N", "S", "P", "AG", "AE", "M"),
    "36": ("A", "B"),
    "51": ("DK",),
    "52": ("DR", "EA"),
    "53": ("DH", "EB", "ED"),
    "61": ("KB",),
    "62": ("KH",),
    "63": ("DA",),
    "64": ("KT",),
    "65": ("KU",),
    "71": ("DB", "DL"),
    "72": ("DN",),
    "73": ("DD", "DP"),
    "74": ("DT",),
    "75": ("DM",),
    "76": ("DC",),
    "81": ("DE",),
    "82": ("DG",),
    "91": ("PA",),
    "92": ("PB",),
    "93": ("PS",),
    "94": ("PT",),
    "95": ("PG",),
    "96": ("PY",),
}
_MOTORCYCLES = (
    ("Honda", "BeAT"),
    ("Honda", "Vario 125"),
    ("Honda", "Scoopy"),
    ("Honda", "PCX 160"),
    ("Honda", "Supra X 125"),
    ("Yamaha", "NMAX"),
    ("Yamaha", "Mio M3"),
    ("Yamaha", "Aerox 155"),
    ("Yamaha", "Jupiter Z1"),
    ("Suzuki", "Satria F150"),
    ("Kawasaki", "KLX 150"),
)
_CARS = (
    ("Toyota", "Avanza"),
    ("Toyota", "Innova"),
    ("Daihatsu", "Xenia"),
    ("Toyota", "Calya"),
    ("Honda", "Brio"),
    ("Mitsubishi", "Xpander"),
    ("Suzuki", "Ertiga"),
    ("Daihatsu", "Sigra"),
    ("Toyota", "Rush"),
    ("Honda", "HR-V"),
    ("Wuling", "Air ev"),
    ("Hyundai", "Creta"),
)
_TRUCKS = (("Mitsubishi", "Colt Diesel"), ("Isuzu", "Elf"), ("Hino", "Dutro"), ("Suzuki", "Carry Pick Up"))
_BUSES = (("Hino", "RK8"), ("Mercedes-Benz", "OH 1626"), ("Isuzu", "Elf Microbus"))
_LICENCE_CODE = {
    "A": 1,
    "A_UMUM": 2,
    "BI": 3,
    "BI_UMUM": 4,
    "BII": 5,
    "BII_UMUM": 6,
    "C": 7,
    "CI": 8,
    "CII": 9,
    "D": 10,
}
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _day(ordinal: float) -> dt.date:
    return dt.date.fromordinal(min(int(ordinal), _AS_OF_ORD))


class RecordMaker:
    """Makes every service's personal records for a chunk of people, deterministically in ``seed``."""

    def __init__(self, reference: Reference, seed: int) -> None:
        self.ref = reference
        self.nisn = Scrambler(10_000_000, seed + 11)
        self.card = Scrambler(10_000_000_000, seed + 13)
        self.licence = Scrambler(100_000_000, seed + 17)
        self.skck = Scrambler(100_000_000, seed + 19)
        self.plate = Scrambler(9999 * 26**3, seed + 23)
        self.seed = seed

    def make(self, people: list[Person], chunk_number: int, out: Rows) -> None:
        """Append the records of ``people`` to ``out`` (keyed by table name)."""
        rng = Stream(f"spbe-records:{self.seed}:{chunk_number}")
        for p in people:
            self._health(p, rng, out)
            self._education(p, rng, out)
            if p.age >= 17 and not p.deceased:
                self._police(p, rng, out)

    # -- health -----------------------------------------------------------------------------

    def _health(self, p: Person, rng: random.Random, out: Rows) -> None:
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
        pool = _DIAGNOSIS_POOLS["child" if p.age < 15 else "female" if p.female else "male"]
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

    # -- education --------------------------------------------------------------------------

    def _school(self, p: Person, level: str, rng: random.Random) -> str:
        if level == "UNIVERSITY":
            return rng.choice(self.ref.universities[p.district.province_code])
        return rng.choice(self.ref.schools_by_district[(p.district.code, level)])

    def _education(self, p: Person, rng: random.Random, out: Rows) -> None:
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

    # -- police -----------------------------------------------------------------------------

    def _police(self, p: Person, rng: random.Random, out: Rows) -> None:
        regency = p.district.regency_code
        classes: list[str] = []
        c_rate = (0.55 if p.age < 60 else 0.2) * (0.7 if p.female else 1.0)
        if rng.random() < c_rate:
            classes.append("C")
        if p.age >= 18 and rng.random() < (0.07 if p.female else 0.18):
            classes.append("A")
        if not p.female and p.age >= 20 and rng.random() < 0.02:
            classes.append(rng.choice(("BI", "BI_UMUM", "BII_UMUM", "A_UMUM")))
        for klass in classes:
            issued = _day(_AS_OF_ORD - rng.random() * min(7 * _YEAR, (p.age - 17) * _YEAR + 1))
            expires = add_months(issued, 60)
            status = "ACTIVE" if expires > AS_OF else "EXPIRED"
            if status == "ACTIVE" and rng.random() < 0.005:
                status = "SUSPENDED"
            number = f"{regency}{_LICENCE_CODE[klass]:02d}{self.licence(p.index):08d}"
            out["driving_licence"].append((number, p.nik, klass, issued, expires, status))
        if 18 <= p.age <= 60 and rng.random() < 0.08:
            for k in range(2 if rng.random() < 0.2 else 1):
                issued = _day(_AS_OF_ORD - rng.random() * 365 - k * 400)
                if age_on(p.birth, issued) < 17:
                    continue
                finding = "RECORD_FOUND" if rng.random() < 0.01 else "NO_RECORD"
                serial = self.skck(p.index * 2 + k)
                number = f"SKCK/{serial:08d}/{_ROMAN[issued.month - 1]}/{issued.year}/INTELKAM"
                out["clearance_certificate"].append(
                    (number, p.nik, rng.choice(_SKCK_PURPOSES), issued, add_months(issued, 6), finding)
                )
        city = p.district.is_city or p.district.province_code == "31"
        vehicles: list[tuple[str, tuple[tuple[str, str], ...]]] = []
        if rng.random() < 0.5:
            vehicles.append(("MOTORCYCLE", _MOTORCYCLES))
            if rng.random() < 0.2:
                vehicles.append(("MOTORCYCLE", _MOTORCYCLES))
        if p.age >= 21 and rng.random() < (0.16 if city else 0.08):
            vehicles.append(("CAR", _CARS))
        if p.age >= 21 and rng.random() < 0.006:
            vehicles.append(("TRUCK", _TRUCKS))
        if p.age >= 25 and rng.random() < 0.0005:
            vehicles.append(("BUS", _BUSES))
        prefixes = _PLATES.get(p.district.province_code, ("B",))
        for k, (kind, models) in enumerate(vehicles):
            make, model = rng.choice(models)
            made = AS_OF.year - min(int(rng.expovariate(1 / 6)), 20)
            digits, suffix = divmod(self.plate(p.index * 8 + k), 26**3)
            letters = _LETTERS[suffix // 676] + _LETTERS[suffix // 26 % 26] + _LETTERS[suffix % 26]
            plate = f"{rng.choice(prefixes)} {digits + 1} {letters.lstrip('A') or 'A'}"
            registered = dt.date(made, rng.randint(1, 12), rng.randint(1, 28))
            expires = add_months(registered, 60 * ((AS_OF.year - made) // 5 + 1))
            if rng.random() < 0.12:
                expires = add_months(expires, -60)
            out["vehicle"].append((plate, p.nik, kind, make, model, made, expires))
