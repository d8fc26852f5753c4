"""Related posts: for each post, the few others that share the most tags and skills.

Stage: render. A pure function of the posts, so every build picks the same ones:
the score is the number of shared tags plus shared skills (compared by slug, so
"Python" and "python" meet), ties go to the newer post. Each tag and skill
holds the set of its posts as the bits of one integer, so counting shared marks
for every other post is a few big-integer operations, not a loop over posts.
"""

from __future__ import annotations

from collections.abc import Sequence

from blogfolio.cache.recall import Recall
from blogfolio.content.pages import make_slug
from blogfolio.model import Page

LIMIT = 3
"""How many related posts a post shows."""


def related_posts(
    posts: Sequence[Page], limit: int = LIMIT, recall: Recall | None = None
) -> dict[str, tuple[Page, ...]]:
    """Each post's URL → its related posts, best first; posts sharing nothing get ().
    `posts` are newest first, as the site lists them."""
    picked = related_indices(posts, limit, recall)
    return {
        post.url: tuple(posts[j] for j in chosen)
        for post, chosen in zip(posts, picked, strict=True)
    }


def related_indices(
    posts: Sequence[Page], limit: int = LIMIT, recall: Recall | None = None
) -> tuple[tuple[int, ...], ...]:
    """For each post, the places in `posts` of its related posts, best first.

    The choice depends only on each post's tags and skills in list order, so with a
    `recall` it is made again only when one of those changed (in `serve`, a body edit
    then costs a lookup instead of scoring every post).
    """
    recall = recall if recall is not None else Recall(enabled=False)
    labels = tuple((post.tags, post.skills) for post in posts)
    picked = recall.get("related", (), (labels, limit))
    if picked is None:
        picked = recall.put("related", (), _related_indices(labels, limit), (labels, limit))
    return picked  # type: ignore[no-any-return]


def _related_indices(
    labels: Sequence[tuple[Sequence[str], Sequence[str]]], limit: int
) -> tuple[tuple[int, ...], ...]:
    """For each post's (tags, skills), the indices of its related posts."""
    marks = [_marks(tags, skills) for tags, skills in labels]
    holders: dict[str, int] = {}
    for i, own in enumerate(marks):
        for mark in own:
            holders[mark] = holders.get(mark, 0) | (1 << i)
    return tuple(tuple(_best(sorted(own), holders, i, limit)) for i, own in enumerate(marks))


def _best(own: Sequence[str], holders: dict[str, int], me: int, limit: int) -> list[int]:
    """Indices of the posts sharing most of `own`, newest first among equals.

    Bit j of each holder set stands for post j; the sets are added up bit-sliced
    (slice k holds bit k of every post's count), so one big-integer operation
    counts a mark for all posts at once.
    """
    slices: list[int] = []
    for mark in own:
        carry = holders[mark]
        for k, bits in enumerate(slices):
            slices[k], carry = bits ^ carry, bits & carry
            if not carry:
                break
        if carry:
            slices.append(carry)
    picked: list[int] = []
    others = ~(1 << me)
    for score in range(len(own), 0, -1):
        if score >> len(slices):
            continue
        equal = others
        for k, bits in enumerate(slices):
            equal &= bits if score >> k & 1 else ~bits
        while equal and len(picked) < limit:
            low = equal & -equal
            picked.append(low.bit_length() - 1)
            equal ^= low
        if len(picked) >= limit:
            break
    return picked


def _marks(tags: Sequence[str], skills: Sequence[str]) -> set[str]:
    marks = {"tag:" + make_slug(t) for t in tags} | {"skill:" + make_slug(s) for s in skills}
    return {m for m in marks if not m.endswith(":")}
