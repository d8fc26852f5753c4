"""Record which fields of `site` and of post views a page's render read.

Stage: render. A page's HTML depends on the fields its templates read, not on
everything the views hold: a post page reads its neighbours' titles, not their
word counts, and most pages never read `site.years`. Jinja looks up every
attribute through `Environment.getattr` (and `getitem`, for filters such as
`sort(attribute=...)`), so the environment notes each field asked of a watched
view type. The pipeline keeps these names with the HTML and reuses the HTML
only while those fields are unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import jinja2


class RecordingEnvironment(jinja2.Environment):
    """An environment that notes (kind, field) for every field read from a watched view."""

    watched: Mapping[type, str] = {}
    """View type → the kind it is recorded under ("site", "post", "year")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reads: set[tuple[str, str]] = set()
        self.own: object = None
        """The page being rendered: its fields are noted as kind "page", not "post"."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Jinja's `obj.attribute`, noted when `obj` is a watched view."""
        # Called for every dot in every template (a million times in a cold build of
        # 1,000 posts), so the common case is inlined: an unwatched object, a real
        # attribute. Anything else is Jinja's own lookup.
        if type(obj) in self.watched:
            self._note(obj, attribute)
        try:
            return getattr(obj, attribute)
        except AttributeError:
            return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        """Jinja's `obj[argument]`, noted when `obj` is a watched view."""
        self._note(obj, str(argument))
        return super().getitem(obj, argument)

    def _note(self, obj: Any, field: str) -> None:
        kind = self.watched.get(type(obj))
        if kind == "year":  # `site.years` holds every post: note whose posts were read
            if field == "posts":
                self.reads.add(("year posts", obj.url))
        elif kind is not None:
            self.reads.add(("page" if obj is self.own else kind, field))

    def start(self, own: object) -> None:
        """Begin a render of the page whose own view is `own`."""
        self.reads.clear()
        self.own = own

    def take_reads(self) -> frozenset[tuple[str, str]]:
        """The fields read since `start`."""
        reads = frozenset(self.reads)
        self.reads.clear()
        self.own = None
        return reads
