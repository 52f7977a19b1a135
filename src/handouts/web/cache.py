"""Finished PDFs kept in memory by the hash of their inputs, with one render per key at a time.

Only handouts without patient data are cached (articles and share links); a programme made
from the builder form, which may carry a name and a note, is never stored.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable

from handouts.limits import PDF_CACHE_BYTES


class PdfCache:
    """A least-recently-used cache bounded by total size, plus single-flight rendering."""

    def __init__(self, max_bytes: int = PDF_CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._pending: dict[str, asyncio.Future[bytes]] = {}

    def get(self, key: str) -> bytes | None:
        data = self._items.get(key)
        if data is not None:
            self._items.move_to_end(key)
        return data

    def put(self, key: str, data: bytes) -> None:
        if len(data) > self.max_bytes:
            return
        if key in self._items:
            self._size -= len(self._items.pop(key))
        self._items[key] = data
        self._size += len(data)
        while self._size > self.max_bytes:
            _, dropped = self._items.popitem(last=False)
            self._size -= len(dropped)

    async def get_or_make(self, key: str, make: Callable[[], Awaitable[bytes]]) -> bytes:
        """The cached PDF, or make it once even when many requests ask for it at the same time."""
        data = self.get(key)
        if data is not None:
            return data
        pending = self._pending.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future = asyncio.get_running_loop().create_future()
        self._pending[key] = future
        try:
            data = await make()
        except asyncio.CancelledError:
            future.cancel()
            raise
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved here, so an unshared failure is not logged twice
            raise
        finally:
            self._pending.pop(key, None)
        self.put(key, data)
        future.set_result(data)
        return data
