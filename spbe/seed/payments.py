"""Payments of state fees and levies by generated citizens (PNBP) and BPJS premiums.

Implements docs/seeding.md "Records" (payments) and docs/payments.md, from its own random stream
(adding payments changed no other service's data). It reads the rows the chunk's other records
just made, so the two services agree without either reading the other's database:

* one paid payment per driving licence (SIM) police holds: the class's new or renewal fee (PP
  76/2020; a renewal for 65% of holders 22 and over at issue), billed 0-3 days before issue;
* one paid payment per clearance certificate (SKCK), Rp30,000, billed 0-2 days before issue;
* for 45% of the non-PBI, active BPJS Kesehatan members (the self-paying PBPU; the others are
  wage earners whose employer pays), the premiums of the last three months (May to July 2026,
  billed on the 1st): 85% paid by the 10th, the rest PENDING (July) or EXPIRED (earlier months);
* a passport fee for 3% of the living aged 18-65, billed in the last two years: 94% paid, 4%
  EXPIRED (never paid), 2% PENDING (billed in the week before ``AS_OF``).

Ids are the chunk number x 10^5 + a counter; the billing code (15 digits) and the NTPN (16
characters, digits and capitals) are keyed permutations of the id, so none collides.
"""

from __future__ import annotations

import datetime as dt
from typing import Final, cast

from spbe.seed.identifiers import Scrambler
from spbe.seed.population import AS_OF, Person, Rows, age_on
from spbe.seed.stream import Stream
from subgraphs.payments.fees import BPJS_PREMIUMS, PASSPORT_FEE, SKCK_FEE, sim_fee

__all__ = ["PREMIUM_MONTHS", "PaymentRecords"]

#: The premium months seeded: the three before ``AS_OF``.
PREMIUM_MONTHS: Final = tuple(dt.date(AS_OF.year, AS_OF.month - k, 1) for k in (3, 2, 1))
_IDS_PER_CHUNK: Final = 100_000
_DIGITS36: Final = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_CHANNELS: Final = ("BANK", "QRIS", "POST_OFFICE")


def _base36(value: int, width: int) -> str:
    out = []
    for _ in range(width):
        value, digit = divmod(value, 36)
        out.append(_DIGITS36[digit])
    return "".join(reversed(out))


class PaymentRecords:
    """Adds the ``payment`` rows of a chunk's people from the police and health rows just made."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.billing = Scrambler(10**15, seed + 31)
        self.ntpn = Scrambler(36**16, seed + 37)

    def add(self, people: list[Person], chunk_number: int, starts: dict[str, int], out: Rows) -> None:
        """Payments of ``people`` for the rows of ``out`` from index ``starts[table]`` on."""
        rng = Stream(f"spbe-payments:{self.seed}:{chunk_number}")
        by_nik = {p.nik: p for p in people}
        next_id = chunk_number * _IDS_PER_CHUNK + 1
        rows = out["payment"]

        def pay(nik: str, kind: str, amount: int, billed: dt.date, paid: dt.date | None, status: str,
                record: str | None, period: dt.date | None, channels: tuple[float, float]) -> None:
            nonlocal next_id
            number = next_id
            next_id += 1
            billing = f"{self.billing(number):015d}"
            if status == "PAID":
                draw = rng.random()
                channel = _CHANNELS[0 if draw < channels[0] else 1 if draw < channels[1] else 2]
                ntpn: str | None = _base36(self.ntpn(number), 16)
            else:
                channel, ntpn, paid = None, None, None
            rows.append(
                (number, nik, kind, billing, amount, billed, status, channel, paid, ntpn, record, period)
            )

        for row in out["driving_licence"][starts["driving_licence"]:]:
            number, nik, klass, issued = cast("tuple[str, str, str, dt.date]", row[:4])
            renewal = age_on(by_nik[nik].birth, issued) >= 22 and rng.random() < 0.65
            billed = issued - dt.timedelta(days=int(rng.random() * 4))
            kind = "SIM_RENEWAL" if renewal else "SIM_NEW"
            pay(nik, kind, sim_fee(klass, renewal), billed, billed, "PAID", number, None, (0.55, 0.90))
        for row in out["clearance_certificate"][starts["clearance_certificate"]:]:
            number, nik, _, issued = cast("tuple[str, str, str, dt.date]", row[:4])
            billed = issued - dt.timedelta(days=int(rng.random() * 3))
            pay(nik, "SKCK", SKCK_FEE, billed, billed, "PAID", number, None, (0.50, 0.90))
        for row in out["bpjs_membership"][starts["bpjs_membership"]:]:
            nik, card, care_class, pbi, active = cast("tuple[str, str, int, bool, bool]", row[:5])
            if pbi or not active or rng.random() >= 0.45:
                continue
            for month in PREMIUM_MONTHS:
                paid: dt.date | None = None
                if rng.random() < 0.85:
                    paid, status = month + dt.timedelta(days=int(rng.random() * 10)), "PAID"
                else:
                    status = "PENDING" if month == PREMIUM_MONTHS[-1] else "EXPIRED"
                premium = BPJS_PREMIUMS[care_class]
                pay(nik, "BPJS_PREMIUM", premium, month, paid, status, card, month, (0.60, 0.90))
        for p in people:
            if p.deceased or not 18 <= p.age <= 65 or rng.random() >= 0.03:
                continue
            draw = rng.random()
            if draw < 0.02:
                day, status = AS_OF - dt.timedelta(days=1 + int(rng.random() * 7)), "PENDING"
            else:
                day = AS_OF - dt.timedelta(days=8 + int(rng.random() * 722))
                status = "EXPIRED" if draw < 0.06 else "PAID"
            on = day + dt.timedelta(days=int(rng.random() * 2))
            pay(p.nik, "PASSPORT", PASSPORT_FEE, day, on, status, None, None, (0.70, 0.90))
