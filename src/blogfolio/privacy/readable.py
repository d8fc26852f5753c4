"""Turn an output file into the text a reader could recognise a value in.

Two readings of each file are compared, because a leak can hide in either:
what is shown (tags and comments removed, so `Quil<strong>lon</strong>`
and Pygments' spans read as one word) and what is addressable (attribute
values, URLs and ids, with percent-, entity- and script escapes undone).
Both are folded the same way as the values looked for: compatibility forms
(fullwidth letters, NBSP), combining accents, case, look-alike Cyrillic and
Greek letters, and invisible characters (zero-width, soft hyphen) disappear.

Stage: privacy. Standard library only.
"""

from __future__ import annotations

import codecs
import functools
import html
import re
import unicodedata
import zlib
from urllib.parse import unquote

_TAG = re.compile(r"<[^>]*>")
"""Markup a browser does not show: tags, comments, CDATA marks. What this leaves out of the
shown text (the rest of a comment holding `>`, an unclosed tag) stays in it, still searched."""
_CODE_ESCAPE = re.compile(
    r"\\(?:x([0-9a-fA-F]{2})|u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|[nrtfb])"
)
"""Escapes in scripts, JSON and CSS strings: `\\x40`, `\\u0040`, `\\u{40}`, `\\n`."""
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f]"
)
"""Characters that take no room on screen: zero-width space and joiners, soft hyphen,
direction marks, word joiner, variation selectors, byte-order mark, tag characters."""
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
"""Combining accents, dropped after decomposition so "Zoë", "Zoe" and NFD forms compare equal."""
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_NOT_WORD = re.compile(r"[^\w]")
_LOOKALIKE_SCRIPTS = re.compile("[\u0370-\u03ff\u0400-\u04ff]")
_LOOKALIKES = str.maketrans(
    "аеорсухіјѕԁһԛԝвкмнтАВЕКМНОРСТУХІЈЅοαιυνκτρχεΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdhqwbkmhtABEKMHOPCTYXIJSoaiuvktpxeABEZHIKMNOPTYX",
)
"""Cyrillic and Greek letters drawn like Latin ones (a Cyrillic U+0456 in "Ruiz")."""
_UTF32_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"))
_UTF16_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_ASCII_BYTES = bytes(range(128))
_UTF8_RUN = re.compile(rb"(?:[\t\x20-\x7e]|[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}){4,}")
_UTF16LE_RUN = re.compile(rb"(?:[\t\x20-\x7e\xa0-\xff]\x00){4,}")
_UTF16BE_RUN = re.compile(rb"(?:\x00[\t\x20-\x7e\xa0-\xff]){4,}")
"""Runs of at least four characters of text inside binary data."""
_GZIP = b"\x1f\x8b\x08"
"""The start of a gzip stream (deflate): Pagefind's index, fragments and metadata."""
UNPACK_LIMIT = 64 << 20
"""Bytes of a gzip file's content read for the check; past this the rest is not searched."""
_FEW = 64
"""Up to this many distinct non-ASCII characters, a text is folded one character at a time."""
_SAMPLE = 4096
"""Bytes looked at to guess whether a file without a byte-order mark is UTF-16 or binary."""


def fold(text: str) -> str:
    """Lower case, without accents, compatibility forms, look-alikes or invisible characters;
    other signs outside ASCII (dashes, curly quotes, NBSP) become spaces."""
    text = text.lower()
    if text.isascii():
        return text
    # Most pages hold a few distinct non-ASCII characters: replace each (str.replace is
    # fast), unless there are many (a page in another script) or some combine with their
    # neighbours (accents written apart, Hangul jamo), which only a whole run folds right.
    others = set(
        text.encode("utf-8", "surrogatepass")
        .translate(None, _ASCII_BYTES)
        .decode("utf-8", "surrogatepass")
    )
    if len(others) > _FEW or any(
        unicodedata.combining(c) or "\u1100" <= c <= "\u11ff" for c in others
    ):
        return _NON_ASCII.sub(_fold_match, text)
    for char in others:
        folded = _fold_run(char)
        if folded != char:
            text = text.replace(char, folded)
    return text


def _fold_match(match: re.Match[str]) -> str:
    return _fold_run(match.group())


@functools.lru_cache(maxsize=4096)
def _fold_run(run: str) -> str:
    """Fold a run of non-ASCII characters; pages repeat the same few, so they are cached."""
    run = unicodedata.normalize("NFKD", _INVISIBLE.sub("", run))
    if _LOOKALIKE_SCRIPTS.search(run):
        run = run.translate(_LOOKALIKES)
    run = unicodedata.normalize("NFKC", _MARKS.sub("", run.casefold()))
    return _NOT_WORD.sub(" ", run)


def unpacked(data: bytes) -> bytes:
    """The content of a gzip file, which a reader's browser unpacks (the search index's
    fragments hold every indexed page's text); other data, or a damaged stream, as is."""
    if not data.startswith(_GZIP):
        return data
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, UNPACK_LIMIT)
    except zlib.error:
        return data


def decode(data: bytes) -> str | None:
    """The text of a file in UTF-8, UTF-16 or UTF-32 (with or without a byte-order mark), or
    in a legacy single-byte encoding; None when it is not text at all."""
    for bom, codec in (*_UTF32_BOMS, *_UTF16_BOMS, (codecs.BOM_UTF8, "utf-8")):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        half = len(sample) // 2
        if odd > half * 0.6 and even < half * 0.1:
            return data.decode("utf-16-le", "replace")
        if even > half * 0.6 and odd < half * 0.1:
            return data.decode("utf-16-be", "replace")
        return None
    controls = sum(sample.count(bytes([c])) for c in range(32) if c not in (9, 10, 12, 13))
    return data.decode("cp1252", "replace") if controls * 100 < len(sample) else None


def binary_text(data: bytes) -> str:
    """The strings inside a binary file (image metadata, an embedded font's name), folded,
    one a line: runs of UTF-8 text, and runs of UTF-16 in either byte order, which is how
    some metadata stores names."""
    runs = [m.decode("utf-8", "replace") for m in _UTF8_RUN.findall(data)]
    runs += [m.decode("utf-16-le", "replace") for m in _UTF16LE_RUN.findall(data)]
    runs += [m.decode("utf-16-be", "replace") for m in _UTF16BE_RUN.findall(data)]
    return fold("\n".join(runs))


def readable_text(text: str) -> str:
    """What is shown and what is addressable in a text file, folded, as one string: the
    text content, then the markup (attribute values, comments) with escapes undone."""
    if "\\" in text:
        text = _CODE_ESCAPE.sub(_unescape_code, text)
    if "<" in text:
        shown, markup = split_markup(text)
        if "&" in markup:
            markup = html.unescape(markup)
        text = shown + "\n" + markup
    elif "&" in text:
        text = html.unescape(text)
    for _ in range(2):  # `%2540` is `%40` written once more
        if "%" not in text:
            break
        text = unquote(text, errors="replace")
    return fold(text)


def split_markup(text: str) -> tuple[str, str]:
    """The text content of HTML, SVG or XML (tags and comments removed, entities decoded),
    and the markup that was removed, each distinct tag once, on its own line (a value
    cannot run from one tag into the next: they are lines apart).

    Feeds carry pages as escaped HTML, so what the first pass reveals is split again.
    """
    shown, markup = _TAG.sub("", text), "\n".join(dict.fromkeys(_TAG.findall(text)))
    if "&" in shown:
        shown = html.unescape(shown)
        if "<" in shown:
            markup += "\n" + "\n".join(dict.fromkeys(_TAG.findall(shown)))
            shown = _TAG.sub("", shown)
            if "&" in shown:
                shown = html.unescape(shown)
    return shown, markup


def _unescape_code(match: re.Match[str]) -> str:
    code = next((group for group in match.groups() if group is not None), None)
    if code is None:
        return " "  # \n, \t and the like separate words
    point = int(code, 16)
    return chr(point) if point < 0x110000 else " "
