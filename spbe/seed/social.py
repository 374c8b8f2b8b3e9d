"""Social-economic registry records of generated households: deciles and assistance.

Implements docs/seeding.md "Records" (social) and docs/social.md: every living household's family
card is assessed into a welfare decile (DTSEN, Inpres 4/2025) so that about a quarter of households
sit in deciles 1-4 (a fifth in Java and Bali, a third elsewhere). Those are the ones programmes
are meant for, and most of them receive them, with the known errors: exclusion (an eligible family
or pupil left out) and inclusion (a few decile 5-6 families paid). Amounts are Kemensos' published
rates for 2026:

* PKH, per household, per year by component (at most four): a child under six Rp3,000,000, a pupil
  of SD Rp900,000, SMP Rp1,500,000, SMA Rp2,000,000, an elderly member (60+) Rp2,400,000; paid
  quarterly (two tranches by the registry's day, 1 August 2026).
* Sembako (BPNT), per household: Rp200,000 a month, paid quarterly.
* PIP, per pupil (7-18), per year: SD Rp450,000, SMP Rp750,000, SMA/SMK Rp1,800,000; paid once.
* PBI-JK, per member: the member's BPJS Kesehatan premium is paid by the state (no money to the
  family): mirrors the health service's PBI membership, so both services agree.
* BLT (Dana Desa), per decile 1-2 household in some villages: Rp300,000 a month for a quarter.

Benefit ids are given here (chunk number x 10^6 + a counter), so disbursements can name them and
the data never depends on a database sequence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Final

from spbe.seed.population import AS_OF, Person, Rows
from spbe.seed.stream import Stream

__all__ = ["JAVA_BALI", "PIP_AMOUNTS", "PKH_COMPONENTS", "SocialRecords", "households"]

#: Provinces of Java (31-36) and Bali (51).
JAVA_BALI: Final = frozenset({"31", "32", "33", "34", "35", "36", "51"})

#: PKH yearly amounts by component (Kemensos).
PKH_COMPONENTS: Final = {"EARLY_CHILDHOOD": 3_000_000, "SD": 900_000, "SMP": 1_500_000, "SMA": 2_000_000,
                         "ELDERLY": 2_400_000}  # fmt: skip
#: PIP yearly amounts by school level (Kemendikbudristek).
PIP_AMOUNTS: Final = {"SD": 450_000, "SMP": 750_000, "SMA": 1_800_000}

_YEAR_START = dt.date(AS_OF.year, 1, 1)
_YEAR_END = dt.date(AS_OF.year, 12, 31)
#: The quarterly tranches already paid by AS_OF (Q1, Q2).
_TRANCHES = (dt.date(AS_OF.year, 3, 20), dt.date(AS_OF.year, 6, 20))
_SEMBAKO_YEAR = 200_000 * 12
_BLT_QUARTER = 300_000 * 3
_IDS_PER_CHUNK = 1_000_000


def _level(age: int) -> str | None:
    if 7 <= age <= 12:
        return "SD"
    if 13 <= age <= 15:
        return "SMP"
    if 16 <= age <= 18:
        return "SMA"
    return None


def households(people: Iterable[Person]) -> list[list[Person]]:
    """``people`` grouped by family card, in order (members of a card are generated together)."""
    found: list[list[Person]] = []
    for p in people:
        if found and found[-1][0].kk == p.kk:
            found[-1].append(p)
        else:
            found.append([p])
    return found


class SocialRecords:
    """Adds the social tables' rows of a chunk's households."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def add(self, people: Sequence[Person], pbi: dict[str, bool], chunk_number: int, out: Rows) -> None:
        """Assess each household of ``people`` and record its benefits; ``pbi`` maps the NIKs of
        PBI members (health) to whether their membership is active."""
        rng = Stream(f"spbe-social:{self.seed}:{chunk_number}")
        next_id = chunk_number * _IDS_PER_CHUNK + 1
        for family in households(people):
            living = [p for p in family if not p.deceased]
            if not living:
                continue
            outside = living[0].district.province_code not in JAVA_BALI
            poor = rng.random() < (0.33 if outside else 0.20)
            decile = 1 + int(rng.random() * 4) if poor else 5 + int(rng.random() * 6)
            assessed = dt.date.fromordinal(dt.date(2025, 4, 1).toordinal() + int(rng.random() * 450))
            kk = living[0].kk
            out["household"].append((kk, decile, assessed, living[0].village_code))
            out["household_member"].extend((p.nik, kk) for p in living)
            eligible = decile <= 4 or (decile <= 6 and rng.random() < 0.04)  # inclusion error
            pos = 0.25 if outside else 0.10
            benefits: list[tuple[str, str | None, str | None, dt.date, dt.date, int | None, str, int]] = []
            pkh = False
            if eligible:
                components = []
                for p in living:
                    if p.age < 6:
                        components.append(PKH_COMPONENTS["EARLY_CHILDHOOD"])
                    elif (level := _level(p.age)) is not None:
                        components.append(PKH_COMPONENTS[level])
                    elif p.age >= 60:
                        components.append(PKH_COMPONENTS["ELDERLY"])
                if components and rng.random() < 0.80:  # 20% exclusion error
                    pkh = True
                    pkh_amount = sum(sorted(components, reverse=True)[:4])
                    benefits.append(("PKH", kk, None, _YEAR_START, _YEAR_END, pkh_amount, "", 4))
                if rng.random() < 0.85:
                    benefits.append(("SEMBAKO", kk, None, _YEAR_START, _YEAR_END, _SEMBAKO_YEAR, "", 4))
                if decile <= 2 and rng.random() < 0.30:
                    q1_end = dt.date(AS_OF.year, 3, 31)
                    benefits.append(("BLT", kk, None, _YEAR_START, q1_end, _BLT_QUARTER, "ENDED", 1))
                for p in living:
                    level = _level(p.age)
                    if level is not None and rng.random() < (0.65 if pkh else 0.45):
                        benefits.append(
                            ("PIP", None, p.nik, _YEAR_START, _YEAR_END, PIP_AMOUNTS[level], "", 1)
                        )
            for p in living:
                if p.nik in pbi:
                    state = "ACTIVE" if pbi[p.nik] else "SUSPENDED"
                    benefits.append(("PBI_JK", None, p.nik, _YEAR_START, _YEAR_END, None, state, 0))
            for programme, hh, member, start, end, amount, status, tranches in benefits:
                if not status:
                    status = "SUSPENDED" if rng.random() < 0.04 else "ACTIVE"
                benefit_id = next_id
                next_id += 1
                out["benefit"].append((benefit_id, programme, hh, member, start, end, amount, status))
                if amount is None or not tranches:
                    continue
                channel = "POS_INDONESIA" if rng.random() < pos else "HIMBARA_BANK"
                share = amount // tranches
                if tranches == 1:
                    paid = [dt.date(AS_OF.year, 5, 15) if programme == "PIP" else _TRANCHES[0]]
                else:
                    paid = list(_TRANCHES[: 1 if status == "SUSPENDED" else 2])
                for day in paid:
                    out["disbursement"].append(
                        (benefit_id, day + dt.timedelta(days=int(rng.random() * 8)), channel, share)
                    )
