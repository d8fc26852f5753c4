"""The disk cache on real files: it returns what was stored, or a miss, and never runs code.

Every hostile case here edits the SQLite file the way a damaged disk, a stale
version, another user or a malicious commit would, then checks that the store
answers with a miss (or the right value) instead of raising or unpickling.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import pickle
import random
import sqlite3
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from blogfolio.cache.database import DB_NAME, row_id
from blogfolio.cache.disk import DiskStore
from blogfolio.cache.folder import CACHE_DIR, cache_info, open_store
from blogfolio.cache.seal import KEY_FILE_ENV, MAC_BYTES, CacheUnavailable, Sealer, load_secret
from blogfolio.cache.store import NullStore
from blogfolio.errors import Diagnostic, Severity

SECRET = bytes(range(32))
OTHER_SECRET = bytes(range(100, 132))
DAY = 86_400.0


@dataclass(frozen=True, slots=True)
class Card:
    """Shaped like the pipeline's values: frozen, slotted, tuples, aware datetimes, paths."""

    title: str
    date: datetime
    tags: tuple[str, ...]
    source: Path
    url: PurePosixPath
    html: bytes


class Booby:
    """Unpickling this creates the file named by `marker`: proof that code ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (open, (str(self.marker), "w"))


@pytest.fixture(autouse=True)
def user_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the signing key in a temporary "user cache", never the real one."""
    key = tmp_path / "user-cache" / "blogfolio" / "key"
    monkeypatch.setenv(KEY_FILE_ENV, str(key))
    return key


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    return root


@pytest.fixture
def folder(site: Path) -> Path:
    return site / CACHE_DIR


@pytest.fixture
def store(folder: Path) -> Iterator[DiskStore]:
    opened = DiskStore(folder, secret=SECRET)
    yield opened
    opened.close()


def a_card(n: int = 1) -> Card:
    when = datetime(2025, 3, 9, 1, 30, tzinfo=ZoneInfo("America/Chicago"))
    return Card(
        f"Post {n}", when, ("career", "résumé"), Path("content/posts") / f"p{n}.md",
        PurePosixPath(f"/posts/p{n}/"), b"<p>\x00\xff</p>" * n,
    )  # fmt: skip


def remember(folder: Path, items: dict[bytes, Any], stage: str = "card", **opts: Any) -> None:
    """Write `items` in one build of their own and close the store."""
    opened = DiskStore(folder, secret=opts.pop("secret", SECRET), **opts)
    for key, value in items.items():
        opened.put(stage, key, value)
    opened.end_build()
    opened.close()


def recall(folder: Path, key: bytes, stage: str = "card", **opts: Any) -> Any:
    """What a fresh store (a new build) finds under `key`."""
    opened = DiskStore(folder, secret=opts.pop("secret", SECRET), **opts)
    try:
        return opened.get(stage, key)
    finally:
        opened.close()


def edit_rows(folder: Path, sql: str, *args: Any) -> None:
    """Change the database behind the store's back, as a damaged disk or an attacker would."""
    conn = sqlite3.connect(folder / DB_NAME)
    with conn:
        conn.execute(sql, args)
    conn.close()


def rid(key: bytes, stage: str = "card") -> int:
    return row_id(stage, key)


def stored_blob(folder: Path, key: bytes) -> bytes:
    conn = sqlite3.connect(folder / DB_NAME)
    (blob,) = conn.execute(
        "SELECT value FROM blobs WHERE id = ?", (row_id("card", key),)
    ).fetchone()
    conn.close()
    return bytes(blob)


# -- round trips -------------------------------------------------------------------


def test_typical_values_survive_a_new_build(folder: Path) -> None:
    values: dict[bytes, Any] = {
        b"card": a_card(3),
        b"cards": (a_card(1), a_card(2)),
        b"mapping": {"words": 835, "when": a_card().date, "none": None},
        b"bytes": bytes(range(256)) * 40,
        b"empty": (),
    }
    remember(folder, values)
    for key, value in values.items():
        found = recall(folder, key)
        assert found == value
        assert type(found) is type(value)
    assert recall(folder, b"card").date.tzinfo == ZoneInfo("America/Chicago")


def test_slotted_values_are_stored_in_the_quick_to_load_form(folder: Path) -> None:
    remember(folder, {b"card": a_card(2)})
    payload = stored_blob(folder, b"card")[MAC_BYTES:]
    assert payload[:1] == b"p"  # small, so not compressed
    looked_up: list[str] = []

    class Recording(pickle.Unpickler):
        def find_class(self, module: str, name: str) -> Any:
            looked_up.append(f"{module}.{name}")
            return super().find_class(module, name)

    assert Recording(io.BytesIO(payload[1:])).load() == a_card(2)
    assert "blogfolio.cache.pickling._rebuild" in looked_up
    assert "blogfolio.cache.pickling._path" in looked_up
    assert not any(name.startswith(("dataclasses.", "pathlib.Posix")) for name in looked_up)


def test_a_value_put_in_this_build_is_found_before_end_build(store: DiskStore) -> None:
    store.put("body", b"k", a_card())
    assert store.get("body", b"k") == a_card()
    assert store.get("other-stage", b"k") is None


def test_stage_and_key_both_select_the_entry(folder: Path) -> None:
    remember(folder, {b"k": "in body"}, stage="body")
    remember(folder, {b"k": "in route"}, stage="route")
    assert recall(folder, b"k", stage="body") == "in body"
    assert recall(folder, b"k", stage="route") == "in route"
    assert recall(folder, b"k", stage="feed") is None


def test_an_unpicklable_value_is_not_remembered(store: DiskStore) -> None:
    store.put("body", b"k", lambda: 1)
    store.end_build()
    assert store.get("body", b"k") is None
    assert store.stats["dropped"] == 1


# -- damaged, foreign and hostile entries ------------------------------------------------


def test_truncated_entries_are_misses(folder: Path) -> None:
    remember(folder, {b"short": a_card(), b"empty": a_card(), b"halved": a_card(50)})
    edit_rows(folder, "UPDATE blobs SET value = substr(value, 1, 20) WHERE id = ?", rid(b"short"))
    edit_rows(folder, "UPDATE blobs SET value = x'' WHERE id = ?", rid(b"empty"))
    edit_rows(
        folder, "UPDATE blobs SET value = substr(value, 1, length(value) / 2) WHERE id = ?",
        rid(b"halved"),
    )  # fmt: skip
    for key in (b"short", b"empty", b"halved"):
        assert recall(folder, key) is None


@pytest.mark.parametrize("position", [0, 31, 32, 40, -1])
def test_a_flipped_bit_anywhere_makes_a_miss(folder: Path, position: int) -> None:
    remember(folder, {b"k": a_card(), b"neighbour": a_card(2)})
    blob = bytearray(stored_blob(folder, b"k"))
    blob[position] ^= 0x04
    edit_rows(folder, "UPDATE blobs SET value = ? WHERE id = ?", bytes(blob), rid(b"k"))
    assert recall(folder, b"k") is None
    assert recall(folder, b"neighbour") == a_card(2)


def test_a_row_of_the_wrong_type_is_a_miss(folder: Path) -> None:
    remember(folder, {b"k": a_card()})
    edit_rows(folder, "UPDATE blobs SET value = 'text, not bytes'")
    edit_rows(folder, "UPDATE entries SET last_used = 'x'")
    assert recall(folder, b"k") is None


def test_an_entry_moved_to_another_key_is_a_miss(folder: Path) -> None:
    remember(folder, {b"title-a": "A", b"title-b": "B"})
    a, b = rid(b"title-a"), rid(b"title-b")
    edit_rows(folder, "DELETE FROM entries WHERE id = ?", b)
    edit_rows(folder, "DELETE FROM blobs WHERE id = ?", b)
    edit_rows(folder, "UPDATE entries SET id = ?, key = ? WHERE id = ?", b, b"title-b", a)
    edit_rows(folder, "UPDATE blobs SET id = ? WHERE id = ?", b, a)
    assert recall(folder, b"title-b") is None


def test_an_entry_signed_with_another_users_key_is_a_miss(folder: Path) -> None:
    remember(folder, {b"mine": "mine"})
    theirs = Sealer(OTHER_SECRET, "blogfolio 0.1.0").seal("card", b"k", pickle.dumps("theirs"))
    edit_rows(folder, "INSERT INTO entries VALUES (?, 'card', ?, 1, 0)", rid(b"k"), b"k")
    edit_rows(folder, "INSERT INTO blobs VALUES (?, ?)", rid(b"k"), theirs)
    assert recall(folder, b"k") is None
    assert recall(folder, b"mine") == "mine"


def test_a_row_whose_id_collides_with_another_key_is_a_miss(folder: Path) -> None:
    remember(folder, {b"other": "other"})
    edit_rows(folder, "UPDATE entries SET id = ? WHERE id = ?", rid(b"k"), rid(b"other"))
    edit_rows(folder, "UPDATE blobs SET id = ? WHERE id = ?", rid(b"k"), rid(b"other"))
    assert recall(folder, b"k") is None


def hostile_blobs(marker: Path) -> list[bytes]:
    """A code-running pickle: bare, behind a made-up signature, and signed by a stranger."""
    payload = pickle.dumps(Booby(marker))
    return [
        payload,
        b"\0" * 32 + payload,
        Sealer(OTHER_SECRET, "blogfolio 0.1.0").seal("card", b"k", payload),
    ]


def test_the_hostile_pickle_does_run_code_when_unpickled(tmp_path: Path) -> None:
    """Check the bait itself, so the next test's silence means something."""
    marker = tmp_path / "ran"
    pickle.loads(hostile_blobs(marker)[0])
    assert marker.exists()


@pytest.mark.parametrize("which", [0, 1, 2])
def test_a_malicious_pickle_in_the_database_is_never_loaded(
    folder: Path, tmp_path: Path, which: int
) -> None:
    marker = tmp_path / "ran"
    remember(folder, {b"k": "honest"})
    blob = hostile_blobs(marker)[which]
    edit_rows(folder, "UPDATE blobs SET value = ? WHERE id = ?", blob, rid(b"k"))
    assert recall(folder, b"k") is None
    assert not marker.exists()


def test_a_cache_folder_committed_by_someone_else_runs_nothing(
    tmp_path: Path, site: Path, user_key: Path
) -> None:
    """A classmate's cache, signed with their key and laced with bait, arrives in a clone."""
    marker = tmp_path / "ran"
    theirs = tmp_path / "their-site" / CACHE_DIR
    remember(theirs, {b"k": "theirs"}, secret=OTHER_SECRET)
    edit_rows(
        theirs, "UPDATE blobs SET value = ? WHERE id = ?", hostile_blobs(marker)[2], rid(b"k")
    )
    os.rename(theirs, site / CACHE_DIR)
    warnings: list[Diagnostic] = []
    store = open_store(site, enabled=True, warn=warnings.append)
    assert isinstance(store, DiskStore)
    assert store.get("card", b"k") is None
    store.close()
    assert not marker.exists()
    assert cache_info(site).entries == 0  # their rows were dropped, not kept for later
    assert not _inside(user_key, site)


def _inside(path: Path, folder: Path) -> bool:
    return folder.resolve() in path.resolve().parents


def test_a_new_blogfolio_version_makes_old_entries_misses(folder: Path) -> None:
    remember(folder, {b"k": a_card()}, tag="blogfolio 0.1.0; python 3.11")
    assert recall(folder, b"k", tag="blogfolio 0.1.0; python 3.11") == a_card()
    assert recall(folder, b"k", tag="blogfolio 0.2.0; python 3.11") is None
    assert recall(folder, b"k", tag="blogfolio 0.1.0; python 3.11") is None  # dropped, not kept


# -- damaged or unusable databases ---------------------------------------------------


def test_a_garbage_file_in_place_of_the_database_is_replaced_with_one_warning(
    site: Path, folder: Path
) -> None:
    folder.mkdir()
    (folder / DB_NAME).write_bytes(b"this is not SQLite\n" * 500)
    warnings: list[Diagnostic] = []
    store = open_store(site, enabled=True, warn=warnings.append)
    assert store.get("card", b"k") is None
    store.put("card", b"k", "fresh")
    store.end_build()
    store.close()
    assert len(warnings) == 1
    assert warnings[0].severity is Severity.WARNING
    assert "damaged" in warnings[0].message
    assert recall(folder, b"k", secret=load_secret()) == "fresh"


def test_someone_elses_sqlite_file_is_replaced(site: Path, folder: Path) -> None:
    folder.mkdir()
    conn = sqlite3.connect(folder / DB_NAME)
    conn.execute("CREATE TABLE entries (stage, key, size, last_used, value)")
    conn.execute("CREATE TRIGGER t AFTER INSERT ON entries BEGIN DELETE FROM entries; END")
    conn.commit()
    conn.close()
    warnings: list[Diagnostic] = []
    store = open_store(site, enabled=True, warn=warnings.append)
    store.put("card", b"k", "kept")
    store.end_build()
    store.close()
    assert len(warnings) == 1
    assert recall(folder, b"k", secret=load_secret()) == "kept"


def test_a_truncated_database_gives_right_values_or_misses(folder: Path) -> None:
    values = {i.to_bytes(4, "big"): a_card(i % 7 + 1) for i in range(400)}
    remember(folder, values)
    db = folder / DB_NAME
    db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])
    warnings: list[Diagnostic] = []
    store = DiskStore(folder, secret=SECRET, warn=warnings.append)
    found = [store.get("card", key) for key in values]
    store.put("card", b"new", "value")
    store.end_build()
    store.close()
    assert all(
        value is None or value == values[key] for key, value in zip(values, found, strict=True)
    )
    assert len(warnings) <= 1
    after = DiskStore(folder, secret=SECRET)  # the next build starts on a sound file
    assert after.get("card", next(iter(values))) in (None, next(iter(values.values())))
    after.close()


@pytest.mark.parametrize("where", [0.3, 0.6, 0.9])
def test_garbage_inside_the_database_gives_right_values_or_misses(
    folder: Path, where: float
) -> None:
    values = {i.to_bytes(4, "big"): a_card(i % 7 + 1) for i in range(400)}
    remember(folder, values)
    db = folder / DB_NAME
    data = bytearray(db.read_bytes())
    start = int(len(data) * where)
    data[start : start + 8192] = bytes((i * 151 + 7) % 256 for i in range(8192))
    db.write_bytes(bytes(data))
    warnings: list[Diagnostic] = []
    store = DiskStore(folder, secret=SECRET, warn=warnings.append)
    found = [store.get("card", key) for key in values]
    store.close()
    assert all(
        value is None or value == values[key] for key, value in zip(values, found, strict=True)
    )
    assert len(warnings) <= 1
    remember(folder, {b"after": "after"})  # the next build works on a sound file
    assert recall(folder, b"after") == "after"


def test_a_directory_in_place_of_the_database_means_no_cache(site: Path, folder: Path) -> None:
    (folder / DB_NAME).mkdir(parents=True)
    warnings: list[Diagnostic] = []
    store = open_store(site, enabled=True, warn=warnings.append)
    assert isinstance(store, NullStore)
    assert len(warnings) == 1


def test_a_symlinked_cache_folder_is_not_written_through(site: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (site / CACHE_DIR).symlink_to(elsewhere)
    warnings: list[Diagnostic] = []
    store = open_store(site, enabled=True, warn=warnings.append)
    store.put("card", b"k", "v")
    store.end_build()
    assert isinstance(store, NullStore)
    assert list(elsewhere.iterdir()) == []
    assert "symbolic link" in warnings[0].message


def test_a_cache_folder_that_cannot_be_made_means_no_cache(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("a file where the site's folder should be")
    warnings: list[Diagnostic] = []
    store = open_store(not_a_folder, enabled=True, warn=warnings.append)
    assert isinstance(store, NullStore)
    assert len(warnings) == 1 and "building without it" in warnings[0].message


def test_disabled_means_a_null_store_and_no_folder(site: Path) -> None:
    assert isinstance(open_store(site, enabled=False), NullStore)
    assert not (site / CACHE_DIR).exists()


def test_a_database_locked_by_another_program_means_no_cache_this_time(folder: Path) -> None:
    remember(folder, {b"k": "v"})
    holder = sqlite3.connect(folder / DB_NAME, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(CacheUnavailable, match="locked"):
            DiskStore(folder, secret=SECRET, open_seconds=0.1)
    finally:
        holder.close()
    assert recall(folder, b"k") == "v"


def test_a_writer_that_cannot_get_the_lock_skips_its_batch(folder: Path) -> None:
    remember(folder, {b"old": "old"})
    holder = sqlite3.connect(folder / DB_NAME, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    store = DiskStore(folder, secret=SECRET, busy_seconds=0.05)
    assert store.get("card", b"old") == "old"  # readers do not wait for writers
    store.put("card", b"new", "new")
    store.end_build()
    holder.execute("ROLLBACK")
    holder.close()
    store.put("card", b"later", "later")
    store.end_build()
    store.close()
    assert recall(folder, b"new") is None
    assert recall(folder, b"later") == "later"


# -- the signing key -------------------------------------------------------------------


def test_the_key_is_made_once_private_and_outside_the_site(site: Path, user_key: Path) -> None:
    store = open_store(site, enabled=True)
    store.close()
    assert stat.S_IMODE(user_key.stat().st_mode) == 0o600
    assert load_secret(user_key) == load_secret(user_key)
    assert not any(path.name == "key" for path in site.rglob("*"))


def test_a_key_others_can_read_is_refused(site: Path, user_key: Path) -> None:
    load_secret(user_key)
    user_key.chmod(0o644)
    with pytest.raises(CacheUnavailable, match="another user"):
        load_secret(user_key)
    warnings: list[Diagnostic] = []
    assert isinstance(open_store(site, enabled=True, warn=warnings.append), NullStore)
    assert "chmod 600" in (warnings[0].hint or "")


def test_a_key_file_inside_the_site_is_refused(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_FILE_ENV, str(site / "key"))
    warnings: list[Diagnostic] = []
    assert isinstance(open_store(site, enabled=True, warn=warnings.append), NullStore)
    assert not (site / "key").exists()
    assert "inside the site" in warnings[0].message


# -- staying bounded ------------------------------------------------------------------


def test_entries_unused_for_thirty_days_are_pruned(folder: Path) -> None:
    now = [1_700_000_000.0]
    clock = lambda: now[0]  # noqa: E731
    remember(folder, {b"used": "u", b"unused": "x"}, clock=clock)
    now[0] += 20 * DAY
    assert recall(folder, b"used", clock=clock) == "u"  # a hit refreshes last_used
    now[0] += 15 * DAY
    remember(folder, {}, clock=clock)  # a build that prunes
    assert recall(folder, b"used", clock=clock) == "u"
    assert recall(folder, b"unused", clock=clock) is None


def test_entries_dated_in_the_future_are_pruned(folder: Path) -> None:
    now = [1_700_000_000.0]
    remember(folder, {b"k": "v"}, clock=lambda: now[0] + 400 * DAY)
    remember(folder, {}, clock=lambda: now[0])
    assert recall(folder, b"k", clock=lambda: now[0]) is None


def test_the_oldest_entries_go_first_when_the_cache_is_too_big(folder: Path) -> None:
    now = [1_700_000_000.0]
    clock = lambda: now[0]  # noqa: E731
    for i in range(10):
        now[0] += 60
        noise = random.Random(i).randbytes(10_000)  # as big stored as it is: no compression
        remember(folder, {bytes([i]): noise}, clock=clock, max_bytes=55_000)
    survivors = [i for i in range(10) if recall(folder, bytes([i]), clock=clock) is not None]
    assert survivors == list(range(10 - len(survivors), 10))
    assert 3 <= len(survivors) <= 5
    assert (cache_info(folder.parent).entries or 0) == len(survivors)


def test_large_pages_are_stored_compressed_and_come_back_whole(folder: Path) -> None:
    page = "".join(f"<li><a href='../p{i}/'>Post {i}</a></li>\n" for i in range(400)).encode()
    entries = {b"page": page, b"small": b"<p>hi</p>"}
    remember(folder, entries, max_bytes=len(page) // 2, compressed={"card"})
    assert recall(folder, b"page") == page  # kept although the raw page is over the bound
    assert recall(folder, b"small") == b"<p>hi</p>"
    assert len(stored_blob(folder, b"page")) < len(page) // 4
    remember(folder, {b"page": page})  # a stage not named for compression: stored as it is
    assert len(stored_blob(folder, b"page")) > len(page)
    assert recall(folder, b"page") == page


# -- two builds at once ----------------------------------------------------------------


def expected(i: int) -> tuple[int, Card]:
    return (i, a_card(i % 5 + 1))


def hammer(folder: str, key_file: str, seed: int, start: Any, results: Any) -> None:
    """One 'build' per round: read every key, check each hit, write some, end the build."""
    os.environ[KEY_FILE_ENV] = key_file
    hits = skipped = 0
    try:
        start.wait(timeout=60)
        for round_no in range(30):
            store = DiskStore(Path(folder), busy_seconds=0.05)
            for i in range(150):
                found = store.get("card", i.to_bytes(2, "big"))
                if found is not None and found != expected(i):
                    raise AssertionError(f"key {i} gave {found!r}")
                hits += found is not None
                if (i + seed + round_no) % 3 == 0:
                    store.put("card", i.to_bytes(2, "big"), expected(i))
            store.end_build()
            skipped += store.stats["skipped"]
            store.close()
    except BaseException as exc:
        results.put(f"{type(exc).__name__}: {exc}")
        return
    results.put((hits, skipped))


def test_two_processes_share_one_cache_without_harm(folder: Path, user_key: Path) -> None:
    """Both start at once on no cache and no key, so they also race to create them."""
    spawn = multiprocessing.get_context("spawn")
    start, results = spawn.Barrier(2), spawn.Queue()
    workers = [
        spawn.Process(target=hammer, args=(str(folder), str(user_key), seed, start, results))
        for seed in (0, 1)
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=180) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert all(isinstance(outcome, tuple) for outcome in outcomes), outcomes
    assert sum(hits for hits, _ in outcomes) > 0
    conn = sqlite3.connect(folder / DB_NAME)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    store = DiskStore(folder)
    assert all(store.get("card", i.to_bytes(2, "big")) in (None, expected(i)) for i in range(150))
    store.close()


def _read_in_child(store: DiskStore, results: Any) -> None:
    store.put("card", b"from the child", "lost")
    results.put(store.get("card", b"k"))


def test_a_forked_process_gets_misses_and_writes_nothing(folder: Path) -> None:
    """A worker forked during a build inherits the store's SQLite connection and lock,
    which must not be used across a fork: it sees misses, and what it puts is dropped."""
    remember(folder, {b"k": "kept"})
    store = DiskStore(folder, secret=SECRET)
    assert store.get("card", b"k") == "kept"
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    child = context.Process(target=_read_in_child, args=(store, results))
    child.start()
    found = results.get(timeout=30)
    child.join(timeout=30)
    store.end_build()
    store.close()
    assert found is None
    assert recall(folder, b"from the child") is None
    assert recall(folder, b"k") == "kept"
