"""Which `Host` headers the dev server answers: its own addresses only.

Stage: serve. A web page on another site can point its own domain name at
127.0.0.1 (DNS rebinding) and then read the preview, drafts and all, as if it
were its own origin. Its requests still carry that domain in `Host`, so the
server answers only the names it is reached by on this machine: `localhost`,
`127.0.0.1` and `[::1]` with its port, plus the interface given with `--host`.
When that interface is every interface (`0.0.0.0`, `::`), any address written
as an IP literal and this machine's own name are accepted too: a rebinding
page can never be served under an IP literal of its own.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]"})
WILDCARDS = frozenset({"", "0.0.0.0", "::"})


@dataclass(frozen=True, slots=True)
class HostPolicy:
    """The `Host` values one running server accepts."""

    names: frozenset[str]
    """Host names and bracketed IPv6 literals, lowercase, without the port."""
    port: int
    """The port the server listens on; a `Host` without one means port 80."""
    any_ip_literal: bool = False
    """Bound to every interface: any IP literal is one of ours."""


def host_policy(bind_host: str, port: int) -> HostPolicy:
    """The policy for a server bound to `bind_host` and `port`."""
    names = set(LOOPBACK_NAMES)
    wildcard = bind_host in WILDCARDS
    if wildcard:
        own = socket.gethostname().lower()
        names |= {own, f"{own}.local"}
    else:
        names.add(_bracketed(bind_host.lower()))
    return HostPolicy(frozenset(names), port, wildcard)


def host_allowed(header: str | None, policy: HostPolicy) -> bool:
    """Whether a request's `Host` header names this server."""
    if not header or len(header) > 300:
        return False
    name, port = split_host(header.strip().lower())
    if port is None or port != policy.port:
        return False
    if name in policy.names:
        return True
    return policy.any_ip_literal and _is_ip_literal(name)


def split_host(value: str) -> tuple[str, int | None]:
    """`name:port` split; the port is 80 when absent and None when malformed."""
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            return value, None
        name, rest = value[: end + 1], value[end + 1 :]
    else:
        name, sep, port_text = value.rpartition(":")
        if not sep:
            return value, 80
        rest = ":" + port_text
    if not rest:
        return name, 80
    digits = rest[1:]
    if not rest.startswith(":") or not (digits.isascii() and digits.isdigit()) or len(digits) > 5:
        return name, None
    return name, int(digits)


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _is_ip_literal(name: str) -> bool:
    try:
        ipaddress.ip_address(name[1:-1] if name.startswith("[") else name)
    except ValueError:
        return False
    return True
