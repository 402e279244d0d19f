"""`kamerbrief fetch`: letters from the official open data into a folder, each beside its
`<stem>.source.json` sidecar, incrementally (pipeline.fetch.state) and politely (pipeline.fetch.http).

Per document, in this order: the file is streamed to a temp file in the folder and renamed; then
the sidecar is written; then the state. A run killed anywhere loses nothing finished and a re-run
downloads nothing finished; a temp file left behind is removed by the next run."""

from __future__ import annotations

import itertools
import logging
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import FetchConfig
from pipeline.errors import ApiUnreachableError, FetchError, NotPublishedError
from pipeline.fetch import officielebekendmakingen, tweedekamer
from pipeline.fetch.http import PoliteClient, host_of
from pipeline.fetch.query import Query
from pipeline.fetch.sidecar import Record, check_payload, write_sidecar
from pipeline.fetch.state import FetchState
from pipeline.names import distinct_stem

log = logging.getLogger(__name__)

TEMP_SUFFIX = ".part"


@dataclass
class FetchSummary:
    source: str
    api_url: str
    listed: int = 0
    fetched: list[str] = field(default_factory=list)  # stems
    skipped: list[str] = field(default_factory=list)  # unchanged since the last run
    failed: list[tuple[str, str]] = field(default_factory=list)  # (what, reason)

    def lines(self) -> list[str]:
        head = (f"{self.source} ({host_of(self.api_url)}): {self.listed} listed, {len(self.fetched)} fetched, "
                f"{len(self.skipped)} skipped (unchanged), {len(self.failed)} failed")
        return [head] + [f"  failed: {name}: {reason}" for name, reason in self.failed]


def make_client(cfg: FetchConfig, api_url: str, sleep: Callable[[float], None] = time.sleep,
                monotonic: Callable[[], float] = time.monotonic) -> PoliteClient:
    return PoliteClient(api_url=api_url, download_hosts=cfg.download_hosts, timeout_s=cfg.timeout_s,
                        retries=cfg.retries, backoff_s=cfg.backoff_s, max_backoff_s=cfg.max_backoff_s,
                        max_retry_after_s=cfg.max_retry_after_s, requests_per_second=cfg.requests_per_second,
                        user_agent=cfg.user_agent, sleep=sleep, monotonic=monotonic)


def listing(client: PoliteClient, source: str, api_url: str, query: Query,
            cfg: FetchConfig) -> Iterator[Record | FetchError | int]:
    if source == tweedekamer.SOURCE:
        return tweedekamer.list_records(client, api_url, query, cfg.tweedekamer)
    return officielebekendmakingen.list_records(client, api_url, query, cfg.officielebekendmakingen)


def wanted(record: Record, query: Query, source: str, cfg: FetchConfig) -> bool:
    """Filters the service cannot apply: the ministry, and the type for SRU (whose records name it
    in fields the query cannot reach reliably)."""
    if source == officielebekendmakingen.SOURCE and query.kind is not None:
        prefixes = cfg.officielebekendmakingen.types[query.kind]
        if not (record.document_type or "").lower().startswith(tuple(p.lower() for p in prefixes)):
            return False
    return query.wants_ministry(record.ministry)


def fetch(query: Query, folder: Path, cfg: FetchConfig, *, source: str | None = None, api_url: str | None = None,
          progress: bool = False, client: PoliteClient | None = None) -> FetchSummary:
    """Fetch what `query` selects into `folder`. An API that cannot be reached before anything was
    listed raises ApiUnreachableError (nothing written); every later problem is a named failure in
    the summary."""
    source = source or cfg.source
    section = cfg.tweedekamer if source == tweedekamer.SOURCE else cfg.officielebekendmakingen
    api_url = api_url or section.api_url
    client = client or make_client(cfg, api_url)
    summary = FetchSummary(source, api_url)
    items = listing(client, source, api_url, query, cfg)
    first = next(items, None)  # an unreachable API raises here, before anything is written
    folder.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(folder)
    state = FetchState.load(folder)
    bar = progress_bar(first if isinstance(first, int) else None, progress)
    try:
        for entry in itertools.chain([] if first is None else [first], items):
            if isinstance(entry, int):  # the total, already given to the progress bar
                continue
            if isinstance(entry, FetchError):
                summary.failed.append(("listing", entry.message))
                continue
            if not wanted(entry, query, source, cfg):
                continue
            summary.listed += 1
            fetch_one(entry, folder, state, client, cfg, summary)
            bar.update(1)
            if query.limit is not None and summary.listed >= query.limit:
                break
    except (FetchError, ApiUnreachableError) as exc:  # the listing stopped (a page failed after its retries)
        summary.failed.append(("listing", exc.message))
    finally:
        bar.close()
    return summary


def fetch_one(record: Record, folder: Path, state: FetchState, client: PoliteClient, cfg: FetchConfig,
              summary: FetchSummary) -> None:
    stem = distinct_stem(record.name)
    if state.finished(record) or (record.key not in state.entries and state.adopt(record, stem)):
        summary.skipped.append(stem)
        return
    reasons = []
    for candidate in record.candidates:
        what = f"{stem}{candidate.suffix}"
        try:
            download = client.download(candidate.url, what, candidate.accept, candidate.types, folder,
                                       f".{stem}{candidate.suffix}{TEMP_SUFFIX}", int(cfg.max_download_mb * 1e6))
        except NotPublishedError as exc:  # not in this format (yet): the next one
            reasons.append(exc.message)
            continue
        except (FetchError, ApiUnreachableError) as exc:
            summary.failed.append((stem, exc.message))
            return
        try:
            check_payload(download.path, candidate.suffix, what, candidate.url)
        except FetchError as exc:
            download.path.unlink(missing_ok=True)
            summary.failed.append((stem, exc.message))
            return
        target = folder / f"{stem}{candidate.suffix}"
        previous = state.previous_file(record)
        os.replace(download.path, target)
        write_sidecar(folder, stem, record, download.sha256)
        state.record(record, stem, target.name, download.sha256)
        if previous and previous != target.name:  # the document came in another format before
            (folder / previous).unlink(missing_ok=True)
        summary.fetched.append(stem)
        return
    summary.failed.append((stem, "; ".join(reasons) or "no download address"))


def remove_stale_temps(folder: Path) -> None:
    """Temp files a killed run left (ours: hidden, ending in .part)."""
    for path in folder.glob(f".*{TEMP_SUFFIX}"):
        log.info("removing %s, left by an interrupted run", path.name)
        path.unlink(missing_ok=True)


class NoBar:
    def update(self, n: int) -> None:
        """No progress bar: nothing to draw."""

    def close(self) -> None:
        """Nothing to close."""


def progress_bar(total: int | None, enabled: bool) -> NoBar:
    if not enabled:
        return NoBar()
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", desc="fetch", file=sys.stderr, disable=not sys.stderr.isatty())
