"""Payments of generated citizens (spbe.seed.payments, docs/payments.md "Seeded data")."""

from __future__ import annotations

import collections
import datetime as dt
from typing import Any

from spbe.seed.payments import PREMIUM_MONTHS
from spbe.seed.population import AS_OF, Person, Rows
from spbe.seed.records import RecordMaker
from spbe.seed.reference import build_reference
from spbe.seed.regions import load_atlas
from subgraphs.payments.fees import BPJS_PREMIUMS, PASSPORT_FEE, SIM_FEES, SKCK_FEE

from .test_records import person, records

#: Columns of a ``payment`` row (spbe.seed.loader.TABLES).
ID, NIK, KIND, BILLING, AMOUNT, BILLED, STATUS, CHANNEL, PAID, NTPN, RECORD, PERIOD = range(12)


def _records(people: list[Person]) -> dict[str, list[Any]]:
    """Every record of ``people`` (seed 1), rows untyped for the checks."""
    return dict(records(people))


def _people() -> list[Person]:
    return [person(i, (18 + i % 50) * 365 + i % 300, i % 2 == 0, deceased=i % 97 == 0) for i in range(3_000)]


def test_every_sim_and_skck_has_its_paid_fee() -> None:
    out = _records(_people())
    payments = out["payment"]
    by_record = collections.defaultdict(list)
    for row in payments:
        by_record[row[RECORD]].append(row)
    for number, nik, klass, issued, _, _ in out["driving_licence"]:
        (paid,) = by_record[number]
        assert paid[NIK] == nik and paid[STATUS] == "PAID" and paid[KIND] in ("SIM_NEW", "SIM_RENEWAL")
        assert paid[AMOUNT] == SIM_FEES[klass][paid[KIND] == "SIM_RENEWAL"]
        assert issued - dt.timedelta(days=3) <= paid[BILLED] == paid[PAID] <= issued
    for number, nik, _, issued, _, _ in out["clearance_certificate"]:
        (paid,) = by_record[number]
        assert (paid[NIK], paid[KIND], paid[AMOUNT], paid[STATUS]) == (nik, "SKCK", SKCK_FEE, "PAID")
        assert paid[PAID] <= issued
    renewals = sum(row[KIND] == "SIM_RENEWAL" for row in payments)
    assert 0.3 < renewals / len(out["driving_licence"]) < 0.75


def test_premiums_only_for_active_self_paying_members_at_their_class() -> None:
    out = _records(_people())
    members = {row[0]: row for row in out["bpjs_membership"]}
    premiums = [row for row in out["payment"] if row[KIND] == "BPJS_PREMIUM"]
    assert premiums
    for row in premiums:
        _, card, care_class, pbi, active, _ = members[row[NIK]]
        assert not pbi and active and row[RECORD] == card
        assert row[AMOUNT] == BPJS_PREMIUMS[care_class] and row[PERIOD] in PREMIUM_MONTHS
        assert row[BILLED] == row[PERIOD]
    unpaid = [row for row in premiums if row[STATUS] != "PAID"]
    assert 0.05 < len(unpaid) / len(premiums) < 0.3
    assert {row[STATUS] for row in unpaid if row[PERIOD] == PREMIUM_MONTHS[-1]} == {"PENDING"}
    assert {row[STATUS] for row in unpaid if row[PERIOD] != PREMIUM_MONTHS[-1]} == {"EXPIRED"}


def test_passports_and_the_shape_of_every_payment() -> None:
    people = _people()
    out = _records(people)
    payments = out["payment"]
    passports = [row for row in payments if row[KIND] == "PASSPORT"]
    adults = [p for p in people if not p.deceased and 18 <= p.age <= 65]
    assert 0.01 < len(passports) / len(adults) < 0.06
    assert all(row[AMOUNT] == PASSPORT_FEE and row[RECORD] is None for row in passports)
    for row in payments:
        assert len(row[BILLING]) == 15 and row[BILLING].isdigit()
        assert row[BILLED] <= AS_OF
        if row[STATUS] == "PAID":
            assert row[CHANNEL] in ("BANK", "QRIS", "POST_OFFICE") and row[BILLED] <= row[PAID] <= AS_OF
            assert len(row[NTPN]) == 16 and row[NTPN].isalnum() and row[NTPN].upper() == row[NTPN]
        else:
            assert row[CHANNEL] is None and row[PAID] is None and row[NTPN] is None
    assert len({row[ID] for row in payments}) == len(payments)
    assert len({row[BILLING] for row in payments}) == len(payments)
    assert len({row[NTPN] for row in payments if row[NTPN]}) == sum(1 for r in payments if r[NTPN])
    assert {row[CHANNEL] for row in payments} == {"BANK", "QRIS", "POST_OFFICE", None}


def test_payments_change_no_other_services_rows() -> None:
    """Payments draw from their own stream: the other tables are what they are without them."""
    people = _people()
    reference = build_reference(load_atlas(), 1)
    with_payments: Rows = collections.defaultdict(list)
    RecordMaker(reference, 1).make(people, 0, with_payments)
    maker = RecordMaker(reference, 1)  # a fresh one: NIP serials count over a run
    maker.payments.add = lambda *args: None  # type: ignore[method-assign]
    without: Rows = collections.defaultdict(list)
    maker.make(people, 0, without)
    assert with_payments["payment"] and not without["payment"]
    assert {t: rows for t, rows in with_payments.items() if t != "payment"} == {
        t: rows for t, rows in without.items() if t != "payment"
    }
