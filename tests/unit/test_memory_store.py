"""The in-memory store of `serve`: what a rebuild uses stays, what nothing uses goes."""

from __future__ import annotations

from blogfolio.cache.store import MemoryStore


def test_an_entry_used_by_every_build_is_never_dropped() -> None:
    store = MemoryStore()
    store.put("page", b"used", "kept")
    for _ in range(3 * MemoryStore.SWEEP):
        assert store.get("page", b"used") == "kept"
        store.end_build()
    assert len(store) == 1


def test_an_unused_entry_is_dropped_by_the_next_sweep() -> None:
    store = MemoryStore()
    store.put("page", b"old", "gone soon")
    store.put("page", b"used", "kept")
    store.end_build()
    for _ in range(MemoryStore.SWEEP):
        store.get("page", b"used")
        store.end_build()
    assert store.get("page", b"old") is None
    assert store.get("page", b"used") == "kept"


def test_a_store_whose_entries_are_all_replaced_stays_bounded() -> None:
    store = MemoryStore()
    store.end_build()  # the first sweep: nothing kept yet
    for n in range(200):  # each build replaces every entry of the one before
        store.put("page", n.to_bytes(2, "big"), n)
        store.end_build()
        assert len(store) <= 2 * 64 + 2
    assert store.get("page", (199).to_bytes(2, "big")) == 199


def test_an_entry_put_again_is_used_in_that_build() -> None:
    store = MemoryStore(keep=1)
    store.put("body", b"k", "first")
    for _ in range(MemoryStore.SWEEP + 1):
        store.end_build()
        store.put("body", b"k", "again")
    assert store.get("body", b"k") == "again"
