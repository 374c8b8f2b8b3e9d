"""Digital identity card (IKD) activations of generated adults (docs/seeding.md "Records", identity).

Implements the IKD part of docs/subgraphs.md: Dukcapil has rolled the IKD out since Permendagri
72/2022 and reported activations in the tens of millions against some 200 million adults with an
e-KTP, far more among young adults in cities. Here: 12% of the living aged 17-45, 6% of those 46-65,
2% older, half as many again in cities; activated on a day from June 2022 to the registry's day,
on Android (88%) or iOS.
"""

from __future__ import annotations

import datetime as dt

from spbe.seed.population import AS_OF, Person, Rows
from spbe.seed.stream import Stream

__all__ = ["DigitalIds"]

_ROLLOUT = dt.date(2022, 6, 1).toordinal()
_DAYS = AS_OF.toordinal() - _ROLLOUT


class DigitalIds:
    """Adds the IKD activations among a chunk's people, from their own random stream."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def add(self, people: list[Person], chunk_number: int, out: Rows) -> None:
        rng = Stream(f"spbe-ikd:{self.seed}:{chunk_number}")
        for p in people:
            if p.deceased or p.age < 17:
                continue
            rate = 0.12 if p.age <= 45 else 0.06 if p.age <= 65 else 0.02
            if p.district.is_city:
                rate *= 1.5
            if rng.random() >= rate:
                continue
            day = dt.date.fromordinal(_ROLLOUT + int(rng.random() * _DAYS))
            out["digital_id"].append((p.nik, day, "IOS" if rng.random() < 0.12 else "ANDROID"))
