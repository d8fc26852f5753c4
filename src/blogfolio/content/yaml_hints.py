"""Which line a YAML mistake is on, and what to say about it, when PyYAML notices it late.

Stage: content. Plain strings only (frontmatter.py holds the yaml import). A
missing ':' or an unclosed quote or bracket is found by PyYAML where the next
key starts, or at the end of the block: its problem mark is lines after the
typo, while its context mark is where the unfinished thing began.
"""

from __future__ import annotations

_UNFINISHED: dict[str, tuple[str, str]] = {
    "while scanning a simple key": (
        "this line has no ':' after its key",
        "write 'key: value', with a space after the ':'",
    ),
    "while scanning a quoted scalar": (
        "the quote opened on this line is never closed",
        "end the value with the same quote it starts with, or remove the quote",
    ),
    "while parsing a flow sequence": (
        "the list opened with '[' on this line is never closed",
        "end the list with ']' on the same line, e.g. tags: [career, networking]",
    ),
    "while parsing a flow mapping": (
        "the mapping opened with '{' on this line is never closed",
        "end it with '}' on the same line, or quote a value that starts with '{'",
    ),
}


def unfinished_construct(context: str | None) -> tuple[str, str] | None:
    """(problem, hint) when PyYAML's `context` names something left unfinished, else None.

    For these the error belongs on the context's line, not the problem's.
    """
    return _UNFINISHED.get(context or "")
