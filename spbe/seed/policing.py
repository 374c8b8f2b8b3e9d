"""Police records of generated adults: driving licences, SKCK and vehicles.

Implements docs/seeding.md "Records" (police): SIM C common and SIM A less so (Perpol 5/2021,
valid 5 years), SKCK for some adults (valid exactly 6 months, Perpol 6/2023), motorcycles for
about half the adults and cars for fewer, with the province's plate letters.
"""

from __future__ import annotations

import datetime as dt

from spbe.seed.identifiers import Scrambler, add_months
from spbe.seed.population import AS_OF, Person, Rows, age_on
from spbe.seed.stream import Stream

__all__ = ["PoliceRecords"]

_AS_OF_ORD = AS_OF.toordinal()
_YEAR = 365.2425

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


class PoliceRecords:
    """Adds an adult's police records to the ``police`` tables of a chunk."""

    def __init__(self, seed: int) -> None:
        self.licence = Scrambler(100_000_000, seed + 17)
        self.skck = Scrambler(100_000_000, seed + 19)
        self.plate = Scrambler(9999 * 26**3, seed + 23)

    def add(self, p: Person, rng: Stream, out: Rows) -> None:
        regency = p.district.regency_code
        classes: list[str] = []
        c_rate = (0.55 if p.age < 60 else 0.2) * (0.7 if p.female else 1.0)
        if rng.random() < c_rate:
            classes.append("C")
        if p.age >= 18 and rng.random() < (0.07 if p.female else 0.18):
            classes.append("A")
        if not p.female and p.age >= 20 and rng.random() < 0.02:
            classes.append(rng.choice(("BI", "BI_UMUM", "BII_UMUM", "A_UMUM")))
        since_17 = _AS_OF_ORD - add_months(p.birth, 17 * 12).toordinal()  # days licensable
        for klass in classes:
            issued = _day(_AS_OF_ORD - rng.random() * min(7 * _YEAR, since_17))
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
            registered = min(registered, AS_OF - dt.timedelta(days=rng.randint(1, 180)))
            # The STNK is renewed every five years: the first renewal date after AS_OF, except
            # for owners who let it lapse (the last one passed).
            months = (AS_OF.year - registered.year) * 12 + AS_OF.month - registered.month
            expires = add_months(registered, 60 * (months // 60 + 1))
            if rng.random() < 0.12:
                expires = add_months(expires, -60)
            out["vehicle"].append((plate, p.nik, kind, make, model, made, expires))
