"""Where stage results are kept: in memory for `serve`, on disk between builds.

Stage: cache. Imports only the standard library. A store never decides whether a
result is still valid; the caller's key says so. A key names exactly the inputs a
result was computed from (see `build`'s key helpers), so a hit is always right
and a miss only costs time. A store may forget anything at any moment.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol


class Store(Protocol):
    """Stage results by (stage, key); missing, corrupt or foreign entries are misses."""

    def get(self, stage: str, key: bytes) -> Any | None:
        """The value stored under `key` for `stage`, or None."""
        ...

    def put(self, stage: str, key: bytes, value: Any) -> None:
        """Remember `value`; it must not be mutated afterwards."""
        ...

    def end_build(self) -> None:
        """Mark the end of one build: persist pending writes and forget long-unused entries."""
        ...

    def close(self) -> None:
        """Release files and connections; the store is not used after this."""
        ...


class MemoryStore:
    """Values kept as live objects; entries unused for `keep` builds are dropped at the
    next sweep, which runs every `SWEEP` builds or once the store has doubled (a pass
    over every entry of a large site would cost a rebuild of one post its time)."""

    SWEEP = 8

    def __init__(self, keep: int = 2) -> None:
        self._keep = keep
        self._build = 0
        self._entries: dict[tuple[str, bytes], list[Any]] = {}
        """[the build that last used it, the value], by (stage, key)."""
        self._swept = 0
        self._kept = 0
        self._pins: dict[str, Sequence[list[Any] | None]] = {}
        """Entries a walk took values of without `get`, by walk (`pin`)."""

    def get(self, stage: str, key: bytes) -> Any | None:
        """The value for (stage, key), marking it used in this build."""
        entry = self._entries.get((stage, key))
        if entry is None:
            return None
        entry[0] = self._build
        return entry[1]

    def put(self, stage: str, key: bytes, value: Any) -> None:
        """Remember `value` as used in this build."""
        self._entries[(stage, key)] = [self._build, value]

    def held(self, stage: str, key: bytes) -> list[Any] | None:
        """The entry itself, for a caller that will mark it used by `touch` in later
        builds instead of looking it up again."""
        return self._entries.get((stage, key))

    def touch(self, entries: Iterable[list[Any]]) -> None:
        """Mark entries from `held` used in this build (an entry dropped since is only
        marked, not brought back)."""
        build = self._build
        for entry in entries:
            entry[0] = build

    def pin(self, walk: str, entries: Sequence[list[Any] | None]) -> None:
        """Keep these entries (from `held`) through sweeps until `walk` pins others: a
        walk that takes values by place marks them so, once, instead of every build."""
        self._pins[walk] = entries

    def end_build(self) -> None:
        """Drop what the last `keep` builds did not use, when a sweep is due."""
        due = self._build - self._swept >= self.SWEEP or len(self._entries) > 2 * self._kept + 64
        if due:
            for pins in self._pins.values():
                self.touch(pin for pin in pins if pin is not None)
            oldest = self._build - self._keep + 1
            self._entries = {k: v for k, v in self._entries.items() if v[0] >= oldest}
            self._swept, self._kept = self._build, len(self._entries)
        self._build += 1

    def close(self) -> None:
        """Forget everything."""
        self._entries.clear()
        self._pins.clear()

    def __len__(self) -> int:
        return len(self._entries)


class NullStore:
    """Remembers nothing: `build --no-cache`."""

    def get(self, stage: str, key: bytes) -> Any | None:
        """Always a miss."""
        return None

    def put(self, stage: str, key: bytes, value: Any) -> None:
        """Drop the value."""

    def end_build(self) -> None:
        """Nothing to persist."""

    def close(self) -> None:
        """Nothing to release."""
