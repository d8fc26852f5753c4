"""The privacy check: a private value in any output file fails the build; nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from blogfolio.build import Builder, BuildOptions, build
from blogfolio.errors import BuildError, SourceSpan
from blogfolio.model import PrivateValue, RenderedFile
from blogfolio.output import spill
from blogfolio.privacy import PrivacyCheck
from blogfolio.privacy.readable import readable_text
from conftest import FIXED_NOW, SiteFactory, post, run_cli

ENTRY = """\
---
name: Ada Byron
date: 2025-01-15
role: Professor
public: true
consent: true
private:
  email: Ada.Byron@state-u.example.edu
  phone: (555) 301-2299
  notes: She'd rather nobody knew about the grant she is applying for.
  ok: yes
---

Office hours helped.
"""
SITE: dict[str, str | bytes] = {
    "content/networking/ada.md": ENTRY,
    "content/posts/hello.md": post("Hello", "2025-02-01", "Nothing private here."),
}
EMAIL_LINE = "content/networking/ada.md:7"


def leaks(root: Path) -> list[str]:
    with pytest.raises(BuildError) as info:
        build(root, BuildOptions(now=FIXED_NOW))
    return [f"{d.span}: {d.message}" for d in info.value.diagnostics]


def test_a_clean_site_passes(make_site: SiteFactory) -> None:
    build(make_site(SITE), BuildOptions(now=FIXED_NOW))


@pytest.mark.parametrize("spilled", [False, True], ids=["in memory", "spilled"])
def test_leaking_template_via_page_extra_fails_and_writes_nothing(
    make_site: SiteFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spilled: bool
) -> None:
    if spilled:  # every page waits in a scratch file (output/spill.py): still checked
        monkeypatch.setattr(spill, "SPILL_AFTER", 0)
    files = dict(SITE)
    files["content/posts/hello.md"] = post(
        "Hello", "2025-02-01", "Hi.", leak="ada.byron@state-u.example.edu"
    )
    files["templates/post.html"] = (
        '{% extends "theme:post.html" %}\n'
        "{% block main %}{{ super() }}<p>{{ page.extra.leak }}</p>{% endblock %}\n"
    )
    root = make_site(files)
    out = tmp_path / "out"
    result = run_cli("build", "--source", str(root), "--out", str(out))
    assert result.exit_code == 1
    assert (
        f"{EMAIL_LINE}: error: privacy check: the private value 'private.email' declared here "
        "appears in the output: posts/2025/hello/index.html" in result.stderr
    )
    assert "state-u.example.edu" not in result.stderr  # messages never repeat the value
    assert "nothing was written" in result.stderr
    assert not out.exists()
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".")] == []


def test_leaking_template_via_a_data_file_with_the_phone_reformatted(
    make_site: SiteFactory,
) -> None:
    files = dict(SITE)
    files["data/people.yaml"] = "ada: {phone: '+1 555.301.2299'}\n"
    files["templates/home.html"] = (
        '{% extends "theme:home.html" %}\n'
        "{% block main %}{{ super() }}<p>Call {{ site.data.people.ada.phone }}</p>{% endblock %}\n"
    )
    found = leaks(make_site(files))
    assert len(found) == 1
    assert found[0].startswith(
        "content/networking/ada.md:7: privacy check: the private value 'private.phone'"
    )
    assert "appears in the output: index.html" in found[0]


@pytest.mark.parametrize(
    ("body", "label"),
    [
        ("Call me at 555 301 2299 any time.", "private.phone"),
        ("Write to <ADA.BYRON@state-u.example.edu>.", "private.email"),
        ("She&#39;d rather nobody knew about the grant she is applying for.", "private.notes"),
        ("[mail](mailto:ada.byron%40state-u.example.edu)", "private.email"),
    ],
)
def test_any_formatting_of_a_private_value_is_found(
    make_site: SiteFactory, body: str, label: str
) -> None:
    files = dict(SITE)
    files["content/posts/hello.md"] = post("Hello", "2025-02-01", body)
    found = leaks(make_site(files))
    assert [m.split(" declared here")[0] for m in found] == [
        f"content/networking/ada.md:7: privacy check: the private value '{label}'"
    ]
    assert "posts/2025/hello/index.html" in found[0]
    assert "feed.json" in found[0] and "atom.xml" in found[0]


def test_a_name_without_consent_is_private(make_site: SiteFactory) -> None:
    files = dict(SITE)
    files["content/networking/ada.md"] = ENTRY.replace("consent: true", "consent: false")
    files["content/posts/hello.md"] = post("Hello", "2025-02-01", "Thanks, Ada Byron!")
    found = leaks(make_site(files))
    assert len(found) == 1
    assert found[0].startswith(
        "content/networking/ada.md:2: privacy check: the full name of someone who has not agreed "
        "to be named ('consent: true') declared here appears in the output: "
        "index.html, posts/2025/hello/index.html, atom.xml, feed.json, pagefind/fragment/"
    )  # the post's record in the search index too, and rss.xml as the one more
    assert found[0].endswith(".pf_fragment and 1 more")


def test_check_and_the_incremental_builder_run_it_too(make_site: SiteFactory) -> None:
    files = dict(SITE)
    root = make_site(files)
    builder = Builder(root, BuildOptions(now=FIXED_NOW))
    builder.build()
    hello = root / "content/posts/hello.md"
    hello.write_text(post("Hello", "2025-02-01", "Phone: 555-301-2299."))
    with pytest.raises(BuildError):
        builder.build()
    assert run_cli("check", "--source", str(root)).exit_code == 1
    hello.write_text(post("Hello", "2025-02-01", "Fixed."))
    builder.build()


def test_short_values_are_not_searched_for(make_site: SiteFactory) -> None:
    files = dict(SITE)
    files["content/posts/hello.md"] = post("Hello", "2025-02-01", "yes, yes, yes")
    build(make_site(files), BuildOptions(now=FIXED_NOW))


def test_scanner_caches_clean_files_and_rechecks_changed_ones() -> None:
    check = PrivacyCheck()
    secret = PrivateValue("secret@example.org", "private.email", SourceSpan(Path("a.md"), 3))
    clean = RenderedFile("a.html", b"<p>nothing</p>")
    assert check.scan([clean], [secret]) == []
    assert check.scan([clean], [secret]) == []
    dirty = RenderedFile("a.html", b"<p>SECRET@example.org</p>")
    (problem,) = check.scan([dirty], [secret])
    assert problem.span == secret.span
    assert "a.html" in problem.message


def test_copied_files_are_scanned(tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_text("reach me at secret@example.org")
    secret = PrivateValue("secret@example.org", "private.email", SourceSpan(Path("a.md"), 3))
    (problem,) = PrivacyCheck().scan([RenderedFile("notes.txt", source=source)], [secret])
    assert "notes.txt" in problem.message


def test_readable_text_undoes_escaping() -> None:
    assert readable_text("A&amp;B \\u0027x\\u0027  %40\n y") == "a&b 'x'  @\n y"


def test_commenters_emails_are_private_too(make_site: SiteFactory) -> None:
    files = dict(SITE)
    del files["content/posts/hello.md"]
    files["content/posts/hello/index.md"] = post("Hello", "2025-02-01", "sam.reader@example.net")
    files["content/posts/hello/comments/2025-02-02-sam.md"] = (
        "---\nauthor: Sam Reader\ndate: 2025-02-02\nemail: sam.reader@example.net\n---\n\nHi!\n"
    )
    found = leaks(make_site(files))
    assert [m.split(" declared here")[0] for m in found] == [
        "content/posts/hello/comments/2025-02-02-sam.md:4: privacy check: the private value "
        "'email'"
    ]
