"""The privacy check: no private value may appear in any file the build would write.

Stage: runs on rendered output, before anything is written (build.py calls it,
so `build`, `check` and `serve` all get it). Imports `errors`, `model` and its own modules.

Each output file is searched for every private value: networking entries'
`private:` mappings, the full names of people who did not consent to be
named, commenters' emails and the résumé fields the student did not publish.
What is compared is what a reader can see or reach, not the bytes: the text
of pages, SVG and feeds with tags and comments removed, attribute values and
URLs with their escapes undone, every output path, text in any encoding, and
what gzip files (the search index) hold once unpacked,
all folded so that case, accents, fullwidth letters, look-alike letters and
invisible characters make no difference (`readable.py`); values are looked
for as sequences of words, phones by their digits (`needles.py`). Values
with fewer than five letters and digits cannot be told apart from ordinary
text and are not searched for. Messages name the entry and the output file,
never the value (build logs may be public); a path holding the value is shown
with that part masked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from blogfolio.errors import Diagnostic, Severity
from blogfolio.model import PrivateValue, RenderedFile
from blogfolio.privacy.needles import Needles, make_needles
from blogfolio.privacy.readable import binary_text, decode, fold, readable_text, unpacked

__all__ = ["PrivacyCheck", "file_leaks", "leak_diagnostics", "path_leaks", "prepare_needles"]

MASK = "…"
"""Shown in messages instead of a path segment that holds a private value."""


@dataclass(frozen=True, slots=True)
class _Hits:
    """What one output file leaks, in its bytes and in its path."""

    marker: object
    """The file's bytes, or its source's stamp: while equal, the file need not be read again."""
    content: tuple[PrivateValue, ...]
    path: tuple[PrivateValue, ...]


class PrivacyCheck:
    """Scans output for private values; remembers clean files between builds."""

    def __init__(self) -> None:
        self._key: tuple[tuple[str, str], ...] = ()
        self._needles = make_needles(())
        self._seen: dict[str, _Hits] = {}

    def scan(
        self, files: Sequence[RenderedFile], secrets: Sequence[PrivateValue]
    ) -> list[Diagnostic]:
        """One error per leaked value, naming where it is declared and the files it is in."""
        key = tuple(sorted({(s.value, s.kind) for s in secrets}))
        if key != self._key:
            self._key, self._needles, self._seen = key, make_needles(secrets), {}
        if not secrets:
            return []
        where: dict[PrivateValue, list[tuple[str, bool]]] = {}
        seen: dict[str, _Hits] = {}
        for item in files:
            marker = item.data if item.data is not None else _file_marker(item.source)
            hits = self._seen.get(item.path)
            if hits is None or not (hits.marker is marker or hits.marker == marker):
                content = _leaks_in(_read(item), self._needles)
                in_path = self._needles.find(fold(unquote(item.path, errors="replace")))
                hits = _Hits(marker, content, tuple(in_path))
            seen[item.path] = hits
            for secret in hits.content:
                where.setdefault(secret, []).append((item.path, False))
            for secret in hits.path:
                where.setdefault(secret, []).append((item.path, True))
        self._seen = seen
        masked = {path: _masked(path, self._needles) for path, h in seen.items() if h.path}
        return [_diagnostic(secret, places, masked) for secret, places in where.items()]


def prepare_needles(secrets: Sequence[PrivateValue]) -> Needles:
    """Prepare private values once, to search many files for them."""
    return make_needles(secrets)


def file_leaks(data: bytes, needles: Needles) -> tuple[PrivateValue, ...]:
    """The private values a reader could find in one output file's bytes."""
    return _leaks_in(data, needles)


def path_leaks(path: str, needles: Needles) -> tuple[PrivateValue, ...]:
    """The private values in an output file's path (a slug, an alias, a file's name)."""
    return tuple(needles.find(fold(unquote(path, errors="replace"))))


def leak_diagnostics(
    where: Mapping[PrivateValue, list[tuple[str, bool]]], needles: Needles
) -> list[Diagnostic]:
    """One error per leaked value; `where` maps it to (output path, found in the path)."""
    masked = {
        path: _masked(path, needles)
        for places in where.values()
        for path, in_path in places
        if in_path
    }
    return [_diagnostic(secret, places, masked) for secret, places in where.items()]


def _leaks_in(data: bytes, needles: Needles) -> tuple[PrivateValue, ...]:
    data = unpacked(data)
    text = decode(data)
    return tuple(needles.find(binary_text(data) if text is None else readable_text(text)))


def _masked(path: str, needles: Needles) -> str:
    """The path with each segment that holds a value replaced by MASK."""
    parts = path.split("/")
    shown = [MASK if needles.find(fold(unquote(p, errors="replace"))) else p for p in parts]
    if shown == parts:  # the value runs across segments
        shown = [MASK] * (len(parts) - 1) + [MASK if "." not in parts[-1] else parts[-1]]
    return "/".join(shown)


SHOWN_FILES = 5
"""How many output files a message names: paths holding the value first (the pages that
link to such a path come after), then pages, then feeds and other files."""


def _diagnostic(
    secret: PrivateValue, places: list[tuple[str, bool]], masked: dict[str, str]
) -> Diagnostic:
    places = sorted(places, key=lambda p: (not p[1], not p[0].endswith(".html"), p[0]))
    names = [
        f"the path of {masked[path]}" if in_path else masked.get(path, path)
        for path, in_path in places
    ]
    more = len(names) - SHOWN_FILES
    shown = ", ".join(names[:SHOWN_FILES]) + (f" and {more} more" if more > 0 else "")
    what = f"the private value '{secret.label}'"
    fix = "or move it out of the private fields if it is meant to be public"
    if secret.kind == "name":
        what = "the full name of someone who has not agreed to be named ('consent: true')"
        fix = "or add 'consent: true' to this entry once they have agreed"
    source = "a post, a comment, a data file or a template"
    if any(in_path for _path, in_path in places):
        source += "; in a path: the 'slug:' or 'aliases:' of a page, or a file's name"
    return Diagnostic(
        f"privacy check: {what} declared here appears in the output: {shown}",
        secret.span,
        hint=f"nothing was written; remove it from that page's source ({source}), {fix}",
        severity=Severity.ERROR,
    )


def _file_marker(source: Path | None) -> object:
    if source is None:
        return None
    try:
        info = source.stat()
    except OSError:
        return (str(source), -1, -1)
    return (str(source), info.st_mtime_ns, info.st_size)


def _read(item: RenderedFile) -> bytes:
    if item.made:
        return item.generated()
    if item.source is None:
        return b""
    try:
        return item.source.read_bytes()
    except OSError:
        return b""
