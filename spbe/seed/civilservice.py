"""Civil servants (ASN, BKN) among generated citizens, and the agencies they work for.

Implements docs/seeding.md "Records" (civilservice) and docs/civilservice.md. BKN counted 5.58
million ASN in November 2025 (4.28 million in its Statistik ASN of June 2023: 3.80 million PNS and
0.49 million PPPK), about 2% of Indonesia's 282 million people, PPPK about a third after the 2024
and 2025 intakes, 76% in regional government. So here: 3.6% of the living aged 20-58 (about 2% of
everybody), 35% PPPK; 60% work for their regency's or city's government, 16% for their
province's, 24% for a central ministry or agency.

The NIP is ``YYYYMMDD`` (birth) ``YYYYMM`` (appointment, TMT) sex (1 male, 2 female) and a serial
counted per those 15 digits over the whole run (chunks are generated in order), so NIPs never
collide.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from spbe.seed.population import AS_OF, Person, Rows
from spbe.seed.regions import Atlas
from spbe.seed.stream import Stream

__all__ = ["CENTRAL_AGENCIES", "CivilServiceRecords", "government_agencies"]

#: Central ministries and agencies (code, name), seated in Jakarta.
CENTRAL_AGENCIES: Final = (
    ("K01", "Kementerian Dalam Negeri"),
    ("K02", "Kementerian Keuangan"),
    ("K03", "Kementerian Kesehatan"),
    ("K04", "Kementerian Pendidikan Dasar dan Menengah"),
    ("K05", "Kementerian Agama"),
    ("K06", "Kementerian Sosial"),
    ("K07", "Kementerian Hukum"),
    ("K08", "Kementerian Pekerjaan Umum"),
    ("K09", "Kementerian Pertanian"),
    ("K10", "Badan Pusat Statistik"),
    ("K11", "Badan Kepegawaian Negara"),
    ("K12", "Badan Pertanahan Nasional"),
)

_REGIONAL_POSITIONS: Final = (
    ("Guru", 40), ("Perawat", 8), ("Bidan", 6), ("Dokter", 2), ("Penyuluh Pertanian", 4),
    ("Pengadministrasi Perkantoran", 20), ("Analis Kebijakan", 8), ("Pranata Komputer", 4),
    ("Pengelola Keuangan", 8),
)  # fmt: skip
_CENTRAL_POSITIONS: Final = (
    ("Analis Kebijakan", 20), ("Pranata Komputer", 10), ("Auditor", 10), ("Statistisi", 8),
    ("Penyuluh Agama", 10), ("Pengadministrasi Perkantoran", 30), ("Pemeriksa Pajak", 12),
)  # fmt: skip
_LEVELS: Final = ("Pertama", "Muda", "Madya")
_ROMAN: Final = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII")


def government_agencies(atlas: Atlas) -> list[tuple[str, str, str, str]]:
    """Every agency (code, name, level, seat): the central ones, each province's and each
    regency's or city's government."""
    rows = [(code, name, "CENTRAL", "31") for code, name in CENTRAL_AGENCIES]
    rows += [(f"P{code}", f"Pemerintah Provinsi {name}", "PROVINCE", code) for code, name in atlas.provinces]
    rows += [(f"D{code}", f"Pemerintah {name}", "REGENCY", code) for code, name in atlas.regencies]
    return rows


def _pick(choices: tuple[tuple[str, int], ...], rng: Stream) -> str:
    x = rng.random() * sum(w for _, w in choices)
    for name, weight in choices:
        x -= weight
        if x < 0:
            return name
    return choices[-1][0]


class CivilServiceRecords:
    """Adds the civil servants among a chunk's people."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.serials: dict[str, int] = {}

    def add(self, people: list[Person], chunk_number: int, out: Rows) -> None:
        rng = Stream(f"spbe-civilservice:{self.seed}:{chunk_number}")
        for p in people:
            if p.deceased or not 20 <= p.age <= 58 or rng.random() >= 0.036:
                continue
            pppk = rng.random() < 0.35
            if pppk:
                year = max(2019 + int(rng.random() * 7), p.birth.year + 20)
            else:
                year = p.birth.year + 22 + int(rng.random() * 13)
            appointed = dt.date(min(year, AS_OF.year), 1 + int(rng.random() * 12), 1)
            if appointed > AS_OF:
                appointed = dt.date(AS_OF.year, 1, 1)
            graduate = rng.random() < 0.7
            service_years = AS_OF.year - appointed.year
            if pppk:
                grade = "IX" if graduate else _ROMAN[6 if rng.random() < 0.5 else 4]
            else:
                steps = min(service_years // 4, 8 if graduate else 12)
                start = 8 if graduate else 4  # III/a or II/a as an index over I/a .. IV/e
                index = min(start + steps, 16)
                grade = "IV/e" if index == 16 else f"{_ROMAN[index // 4]}/{'abcd'[index % 4]}"
            x = rng.random()
            if x < 0.60:
                agency = f"D{p.district.regency_code}"
            elif x < 0.76:
                agency = f"P{p.district.province_code}"
            else:
                agency = CENTRAL_AGENCIES[int(rng.random() * len(CENTRAL_AGENCIES))][0]
            base = _pick(_CENTRAL_POSITIONS if agency.startswith("K") else _REGIONAL_POSITIONS, rng)
            level = _LEVELS[min(service_years // 10, 2)] if graduate else "Terampil"
            position = f"{base} Ahli {level}" if graduate else f"{base} {level}"
            prefix = f"{p.birth:%Y%m%d}{appointed:%Y%m}{2 if p.female else 1}"
            self.serials[prefix] = serial = self.serials.get(prefix, 0) + 1
            active = rng.random() < 0.98
            kind = "PPPK" if pppk else "PNS"
            out["civil_servant"].append(
                (p.nik, f"{prefix}{serial:03d}", kind, grade, position, appointed, agency, active)
            )
