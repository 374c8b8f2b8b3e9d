"""The payments subgraph over real HTTP and a real, freshly migrated database."""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import httpx
import pytest

from subgraphs.app import create_app
from subgraphs.payments.fees import BPJS_PREMIUMS, SIM_FEES, SKCK_FEE
from tests.conftest import ServiceDsn
from tests.subgraphs.harness import Subgraph, graphql, running_subgraph, sample_niks, serve

GOLDEN = Path(__file__).with_name("payments.graphql")

EVERYTHING = """
query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Citizen {
      nik
      payments {
        billingCode kind amount billedOn status channel paidOn ntpn period
        drivingLicence { holderNik number }
        clearanceCertificate { holderNik number }
        bpjsMembership { memberNik cardNumber }
      }
    }
  }
}
"""

_COLUMNS = [
    "id", "nik", "kind", "billing_code", "amount", "billed_on", "status", "channel", "paid_on", "ntpn",
    "record_number", "period",
]  # fmt: skip


def _rows(n: int, nik: str) -> list[tuple[object, ...]]:
    """Three payments per citizen: a new SIM C (paid), an SKCK (paid), a BPJS premium (pending)."""
    day = datetime.date(2026, 3, 2)
    return [
        (n * 3 + 1, nik, "SIM_NEW", f"{n * 3 + 1:015d}", SIM_FEES["C"][0], day, "PAID", "BANK",
         day, f"{n * 3 + 1:016d}", f"SIM{n:010d}", None),
        (n * 3 + 2, nik, "SKCK", f"{n * 3 + 2:015d}", SKCK_FEE, day, "PAID", "QRIS",
         day + datetime.timedelta(1), f"{n * 3 + 2:016d}", f"SKCK/{n}/III/2026", None),
        (n * 3 + 3, nik, "BPJS_PREMIUM", f"{n * 3 + 3:015d}", BPJS_PREMIUMS[3], datetime.date(2026, 7, 1),
         "PENDING", None, None, None, f"{n + 1:013d}", datetime.date(2026, 7, 1)),
    ]  # fmt: skip


async def _fill(conn: asyncpg.Connection) -> list[str]:
    niks = sample_niks(1001)
    records = [row for n, nik in enumerate(niks[:-1]) for row in _rows(n, nik)]  # the last paid nothing
    await conn.copy_records_to_table("payment", records=records, columns=_COLUMNS)
    return niks


@pytest.fixture(scope="module")
async def subgraph(module_service_dsn: ServiceDsn) -> AsyncIterator[Subgraph]:
    async with running_subgraph("payments", await module_service_dsn("payments"), _fill) as running:
        yield running


async def test_service_sdl_matches_the_golden_file(subgraph: Subgraph) -> None:
    status, body = await graphql(subgraph.client, "{ _service { sdl } }")
    assert status == 200
    assert body["data"]["_service"]["sdl"].strip() == GOLDEN.read_text().strip()


async def test_payments_through_entities_with_their_references(subgraph: Subgraph) -> None:
    nik = subgraph.niks[0]
    status, body = await graphql(
        subgraph.client, EVERYTHING, {"representations": [{"__typename": "Citizen", "nik": nik}]}
    )
    assert status == 200 and "errors" not in body
    sim, skck, premium = body["data"]["_entities"][0]["payments"]
    assert sim == {
        "billingCode": "000000000000001", "kind": "SIM_NEW", "amount": 100_000, "billedOn": "2026-03-02",
        "status": "PAID", "channel": "BANK", "paidOn": "2026-03-02", "ntpn": "0000000000000001",
        "period": None, "drivingLicence": {"holderNik": nik, "number": "SIM0000000000"},
        "clearanceCertificate": None, "bpjsMembership": None,
    }  # fmt: skip
    assert skck["kind"] == "SKCK" and skck["amount"] == 30_000 and skck["channel"] == "QRIS"
    assert skck["clearanceCertificate"] == {"holderNik": nik, "number": "SKCK/0/III/2026"}
    assert skck["drivingLicence"] is None
    assert premium == {
        "billingCode": "000000000000003", "kind": "BPJS_PREMIUM", "amount": 35_000, "billedOn": "2026-07-01",
        "status": "PENDING", "channel": None, "paidOn": None, "ntpn": None, "period": "2026-07-01",
        "drivingLicence": None, "clearanceCertificate": None,
        "bpjsMembership": {"memberNik": nik, "cardNumber": "0000000000001"},
    }  # fmt: skip


async def test_a_citizen_who_paid_nothing_has_an_empty_list(subgraph: Subgraph) -> None:
    representations = [{"__typename": "Citizen", "nik": subgraph.niks[-1]}]
    _, body = await graphql(subgraph.client, EVERYTHING, {"representations": representations})
    assert body == {"data": {"_entities": [{"nik": subgraph.niks[-1], "payments": []}]}}


async def test_malformed_nik_representation_is_invalid_nik(subgraph: Subgraph) -> None:
    representations = [{"__typename": "Citizen", "nik": "not a nik"}]
    _, body = await graphql(subgraph.client, EVERYTHING, {"representations": representations})
    assert body["data"] == {"_entities": [None]}
    assert body["errors"][0]["extensions"]["code"] == "INVALID_NIK"


async def test_the_fee_schedule_is_public(subgraph: Subgraph) -> None:
    _, body = await graphql(subgraph.client, "{ feeSchedule { kind licenceClass careClass amount basis } }")
    fees = body["data"]["feeSchedule"]
    assert {"kind": "SIM_NEW", "licenceClass": "A", "careClass": None, "amount": 120_000,
            "basis": "PP 76/2020"} in fees  # fmt: skip
    assert {"kind": "SIM_RENEWAL", "licenceClass": "C", "careClass": None, "amount": 75_000,
            "basis": "PP 76/2020"} in fees  # fmt: skip
    assert {"kind": "SKCK", "licenceClass": None, "careClass": None, "amount": 30_000,
            "basis": "PP 76/2020"} in fees  # fmt: skip
    assert [f["amount"] for f in fees if f["kind"] == "BPJS_PREMIUM"] == [150_000, 100_000, 35_000]


@pytest.mark.parametrize("count", [1, 100, 1000])
async def test_entities_for_many_citizens_run_one_statement(subgraph: Subgraph, count: int) -> None:
    representations = [{"__typename": "Citizen", "nik": nik} for nik in subgraph.niks[:count]]
    subgraph.log.clear()
    status, body = await graphql(subgraph.client, EVERYTHING, {"representations": representations})
    assert status == 200 and "errors" not in body
    entities = body["data"]["_entities"]
    assert len(entities) == count and all(len(e["payments"]) == 3 for e in entities)
    assert subgraph.log.tables() == ["payment"], subgraph.log.statements


async def test_the_database_refuses_a_paid_payment_without_its_proof(service_dsn: ServiceDsn) -> None:
    """PAID needs channel, day and NTPN; an unpaid one has none of them (sql/payments)."""
    dsn = await service_dsn("payments")
    conn = await asyncpg.connect(dsn)
    try:
        nik = sample_niks(1)[0]
        (row,) = _rows(0, nik)[:1]
        bad = (*row[:9], None, *row[10:])  # PAID without an NTPN
        with pytest.raises(asyncpg.CheckViolationError):
            await conn.copy_records_to_table("payment", records=[bad], columns=_COLUMNS)
    finally:
        await conn.close()


async def test_loaders_are_per_request(service_dsn: ServiceDsn) -> None:
    dsn = await service_dsn("payments")
    nik = sample_niks(1)[0]
    query = """query ($r: [_Any!]!) {
        _entities(representations: $r) { ... on Citizen { payments { kind } } }
    }"""
    variables = {"r": [{"__typename": "Citizen", "nik": nik}]}
    async with (
        serve(create_app("payments", dsn)) as url,
        httpx.AsyncClient(base_url=url, timeout=60) as client,
    ):
        _, before = await graphql(client, query, variables)
        conn = await asyncpg.connect(dsn)
        try:
            await conn.copy_records_to_table("payment", records=_rows(0, nik)[:1], columns=_COLUMNS)
        finally:
            await conn.close()
        _, after = await graphql(client, query, variables)
    assert before["data"]["_entities"] == [{"payments": []}]
    assert after["data"]["_entities"] == [{"payments": [{"kind": "SIM_NEW"}]}]
