"""SQL of the payments subgraph: every lookup takes all NIKs at once (``= any($1::text[])``).

Implements docs/payments.md over ``sql/payments/``: a batch of citizens costs one statement.
"""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

__all__ = ["payments_by_nik"]

_PAYMENTS = """
select nik, billing_code, kind, amount, billed_on, status, channel, paid_on, ntpn, period, record_number
from payment where nik = any($1::text[])
order by nik, billed_on, id
"""


async def payments_by_nik(pool: asyncpg.Pool, niks: list[str]) -> Sequence[asyncpg.Record]:
    """The payments of ``niks``, oldest billed first."""
    return await pool.fetch(_PAYMENTS, niks)
