"""A per-letter wall-clock budget (`ingest.max_seconds_per_letter`), enforced cooperatively.

Python cannot safely interrupt a stage from outside (a model call inside C++/CUDA, a write to the
translation cache), so the budget is checked at points where stopping is clean: between PDF pages
during extraction, between stages (ingest → segment → classify → translate → summarize), and
before every model call (a batch of at most `batch_size` sentences). A letter over its budget
therefore stops at the next such point, at most one page or one model batch late, and fails with
a LimitError; nothing of it is written and the batch goes on with the next letter.
"""

from __future__ import annotations

import time
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
            raise LimitError(
                f"letter took longer than ingest.max_seconds_per_letter = {self.seconds:g} s "
                f"(stopped after {elapsed:.1f} s, during {self.stage})",
                path=self.source or None, stage=self.stage,
                fix="raise the limit with --set ingest.max_seconds_per_letter=<seconds> (null: no limit), "
                    "use a faster device or backend, or split the letter")


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

    def translate_batch(self, *args: Any, **kwargs: Any) -> Any:
        if self.deadline is not None:
            self.deadline.check(self._stage)
        return self._inner.translate_batch(*args, **kwargs)
