"""Households and citizens: who lives where, in which family, born when.

Implements the "population" part of docs/seeding.md. Citizens are spread over the districts by
systematic sampling proportional to population (provinces weighted by the census), in blocks of
four. Households are generated whole: one that overshoots its district's share is kept and the
next district gets fewer, so only a chunk's last household is ever cut. Every district belongs to exactly one
*chunk*; a chunk is generated from its own random stream, so chunks are independent (bounded
memory, any order) and the result depends only on ``seed`` and the population size. NIK and KK
serials are counted per district, which therefore never collide across chunks.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import random
from dataclasses import dataclass

from spbe.seed import names
from spbe.seed.identifiers import kk_number, nik_number
from spbe.seed.regions import Atlas, District, place_name
from spbe.seed.stream import Stream, cumulative

__all__ = ["AS_OF", "BLOCK", "Chunk", "Person", "Rows", "age_on", "generate_people", "plan_chunks"]

#: The day the synthetic registry describes ("today" for ages, validity and school years).
AS_OF = dt.date(2026, 8, 1)
_AS_OF_ORD = AS_OF.toordinal()
_YEAR = 365.2425
#: Rows generated for each table, keyed by table name.
Rows = dict[str, list[tuple[object, ...]]]
#: Citizens per generation chunk. Part of the data's definition: changing it changes the data.
BLOCK = 1_000


@dataclass(frozen=True, slots=True)
class Chunk:
    """A run of whole districts generated together: ``quotas`` are (district index, citizens)."""

    number: int
    offset: int  # global index of the chunk's first citizen
    quotas: tuple[tuple[int, int], ...]

    @property
    def citizens(self) -> int:
        return sum(q for _, q in self.quotas)


class Person:
    """What the record generators need to know about a citizen."""

    __slots__ = (
        "age",
        "birth",
        "deceased",
        "district",
        "female",
        "index",
        "kk",
        "nik",
        "relation",
        "village_code",
    )

    def __init__(
        self,
        index: int,
        nik: str,
        female: bool,
        birth: dt.date,
        district: District,
        deceased: bool,
        *,
        kk: str = "",
        relation: str = "",
        village_code: str = "",
    ) -> None:
        self.index = index
        self.nik = nik
        self.female = female
        self.birth = birth
        self.age = age_on(birth, AS_OF)
        self.district = district
        self.deceased = deceased
        self.kk = kk
        self.relation = relation
        self.village_code = village_code


def age_on(birth: dt.date, day: dt.date) -> int:
    """Completed years of age on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def plan_chunks(atlas: Atlas, citizens: int, seed: int, chunk_size: int) -> list[Chunk]:
    """Split ``citizens`` over the districts (proportional to population) and group them in chunks."""
    if citizens < 1:
        raise ValueError("citizens must be positive")
    blocks, rest = divmod(citizens, 4)
    u = random.Random(f"spbe-plan:{seed}").random()
    quotas: list[int] = []
    cumulative, before = 0.0, 0
    for i, weight in enumerate(atlas.weights):
        cumulative = 1.0 if i == len(atlas.weights) - 1 else cumulative + weight
        upto = math.ceil(cumulative * blocks - u)
        quotas.append(4 * (upto - before))
        before = upto
    target = max(range(len(quotas)), key=lambda i: quotas[i]) if blocks else int(u * len(quotas))
    quotas[target] += rest
    chunks: list[Chunk] = []
    current: list[tuple[int, int]] = []
    offset = size = 0
    for i, quota in enumerate(quotas):
        if quota:
            current.append((i, quota))
            size += quota
        if current and (size >= chunk_size or i == len(quotas) - 1):
            chunks.append(Chunk(len(chunks), offset, tuple(current)))
            offset += size
            current, size = [], 0
    return chunks


#: Census 2010 / Dukcapil 2023 religion shares: national, and provinces that differ markedly.
_RELIGIONS = ("ISLAM", "PROTESTANT", "CATHOLIC", "HINDU", "BUDDHIST", "CONFUCIAN", "BELIEF")
_RELIGION_SHARES: dict[str, list[float]] = {
    "": [95.0, 2.6, 1.2, 0.4, 0.7, 0.03, 0.03],
    "12": [63.9, 27.0, 7.0, 0.1, 1.9, 0.05, 0.05],
    "14": [87.0, 8.0, 1.4, 0.1, 3.3, 0.2, 0.0],
    "21": [78.0, 10.5, 3.5, 0.1, 7.5, 0.3, 0.1],
    "31": [83.7, 8.6, 4.0, 0.2, 3.5, 0.05, 0.0],
    "51": [10.1, 1.3, 0.9, 87.2, 0.5, 0.0, 0.0],
    "53": [9.1, 34.7, 55.3, 0.2, 0.0, 0.0, 0.7],
    "61": [59.2, 11.4, 22.9, 0.1, 5.4, 1.0, 0.0],
    "62": [74.3, 16.4, 3.0, 6.1, 0.1, 0.0, 0.1],
    "71": [30.9, 63.6, 4.4, 0.6, 0.1, 0.1, 0.3],
    "72": [77.7, 16.6, 1.0, 3.8, 0.2, 0.0, 0.7],
    "81": [50.6, 41.8, 6.9, 0.2, 0.0, 0.0, 0.5],
    "82": [74.2, 25.1, 0.6, 0.0, 0.0, 0.0, 0.1],
    "91": [15.0, 68.0, 16.0, 0.1, 0.1, 0.0, 0.8],
    "92": [38.4, 53.8, 7.4, 0.1, 0.1, 0.0, 0.2],
    "93": [40.0, 33.0, 26.0, 0.1, 0.1, 0.0, 0.8],
    "94": [20.0, 60.0, 19.0, 0.1, 0.1, 0.0, 0.8],
    "95": [3.0, 80.0, 16.0, 0.0, 0.0, 0.0, 1.0],
    "96": [35.0, 55.0, 9.0, 0.1, 0.1, 0.0, 0.8],
}
_RELIGION_CUM = {k: cumulative(v) for k, v in _RELIGION_SHARES.items()}

_BLOOD = ("O", "B", "A", "AB", None)
_BLOOD_CUM = cumulative([0.28, 0.22, 0.19, 0.06, 0.25])

#: Age of a married household head, by five-year group from 20 (SUSENAS-like shape).
_HEAD_AGE_CUM = cumulative([6, 13, 14, 14, 13, 11, 9, 7, 5, 4, 2, 2])
_CHILDREN_CUM = cumulative([5, 14, 30, 26, 14, 7, 3, 1])  # 0..7 children born to a couple

_STREETS = (
    "Jl. Merdeka",
    "Jl. Sudirman",
    "Jl. Diponegoro",
    "Jl. Gatot Subroto",
    "Jl. Ahmad Yani",
    "Jl. Kartini",
    "Jl. Pahlawan",
    "Jl. Melati",
    "Jl. Mawar",
    "Jl. Kenanga",
    "Jl. Flamboyan",
    "Jl. Cempaka",
    "Jl. Masjid",
    "Jl. Pasar Baru",
    "Jl. Raya",
    "Jl. Veteran",
    "Jl. Imam Bonjol",
    "Jl. Hasanuddin",
    "Jl. Teuku Umar",
    "Jl. Gajah Mada",
    "Jl. Hayam Wuruk",
    "Jl. Pemuda",
    "Jl. Cendrawasih",
    "Jl. Nusantara",
    "Gg. Mushola",
    "Gg. Damai",
    "Jl. Kebon Jeruk",
    "Jl. Sawah Besar",
    "Jl. Anggrek",
    "Jl. Kamboja",
    "Dusun Krajan",
)


class _Member:
    __slots__ = ("age", "deceased_years", "female", "marital", "order", "relation", "surname")

    def __init__(self, relation: str, female: bool, age: float, marital: str) -> None:
        self.relation = relation
        self.female = female
        self.age = age
        self.marital = marital
        self.deceased_years: float | None = None
        self.order = 0
        self.surname: str | None = None


def _pick(cum: list[float], rng: random.Random) -> int:
    return bisect.bisect(cum, rng.random() * cum[-1])


def _children(mother_age: float, rng: random.Random) -> list[_Member]:
    count = _pick(_CHILDREN_CUM, rng)
    out: list[_Member] = []
    at = rng.uniform(18, 27)
    for _ in range(count):
        age = mother_age - at
        if age < 0:
            break
        if age < 23 or (age < 30 and rng.random() < 0.3):
            out.append(_Member("CHILD", rng.random() < 0.49, age, "SINGLE"))
        at += rng.uniform(1.5, 4.5)
    return out


def _household(rng: random.Random) -> list[_Member]:
    """The members of one family card, oldest generation first."""
    x = rng.random()
    if x < 0.74:  # a married couple, usually with children
        head_age = 20 + 5 * _pick(_HEAD_AGE_CUM, rng) + rng.random() * 5
        if head_age >= 75:
            head_age += rng.random() * 10
        head_female = rng.random() < 0.04
        spouse_age = max(18.0, head_age + (1 if head_female else -1) * rng.gauss(4, 3))
        members = [
            _Member("HEAD", head_female, head_age, "MARRIED"),
            _Member("SPOUSE", not head_female, spouse_age, "MARRIED"),
        ]
        members += _children(spouse_age if head_female is False else head_age, rng)
        if head_age < 55 and rng.random() < 0.2:
            elder = _Member("OTHER", rng.random() < 0.65, head_age + rng.uniform(22, 34), "WIDOWED")
            if rng.random() < 0.2:
                elder.deceased_years = rng.uniform(0, 8)
            members.insert(2, elder)
        return members
    if x < 0.83:  # a widowed or divorced parent with children
        female = rng.random() < 0.75
        age = rng.uniform(28, 66)
        widowed = rng.random() < 0.55
        head = _Member("HEAD", female, age, "WIDOWED" if widowed else "DIVORCED")
        members = [head]
        # The couple parted (death or divorce) some years ago; children came before that.
        parted = rng.uniform(0, 10)
        if widowed and rng.random() < 0.4:
            late = _Member("SPOUSE", not female, age + rng.gauss(2, 3), "MARRIED")
            late.deceased_years = parted
            members.append(late)
        children = _children(age if female else age - 3, rng)
        return members + [c for c in children if c.age > parted - 0.7]
    if x < 0.90:  # an elderly couple or widow(er)
        age = 60 + rng.expovariate(1 / 9)
        if rng.random() < 0.55:
            return [
                _Member("HEAD", False, age, "MARRIED"),
                _Member("SPOUSE", True, max(50.0, age - rng.uniform(0, 8)), "MARRIED"),
            ]
        female = rng.random() < 0.65
        members = [_Member("HEAD", female, age, "WIDOWED")]
        if rng.random() < 0.4:
            late = _Member("SPOUSE", not female, age + rng.uniform(-3, 6), "MARRIED")
            late.deceased_years = rng.uniform(0, min(10.0, late.age - 40))
            members.append(late)
        return members
    age = rng.uniform(19, 42)  # a young adult on their own card
    members = [_Member("HEAD", rng.random() < 0.45, age, "SINGLE")]
    if rng.random() < 0.2:
        members.append(_Member("OTHER", rng.random() < 0.5, max(17.0, age + rng.uniform(-5, 5)), "SINGLE"))
    return members


def _birth(age: float) -> dt.date:
    return dt.date.fromordinal(_AS_OF_ORD - int(age * _YEAR) - 1)


def generate_people(atlas: Atlas, chunk: Chunk, seed: int, out: Rows) -> list[Person]:
    """Generate the families and citizens of ``chunk`` into ``out["family"]``/``out["citizen"]``."""
    rng = Stream(f"spbe-people:{seed}:{chunk.number}")
    families, citizens = out["family"], out["citizen"]
    people: list[Person] = []
    regencies = atlas.regencies
    index = chunk.offset
    remaining = 0  # a household may overshoot its district's quota; the next district gets fewer
    left = chunk.citizens  # but never the chunk's: its last household is cut to fit
    for district_index, quota in chunk.quotas:
        district = atlas.districts[district_index]
        religion_cum = _RELIGION_CUM.get(district.province_code, _RELIGION_CUM[""])
        home = place_name(district.regency_name)
        nik_serials: dict[str, int] = {}
        kk_serials: dict[dt.date, int] = {}
        remaining += quota
        while remaining > 0:
            members = _household(rng)[:left]
            remaining -= len(members)
            left -= len(members)
            religion = _RELIGIONS[_pick(religion_cum, rng)]
            culture = names.culture_for(district.province_code, religion, rng)
            father_surname = names.family_name(culture, rng)
            village_code, _, _ = rng.choice(district.villages)
            street, number = rng.choice(_STREETS), rng.randint(1, 150)
            address = f"{street} No. {number}, RT {rng.randint(1, 15):03d}/RW {rng.randint(1, 12):03d}"
            youngest = min(m.age for m in members)
            issued = dt.date.fromordinal(_AS_OF_ORD - int(rng.uniform(0, min(youngest, 12.0)) * _YEAR))
            kk_serials[issued] = serial = kk_serials.get(issued, 0) + 1
            kk = kk_number(district.code, issued, serial)
            families.append((kk, village_code, address))
            order = 0
            for m in members:
                if m.relation == "CHILD":
                    surname, order = father_surname, order + 1
                elif m.relation == "HEAD" and not m.female:
                    surname = father_surname
                else:
                    surname = names.family_name(culture, rng)
                birth = _birth(m.age)
                key = f"{birth.day + (40 if m.female else 0):02d}{birth.month:02d}{birth.year % 100:02d}"
                nik_serials[key] = serial = nik_serials.get(key, 0) + 1
                nik = nik_number(district.code, birth, m.female, serial)
                deceased_on = None
                if m.deceased_years is not None:
                    deceased_on = dt.date.fromordinal(_AS_OF_ORD - int(m.deceased_years * _YEAR))
                birth_place = home if rng.random() < 0.85 else place_name(rng.choice(regencies)[1])
                citizens.append(
                    (
                        nik,
                        names.full_name(culture, m.female, birth.year, surname, rng, max(order - 1, 0)),
                        "FEMALE" if m.female else "MALE",
                        birth_place,
                        birth,
                        religion,
                        m.marital,
                        _BLOOD[_pick(_BLOOD_CUM, rng)],
                        address,
                        village_code,
                        kk,
                        m.relation,
                        deceased_on,
                    )
                )
                people.append(
                    Person(
                        index,
                        nik,
                        m.female,
                        birth,
                        district,
                        deceased_on is not None,
                        kk=kk,
                        relation=m.relation,
                        village_code=village_code,
                    )
                )
                index += 1
    return people
