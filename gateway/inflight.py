"""In-flight de-duplication: identical work in progress at the same moment is done once.

The gateway shares work twice, with one mechanism (docs/gateway.md, "Speed"):

* inbound (gateway/http.py): identical client queries in flight share one execution and one
  serialized answer;
* outbound (gateway/transport.py): identical subgraph requests in flight share one HTTP call.

The first caller of a key runs the work; callers of the same key that arrive before it ends
await its result (or its exception). A waiter that is cancelled (its client went away) does not
cancel the work the others wait for (:func:`asyncio.shield`); if the runner itself is cancelled
the waiters are cancelled too. The key is forgotten as soon as the work ends: nothing is cached.
What a key must hold for two callers to share safely (the caller's identity, say) is the
caller's business.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["InFlight"]

T = TypeVar("T")


class InFlight(Generic[T]):
    """``await shared.run(key, produce)``: ``produce()`` once per key among callers in flight."""

    __slots__ = ("_running", "started")

    def __init__(self) -> None:
        self._running: dict[Hashable, asyncio.Future[T]] = {}
        #: how many times work was actually started (the rest were shared)
        self.started = 0

    def __len__(self) -> int:
        """Keys whose work is in progress."""
        return len(self._running)

    async def run(self, key: Hashable, produce: Callable[[], Awaitable[T]]) -> T:
        waiting = self._running.get(key)
        if waiting is not None:
            return await asyncio.shield(waiting)
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._running[key] = future
        self.started += 1
        try:
            result = await produce()
        except asyncio.CancelledError:
            future.cancel()
            raise
        except BaseException as error:
            future.set_exception(error)
            future.exception()  # marked retrieved: there may be nobody else waiting
            raise
        else:
            future.set_result(result)
            return result
        finally:
            del self._running[key]
