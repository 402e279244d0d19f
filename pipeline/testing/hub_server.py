"""A local Hugging Face hub for tests and `make bench-models`: the requests huggingface_hub makes, answered
as the hub does.

Two HTTP servers on 127.0.0.1 (random ports): the hub itself, and a "CDN" of another origin that LFS
files (weights) redirect to, as huggingface.co redirects them to its CDN. What the client asks and
which answers it relies on, from the installed huggingface_hub (2.x) source:

* ``GET /api/models/{repo}/revision/{rev}``: hf_api.py ``model_info`` reads JSON ``sha`` (the commit;
  _snapshot_download.py asserts it is set) and ``siblings``.
* ``GET /api/models/{repo}/tree/{commit}?recursive=True&expand=False``: hf_api.py
  ``_iter_repo_tree_pages`` reads ``type``, ``path``, ``size``, ``oid`` and for LFS files ``lfs``
  {``oid`` (sha256), ``size``, ``pointerSize``}; pagination follows a ``Link: rel="next"`` header
  (utils/_pagination.py), absent here (one page).
* ``HEAD /{repo}/resolve/{commit}/{file}``: file_download.py ``get_hf_file_metadata`` reads
  ``X-Repo-Commit`` (missing: FileMetadataError), ``X-Linked-Etag`` else ``ETag`` (missing: error),
  ``X-Linked-Size`` else ``Content-Length`` (not on a redirect), and ``Location`` of a redirect to
  another origin (utils/_http.py ``_httpx2_follow_hub_redirects_with_backoff`` stops there and the
  file is fetched from it). The hub's ETag is the git blob id, an LFS file's X-Linked-Etag its sha256.
* ``GET`` of the file (or of the CDN location): file_download.py ``http_get`` streams the body; on a
  dropped connection (RemoteProtocolError) it resumes with ``Range: bytes=N-`` and expects 206 and
  ``Content-Range`` (a 200 makes it start over); a body shorter than the expected size is an error.
* Errors: utils/_http.py ``hf_raise_for_status`` maps ``X-Error-Code`` ``RepoNotFound``,
  ``RevisionNotFound`` and ``EntryNotFound`` to their exception classes; other statuses stay
  HfHubHTTPError.

Every request is logged (origin, method, path, Range, status) so tests can say what the client did.
Faults are set per file name: ``drop_once`` (the first GET breaks off half-way), ``truncate`` (every
GET announces the full Content-Length and sends half), ``stall`` (half, then nothing until ``release``
is set: the client can be killed mid-file), ``corrupt`` (the right length, a wrong first byte); and
``api_status`` answers the model-info call with that status.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

from pipeline.testing.hub_repos import HubRepo


@dataclass(frozen=True)
class Request:
    origin: str  # "hub" | "cdn"
    method: str
    path: str
    range: str
    status: int

    def __str__(self) -> str:
        rng = f" [Range: {self.range}]" if self.range else ""
        return f"{self.origin} {self.method} {self.path}{rng} -> {self.status}"


@dataclass
class LocalHub:
    repos: dict[str, HubRepo]
    faults: dict[str, str] = field(default_factory=dict)  # file name -> drop_once | truncate | stall | corrupt
    api_status: int | None = None  # answer every model-info call with this status
    log: list[Request] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)  # ends every stalled download
    _servers: list[ThreadingHTTPServer] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _blobs: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    _sha256: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._servers[0].server_address[1]}"

    @property
    def cdn_url(self) -> str:
        return f"http://127.0.0.1:{self._servers[1].server_address[1]}"

    def start(self) -> LocalHub:
        for origin in ("hub", "cdn"):
            server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self, origin))
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self._servers.append(server)
        return self

    def stop(self) -> None:
        self.release.set()
        for server in self._servers:
            server.shutdown()
            server.server_close()

    def record(self, request: Request) -> None:
        with self._lock:
            self.log.append(request)

    def requests_since(self, start: int) -> list[Request]:
        with self._lock:
            return list(self.log[start:])

    def sha256(self, repo: HubRepo, name: str) -> str:
        """An LFS file's sha256 (its name on the CDN), computed once: weights can be large."""
        key = f"{repo.repo_id}/{name}"
        with self._lock:
            if key not in self._sha256:
                self._sha256[key] = hashlib.sha256(repo.files[name]).hexdigest()
                self._blobs[self._sha256[key]] = (name, repo.files[name])
            return self._sha256[key]

    def blob(self, sha256: str) -> tuple[str, bytes] | None:
        """The LFS file (name, content) with this sha256, as the CDN serves it."""
        with self._lock:
            return self._blobs.get(sha256)


def _tree(hub: LocalHub, repo: HubRepo) -> list[dict]:
    entries = []
    for name, data in sorted(repo.files.items()):
        entry = {"type": "file", "oid": repo.blob_ids[name], "size": len(data), "path": name}
        if name in repo.lfs:
            entry["lfs"] = {"oid": hub.sha256(repo, name), "size": len(data), "pointerSize": 134}
        entries.append(entry)
    return entries


def _handler(hub: LocalHub, origin: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # the hub's own log instead
            pass

        def do_HEAD(self) -> None:
            self._route(head=True)

        def do_GET(self) -> None:
            self._route(head=False)

        # ---------------------------------------------------------------- answers
        def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None,
                  head: bool = False, sent: int | None = None) -> None:
            hub.record(Request(origin, self.command, self.path, self.headers.get("Range", ""), status))
            self.send_response(status)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", (headers or {}).get("Content-Length", str(len(body))))
            self.end_headers()
            if not head:
                self.wfile.write(body if sent is None else body[:sent])
            if sent is not None:
                self.close_connection = True

        def _error(self, status: int, code: str | None, message: str, head: bool) -> None:
            headers = {"Content-Type": "application/json", "X-Error-Message": message}
            if code:
                headers["X-Error-Code"] = code
            self._send(status, json.dumps({"error": message}).encode(), headers, head)

        def _json(self, obj: object, head: bool) -> None:
            self._send(200, json.dumps(obj).encode(), {"Content-Type": "application/json"}, head)

        def _content(self, data: bytes, name: str, headers: dict[str, str], head: bool) -> None:
            """The bytes of a file, with Range support and the configured fault."""
            start = 0
            rng = self.headers.get("Range", "")
            if rng.startswith("bytes=") and rng.endswith("-"):
                start = int(rng[len("bytes="):-1])
            part = data[start:]
            headers = {**headers, "Accept-Ranges": "bytes", "Content-Length": str(len(part))}
            status = 200
            if start:
                status = 206
                headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
            fault = hub.faults.get(name)
            sent = None
            if not head and fault == "corrupt":  # same length, other bytes: only a checksum can tell
                part = bytes([part[0] ^ 0xFF]) + part[1:]
            if not head and fault in ("drop_once", "truncate", "stall"):
                sent = len(part) // 2
                if fault == "drop_once":
                    hub.faults.pop(name)
            self._send(status, part, headers, head, sent)
            if sent is not None and fault == "stall":  # hold the connection open, as a slow network does
                hub.release.wait(timeout=120)

        # ---------------------------------------------------------------- routes
        def _route(self, head: bool) -> None:
            path = unquote(urlsplit(self.path).path)
            if origin == "cdn":
                sha = path.removeprefix("/lfs/")
                found = hub.blob(sha)
                if found is None:
                    return self._error(404, None, "no such object", head)
                return self._content(found[1], found[0], {"ETag": f'"{sha}"'}, head)
            if path.startswith("/api/models/"):
                return self._api(path.removeprefix("/api/models/"), head)
            parts = path.lstrip("/").split("/", 4)  # org, name, "resolve", revision, file
            if len(parts) == 5 and parts[2] == "resolve":
                return self._resolve(f"{parts[0]}/{parts[1]}", parts[3], parts[4], head)
            self._error(404, None, "not a hub route", head)

        def _repo_at(self, repo_id: str, revision: str, head: bool) -> HubRepo | None:
            repo = hub.repos.get(repo_id)
            if repo is None:
                self._error(404, "RepoNotFound", "Repository not found", head)
                return None
            if revision not in ("main", repo.commit):
                self._error(404, "RevisionNotFound", f"Invalid rev id: {revision}", head)
                return None
            return repo

        def _api(self, rest: str, head: bool) -> None:
            org, name, *tail = rest.split("/")
            repo_id = f"{org}/{name}"
            if not tail or tail[0] == "revision":
                if hub.api_status is not None:
                    return self._error(hub.api_status, None, "Internal Error", head)
                repo = self._repo_at(repo_id, tail[1] if len(tail) > 1 else "main", head)
                if repo is not None:
                    self._json({"_id": repo.commit[:24], "id": repo_id, "modelId": repo_id, "sha": repo.commit,
                                "private": False, "disabled": False, "gated": False,
                                "library_name": "transformers", "tags": [],
                                "siblings": [{"rfilename": f} for f in sorted(repo.files)]}, head)
                return None
            if tail[0] == "tree" and len(tail) == 2:
                repo = self._repo_at(repo_id, tail[1], head)
                if repo is not None:
                    self._json(_tree(hub, repo), head)
                return None
            return self._error(404, None, "not an API route", head)

        def _resolve(self, repo_id: str, revision: str, name: str, head: bool) -> None:
            repo = self._repo_at(repo_id, revision, head)
            if repo is None:
                return
            data = repo.files.get(name)
            if data is None:
                return self._error(404, "EntryNotFound", f"{name} does not exist", head)
            headers = {"X-Repo-Commit": repo.commit, "ETag": f'"{repo.blob_ids[name]}"'}
            if name in repo.lfs:  # weights: a redirect to the CDN, the file's metadata on the redirect
                sha = hub.sha256(repo, name)
                headers.update({"X-Linked-Etag": f'"{sha}"', "X-Linked-Size": str(len(data)),
                                "Location": f"{hub.cdn_url}/lfs/{sha}"})
                return self._send(302, b"", headers, head)
            return self._content(data, name, headers, head)

    return Handler
