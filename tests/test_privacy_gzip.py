"""The privacy check reads gzip files unpacked: the search index, and any `.gz` a site ships."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from blogfolio.build import BuildOptions, build
from blogfolio.errors import BuildError, SourceSpan
from blogfolio.model import PrivateValue, RenderedFile
from blogfolio.privacy import PrivacyCheck
from blogfolio.privacy.readable import unpacked
from conftest import FIXED_NOW, SiteFactory, post

SECRET = PrivateValue("Zoë Quintanilla-Brandt", "name", SourceSpan(Path("people.md"), 2))


def test_a_name_in_a_pagefind_fragment_is_found() -> None:
    """Fragments are gzip'd JSON after a signature, accents written as JSON escapes."""
    record = b'pagefind_dcd{"url":"/a/","content":"Lunch with Zo\\u00eb Quintanilla-Brandt."}'
    fragment = RenderedFile("pagefind/fragment/en_1.pf_fragment", gzip.compress(record))
    (problem,) = PrivacyCheck().scan([fragment], [SECRET])
    assert "pagefind/fragment/en_1.pf_fragment" in problem.message


def test_a_clean_fragment_passes() -> None:
    record = b'pagefind_dcd{"url":"/a/","content":"Lunch with a friend."}'
    fragment = RenderedFile("pagefind/fragment/en_1.pf_fragment", gzip.compress(record))
    assert PrivacyCheck().scan([fragment], [SECRET]) == []


def test_a_damaged_gzip_file_is_read_as_it_is() -> None:
    damaged = b"\x1f\x8b\x08\x00garbage Zoe Quintanilla-Brandt"
    assert unpacked(damaged) == damaged
    (problem,) = PrivacyCheck().scan([RenderedFile("x.gz", damaged)], [SECRET])
    assert "x.gz" in problem.message
    assert unpacked(b"plain text") == b"plain text"


def test_a_gzip_file_in_static_is_checked(make_site: SiteFactory) -> None:
    secret = "morgan.q@private-mail.example"
    entry = "---\nname: Morgan Q\ndate: 2025-01-01\nprivate:\n  email: " + secret + "\n---\n\nHi.\n"
    site: dict[str, str | bytes] = {
        "content/networking/morgan.md": entry,
        "content/posts/hello.md": post("Hello", "2025-02-01", "Nothing here."),
        "static/notes.txt.gz": gzip.compress(f"write to {secret}".encode()),
    }
    with pytest.raises(BuildError) as info:
        build(make_site(site), BuildOptions(now=FIXED_NOW))
    assert any("notes.txt.gz" in d.message for d in info.value.diagnostics)
