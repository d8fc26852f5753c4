"""The privacy check: no private value may appear in any file the build would write.

Stage: runs on rendered output, before anything is written (build.py calls it,
so `build`, `check` and `serve` all get it). Imports `errors` and `model` only.

Each output file is searched for every private value: networking entries'
`private:` mappings, the full names of people who did not consent to be
named, and the résumé fields the student did not publish. Text is compared
after undoing HTML, URL and JSON escaping, ignoring the case of ASCII letters
and runs of whitespace; phone numbers are compared by their digits, so
`(555) 010-2233` is found as `555.010.2233` or `+1 555 010 2233` too. Long
values are also looked for sentence by sentence. Values shorter than five characters cannot be
told apart from ordinary text and are not searched for. Messages name the
entry and the output file, never the value (build logs may be public).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from blogfolio.errors import Diagnostic, Severity
from blogfolio.model import PrivateValue, RenderedFile

MIN_LENGTH = 5
"""Shorter values are not searched for."""
FRAGMENT_LENGTH = 24
"""Sentences of long values this long or longer are searched for on their own."""
PHONE_DIGITS = 10
"""A phone number matches on its last ten digits (country codes are written many ways)."""

_WS = re.compile(rb"\s+")
_JSON_ESCAPE = re.compile(r'\\(u[0-9a-fA-F]{4}|["\\/bfnrt])')
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n")
_JSON_CHARS = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_WORD_CHARS = b"0123456789abcdefghijklmnopqrstuvwxyz" + bytes(range(0x80, 0x100))
_WORDS = bytes(b if b in _WORD_CHARS else 0x20 for b in range(256))
"""Maps lowered text to its words: letters, digits and non-ASCII bytes; the rest is a space."""
_PHONE_SEPARATORS = b" ()-./+\t\n\r"
_PHONE_RUNS = bytes(b if 0x30 <= b <= 0x39 else 0x20 for b in range(256))
"""With the separators deleted first, maps text to runs of digits split by spaces."""


def flatten(text: str) -> bytes:
    """Undo HTML, JSON and URL escaping and lower ASCII letters, so equal text compares equal."""
    text = html.unescape(text)
    if "\\" in text:
        text = _JSON_ESCAPE.sub(_unescape_json, text)
    if "%" in text:
        text = unquote(text)
    return text.encode("utf-8", "replace").lower()


def _unescape_json(match: re.Match[str]) -> str:
    code = match.group(1)
    if code.startswith("u"):
        return chr(int(code[1:], 16))
    return _JSON_CHARS.get(code, code)


def digits(text: str) -> str:
    """Only the digits of a text."""
    return "".join(c for c in text if c.isdigit())


@dataclass(frozen=True, slots=True)
class _Text:
    """A text to look for: the words any copy must contain, then the exact text."""

    words: frozenset[bytes]
    text: bytes
    owners: list[PrivateValue]


@dataclass(frozen=True, slots=True)
class _Needles:
    texts: list[_Text]
    phones: dict[bytes, list[PrivateValue]]


def _needles(secrets: Iterable[PrivateValue]) -> _Needles:
    texts: dict[bytes, _Text] = {}
    phones: dict[bytes, list[PrivateValue]] = {}
    for secret in secrets:
        if secret.kind == "phone" and len(digits(secret.value)) >= 7:
            key = digits(secret.value)[-PHONE_DIGITS:].encode()
            phones.setdefault(key, []).append(secret)
            continue
        whole = _WS.sub(b" ", flatten(secret.value)).strip()
        if secret.kind == "name" and len(whole.split()) < 2:
            continue  # a first name alone is ordinary text
        parts = {whole} | {
            p.strip()
            for p in _SENTENCE.split(whole.decode("utf-8", "replace"))
            if len(p.strip()) >= FRAGMENT_LENGTH
        }
        for part in parts:
            raw = part if isinstance(part, bytes) else part.encode()
            words = frozenset(raw.translate(_WORDS).split())
            if len(raw.replace(b" ", b"")) >= MIN_LENGTH and words:
                texts.setdefault(raw, _Text(words, raw, [])).owners.append(secret)
    return _Needles(list(texts.values()), phones)


def _leaks_in(text: str, needles: _Needles) -> list[PrivateValue]:
    """Cheap checks first: a text can only be present if all its words are."""
    found: list[PrivateValue] = []
    flat = flatten(text)
    if needles.texts:
        words = set(flat.translate(_WORDS).split())
        collapsed: bytes | None = None
        for needle in needles.texts:
            if needle.words <= words:
                collapsed = collapsed if collapsed is not None else _WS.sub(b" ", flat)
                if needle.text in collapsed:
                    found += needle.owners
    if needles.phones:
        runs = flat.translate(_PHONE_RUNS, _PHONE_SEPARATORS).split()
        long_runs = [run for run in runs if len(run) >= 7]
        for key, owners in needles.phones.items():
            if any(key in run for run in long_runs):
                found += owners
    return list(dict.fromkeys(found))


class PrivacyCheck:
    """Scans output for private values; remembers clean files between builds."""

    def __init__(self) -> None:
        self._key: tuple[tuple[str, str], ...] = ()
        self._needles = _needles(())
        self._seen: dict[str, tuple[object, list[PrivateValue]]] = {}

    def scan(
        self, files: Sequence[RenderedFile], secrets: Sequence[PrivateValue]
    ) -> list[Diagnostic]:
        """One error per leaked value, naming where it is declared and the files it is in."""
        key = tuple(sorted({(s.value, s.kind) for s in secrets}))
        if key != self._key:
            self._key, self._needles, self._seen = key, _needles(secrets), {}
        if not secrets:
            return []
        where: dict[PrivateValue, list[str]] = {}
        seen: dict[str, tuple[object, list[PrivateValue]]] = {}
        for item in files:
            marker = item.data if item.data is not None else _file_marker(item.source)
            cached = self._seen.get(item.path)
            if cached is not None and (cached[0] is marker or cached[0] == marker):
                hits = cached[1]
            else:
                hits = _leaks_in(_read(item).decode("utf-8", "replace"), self._needles)
            seen[item.path] = (marker, hits)
            for secret in hits:
                where.setdefault(secret, []).append(item.path)
        self._seen = seen
        return [_diagnostic(secret, paths) for secret, paths in where.items()]


SHOWN_FILES = 5
"""How many output files a message names; pages come before feeds and other files."""


def _diagnostic(secret: PrivateValue, paths: list[str]) -> Diagnostic:
    paths = sorted(paths, key=lambda p: (not p.endswith(".html"), p))
    more = len(paths) - SHOWN_FILES
    shown = ", ".join(paths[:SHOWN_FILES]) + (f" and {more} more" if more > 0 else "")
    what = f"the private value '{secret.label}'"
    fix = "or move it out of the private fields if it is meant to be public"
    if secret.kind == "name":
        what = "the full name of someone who has not agreed to be named ('consent: true')"
        fix = "or add 'consent: true' to this entry once they have agreed"
    return Diagnostic(
        f"privacy check: {what} declared here appears in the output: {shown}",
        secret.span,
        hint="nothing was written; remove it from that page's source (a post, a comment, a "
        f"data file or a template), {fix}",
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
    if item.data is not None:
        return item.data
    if item.source is None:
        return b""
    try:
        return item.source.read_bytes()
    except OSError:
        return b""


Needles = _Needles
"""The private values prepared for searching (see `prepare_needles`)."""


def prepare_needles(secrets: Iterable[PrivateValue]) -> Needles:
    """Prepare private values once, to search many files for them."""
    return _needles(secrets)


def file_leaks(data: bytes, needles: Needles) -> list[PrivateValue]:
    """The private values present in one output file's bytes."""
    return _leaks_in(data.decode("utf-8", "replace"), needles)


def leak_diagnostic(secret: PrivateValue, paths: list[str]) -> Diagnostic:
    """The error for one leaked value, naming where it is declared and the files it is in."""
    return _diagnostic(secret, paths)
