"""The dev server: stdlib HTTP on 127.0.0.1 serving the in-memory build.

Stage: serve. Only paths of the current build can be served (a dictionary
lookup, never a filesystem join), so `..`, encoded dots and absolute paths
cannot reach other files. Only requests naming this server in `Host` are
answered (see `hosts`). HTML responses get the live-reload script; the files
written by `blogfolio build` never do. A deep listen queue and an idle timeout
keep a burst of tabs, or a client that connects and says nothing, from
starving the others.
"""

from __future__ import annotations

import errno
import json
import mimetypes
import re
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from blogfolio.serve.hosts import HostPolicy, host_allowed, host_policy
from blogfolio.serve.state import LiveState
from blogfolio.urls import output_file

EVENTS_PATH = "/_blogfolio/events"
SCRIPT_PATH = "/_blogfolio/reload.js"
SCRIPT_TAG = b'<script src="/_blogfolio/reload.js" defer></script>'
KEEPALIVE_SECONDS = 15.0
"""Pause between comments sent down an idle event stream, under `IDLE_SECONDS`."""
IDLE_SECONDS = 25.0
"""A connection that sends nothing for this long is closed."""
LISTEN_BACKLOG = 512
"""Connections the kernel may queue before the server accepts them."""
_MAX_EVENT_ID = 18
_PLAIN = "text/plain; charset=utf-8"
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
    ".woff2": "font/woff2",
}


def content_type(path: str) -> str:
    """The Content-Type for an output path."""
    suffix = "." + path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    return TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"


def request_path(raw: str) -> str | None:
    """Map a URL path to an output path; None when it tries to leave the site."""
    path = unquote(urlsplit(raw).path)
    if "\x00" in path or "\\" in path:
        return None
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        return None
    rel = "/".join(parts)
    return rel + "/" if path.endswith("/") and rel else rel


def inject_script(html: bytes) -> bytes:
    """Add the live-reload script before `</body>` (or at the end)."""
    matches = list(_BODY_END.finditer(html))
    if not matches:
        return html + SCRIPT_TAG
    at = matches[-1].start()
    return html[:at] + SCRIPT_TAG + html[at:]


def last_event_id(header: str | None) -> int | None:
    """The epoch a reconnecting browser last saw; None when absent or not a plain number.

    `str.isdigit` alone accepts `²` and other digits `int` refuses, and a
    number thousands of digits long makes `int` raise; both count as absent.
    """
    text = (header or "").strip()
    if not text or len(text) > _MAX_EVENT_ID or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


def reload_script() -> bytes:
    """The browser side of live reload (package data)."""
    return resources.files("blogfolio.serve").joinpath("reload.js").read_bytes()


class PreviewServer(ThreadingHTTPServer):
    """A threading server that knows the live state."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = LISTEN_BACKLOG

    def __init__(
        self,
        address: tuple[str, int],
        state: LiveState,
        *,
        idle_seconds: float = IDLE_SECONDS,
        keepalive_seconds: float = KEEPALIVE_SECONDS,
    ) -> None:
        self.state = state
        self.script = reload_script()
        self.idle_seconds = idle_seconds
        self.keepalive_seconds = keepalive_seconds
        super().__init__(address, PreviewHandler)
        self.hosts: HostPolicy = host_policy(address[0], self.server_address[1])


class PreviewHandler(BaseHTTPRequestHandler):
    """Serves the current build; errors are shown by the injected script."""

    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.idle_seconds)

    def log_message(self, format: str, *args: Any) -> None:
        """Requests are not logged; the terminal is for build messages."""

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        self._serve(head=False)

    def _serve(self, head: bool) -> None:
        if not host_allowed(self.headers.get("Host"), self.server.hosts):
            self.close_connection = True
            port = self.server.server_address[1]
            text = (
                f"This preview answers only to its own address, such as http://127.0.0.1:{port}/\n"
            )
            self._send(HTTPStatus.MISDIRECTED_REQUEST, text.encode(), _PLAIN, head)
            return
        url = urlsplit(self.path)
        if url.path == EVENTS_PATH and not head:
            self._events(url.query)
            return
        if url.path == SCRIPT_PATH:
            self._send(HTTPStatus.OK, self.server.script, "text/javascript; charset=utf-8", head)
            return
        rel = request_path(self.path)
        if rel is None:
            self._send(HTTPStatus.FORBIDDEN, b"Forbidden\n", "text/plain; charset=utf-8", head)
            return
        files = self.server.state.files
        target = output_file("/" + rel) if rel == "" or rel.endswith("/") else rel
        if target not in files and f"{rel}/index.html" in files:
            self._redirect(url.path + "/" + (f"?{url.query}" if url.query else ""), head)
            return
        status = HTTPStatus.OK
        if target not in files:
            status, target = HTTPStatus.NOT_FOUND, "404.html"
            if target not in files:
                body = inject_script(b"<!doctype html><title>Not found</title><h1>Not found</h1>")
                self._send(status, body, "text/html; charset=utf-8", head)
                return
        data = files[target].data  # bytes as built: the preview never reads the disk
        if data is None:
            self._send(HTTPStatus.NOT_FOUND, b"Not found\n", "text/plain; charset=utf-8", head)
            return
        kind = content_type(target)
        if kind.startswith("text/html"):
            data = inject_script(data)
        self._send(status, data, kind, head)

    def _send(self, status: HTTPStatus, body: bytes, kind: str, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _redirect(self, location: str, head: bool) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()

    def _events(self, query: str) -> None:
        state = self.server.state
        page = (parse_qs(query).get("path") or ["/"])[0]
        rel = request_path(page) or ""
        page_file = output_file("/" + rel) if rel == "" or rel.endswith("/") else rel
        last = last_event_id(self.headers.get("Last-Event-ID"))
        since = state.epoch if last is None else last
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "keep-alive")
        self.end_headers()
        self.close_connection = True
        try:
            since = self._send_state(page_file, since)
            while not state.stopping:
                epoch = state.wait(since, self.server.keepalive_seconds)
                if state.stopping:
                    break
                if epoch == since:
                    self.wfile.write(b": keepalive\n\n")
                    self.wfile.flush()
                    continue
                since = self._send_state(page_file, since)
        except (TimeoutError, BrokenPipeError, ConnectionResetError, OSError):
            return

    def _send_state(self, page_file: str, since: int) -> int:
        """Send what this tab should do; return the epoch it now reflects."""
        message = self.server.state.message_for(page_file, since)
        payload = {
            "epoch": message.epoch,
            "error": message.error,
            "reload": message.reload,
            "css": message.css,
            "notice": message.notice,
        }
        data = json.dumps(payload)
        self.wfile.write(f"id: {message.epoch}\nevent: state\ndata: {data}\n\n".encode())
        self.wfile.flush()
        return message.epoch


def bind(
    host: str, port: int, state: LiveState, tries: int = 20
) -> tuple[PreviewServer, str | None]:
    """Bind the server; if the port is taken, take the next free one and say so."""
    last_error: OSError | None = None
    for candidate in range(port, port + tries) if port else [0]:
        try:
            server = PreviewServer((host, candidate), state)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
            last_error = exc
            continue
        note = None
        if port and candidate != port:
            note = f"port {port} is in use; serving on port {candidate} instead"
        return server, note
    raise OSError(
        errno.EADDRINUSE, f"ports {port}-{port + tries - 1} are all in use"
    ) from last_error
