"""The walks of `serve`: results taken by place from the last build, and what they keep.

A walk hands back the last build's result for an item that is the same object at the
same place; everything else is looked up or made. Its pins keep the entries it took
results of through the sweeps, for the build whose order shifts.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from markupsafe import Markup

from blogfolio.cache.recall import SWEEP, Recall
from blogfolio.cache.same import alike
from blogfolio.model import RenderedFile
from blogfolio.pipeline.generated import drop_shadowed
from blogfolio.render.collisions import Claim, Kind, known_collisions


class Item:
    def __init__(self, name: str) -> None:
        self.name = name


def each_built(recall: Recall, items: list[Item], asked: list[str]) -> list[str]:
    """One build's `each` over `items`, noting which items had to be made."""
    recall.begin(b"base")

    def make(missing: list[Item]) -> list[str]:
        asked.extend(i.name for i in missing)
        return [i.name.upper() for i in missing]

    results = recall.each("names", items, make)
    recall.end_build()
    return results


def test_each_takes_results_by_place_and_makes_only_new_objects() -> None:
    recall = Recall()
    a, b, c = Item("a"), Item("b"), Item("c")
    asked: list[str] = []
    assert each_built(recall, [a, b], asked) == ["A", "B"]
    assert each_built(recall, [a, c], asked) == ["A", "C"]
    assert asked == ["a", "b", "c"]


def test_each_results_taken_by_place_survive_sweeps_for_a_shifted_order() -> None:
    recall = Recall()
    a, b = Item("a"), Item("b")
    asked: list[str] = []
    each_built(recall, [a, b], asked)
    for _ in range(3 * SWEEP):  # walked: nothing is looked up, so only pins mark them
        each_built(recall, [a, b], asked)
    assert each_built(recall, [b, a], asked) == ["B", "A"]
    assert asked == ["a", "b"]  # found by lookup after the shift, not made again


def test_each_takes_a_none_result_by_place_without_making_it_again() -> None:
    recall = Recall()
    a, b = Item("a"), Item("b")
    asked: list[str] = []

    def make(missing: list[Item]) -> list[str | None]:
        asked.extend(i.name for i in missing)
        return [None if i is a else i.name for i in missing]

    for _ in range(3):
        recall.begin(b"base")
        assert recall.each("maybe", [a, b], make) == [None, "b"]
        recall.end_build()
    assert asked == ["a", "b"]


def test_each_with_other_extra_does_not_take_the_last_results() -> None:
    recall = Recall()
    a = Item("a")
    recall.begin(b"base")
    assert recall.each("names", [a], lambda m: [i.name for i in m], extra=1) == ["a"]
    assert recall.each("names", [a], lambda m: [i.name * 2 for i in m], extra=2) == ["aa"]


def test_latest_pins_are_dropped_with_a_new_base() -> None:
    recall = Recall()
    kept = object()
    recall.begin(b"one")
    recall.put("table", (kept,), "value")
    recall.set_latest("walk", "last", [recall.held("table", (kept,))])
    recall.begin(b"two")
    assert recall.latest("walk") is None
    assert recall.get("table", (kept,)) is None


def files(*paths: str) -> list[RenderedFile]:
    return [RenderedFile(p, p.encode()) for p in paths]


def test_shadowed_files_keep_the_last_one_a_path_sorted_with_or_without_a_walk() -> None:
    recall = Recall()
    recall.begin(b"base")
    first = files("b.html", "a.css", "b.html")
    assert drop_shadowed(first, recall) == [first[1], first[2]]
    again = files("b.html", "a.css", "b.html")  # new objects, the same paths: taken by place
    assert drop_shadowed(again, recall) == [again[1], again[2]]
    other = files("b.html", "c.js", "a.css")
    assert [f.path for f in drop_shadowed(other, recall)] == ["a.css", "b.html", "c.js"]
    assert drop_shadowed(other) == drop_shadowed(other, recall)


def claim(path: str, who: str) -> Claim:
    return Claim(path, who, Kind.PAGE, url="/" + path)


def test_known_collisions_finds_a_clash_after_a_clean_walk() -> None:
    recall = Recall()
    recall.begin(b"base")
    clean = [claim("a/index.html", "one"), claim("b/index.html", "two")]
    assert known_collisions(recall, "t", (), clean) == []
    assert known_collisions(recall, "t", (), list(clean)) == []
    clash = [claim("a/index.html", "one"), claim("A/index.html", "two")]  # case-folded
    assert len(known_collisions(recall, "t", (), clash)) == 1
    assert len(known_collisions(recall, "t", (), clash)) == 1  # a clash is not remembered


def test_alike_values_print_alike_and_equal_ones_may_not() -> None:
    card = Claim("a", "b", Kind.PAGE)
    assert alike({"x": (card, 1, "s")}, {"x": (card, 1, "s")})
    assert alike(Claim("a", "b", Kind.PAGE), Claim("a", "b", Kind.PAGE))
    assert not alike(Markup("<b>"), "<b>")  # equal, but one is escaped when printed
    assert not alike((True,), (1,))
    noon = datetime(2025, 1, 1, 12, tzinfo=UTC)
    assert not alike(noon, noon.astimezone(timezone(timedelta(hours=2))))
    assert not alike({"a": 1, "b": 2}, {"b": 2, "a": 1})  # printed in another order
    assert not alike({1: "good"}, {True: "good"})  # keys print too
    assert not alike(Claim("a", "b", Kind.PAGE), Claim("a", "c", Kind.PAGE))
