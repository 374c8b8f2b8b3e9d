"""Public reference data: health facilities and schools, placed in the real regions.

Implements the "reference data" part of docs/seeding.md: a puskesmas in every district (two in
populous ones), clinics and hospitals in every regency/city, SD/SMP/SMA/SMK schools in every
district and universities in every province and city, each school with a unique 8-digit NPSN.
Everything here depends on the seed only, not on the population size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spbe.seed.identifiers import Scrambler
from spbe.seed.regions import Atlas, place_name
from spbe.seed.stream import Stream

__all__ = ["Reference", "build_reference"]

_HOSPITAL_NAMES = ("RSUD {}", "RS Bhayangkara {}", "RS Islam {}", "RS Santo Yusup {}", "RS Mitra Keluarga {}")
_CLINIC_NAMES = (
    "Klinik Pratama {}",
    "Klinik Sehat {}",
    "Klinik Medika {}",
    "Klinik Polres {}",
    "Klinik Kimia Farma {}",
)
_PRIVATE_SD = ("SD Muhammadiyah {}", "SD Islam Terpadu {}", "SD Kristen {}", "SD Katolik Santo Yosef {}")
_PRIVATE_SMP = ("SMP Muhammadiyah {}", "SMP Islam {}", "SMP PGRI {}", "SMP Kristen {}")
_PRIVATE_SMA = ("SMA Muhammadiyah {}", "SMA PGRI {}", "SMA Katolik {}", "SMA Islam {}")
_PRIVATE_SMK = ("SMK PGRI {}", "SMK Muhammadiyah {}", "SMK Kesehatan {}", "SMK Teknologi {}")


@dataclass(slots=True)
class Reference:
    """Rows for the public tables, and lookups used when generating personal records."""

    facilities: list[tuple[str, str, str, str]] = field(default_factory=list)  # code, name, kind, region
    schools: list[tuple[str, str, str, bool, str]] = field(
        default_factory=list
    )  # npsn, name, level, public, region
    puskesmas: dict[str, list[str]] = field(default_factory=dict)  # district -> facility codes
    clinics: dict[str, list[str]] = field(default_factory=dict)  # regency -> facility codes
    hospitals: dict[str, list[str]] = field(default_factory=dict)  # regency -> facility codes
    schools_by_district: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (district, level)
    universities: dict[str, list[str]] = field(default_factory=dict)  # province -> npsns


def build_reference(atlas: Atlas, seed: int) -> Reference:
    """Facilities and schools for every region of ``atlas``; deterministic in ``seed``."""
    rng = Stream(f"spbe-reference:{seed}")
    ref = Reference()
    npsn = Scrambler(90_000_000, seed + 7)
    counter = 0

    def school(name: str, level: str, public: bool, region: str) -> str:
        nonlocal counter
        number = f"{10_000_000 + npsn(counter):08d}"
        counter += 1
        ref.schools.append((number, name, level, public, region))
        return number

    regency_names = dict(atlas.regencies)
    first_district: dict[str, str] = {}
    for d in atlas.districts:
        first_district.setdefault(d.regency_code, d.code)
        ref.puskesmas[d.code] = []
        for n in range(1, (3 if d.is_city and rng.random() < 0.5 else 2)):
            code = f"P{d.code}{n:02d}"
            suffix = "" if n == 1 else f" {n}"
            ref.facilities.append((code, f"Puskesmas {d.name}{suffix}", "PUSKESMAS", d.code))
            ref.puskesmas[d.code].append(code)
        counts = {
            "SD": rng.randint(2, 5) + (2 if d.is_city else 0),
            "SMP": rng.randint(1, 2) + (1 if d.is_city else 0),
            "SMA": 1 + (1 if d.is_city else 0),
            "SMK": 1,
        }
        for level, count in counts.items():
            found = ref.schools_by_district.setdefault((d.code, level), [])
            for n in range(1, count + 1):
                public = n <= max(1, count - 1) or (level == "SD" and rng.random() < 0.5)
                if public:
                    name = f"{level} Negeri {n} {d.name}"
                else:
                    pool = {"SD": _PRIVATE_SD, "SMP": _PRIVATE_SMP, "SMA": _PRIVATE_SMA, "SMK": _PRIVATE_SMK}
                    name = rng.choice(pool[level]).format(d.name)
                found.append(school(name, level, public, d.code))

    for rcode, rname in atlas.regencies:
        if rcode not in first_district:
            continue
        place = place_name(rname)
        city = rname.startswith("Kota")
        ref.clinics[rcode] = []
        for n in range(1, rng.randint(2, 4) + (2 if city else 0) + 1):
            code = f"K{rcode}{n:03d}"
            ref.facilities.append((code, rng.choice(_CLINIC_NAMES).format(place), "CLINIC", rcode))
            ref.clinics[rcode].append(code)
        ref.hospitals[rcode] = []
        names = [_HOSPITAL_NAMES[0], *rng.sample(_HOSPITAL_NAMES[1:], rng.randint(0, 2 if city else 1))]
        for n, pattern in enumerate(names, start=1):
            code = f"R{rcode}{n:02d}"
            ref.facilities.append((code, pattern.format(place), "HOSPITAL", rcode))
            ref.hospitals[rcode].append(code)
        if city:
            province = rcode[:2]
            uni = school(f"Universitas Muhammadiyah {place}", "UNIVERSITY", False, first_district[rcode])
            ref.universities.setdefault(province, []).append(uni)

    for pcode, pname in atlas.provinces:
        capital = next((r for r, n in atlas.regencies if r[:2] == pcode and n.startswith("Kota")), None)
        seat = first_district.get(capital or "") or next(
            (first_district[r] for r, _ in atlas.regencies if r[:2] == pcode and r in first_district), None
        )
        if seat is None:
            continue
        found = ref.universities.setdefault(pcode, [])
        found.insert(0, school(f"Universitas Negeri {pname}", "UNIVERSITY", True, seat))
        found.insert(
            1, school(f"Politeknik Negeri {place_name(regency_names[seat[:4]])}", "UNIVERSITY", True, seat)
        )
    return ref
