"""The dev server over real sockets: paths that try to leave the site, types, 404s, SSE,
foreign Host headers, odd event ids and connections that go quiet."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from blogfolio.model import RenderedFile
from blogfolio.serve.hosts import host_allowed, host_policy
from blogfolio.serve.server import (
    PreviewServer,
    bind,
    inject_script,
    last_event_id,
    request_path,
)
from blogfolio.serve.state import LiveState

Served = tuple[int, LiveState, Path]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    static = tmp_path / "style.css"
    static.write_text("body { color: red }")
    state = LiveState({
        "index.html": RenderedFile("index.html", b"<html><body><p>home</p></body></html>"),
        "about/index.html": RenderedFile("about/index.html", b"<body>about</body>"),
        "404.html": RenderedFile("404.html", b"<body>custom not found</body>"),
        "css/style.css": RenderedFile("css/style.css", static.read_bytes(), static),
        "feed.json": RenderedFile("feed.json", b"{}"),
    })  # fmt: skip
    server = PreviewServer(("127.0.0.1", 0), state)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], state, secret
    state.stop()
    server.shutdown()
    server.server_close()
    thread.join(2)


def raw_get(port: int, target: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """Send the request line exactly as given (no client-side normalising)."""
    head = f"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    return raw_request(port, head.encode())


def raw_request(port: int, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send bytes as they are and read the whole answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return status, headers, body


TRAVERSALS = [
    "/../secret.txt",
    "/../../../../etc/passwd",
    "/%2e%2e/secret.txt",
    "/%2E%2E/%2E%2E/etc/passwd",
    "/css/..%2f..%2fsecret.txt",
    "/..%5csecret.txt",
    "/css/%2e%2e/%2e%2e/secret.txt",
    "/%252e%252e/secret.txt",
    "//etc/passwd",
    "/etc/passwd",
    "/css/style.css%00.html",
]


@pytest.mark.parametrize("target", TRAVERSALS)
def test_paths_outside_the_site_are_refused(served: Served, target: str) -> None:
    port, _state, _secret = served
    status, _headers, body = raw_get(port, target)
    assert status in (403, 404)
    assert b"TOP-SECRET" not in body
    assert b"root:" not in body


def test_absolute_form_request_target_is_not_a_file_path(
    served: Served,
) -> None:
    port, _state, secret = served
    status, _headers, body = raw_get(port, f"file://{secret}")
    assert status in (403, 404)
    assert b"TOP-SECRET" not in body


def test_request_path_rules() -> None:
    assert request_path("/posts/a/") == "posts/a/"
    assert request_path("/a/./b") == "a/b"
    assert request_path("/a/../b") is None
    assert request_path("/%2e%2e/x") is None
    assert request_path("/a%5c..%5cb") is None
    assert request_path("/x%00y") is None
    assert request_path("/") == ""


def test_html_gets_the_reload_script_and_no_store(served: Served) -> None:
    port, _state, _secret = served
    status, headers, body = raw_get(port, "/")
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["cache-control"] == "no-store"
    assert body.endswith(b'<script src="/_blogfolio/reload.js" defer></script></body></html>')


def test_static_files_are_served_with_their_type_and_untouched(
    served: Served,
) -> None:
    port, _state, _secret = served
    status, headers, body = raw_get(port, "/css/style.css")
    assert (status, headers["content-type"], body) == (200, "text/css; charset=utf-8",
                                                       b"body { color: red }")  # fmt: skip
    status, headers, body = raw_get(port, "/feed.json")
    assert headers["content-type"] == "application/json"
    assert b"reload.js" not in body


def test_missing_pages_get_the_site_404_with_the_script(
    served: Served,
) -> None:
    port, _state, _secret = served
    status, _headers, body = raw_get(port, "/no/such/page/")
    assert status == 404
    assert b"custom not found" in body and b"reload.js" in body


def test_folder_without_slash_redirects(served: Served) -> None:
    port, _state, _secret = served
    status, headers, _body = raw_get(port, "/about")
    assert status == 301
    assert headers["location"] == "/about/"


def test_head_has_no_body(served: Served) -> None:
    port, _state, _secret = served
    status, headers, body = raw_get(port, "/about/", method="HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0


def test_events_stream_sends_state_then_reload_for_the_changed_page(
    served: Served,
) -> None:
    port, state, _secret = served
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        request = f"GET /_blogfolio/events?path=/about/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
        sock.sendall(request.encode())
        first = _read_until(sock, b"\n\n")
        assert b"event: state" in first and b'"reload": false' in first
        files = dict(state.files)
        files["about/index.html"] = RenderedFile("about/index.html", b"<body>new</body>")
        state.publish(files, {"about/index.html"}, None)
        second = _read_until(sock, b'"css"')
        assert b'"reload": true' in second
        state.publish(None, set(), "content/about.md:3: error: broken")
        third = _read_until(sock, b'"css"')
        assert b"content/about.md:3: error: broken" in third


def test_reconnect_after_sleep_reloads_if_the_page_changed_meanwhile(
    served: Served,
) -> None:
    port, state, _secret = served
    since = state.epoch
    files = dict(state.files)
    files["index.html"] = RenderedFile("index.html", b"<body>changed</body>")
    state.publish(files, {"index.html"}, None)
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        request = (
            f"GET /_blogfolio/events?path=/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Last-Event-ID: {since}\r\n\r\n"
        )
        sock.sendall(request.encode())
        message = _read_until(sock, b'"css"')
    assert b'"reload": true' in message


def test_a_busy_port_moves_to_the_next_and_says_so() -> None:
    state = LiveState({})
    first, note = bind("127.0.0.1", 0, state)
    try:
        port = first.server_address[1]
        second, note = bind("127.0.0.1", port, state)
        assert second.server_address[1] != port
        assert note is not None and f"port {port} is in use" in note
        second.server_close()
    finally:
        first.server_close()


def test_inject_script_without_body_tag_appends() -> None:
    assert inject_script(b"<p>x").endswith(b'reload.js" defer></script>')


def _read_until(sock: socket.socket, marker: bytes) -> bytes:
    data = b""
    while marker not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


@pytest.mark.parametrize(
    "host",
    [
        "attacker.example:{port}",
        "attacker.example",
        "127.0.0.1.attacker.example:{port}",
        "localhost.attacker.example:{port}",
        "127.0.0.1:{other}",
        "localhost:{other}",
        "localhost:{port}x",
        "[::1",
        "",
    ],
)
def test_requests_naming_another_host_are_refused(served: Served, host: str) -> None:
    """A page whose own domain name points at 127.0.0.1 (DNS rebinding) reads nothing."""
    port, _state, _secret = served
    name = host.format(port=port, other=port + 1 if port < 65535 else port - 1)
    for target in ("/", "/about/", "/css/style.css", "/_blogfolio/events", "/_blogfolio/reload.js"):
        head = f"GET {target} HTTP/1.1\r\nHost: {name}\r\nConnection: close\r\n\r\n"
        status, headers, body = raw_request(port, head.encode())
        assert status == 421, (name, target)
        assert headers["content-type"] == "text/plain; charset=utf-8"
        assert b"home" not in body and b"about" not in body and b"color" not in body


def test_a_request_without_host_is_refused(served: Served) -> None:
    port, _state, _secret = served
    status, _headers, body = raw_request(port, b"GET / HTTP/1.0\r\n\r\n")
    assert status == 421 and b"home" not in body


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LocalHost:{port}",
                                  "[::1]:{port}"])  # fmt: skip
def test_the_servers_own_names_are_answered(served: Served, host: str) -> None:
    port, _state, _secret = served
    head = f"GET / HTTP/1.1\r\nHost: {host.format(port=port)}\r\nConnection: close\r\n\r\n"
    status, _headers, body = raw_request(port, head.encode())
    assert status == 200 and b"home" in body


def test_host_rules_for_other_interfaces() -> None:
    lan = host_policy("192.168.1.20", 8000)
    assert host_allowed("192.168.1.20:8000", lan)
    assert host_allowed("localhost:8000", lan)
    assert not host_allowed("192.168.1.21:8000", lan)
    assert not host_allowed("rebind.attacker.example:8000", lan)
    everywhere = host_policy("0.0.0.0", 8000)
    assert host_allowed("192.168.1.20:8000", everywhere)
    assert host_allowed("[fe80::1]:8000", everywhere)
    assert not host_allowed("rebind.attacker.example:8000", everywhere)
    assert not host_allowed("192.168.1.20:8001", everywhere)
    assert host_allowed("localhost", host_policy("127.0.0.1", 80))
    assert not host_allowed("localhost:8000" + "0" * 400, everywhere)


@pytest.mark.parametrize("value", ["²", "١٢", "9" * 5000, "-1", "1e3", " ", "0x10", "12 13"])
def test_odd_last_event_ids_count_as_absent(value: str) -> None:
    assert last_event_id(value) is None


def test_plain_last_event_ids_are_read() -> None:
    assert last_event_id("42") == 42
    assert last_event_id(None) is None


@pytest.mark.parametrize("value", ["²", "9" * 5000])
def test_an_odd_last_event_id_still_gets_the_stream(served: Served, value: str) -> None:
    port, _state, _secret = served
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        request = (
            f"GET /_blogfolio/events?path=/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Last-Event-ID: {value}\r\n\r\n"
        )
        sock.sendall(request.encode("latin-1"))
        message = _read_until(sock, b'"css"')
    assert message.startswith(b"HTTP/1.1 200")
    assert b"event: state" in message and b'"reload": false' in message


@pytest.fixture
def impatient(tmp_path: Path) -> Iterator[tuple[int, LiveState]]:
    """A server that closes idle connections after half a second and pings every 0.1 s."""
    state = LiveState({"index.html": RenderedFile("index.html", b"<body>home</body>")})
    server = PreviewServer(("127.0.0.1", 0), state, idle_seconds=0.5, keepalive_seconds=0.1)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], state
    state.stop()
    server.shutdown()
    server.server_close()
    thread.join(2)


@pytest.mark.parametrize(
    "sent", [b"", b"GET / HTTP/1.1\r\n", b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"]
)
def test_a_connection_that_goes_quiet_is_closed(
    impatient: tuple[int, LiveState], sent: bytes
) -> None:
    port, _state = impatient
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(sent)
        assert _read_all(sock) == b""  # closed by the server, not by our 10 s timeout


def test_an_idle_keep_alive_connection_is_closed_after_its_answer(
    impatient: tuple[int, LiveState],
) -> None:
    port, _state = impatient
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        data = _read_all(sock)
    assert data.startswith(b"HTTP/1.1 200") and b"home" in data


def test_event_streams_outlive_the_idle_timeout_with_pings(
    impatient: tuple[int, LiveState],
) -> None:
    port, state = impatient
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET /_blogfolio/events?path=/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
                     .encode())  # fmt: skip
        data = _read_until(sock, b'"css"')
        while data.count(b": keepalive") < 10:  # a second of pings: twice the idle timeout
            chunk = sock.recv(4096)
            assert chunk, "the stream was closed"
            data += chunk
        files = {"index.html": RenderedFile("index.html", b"<body>new</body>")}
        state.publish(files, {"index.html"}, None)
        assert b'"reload": true' in _read_until(sock, b'"reload": true')


def _read_all(sock: socket.socket) -> bytes:
    data = b""
    while chunk := sock.recv(4096):
        data += chunk
    return data
