"""The routine infant immunization schedule and the doses a child is missing.

Implements docs/social.md, "The gap view" (``Citizen.missingImmunizationCount``, health): the
schedule of Permenkes 12/2017 (HB-0 at birth to MR 2 at 18 months); a dose counts as missing when
it was due :data:`GRACE_DAYS` days ago or more and is not recorded, for a child under five.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Final

from subgraphs.common.birth import age_on

__all__ = ["GRACE_DAYS", "IMMUNIZATION_SCHEDULE", "UNDER", "due_doses", "missing_doses"]

#: The routine infant schedule (Permenkes 12/2017): vaccine, dose, age in days when due.
IMMUNIZATION_SCHEDULE: Final = (
    ("HB-0", 1, 0), ("BCG", 1, 30), ("POLIO", 1, 30), ("DPT-HB-Hib", 1, 60), ("POLIO", 2, 60),
    ("DPT-HB-Hib", 2, 90), ("POLIO", 3, 90), ("DPT-HB-Hib", 3, 120), ("POLIO", 4, 120), ("IPV", 1, 120),
    ("MR", 1, 270), ("DPT-HB-Hib", 4, 540), ("MR", 2, 540),
)  # fmt: skip

#: Days after a dose is due before it counts as missing.
GRACE_DAYS: Final = 30

#: The schedule is followed up until this age (completed years): children under five.
UNDER: Final = 5


def due_doses(born: datetime.date, on: datetime.date) -> list[tuple[str, int]]:
    """The doses of :data:`IMMUNIZATION_SCHEDULE` due, with :data:`GRACE_DAYS`, by ``on``."""
    days = (on - born).days
    return [(vaccine, dose) for vaccine, dose, due in IMMUNIZATION_SCHEDULE if due + GRACE_DAYS <= days]


def missing_doses(born: datetime.date, on: datetime.date, given: Iterable[tuple[str, int]]
                  ) -> list[tuple[str, int]]:
    """The due doses not in ``given``, in schedule order; none from the fifth birthday on."""
    if age_on(born, on) >= UNDER:
        return []
    recorded = set(given)
    return [dose for dose in due_doses(born, on) if dose not in recorded]
