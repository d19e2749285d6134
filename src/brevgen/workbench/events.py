"""Pushing what changed to the open pages: server-sent events on named channels.

The rendering happens in threads and processes; :meth:`Hub.publish` may be called from any
of them and hands the event to the server's event loop. A page listens on one channel
(``forhaandsvisning`` for previews, ``job:<id>`` for a contracts upload) and, on an event,
fetches itself again and swaps the parts that changed (``static/vaerksted.js``). An event
says only what changed, so a page that missed one loses nothing: the next fetch shows all.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from starlette.responses import StreamingResponse

PREVIEWS = "forhaandsvisning"
KEEPALIVE_SECONDS = 15.0
QUEUE_SIZE = 64  # a page that falls this far behind misses events, not the result


@dataclass(eq=False)
class Subscriber:
    channel: str
    watching: str | None  # the output path an open document page shows
    queue: asyncio.Queue = field(default_factory=lambda: asyncio.Queue(QUEUE_SIZE))


class Hub:
    def __init__(self) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None
        self._subscribers: set[Subscriber] = set()
        self._lock = threading.Lock()  # watched() is asked from the rendering thread
        self._closed = False

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop

    def watched(self) -> Counter[str]:
        """The output paths open in document pages now, and in how many."""
        with self._lock:
            return Counter(s.watching for s in self._subscribers if s.watching)

    def publish(self, channel: str, name: str, data: dict) -> None:
        """Send an event to every page on ``channel`` (callable from any thread)."""
        if self.loop is None or self.loop.is_closed():
            return
        message = f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
        try:
            self.loop.call_soon_threadsafe(self._deliver, channel, message)
        except RuntimeError:  # the loop closed meanwhile: no page to tell
            pass

    def _deliver(self, channel: str, message: str) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            if subscriber.channel == channel:
                try:
                    subscriber.queue.put_nowait(message)
                except asyncio.QueueFull:
                    pass

    def close(self) -> None:
        """End every stream (the server is stopping)."""
        self._closed = True
        with self._lock:
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            try:
                subscriber.queue.put_nowait(None)
            except asyncio.QueueFull:
                subscriber.queue.get_nowait()
                subscriber.queue.put_nowait(None)

    def response(self, channel: str, watching: str | None = None) -> StreamingResponse:
        return StreamingResponse(
            self._stream(Subscriber(channel, watching)),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )

    async def _stream(self, subscriber: Subscriber) -> AsyncIterator[str]:
        with self._lock:
            self._subscribers.add(subscriber)
        try:
            yield "retry: 1000\n\n"
            while not self._closed:
                try:
                    message = await asyncio.wait_for(subscriber.queue.get(), KEEPALIVE_SECONDS)
                except TimeoutError:
                    yield ": -\n\n"
                    continue
                if message is None:
                    break
                yield message
        finally:
            with self._lock:
                self._subscribers.discard(subscriber)
