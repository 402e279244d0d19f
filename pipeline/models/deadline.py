"""A per-letter wall-clock budget (`ingest.max_seconds_per_letter`).

Two ways of stopping a letter, one per kind of work:

  * The model-free analysis (ingest → segment → classify → key facts) is pure Python over the
    letter's own text, where one pathological input (a long line, thousands of marker-like numbers)
    can make a text algorithm slow. It runs under `Deadline.enforced()`: a real-time interval timer
    (SIGALRM) raises LimitError inside the work itself when the budget runs out, wherever it is, so
    the letter stops within a few milliseconds of its limit (Python runs a signal handler between
    bytecodes; a single C call such as one regular-expression search finishes first). Nothing is
    written during the analysis, so stopping it anywhere is clean. Signals reach only the main
    thread: elsewhere (a Ray worker's thread) the checks below are all there is.
  * Model calls (inside C++/CUDA) and writes to the translation cache cannot be interrupted safely,
    so there the budget is checked cooperatively: between PDF pages, between stages, and before
    every model call (a batch of at most `translate.sentences_per_call` sentences), at most one page or one model
    batch late.

Either way the letter fails with a LimitError naming the stage; nothing of it is written and the
batch goes on with the next letter.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator
from typing import Any

from pipeline.errors import LimitError


class Deadline:
    """`check(stage)` raises LimitError once `seconds` have passed since it was made, counting
    `spent` seconds already used on the letter elsewhere (a stage on another Ray worker)."""

    def __init__(self, seconds: float | None, source: str = "", clock=time.monotonic, spent: float = 0.0,
                 stage: str = "ingest") -> None:
        self.seconds = seconds
        self.source = source
        self.clock = clock
        self.started = clock() - spent
        self.stage = stage

    def elapsed(self) -> float:
        return self.clock() - self.started

    def check(self, stage: str | None = None) -> None:
        """Raise LimitError when the budget is spent; `stage` names where the letter was stopped."""
        if stage is not None:
            self.stage = stage
        if self.seconds is None:
            return
        elapsed = self.elapsed()
        if elapsed > self.seconds:
            raise self._over(elapsed)

    def _over(self, elapsed: float) -> LimitError:
        return LimitError(
            f"letter took longer than ingest.max_seconds_per_letter = {self.seconds:g} s "
            f"(stopped after {elapsed:.1f} s, during {self.stage})",
            path=self.source or None, stage=self.stage,
            fix="raise the limit with --set ingest.max_seconds_per_letter=<seconds> (null: no limit), "
                "use a faster device or backend, or split the letter")

    @contextlib.contextmanager
    def enforced(self) -> Iterator[None]:
        """Run the block under a timer that raises LimitError inside it once the budget is spent.

        For work that writes nothing (the model-free analysis): it may be stopped at any bytecode.
        The timer repeats every `_REPEAT_S` after it first fires, so a LimitError swallowed by a
        broad handler inside a library is raised again until the block is left. Without a budget,
        off the main thread or without SIGALRM (Windows) the block runs unguarded and only the
        cooperative `check` calls stop it.
        """
        # The timer counts real time: a Deadline on another clock (a test's) is only checked.
        if (self.seconds is None or self.clock is not time.monotonic or not hasattr(signal, "setitimer")
                or threading.current_thread() is not threading.main_thread()):
            yield
            return
        elapsed = self.elapsed()
        if elapsed > self.seconds:  # already over: stop before starting (a zero timer would disarm)
            raise self._over(elapsed)

        def _alarm(signum: int, frame: Any) -> None:
            raise self._over(self.elapsed())

        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, max(self.seconds - elapsed, 1e-3), _REPEAT_S)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


# After the first alarm, how often it fires again while the guarded block still runs.
_REPEAT_S = 0.05


class DeadlineBackend:
    """A model backend that checks the current letter's Deadline before every model call.

    Everything else is delegated, so the wrapped backend behaves exactly like the original.
    `deadline` is swapped per letter by the batch runner; None disables the check.
    """

    def __init__(self, inner: Any, stage: str) -> None:
        self._inner = inner
        self._stage = stage
        self.deadline: Deadline | None = None

    def __getattr__(self, name: str) -> Any:
        if name in ("_inner", "_stage"):  # not set yet (copy, unpickling): no recursion
            raise AttributeError(name)
        return getattr(self._inner, name)

    @contextlib.contextmanager
    def checking(self, deadline: Deadline) -> Iterator[None]:
        """Check `deadline` before every model call while the block runs (one letter's model stage)."""
        self.deadline = deadline
        try:
            yield
        finally:
            self.deadline = None

    def with_decoding(self, **settings: Any) -> DeadlineBackend:
        """The wrapped backend decoding otherwise, checked against the same deadline."""
        clone = DeadlineBackend(self._inner.with_decoding(**settings), self._stage)
        clone.deadline = self.deadline
        return clone

    def translate_batch(self, *args: Any, **kwargs: Any) -> Any:
        if self.deadline is not None:
            self.deadline.check(self._stage)
        return self._inner.translate_batch(*args, **kwargs)
