"""Text from content made safe to print: control characters shown, never obeyed.

Imports nothing from blogfolio; `errors` and the commands use it. A comment's
author, a contact's name or a file name can hold escape sequences that clear
the screen, retitle the window, move the cursor or reorder a line (bidi
overrides), and a newline can start a line that looks like our own output.
`safe_text` writes each such character as a visible escape (`\\x1b`,
`\\u202e`), so what reaches the terminal is exactly what is in the file.
"""

from __future__ import annotations

import re

_BIDI_AND_SEPARATORS = r"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
_UNSAFE_LINE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f" + _BIDI_AND_SEPARATORS + "]")
_UNSAFE_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f" + _BIDI_AND_SEPARATORS + "]")


def safe_text(text: str, *, multiline: bool = False) -> str:
    """`text` with every control, bidi and line-separator character written out visibly.

    Tabs stay. Newlines stay only when `multiline` is true; a file name or an
    author is one line, whatever it holds. Applying it twice changes nothing.
    """
    pattern = _UNSAFE_TEXT if multiline else _UNSAFE_LINE
    return pattern.sub(_visible, text)


def safe_block(text: str, indent: str) -> str:
    """Several lines of untrusted text, each after the first indented by `indent`.

    No line of it can then pass for one of our own `path:line: error:` lines.
    """
    return safe_text(text, multiline=True).replace("\n", "\n" + indent)


_NAMED = {"\n": "\\n", "\r": "\\r"}


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
