"""A polite HTTP client for the open-data services: one request at a time under a rate limit,
timeouts, retries with exponential backoff on 429/5xx and dropped connections that honour
Retry-After (RFC 9110 §10.2.3: seconds or an HTTP-date), redirects followed only to allowed hosts,
and downloads streamed to a temp file, size-limited and checksummed.

The clock is injected (`sleep`, `now`), so tests run the backoff without waiting."""

from __future__ import annotations

import email.utils
import hashlib
import logging
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import urllib3

from pipeline.errors import ApiUnreachableError, FetchError, NotPublishedError

log = logging.getLogger(__name__)

RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_REDIRECTS = 5
CHUNK = 1 << 16


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks for: delay-seconds or an HTTP-date (RFC 9110 §10.2.3);
    None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # an HTTP-date is GMT by definition
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


@dataclass
class Download:
    """A finished download: the temp file in the target folder, its size, sha256 and content type."""

    path: Path
    size: int
    sha256: str
    content_type: str


@dataclass
class PoliteClient:
    """What every request of one `kamerbrief fetch` run goes through."""

    api_url: str
    download_hosts: Iterable[str]
    timeout_s: float
    retries: int
    backoff_s: float
    max_backoff_s: float
    max_retry_after_s: float
    requests_per_second: float
    user_agent: str
    sleep: Callable[[float], None] = time.sleep
    monotonic: Callable[[], float] = time.monotonic
    requests: int = 0  # requests sent (tests count them)
    _last_start: float | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.api_host = host_of(self.api_url)
        self.allowed = {self.api_host, *(h.lower() for h in self.download_hosts)}
        self.pool = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=self.timeout_s, read=self.timeout_s),
            retries=False, headers={"User-Agent": self.user_agent})

    # -- one request ---------------------------------------------------------------------------

    def _wait_for_rate_limit(self) -> None:
        gap = 1.0 / self.requests_per_second
        if self._last_start is not None:
            wait = self._last_start + gap - self.monotonic()
            if wait > 0:
                self.sleep(wait)
        self._last_start = self.monotonic()

    def _open(self, url: str, what: str, accept: str) -> urllib3.BaseHTTPResponse:
        """GET `url` with retries; redirects followed only to allowed hosts. The response is
        streaming (preload off); the caller reads and releases it."""
        for attempt in range(self.retries + 1):
            target = url
            try:
                for _ in range(MAX_REDIRECTS + 1):
                    self.check_host(target, what)
                    self._wait_for_rate_limit()
                    self.requests += 1
                    response = self.pool.request("GET", target, headers={"Accept": accept},
                                                 preload_content=False, redirect=False)
                    if response.status in (301, 302, 303, 307, 308) and response.headers.get("Location"):
                        target = urljoin(target, response.headers["Location"])
                        response.drain_conn()
                        response.release_conn()
                        continue
                    break
                else:
                    raise FetchError(f"{what}: more than {MAX_REDIRECTS} redirects", path=url)
            except (urllib3.exceptions.NewConnectionError, urllib3.exceptions.ConnectTimeoutError,
                    urllib3.exceptions.NameResolutionError) as exc:
                if attempt < self.retries:
                    self._backoff(attempt, None, what, f"cannot connect ({type(exc).__name__})")
                    continue
                if host_of(target) != self.api_host:  # one document's host: that document fails
                    raise FetchError(f"{what}: cannot reach {host_of(target)} ({type(exc).__name__})",
                                     path=target) from None
                raise ApiUnreachableError(
                    f"cannot reach {host_of(target)} ({type(exc).__name__}): nothing fetched, nothing written",
                    fix=f"check the network connection; or give the service's address with --api-url "
                        f"(now {self.api_url})") from None
            except (urllib3.exceptions.ProtocolError, urllib3.exceptions.ReadTimeoutError) as exc:
                if attempt < self.retries:
                    self._backoff(attempt, None, what, f"connection dropped ({type(exc).__name__})")
                    continue
                raise FetchError(f"{what}: connection dropped after {attempt + 1} tries "
                                 f"({type(exc).__name__})", path=target) from None
            if response.status in RETRY_STATUSES:
                wait = retry_after_seconds(response.headers.get("Retry-After"))
                response.drain_conn()
                response.release_conn()
                if wait is not None and wait > self.max_retry_after_s:
                    raise FetchError(f"{what}: HTTP {response.status}, the server asks to wait {wait:.0f} s "
                                     f"(over fetch.max_retry_after_s = {self.max_retry_after_s:g})", path=target,
                                     fix="run again later, or raise fetch.max_retry_after_s")
                if attempt < self.retries:
                    self._backoff(attempt, wait, what, f"HTTP {response.status}")
                    continue
                raise FetchError(f"{what}: HTTP {response.status} after {attempt + 1} tries", path=target,
                                 fix="the service is busy or failing; run again later (finished documents are kept)")
            if response.status != 200:
                response.drain_conn()
                response.release_conn()
                error = NotPublishedError if response.status in (404, 410) else FetchError
                raise error(f"{what}: HTTP {response.status}", path=target)
            return response
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover

    def _backoff(self, attempt: int, retry_after: float | None, what: str, reason: str) -> None:
        wait = min(self.backoff_s * 2 ** attempt, self.max_backoff_s)
        if retry_after is not None:
            wait = max(wait, retry_after)  # never sooner than the server asked
        log.info("%s: %s; trying again in %.1f s", what, reason, wait)
        self.sleep(wait)

    def check_host(self, url: str, what: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchError(f"{what}: refused a non-HTTP address ({parts.scheme or 'no scheme'})", path=url)
        if host_of(url) not in self.allowed:
            raise FetchError(f"{what}: refused the address on another host ({host_of(url)})", path=url,
                             fix="add the host to fetch.download_hosts if it is an official one")

    # -- what the sources ask for --------------------------------------------------------------

    def get_bytes(self, url: str, what: str, accept: str, max_bytes: int) -> tuple[bytes, str]:
        """A listing page: its body (at most `max_bytes`) and content type."""
        for attempt in range(self.retries + 1):
            response = self._open(url, what, accept)
            try:
                body = read_limited(response, max_bytes, what, url)
            except (urllib3.exceptions.ProtocolError, urllib3.exceptions.ReadTimeoutError) as exc:
                if attempt < self.retries:
                    self._backoff(attempt, None, what, f"connection dropped ({type(exc).__name__})")
                    continue
                raise FetchError(f"{what}: connection dropped after {attempt + 1} tries", path=url) from None
            finally:
                response.drain_conn()
                response.release_conn()
            return body, response.headers.get("Content-Type", "")
        raise AssertionError("unreachable")  # pragma: no cover

    def get_page(self, url: str, what: str, accept: str, max_bytes: int) -> bytes:
        """A listing page whose content type is `accept`'s kind (JSON, XML); anything else is a
        FetchError naming the page."""
        body, content_type = self.get_bytes(url, what, accept, max_bytes)
        kind = accept.rsplit("/", 1)[-1]
        if kind not in media_type(content_type):
            raise FetchError(f"{what}: wrong content type {media_type(content_type) or '(none)'} (expected {accept})",
                             path=url)
        return body

    def download(self, url: str, what: str, accept: str, allowed_types: tuple[str, ...], folder: Path,
                 temp_name: str, max_bytes: int) -> Download:
        """Stream `url` into `folder/temp_name` (replacing a stale one), at most `max_bytes`, with its
        sha256; a dropped connection or a short body is tried again. The caller renames the file."""
        temp = folder / temp_name
        for attempt in range(self.retries + 1):
            response = self._open(url, what, accept)
            try:
                content_type = response.headers.get("Content-Type", "")
                if media_type(content_type) not in allowed_types:
                    raise FetchError(f"{what}: wrong content type {media_type(content_type) or '(none)'} "
                                     f"(expected {' or '.join(allowed_types)})", path=url)
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(f"{what}: {int(declared) / 1e6:.1f} MB is over fetch.max_download_mb "
                                     f"({max_bytes / 1e6:g} MB)", path=url, fix="raise fetch.max_download_mb")
                digest, size = stream_to(response, temp, max_bytes, what, url)
                if declared and declared.isdigit() and size != int(declared):
                    raise urllib3.exceptions.ProtocolError(f"{size} of {declared} bytes")
            except (urllib3.exceptions.ProtocolError, urllib3.exceptions.ReadTimeoutError) as exc:
                temp.unlink(missing_ok=True)
                if attempt < self.retries:
                    self._backoff(attempt, None, what, f"download broke off ({exc})")
                    continue
                raise FetchError(f"{what}: download broke off after {attempt + 1} tries", path=url) from None
            except BaseException:
                temp.unlink(missing_ok=True)
                raise
            finally:
                response.drain_conn()
                response.release_conn()
            if file_sha256(temp) != digest:  # what is on disk is what came over the wire
                temp.unlink(missing_ok=True)
                raise FetchError(f"{what}: the written file's sha256 differs from the download's", path=url)
            return Download(temp, size, digest, media_type(content_type))
        raise AssertionError("unreachable")  # pragma: no cover


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def read_limited(response: urllib3.BaseHTTPResponse, max_bytes: int, what: str, url: str) -> bytes:
    chunks, size = [], 0
    for chunk in response.stream(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"{what}: response over {max_bytes / 1e6:g} MB", path=url)
        chunks.append(chunk)
    return b"".join(chunks)


def stream_to(response: urllib3.BaseHTTPResponse, temp: Path, max_bytes: int, what: str,
              url: str) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with open(temp, "wb") as handle:
        for chunk in response.stream(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"{what}: more than fetch.max_download_mb ({max_bytes / 1e6:g} MB) sent",
                                 path=url, fix="raise fetch.max_download_mb")
            digest.update(chunk)
            handle.write(chunk)
        handle.flush()
        os.fsync(handle.fileno())
    return digest.hexdigest(), size


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
