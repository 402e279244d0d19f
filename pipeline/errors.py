"""Every error the pipeline raises on purpose, each with a message a user can act on.

An error names *what* went wrong, *where* (file, stage, config key) and *how to fix it*.
The CLI prints `str(error)`; nothing else is needed to understand it.
"""

from __future__ import annotations

import signal
from pathlib import Path

from pipeline.names import printable


class PipelineError(Exception):
    """Base class: an expected failure with an actionable message."""

    def __init__(self, message: str, *, path: str | Path | None = None, stage: str | None = None,
                 fix: str | None = None) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.stage = stage
        self.fix = fix
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = []
        if self.path:
            where.append(self.path)
        if self.stage:
            where.append(f"stage {self.stage}")
        head = f"[{', '.join(where)}] " if where else ""
        tail = f"\n  fix: {self.fix}" if self.fix else ""
        return f"{head}{self.message}{tail}"

    def printable(self) -> str:
        """`str(self)` for the console: every part one inert line (pipeline.names.printable), so a
        file name with a newline or ESC cannot forge output lines or drive the terminal."""
        where = []
        if self.path:
            where.append(printable(self.path))
        if self.stage:
            where.append(f"stage {self.stage}")
        head = f"[{', '.join(where)}] " if where else ""
        message = "\n".join(printable(line) for line in self.message.split("\n"))  # config errors list lines
        tail = f"\n  fix: {printable(self.fix)}" if self.fix else ""
        return f"{head}{message}{tail}"

    def as_dict(self) -> dict[str, str | None]:
        return {"error": type(self).__name__, "path": self.path, "stage": self.stage,
                "message": self.message, "fix": self.fix}


class ConfigError(PipelineError):
    """A config file is missing, malformed, or has unknown keys / wrong types."""


class InputError(PipelineError):
    """An input file cannot be read as a Kamerbrief (unsupported, empty, encrypted, no text, ...)."""


class LimitError(InputError):
    """An input exceeds a configured limit (`ingest.max_*`): too large, too many pages or characters,
    a decompression bomb, or too slow. The message names the limit's key."""


class ModelUnavailableError(PipelineError):
    """A configured model is neither on disk nor downloadable."""


class ModelOutputError(PipelineError):
    """A model produced output the pipeline cannot use."""


class EvaluationError(PipelineError):
    """References are missing or do not match the outputs being scored."""


class OutputError(PipelineError):
    """The output folder cannot be used: not a folder, not writable, or another run is writing to it."""


class FetchError(PipelineError):
    """One document (or one listing page) could not be fetched from the official open data: the
    message names the document or page and the reason (HTTP status, wrong content type, too large,
    malformed JSON/XML, a redirect to another host). `kamerbrief fetch` lists it and goes on."""


class NotPublishedError(FetchError):
    """HTTP 404/410: nothing at that address (yet); fetch then tries the document's next format."""


class ApiUnreachableError(PipelineError):
    """The open-data API cannot be reached at all (offline, DNS, refused, timed out): nothing was
    fetched and nothing written. The message names the host; the fix names --api-url."""


class RunInterrupted(BaseException):
    """SIGINT or SIGTERM arrived during a batch. A BaseException, like KeyboardInterrupt, so that no
    per-letter `except Exception` swallows it: the batch stops, and writes its report."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        self.name = signal.Signals(signum).name
        super().__init__(f"stopped by {self.name}")
