"""What the privacy check looks for, and the cheap test that rules most files out.

A value is looked for as the sequence of its words (runs of letters and
digits, folded like the text searched), with at most a few spaces or marks
between them, or none: `Quillon Zebadiah`, `quillon-zebadiah` in an id,
`quillon_zebadiah` in code, `Quillon+Zebadiah` in a query string and
`QuillonZebadiah` all match, while `Joann Adamson` does not match "Ann
Adams" because a match starts and ends at word boundaries. A name is also
looked for surname first ("Ruiz, Jolene"); an email also with "at" and
"dot" written out. Before a file is searched, every word of a value must be
among the file's words, alone or glued to its neighbours; that set test is
what keeps the check fast. Phones are looked for by their last ten digits
in runs of digits split by at most a few non-letters each.

Stage: privacy. Imports `model` and `privacy.readable`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from blogfolio.model import PrivateValue
from blogfolio.privacy.readable import fold

MIN_LENGTH = 5
"""Values with fewer letters and digits than this are not searched for."""
FRAGMENT_LENGTH = 24
"""Sentences of long values this long or longer are searched for on their own."""
PHONE_DIGITS = 10
"""A phone number matches on its last ten digits (country codes are written many ways)."""
MIN_PHONE_DIGITS = 7
"""Shorter numbers cannot be told apart from other figures."""
GLUED = 4
"""Most words of a value that may be written together with nothing between them."""

_WORD = re.compile(r"[^\W_]+")
_GAP = r"(?:\s++|[^\w\s]|_)"
"""One unit between words: a run of spaces, or a single mark or underscore."""
_SEPARATOR = _GAP + "{0,3}"
_EMAIL_SEPARATOR = _SEPARATOR + r"(?:(?:at|dot)" + _GAP + "{1,3})?"
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n")
_DIGIT_RUN = re.compile(r"[0-9]+(?:" + _GAP + "{1,3}[0-9]+)*")
_WORD_BYTES = b"0123456789abcdefghijklmnopqrstuvwxyz" + bytes(range(0x80, 0x100))
_WORDS = bytes(b if b in _WORD_BYTES else 0x20 for b in range(256))
"""Maps folded UTF-8 to its words: ASCII letters and digits and non-ASCII bytes stay."""
_NOT_WORD_NON_ASCII = re.compile(r"[^\w\x00-\x7f]")
_NOT_DIGITS = bytes(b for b in range(256) if not 0x30 <= b <= 0x39)


@dataclass(frozen=True, slots=True)
class Needle:
    """One spelling of a value: the word pieces a file must hold, then the exact pattern."""

    cover: tuple[frozenset[bytes], ...]
    """For each word, rarest first, the file words that would account for it: the word
    itself or the word glued to its neighbours."""
    pattern: re.Pattern[str]
    owners: list[PrivateValue] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Needles:
    """Every value of a build, ready to look for."""

    texts: list[Needle]
    phones: dict[bytes, list[PrivateValue]]
    index: dict[bytes, tuple[int, ...]]
    """A piece of each needle's rarest word → the needles it may start, so a file's words
    are intersected once instead of each needle being tried."""

    def find(self, hay: str) -> list[PrivateValue]:
        """The values present in `hay` (text already made `readable_text` or `fold`ed)."""
        found: list[PrivateValue] = []
        if self.texts:
            words = hay_words(hay)
            candidates = {i for piece in words.intersection(self.index) for i in self.index[piece]}
            for i in sorted(candidates):
                needle = self.texts[i]
                if all(not words.isdisjoint(pieces) for pieces in needle.cover[1:]) and _present(
                    needle.pattern, hay
                ):
                    found += needle.owners
        if self.phones:
            digits = hay.encode("utf-8", "surrogatepass").translate(None, _NOT_DIGITS)
            keys = [key for key in self.phones if key in digits]
            if keys:
                runs = [r for r in _digit_runs(hay) if len(r) >= MIN_PHONE_DIGITS]
                for key in keys:
                    if any(key in run for run in runs):
                        found += self.phones[key]
        return list(dict.fromkeys(found))


def make_needles(secrets: Iterable[PrivateValue]) -> Needles:
    """Patterns for every value; values sharing a spelling share a needle."""
    texts: dict[tuple[tuple[str, ...], bool], Needle] = {}
    phones: dict[bytes, list[PrivateValue]] = {}
    for secret in secrets:
        digits = "".join(c for c in secret.value if "0" <= c <= "9")
        if secret.kind == "phone" and len(digits) >= MIN_PHONE_DIGITS:
            phones.setdefault(digits[-PHONE_DIGITS:].encode(), []).append(secret)
            continue
        for words in _spellings(secret):
            if len("".join(words)) < MIN_LENGTH:
                continue
            key = (words, secret.kind == "email")
            if key not in texts:
                texts[key] = Needle(_cover(words), _pattern(words, secret.kind == "email"))
            texts[key].owners.append(secret)
    needles = list(texts.values())
    index: dict[bytes, list[int]] = {}
    for i, needle in enumerate(needles):
        for piece in needle.cover[0]:
            index.setdefault(piece, []).append(i)
    return Needles(needles, phones, {piece: tuple(ids) for piece, ids in index.items()})


def hay_words(hay: str) -> set[bytes]:
    """The words of a folded text, as UTF-8."""
    if not hay.isascii():
        hay = _NOT_WORD_NON_ASCII.sub(" ", hay)
    return set(hay.encode("utf-8", "surrogatepass").translate(_WORDS).split())


def _spellings(secret: PrivateValue) -> list[tuple[str, ...]]:
    folded = fold(secret.value)
    words = tuple(_WORD.findall(folded))
    if secret.kind == "name":
        if len(words) < 2:
            return []  # a first name alone is ordinary text
        return [words, (words[-1], *words[:-1])]
    spellings = [words]
    if secret.kind == "text":
        for sentence in _SENTENCE.split(folded):
            if len(sentence.strip()) >= FRAGMENT_LENGTH:
                spellings.append(tuple(_WORD.findall(sentence)))
    return [s for s in dict.fromkeys(spellings) if s]


def _cover(words: tuple[str, ...]) -> tuple[frozenset[bytes], ...]:
    """Per word, each run of up to GLUED neighbouring words containing it, joined."""
    cover: list[frozenset[bytes]] = []
    for j in sorted(range(len(words)), key=lambda i: -len(words[i])):  # rarest words first
        pieces = [
            "".join(words[a : b + 1]).encode()
            for a in range(max(0, j - GLUED + 1), j + 1)
            for b in range(j, min(len(words), a + GLUED))
        ]
        cover.append(frozenset(pieces))
    return tuple(cover)


def _pattern(words: tuple[str, ...], email: bool) -> re.Pattern[str]:
    separator = _EMAIL_SEPARATOR if email else _SEPARATOR
    return re.compile(separator.join(re.escape(w) for w in words) + r"(?![^\W_])")


def _present(pattern: re.Pattern[str], hay: str) -> bool:
    """A match that starts at a word boundary (checked here so the literal start stays fast)."""
    for match in pattern.finditer(hay):
        start = match.start()
        if start == 0 or not (hay[start - 1].isalnum()):
            return True
    return False


def _digit_runs(hay: str) -> list[bytes]:
    return [
        match.group().encode().translate(None, _NOT_DIGITS) for match in _DIGIT_RUN.finditer(hay)
    ]
