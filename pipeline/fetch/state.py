"""The incremental state in the target folder: per document (source + id) its change marker, file,
stem and sha256. A document is finished when its file, its sidecar and its state entry are all
there; a re-run skips finished documents whose change marker is the same.

Written after the file and the sidecar, atomically: a run killed at any point leaves every finished
document finished. A run killed between a sidecar and the state still loses nothing: a sidecar whose
file has the sha256 it records is taken into the state (`adopt`)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.fetch.http import file_sha256
from pipeline.fetch.sidecar import Record, read_sidecar, sidecar_path
from pipeline.render.files import atomic_write

log = logging.getLogger(__name__)

STATE_NAME = ".kamerbrief-fetch.json"
VERSION = 1


@dataclass
class FetchState:
    folder: Path
    entries: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> FetchState:
        path = folder / STATE_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(folder)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            # The sidecars hold what matters: finished documents are adopted back from them.
            log.warning("%s unreadable (%s): rebuilt from the sidecars", path, exc)
            return cls(folder)
        entries = data.get("documents") if isinstance(data, dict) else None
        if not isinstance(entries, dict):
            log.warning("%s has no 'documents' mapping: rebuilt from the sidecars", path)
            return cls(folder)
        return cls(folder, {k: v for k, v in entries.items() if isinstance(v, dict)})

    def finished(self, record: Record) -> bool:
        """Fetched before, unchanged since, and its file and sidecar still there."""
        entry = self.entries.get(record.key)
        return (entry is not None and entry.get("change") == record.change
                and (self.folder / entry.get("file", "")).is_file()
                and sidecar_path(self.folder, entry.get("stem", "")).is_file())

    def adopt(self, record: Record, stem: str) -> bool:
        """Take a document into the state whose sidecar and file a killed run left complete."""
        sidecar = read_sidecar(sidecar_path(self.folder, stem))
        if not sidecar or sidecar.get("id") != record.id or sidecar.get("source") != record.source:
            return False
        for candidate in record.candidates:
            path = self.folder / f"{stem}{candidate.suffix}"
            if path.is_file() and file_sha256(path) == sidecar.get("sha256"):
                self.record(record, stem, path.name, str(sidecar["sha256"]))
                return True
        return False

    def previous_file(self, record: Record) -> str | None:
        entry = self.entries.get(record.key)
        return entry.get("file") if entry else None

    def record(self, record: Record, stem: str, file: str, sha256: str) -> None:
        self.entries[record.key] = {"stem": stem, "file": file, "change": record.change, "sha256": sha256}
        atomic_write(self.folder / STATE_NAME,
                     json.dumps({"version": VERSION, "documents": self.entries}, indent=1, sort_keys=True) + "\n")
