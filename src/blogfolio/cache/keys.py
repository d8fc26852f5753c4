"""Keys for the store: digests of exactly the inputs a stage result was computed from.

Stage: cache. Imports only the standard library. A key is a BLAKE2b digest over
length-prefixed parts, so ("ab", "c") and ("a", "bc") never collide. Values are
folded into bytes structurally (dataclasses field by field, containers item by
item, everything else by `repr`), and a caller may swap chosen types for a token
of its own (list pages fold each post card into its card digest).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

DEPENDENCIES = ("markdown-it-py", "mdit-py-plugins", "jinja2", "pygments", "nh3", "pyyaml")
"""Libraries whose upgrade may change output: their versions are part of every key."""
SIZE = 20


def digest(*parts: bytes | str) -> bytes:
    """One key over several parts."""
    h = hashlib.blake2b(digest_size=SIZE)
    for part in parts:
        raw = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(raw).to_bytes(8, "little"))
        h.update(raw)
    return h.digest()


def bytes_digest(data: bytes) -> bytes:
    """The digest of a file's bytes."""
    return hashlib.blake2b(data, digest_size=SIZE).digest()


def value_digest(value: Any) -> bytes:
    """Digest of a plain value (str, numbers, dates, tuples, dicts, frozen dataclasses)."""
    return digest(repr(value))


def versions_digest(package: str, own_version: str, code: Path | None = None) -> bytes:
    """The blogfolio version, the libraries that shape output, and the package's own code
    (so a changed checkout between two releases does not reuse stale results)."""
    parts: list[bytes | str] = [f"{package}={own_version}"]
    if code is not None:
        for path in sorted(code.rglob("*.py")):
            parts += [path.relative_to(code).as_posix(), bytes_digest(path.read_bytes())]
    for name in DEPENDENCIES:
        try:
            parts.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name}=missing")
    return digest(*parts)


Token = Callable[[Any], bytes]


class Folder:
    """Folds values into digests; `tokens` replace chosen types by a digest of their own."""

    def __init__(
        self, tokens: Mapping[type, Token] | None = None, leaves: Iterable[type] = ()
    ) -> None:
        self.tokens = dict(tokens or {})
        self.leaves = frozenset(leaves)
        """Types folded by their `repr` in one step: plain frozen values holding no token type."""
        self._fields: dict[type, tuple[str, ...]] = {}

    def fold(self, value: Any) -> bytes:
        """The digest of `value`."""
        h = hashlib.blake2b(digest_size=SIZE)
        self._feed(h, value)
        return h.digest()

    def _feed(self, h: Any, value: Any) -> None:
        kind = type(value)
        token = self.tokens.get(kind)
        if token is not None:
            h.update(b"T")
            h.update(token(value))
        elif kind is str:
            raw = value.encode("utf-8", "surrogatepass")
            h.update(b"s" + len(raw).to_bytes(8, "little"))
            h.update(raw)
        elif isinstance(value, str):  # Markup and friends: not the same as plain text
            raw = value.encode("utf-8", "surrogatepass")
            h.update(b"m" + kind.__qualname__.encode() + len(raw).to_bytes(8, "little"))
            h.update(raw)
        elif kind in self.leaves:
            raw = repr(value).encode("utf-8", "surrogatepass")
            h.update(b"r" + len(raw).to_bytes(8, "little"))
            h.update(raw)
        elif kind is tuple or kind is list:
            h.update(b"(" + len(value).to_bytes(8, "little"))
            for item in value:
                self._feed(h, item)
        elif isinstance(value, Mapping):
            h.update(b"{" + len(value).to_bytes(8, "little"))
            for key, item in value.items():
                self._feed(h, key)
                self._feed(h, item)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            names = self._fields.get(kind)
            if names is None:
                names = self._fields[kind] = tuple(f.name for f in dataclasses.fields(value))
            h.update(b"D")
            h.update(kind.__qualname__.encode())
            for name in names:
                self._feed(h, getattr(value, name))
        else:
            raw = repr(value).encode("utf-8", "surrogatepass")
            h.update(b"r" + len(raw).to_bytes(8, "little"))
            h.update(raw)
