"""The dev server under a burst of clients on 127.0.0.1: every request answered, none lost.

Counts, never timings: each client sends a fixed number of requests and the
test ends when they are all answered (or fail); the generous per-request
timeout only stops a hung run.
"""

from __future__ import annotations

import select
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator

import pytest

from blogfolio.model import RenderedFile
from blogfolio.serve.server import PreviewServer
from blogfolio.serve.state import LiveState

CLIENTS = 100
REQUESTS_EACH = 15
PAGE = b"<!doctype html><title>Home</title><body>" + b"<p>reflection</p>" * 200 + b"</body>"


@pytest.fixture
def server() -> Iterator[PreviewServer]:
    state = LiveState({
        "index.html": RenderedFile("index.html", PAGE),
        "css/style.css": RenderedFile("css/style.css", b"body { margin: 0 }" * 50),
    })  # fmt: skip
    preview = PreviewServer(("127.0.0.1", 0), state)
    yield preview
    state.stop()
    preview.server_close()


def test_a_burst_of_connections_all_reach_the_listen_queue(server: PreviewServer) -> None:
    """Before anything is accepted, a hundred tabs connecting at once are all queued."""
    port = server.server_address[1]
    pending: list[socket.socket] = []
    connected = 0
    try:
        for _ in range(CLIENTS):
            sock = socket.socket()
            sock.setblocking(False)
            sock.connect_ex(("127.0.0.1", port))
            pending.append(sock)
        deadline = time.monotonic() + 5
        waiting = list(pending)
        while waiting and time.monotonic() < deadline:
            _, ready, _ = select.select([], waiting, [], max(0.0, deadline - time.monotonic()))
            for sock in ready:
                waiting.remove(sock)
                connected += sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0
    finally:
        for sock in pending:
            sock.close()
    assert connected == CLIENTS


def test_a_hundred_concurrent_clients_get_every_answer(server: PreviewServer) -> None:
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()
    start = threading.Barrier(CLIENTS)

    def client(index: int) -> None:
        start.wait(timeout=60)
        for n in range(REQUESTS_EACH):
            path = "/css/style.css" if (index + n) % 3 == 0 else "/"
            outcome = _fetch(port, path)
            with lock:
                outcomes[outcome] += 1

    workers = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    server.shutdown()
    thread.join(5)
    assert not any(worker.is_alive() for worker in workers)
    assert outcomes == Counter({"ok": CLIENTS * REQUESTS_EACH})


def _fetch(port: int, path: str) -> str:
    """One request on a fresh connection: "ok", "timeout", or what went wrong."""
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            sock.sendall(request.encode())
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
    except TimeoutError:
        return "timeout"
    except OSError as exc:
        return f"error: {type(exc).__name__}"
    head, _, body = data.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200 "):
        return f"status: {head[:30]!r}"
    length = next(
        (int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(
            b"content-length:")),
        -1,
    )  # fmt: skip
    return "ok" if length == len(body) else "short body"
