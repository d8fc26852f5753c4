"""Pickling of stage results, quicker to load than pickle's defaults for our value types.

Stage: cache. Imports only the standard library. A build with a warm cache loads
thousands of entries (every parsed source, every rendered body, every page's
check), and pickle's own way with two types was most of that time:

* a frozen dataclass with slots is rebuilt by `dataclasses._dataclass_setstate`,
  which looks up the class's fields anew for every object;
* a `Path` is rebuilt from its parts, each parsed again.

So such a dataclass is stored as its class and a tuple of field values and
rebuilt by setting its slots directly, and a path as one string. Only what this
process signed is ever loaded (see `seal`), and `_rebuild` refuses anything but
a dataclass, so nothing here widens what an entry can do.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import pickle
import types
from pathlib import Path
from typing import Any

PROTOCOL = pickle.HIGHEST_PROTOCOL
_CONCRETE_PATH = type(Path())
"""PosixPath here, WindowsPath there."""
_Layout = tuple[tuple[str, ...], tuple[Any, ...]]


def dumps(value: Any) -> bytes:
    """`value` pickled, with our value types in their quick-to-load form."""
    out = io.BytesIO()
    _Pickler(out, PROTOCOL).dump(value)
    return out.getvalue()


def loads(data: bytes | memoryview) -> Any:
    """The value `dumps` made (or any pickle this process signed)."""
    return pickle.loads(data)


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        kind: Any = type(obj)
        if kind is _CONCRETE_PATH:
            return _path, (str(obj),)
        known = _layout(kind)
        if known is None:
            return NotImplemented
        return _rebuild, (kind, tuple([getattr(obj, name) for name in known[0]]))


@functools.cache  # facts about classes, which do not change while the process runs
def _layout(kind: Any) -> _Layout | None:
    """Field names and slot setters of a frozen dataclass with slots whose pickling is
    dataclasses' own; None for every other type (pickled as pickle would)."""
    if not dataclasses.is_dataclass(kind) or "__slots__" not in kind.__dict__:
        return None
    if getattr(kind, "__setstate__", None) is not getattr(dataclasses, "_dataclass_setstate", 0):
        return None  # the class pickles itself its own way
    names = tuple(f.name for f in dataclasses.fields(kind))
    slots = [getattr(kind, name, None) for name in names]
    setters = tuple(s.__set__ for s in slots if isinstance(s, types.MemberDescriptorType))
    return (names, setters) if len(setters) == len(names) else None


def _rebuild(kind: type, values: tuple[Any, ...]) -> Any:
    """A frozen slotted dataclass from its field values, without running `__init__`
    (which may check or derive values: what was stored is what comes back)."""
    known = _layout(kind) if isinstance(kind, type) else None
    if known is None or len(values) != len(known[0]):
        raise pickle.UnpicklingError(f"not a stored value: {kind!r}")
    obj: Any = object.__new__(kind)
    for setter, value in zip(known[1], values, strict=True):
        setter(obj, value)
    return obj


def _path(text: str) -> Path:
    return Path(text)
