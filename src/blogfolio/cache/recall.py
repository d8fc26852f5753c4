"""Results of pure functions of immutable values, remembered by those values' identity.

Stage: cache. Imports only the standard library. Between the rebuilds of
`serve`, the stores hand back the very objects they were given, so an unchanged
post keeps its parsed metadata and rendered body as the same objects. What is
made from them (its page, its views, their digests) can then be found by the
objects' identity, a dict lookup, instead of being made and digested again.

An entry holds its objects, so their ids cannot be reused while it lives. Every
entry is also tied to the build's `base` (versions, configuration, options):
a new base forgets everything. Entries unused for two builds are dropped at
the next sweep.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, NamedTuple, TypeVar

T = TypeVar("T")
R = TypeVar("R")

SWEEP = 8
"""Builds between two sweeps of unused entries, at most."""
Entry = list[Any]
"""[the build that last used it, the objects it was made from, the result]; a list, so
marking it used is one store, not a second hash of its key."""


_EACH = "each "
"""Prefix of the `latest` tables that `each` keeps its last call under."""


class _Each(NamedTuple):
    items: tuple[object, ...]
    results: tuple[object, ...]
    pins: tuple[Entry | None, ...]
    extra: Hashable


class Recall:
    """Identity-keyed results, kept across the builds of one process."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        """False for a build that must start from nothing (`--no-cache`)."""
        self._base = b""
        self._build = 0
        self._entries: dict[tuple[Hashable, ...], Entry] = {}
        self._swept = 0
        """The build of the last sweep, and how many entries it kept."""
        self._kept = 0
        self.made: dict[str, int] = {}
        """How many results of each table were made (missed) in this build, for tests."""
        self._latest: dict[str, Any] = {}
        """One value per table from the last build that set it (`latest`)."""
        self._pins: dict[str, Sequence[Entry | None]] = {}
        """Entries each latest value stands for, kept through sweeps while it does."""

    def begin(self, base: bytes) -> None:
        """Start a build whose results all depend on `base`."""
        if base != self._base:
            self._entries.clear()
            self._latest.clear()
            self._pins.clear()
            self._base = base
        self.made = {}

    def get(self, table: str, objects: tuple[object, ...], extra: Hashable = ()) -> Any | None:
        """The result made from exactly these objects (and `extra`), or None."""
        entry = self._entries.get((table, extra, *map(id, objects)))
        if entry is None:
            self.count(table)
            return None
        entry[0] = self._build
        return entry[2]

    def count(self, table: str) -> None:
        """Count one result of `table` made in this build (`get` counts its own misses)."""
        self.made[table] = self.made.get(table, 0) + 1

    def put(self, table: str, objects: tuple[object, ...], value: Any, extra: Hashable = ()) -> Any:
        """Remember `value` (never None) as made from `objects`; return it."""
        if self.enabled:
            self._entries[(table, extra, *map(id, objects))] = [self._build, objects, value]
        return value

    def held(self, table: str, objects: tuple[object, ...], extra: Hashable = ()) -> Entry | None:
        """The entry itself, for a caller that marks it used by `touch` in later builds."""
        return self._entries.get((table, extra, *map(id, objects)))

    def touch(self, entries: Iterable[Entry]) -> None:
        """Mark entries from `held` used in this build."""
        build = self._build
        for entry in entries:
            entry[0] = build

    def latest(self, table: str) -> Any | None:
        """What the last build left under `table` with `set_latest` (same base), or None.

        A stage that walks thousands of items in the same order every build keeps its
        last walk here, and compares it with the new one by position and identity."""
        return self._latest.get(table)

    def set_latest(self, table: str, value: Any, pins: Sequence[Entry | None] = ()) -> None:
        """Leave `value` for the next build's `latest`; it holds what it refers to.

        `pins` are entries (from `held`) that a walk took results of without looking
        them up: sweeps keep them while `value` is the latest, so the build that next
        looks them up (after the order shifts) still finds them, at no cost per build."""
        if self.enabled:
            self._latest[table] = value
            self._pins[table] = pins

    def keep(
        self, table: str, objects: tuple[object, ...], make: Callable[[], R], extra: Hashable = ()
    ) -> R:
        """The result made from exactly these objects (and `extra`), made by `make` once."""
        known = self.get(table, objects, extra)
        if known is None:
            known = self.put(table, objects, make(), extra)
        return known  # type: ignore[no-any-return]

    def each(
        self,
        table: str,
        items: Sequence[T],
        make: Callable[[list[T]], list[R]],
        extra: Hashable = (),
    ) -> list[R]:
        """One result per item, each remembered by its item (and `extra`); `make` gets the
        missing ones in order, in one call, and returns their results in that order.

        An item that is the same object at the same place as in the last call for
        `table` (with the same `extra`) takes its result from that call, without a
        lookup: between the rebuilds of `serve`, nearly every route and file is."""
        entries, build = self._entries, self._build
        walk = self._latest.get(_EACH + table)
        known: list[Any]
        pins: list[Entry | None]
        places: Sequence[int]
        if isinstance(walk, _Each) and walk.extra == extra and len(walk.items) == len(items):
            known, pins = list(walk.results), list(walk.pins)
            places = [i for i, (item, was) in enumerate(zip(items, walk.items, strict=True))
                      if item is not was]  # fmt: skip
        else:
            known, pins, places = [None] * len(items), [None] * len(items), range(len(items))
        for place in places:
            entry = entries.get((table, extra, id(items[place])))
            if entry is None:
                self.count(table)
            else:
                entry[0] = build
            known[place] = None if entry is None else entry[2]
            pins[place] = entry
        missing = [place for place in places if known[place] is None]
        made = make([items[place] for place in missing])
        for place, value in zip(missing, made, strict=True):
            known[place] = value  # a None result is taken by place, but never stored
            if value is not None:
                self.put(table, (items[place],), value, extra)
                pins[place] = entries.get((table, extra, id(items[place])))
        walked = _Each(tuple(items), tuple(known), tuple(pins), extra)
        self.set_latest(_EACH + table, walked, walked.pins)
        return known

    def end_build(self) -> None:
        """Drop entries the last two builds did not use, once they may be many: every
        `SWEEP` builds, or sooner when the table has doubled since the last sweep."""
        self._build += 1
        due = self._build - self._swept >= SWEEP or len(self._entries) > 2 * self._kept + 64
        if due:
            for pins in self._pins.values():
                self.touch(pin for pin in pins if pin is not None)
            oldest = self._build - 2
            self._entries = {k: e for k, e in self._entries.items() if e[0] >= oldest}
            self._swept, self._kept = self._build, len(self._entries)

    def __len__(self) -> int:
        return len(self._entries)
