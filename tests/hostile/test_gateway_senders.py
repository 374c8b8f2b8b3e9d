"""Issue 9, item 7: connections that never finish sending their body are answered 408 and closed
after the body timeout, and one client IP holds at most so many requests open (429 beyond),
while other clients are answered as usual."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.hostile.conftest import PROMPT, Hostile

pytestmark = pytest.mark.timeout(30, func_only=True)  # the shared system's setup is not the case

HEAD = (
    b"POST /graphql HTTP/1.1\r\nhost: gateway\r\ncontent-type: application/json\r\n"
    b"content-length: 1000\r\n\r\n"
)


async def slow_sender(port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """A connection that sends its headers and the start of a 1,000-byte body, then nothing."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(HEAD + b'{"query": "{ regi')
    await writer.drain()
    return reader, writer


async def answer(reader: asyncio.StreamReader) -> tuple[int, float]:
    """The status the gateway answered and when the connection was closed (read to EOF)."""
    data = await asyncio.wait_for(reader.read(), 5)
    return int(data.split()[1]), time.perf_counter()


async def test_slow_senders_are_answered_and_closed(hostile: Hostile) -> None:
    start = time.perf_counter()
    senders = [await slow_sender(hostile.port) for _ in range(40)]
    # another client is answered while they hold their connections
    await hostile.responsive(PROMPT, local_address="127.0.0.2")
    outcomes = await asyncio.gather(*(answer(reader) for reader, _ in senders))
    statuses = sorted(status for status, _ in outcomes)
    assert statuses == [408] * 32 + [429] * 8  # 32 open requests per client IP (SHARED_ARGS)
    assert max(closed for _, closed in outcomes) - start < 1 + PROMPT  # body timeout 1 s
    for _, writer in senders:
        writer.close()
    await hostile.responsive(PROMPT)  # and the same client IP is served again


async def test_a_slow_sender_gets_a_graphql_error(hostile: Hostile) -> None:
    reader, writer = await slow_sender(hostile.port)
    data = await asyncio.wait_for(reader.read(), 5)
    writer.close()
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408")
    assert b"connection: close" in head.lower()
    assert body == (
        b'{"errors":[{"message":"The request body did not arrive within 1 s.",'
        b'"extensions":{"code":"REQUEST_TIMEOUT"}}]}'
    )
