"""Issue 9, item 4: 1,200 distinct 1 MB documents (comments cost no tokens) took the gateway
from 98 MB to 2.2 GB, every one kept by the document caches. Query texts over 256 KiB are now
refused before the lexer reads them (413), documents over 128 KiB are parsed for their request
only, and the caches are bounded by bytes and keyed on a digest (tests/gateway/test_cache.py)."""

from __future__ import annotations

import os
import time

import pytest

from tests.hostile.conftest import PROMPT, Hostile

pytestmark = pytest.mark.timeout(60, func_only=True)  # the shared system's setup is not the case


def padded(n: int, size: int) -> str:
    """``{ regions { code } }`` after a comment of about ``size`` bytes, distinct for each ``n``."""
    return f"# {n} {os.urandom(size // 2).hex()}\n{{ regions {{ code }} }}"


async def test_megabyte_documents_are_refused_at_once_and_leave_nothing(hostile: Hostile) -> None:
    await hostile.post({"query": padded(-1, 1_000_000)})  # the first large body warms buffers up
    before = hostile.rss()
    start = time.perf_counter()
    for n in range(100):
        response = await hostile.post({"query": padded(n, 1_000_000)})
        assert response.status_code == 413, response.text[:200]
        assert response.json()["errors"][0] == {
            "message": "The query is longer than 262144 bytes.",
            "extensions": {"code": "PAYLOAD_TOO_LARGE"},
        }
    took = time.perf_counter() - start
    grown = hostile.rss() - before
    assert grown < 10_000_000, f"RSS grew by {grown / 1e6:.1f} MB"  # cached: 100 MB
    assert took < 15, f"{took:.1f} s"  # parsed, each one was about half a second of the event loop
    await hostile.responsive(PROMPT)


async def test_a_document_over_the_cache_bound_is_answered_but_not_cached(hostile: Hostile) -> None:
    query = padded(0, 200_000)  # over 128 KiB, under 256 KiB
    for _ in range(2):
        response = await hostile.post({"query": query})
        assert response.status_code == 200, response.text[:200]
        assert response.json()["data"]["regions"]
    await hostile.responsive(PROMPT)
