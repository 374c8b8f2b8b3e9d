"""Police records (spbe.seed.policing)."""

from __future__ import annotations

import collections
import datetime as dt

from spbe.seed.identifiers import add_months
from spbe.seed.policing import PoliceRecords
from spbe.seed.population import AS_OF, Rows
from spbe.seed.stream import Stream
from tests.spbe.seed.test_records import person


def test_adults_get_licences_skck_and_vehicles_at_believable_rates() -> None:
    police = PoliceRecords(1)
    out: Rows = collections.defaultdict(list)
    rng = Stream("test")
    adults = [person(i, (17 + i % 40) * 365 + 50, i % 2 == 0) for i in range(4_000)]
    for p in adults:
        police.add(p, rng, out)
    classes = collections.Counter(row[2] for row in out["driving_licence"])
    assert 0.3 < classes["C"] / len(adults) < 0.6
    assert 0.05 < classes["A"] / len(adults) < 0.2
    births = {p.nik: p.birth for p in adults}
    for row in out["driving_licence"]:
        issued, expires = row[3], row[4]
        assert isinstance(issued, dt.date) and isinstance(expires, dt.date)
        assert add_months(births[str(row[1])], 17 * 12) <= issued <= AS_OF
        assert expires == add_months(issued, 60) and (row[5] == "EXPIRED") == (expires <= AS_OF)
    for row in out["clearance_certificate"]:
        assert isinstance(row[3], dt.date) and row[4] == add_months(row[3], 6)
    kinds = collections.Counter(row[2] for row in out["vehicle"])
    assert kinds["MOTORCYCLE"] > 3 * kinds["CAR"] > 0
    plates = [row[0] for row in out["vehicle"]]
    assert len(plates) == len(set(plates))
    lapsed = 0
    for row in out["vehicle"]:
        expires = row[6]
        assert isinstance(expires, dt.date) and isinstance(row[5], int) and row[5] <= AS_OF.year
        assert add_months(AS_OF, -61) < expires <= add_months(AS_OF, 61)
        lapsed += expires <= AS_OF
    assert 0.05 < lapsed / len(out["vehicle"]) < 0.25
