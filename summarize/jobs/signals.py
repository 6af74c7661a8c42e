"""SIGINT and SIGTERM as a clean stop: raised as :class:`BatchInterrupted`, deferred while an
article's files, stamp and manifest line are written together."""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Any, Iterator


class BatchInterrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived during a batch. ``signum`` says which."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum



class SignalGuard:
    """Turns SIGINT and SIGTERM into BatchInterrupted while active; inside ``critical()`` the
    exception waits until the block ends (so an article's files, stamp and manifest line are
    written together). Does nothing outside the main thread or when disabled."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self, enabled: bool = True):
        self.enabled = enabled and threading.current_thread() is threading.main_thread()
        self._old: dict[int, Any] = {}
        self._depth = 0
        self._pending: int | None = None

    def __enter__(self) -> "SignalGuard":
        if self.enabled:
            for sig in self.SIGNALS:
                self._old[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc: Any) -> None:
        for sig, old in self._old.items():
            signal.signal(sig, old)
        self._old.clear()

    def reclaim(self) -> None:
        """Install this guard's handlers again, over those a library set meanwhile (``ray.init``
        sets its own SIGTERM handler); ``__exit__`` still restores the ones from before the guard."""
        if self.enabled and self._old:
            for sig in self.SIGNALS:
                signal.signal(sig, self._handle)

    def _handle(self, signum: int, _frame: Any) -> None:
        if self._depth:
            self._pending = signum
            return
        raise BatchInterrupted(signum)

    @contextmanager
    def critical(self, raise_pending: bool = True) -> Iterator[None]:
        """Defer signals until the block ends; then raise the deferred one (if ``raise_pending``)."""
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if not self._depth and self._pending is not None:
                signum, self._pending = self._pending, None
                if raise_pending:
                    raise BatchInterrupted(signum)
