"""Whether two values are alike in everything a template could print of them.

Stage: cache. Imports only the standard library. A route made of new view objects
every build (the skills page, the networking log) can keep the last build's route
object when its views are alike, and later stages then take it by identity. `==`
is not enough for that: `Markup("<b>")` equals `"<b>"` but prints differently, as
do `True` and `1`, or two datetimes of one instant in different offsets.
Containers and dataclasses are compared item by item, identical objects at once
(cards are mostly the very objects of the last build).
"""

from __future__ import annotations

import dataclasses
from typing import Any

_PLAIN = frozenset({str, int, bool, bytes, type(None)})


def alike(a: Any, b: Any) -> bool:
    """Whether `a` and `b` have the same types and values all the way down."""
    if a is b:
        return True
    kind = type(a)
    if kind is not type(b):
        return False
    if kind in _PLAIN:
        return bool(a == b)
    if kind is tuple or kind is list:
        return len(a) == len(b) and all(map(alike, a, b))
    if kind is dict:  # keys too: {1: x} and {True: x} print differently
        return len(a) == len(b) and all(
            alike(ka, kb) and alike(va, vb)
            for (ka, va), (kb, vb) in zip(a.items(), b.items(), strict=True)
        )
    if dataclasses.is_dataclass(kind):
        return all(
            alike(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(kind)
        )
    return bool(a == b) and repr(a) == repr(b)  # a date keeps its offset, a float its sign
