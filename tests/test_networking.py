"""The networking log: entries, the public log page, reflections that cite them, and errors."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from blogfolio.build import BuildOptions, build
from blogfolio.errors import BuildError, Severity
from blogfolio.model import BuildResult
from conftest import FIXED_NOW, MINIMAL_CONFIG, SiteFactory, post, run_cli


def entry(name: str, date: str = "2025-03-01", **meta: str) -> str:
    """Markdown for a networking entry; values are written as given (YAML)."""
    extra = "".join(f"{k}: {v}\n" for k, v in meta.items())
    return f"---\nname: {name}\ndate: {date}\n{extra}---\n\nWhat I learned from {name[:2]}.\n"


PROFESSOR = entry(
    "Dr. Ada Byron",
    "2025-01-15",
    role="Professor of Statistics",
    organization="State University",
    connection="former professor",
    channel="in-person",
    kind="mentor",
    public="true",
    consent="true",
    questions="['Which courses matter most?']",
    private="{email: ada.byron@state-u.example.edu, phone: '(555) 301-2299'}",
)
ANALYST = entry(
    "Grace Hopper",
    "2025-02-20",
    role="Data Analyst",
    organization="City Hospital",
    introduced_by="professor",
    channel="video",
    kind="informational-interview",
    public="true",
    private="{notes: 'She asked me to keep her salary figures to myself.'}",
)
NURSE = entry(
    "Florence Nightingale",
    "2025-02-25",
    role="Nurse Informaticist",
    organization="City Hospital",
    introduced_by="analyst",
    channel="phone",
    kind="informational-interview",
    private="{email: flo.n@city-hospital.example.org, notes: 'Shift work; call after 3 pm.'}",
)
REFLECTION = post(
    "What the Analyst Taught Me",
    "2025-03-02",
    "A reflection body.",
    kind="reflection",
    contacts="[analyst, nurse]",
    skills="[Communication, Critical Thinking]",
)
LOG_FILES: dict[str, str | bytes] = {
    "content/networking/professor.md": PROFESSOR,
    "content/networking/analyst.md": ANALYST,
    "content/networking/nurse.md": NURSE,
    "content/posts/what-the-analyst-taught-me.md": REFLECTION,
    "content/posts/plain.md": post("A Plain Post", "2025-03-03"),
}


ANALYST_ID = "contact-79d6ea4a"
"""Grace Hopper gave no consent: her entry's id comes from its path, stable across builds."""


def run(root: Path) -> BuildResult:
    return build(root, BuildOptions(now=FIXED_NOW))


def text(result: BuildResult, path: str) -> str:
    found = {f.path: f for f in result.files}
    data = found[path].data
    assert data is not None
    return data.decode("utf-8")


def errors_of(root: Path) -> list[str]:
    with pytest.raises(BuildError) as info:
        run(root)
    return [f"{d.span}: {d.message}" for d in info.value.diagnostics]


def all_output(result: BuildResult) -> str:
    return "\n".join(f.data.decode("utf-8", "replace") for f in result.files if f.data)


# -- the log page -----------------------------------------------------------------------------


def test_log_page_shows_public_entries_by_month_with_counts(make_site: SiteFactory) -> None:
    page = text(run(make_site(LOG_FILES)), "networking/index.html")
    assert "3 conversations: 2 shown below, 1 kept private." in page
    months = re.findall(r'<h2 id="month-[\d-]+">([^<]+)</h2>', page)
    assert months == ["February 2025", "January 2025"]
    feb = page[page.index("February 2025") : page.index("January 2025")]
    assert "G. H." in feb and "And 1 private conversation." in feb
    assert "Dr. Ada Byron" in page[page.index("January 2025") :]
    assert '<tr><th scope="row">Phone</th><td>1</td></tr>' in page
    assert '<tr><th scope="row">Informational interview</th><td>2</td></tr>' in page
    assert "<li>Which courses matter most?</li>" in page
    assert "What I learned from Dr." in page


def test_private_entries_and_non_consenting_names_never_reach_the_output(
    make_site: SiteFactory,
) -> None:
    output = all_output(run(make_site(LOG_FILES)))
    for secret in ("Florence", "Nightingale", "Grace Hopper", "Hopper", "flo.n@", "ada.byron@"):
        assert secret not in output, secret
    assert "Nurse Informaticist" not in output  # a private entry's public-looking fields too


def test_introduction_chain_links_public_entries_only(make_site: SiteFactory) -> None:
    page = text(run(make_site(LOG_FILES)), "networking/index.html")
    analyst = page[page.index(f'id="{ANALYST_ID}"') :]
    analyst = analyst[: analyst.index("</article>")]
    link = '<a href="./#contact-professor">Dr. Ada Byron</a>'
    assert f"<dt>Introduced by</dt>\n        <dd>{link}" in analyst
    assert 'id="contact-nurse"' not in page
    assert 'id="contact-analyst"' not in page


def test_entries_without_consent_get_ids_that_do_not_spell_the_name(
    make_site: SiteFactory,
) -> None:
    files = dict(LOG_FILES)
    files["content/networking/grace-hopper.md"] = files.pop("content/networking/analyst.md")
    files["content/networking/nurse.md"] = NURSE.replace("analyst", "grace-hopper")
    files["content/posts/what-the-analyst-taught-me.md"] = REFLECTION.replace(
        "analyst, nurse", "grace-hopper, nurse"
    ).replace("A reflection body.", "I met [G. H.](../networking/grace-hopper.md).")
    result = run(make_site(files))
    output = all_output(result).casefold()
    assert "grace" not in output and "hopper" not in output
    (anchor,) = re.findall(
        r'<article class="log-entry" id="(contact-[0-9a-f]{8})"',
        text(result, "networking/index.html"),
    )
    page = text(result, "posts/2025/what-the-analyst-taught-me/index.html")
    assert page.count(f'href="../../../networking/#{anchor}"') == 2  # the link and the evidence
    assert anchor == "contact-" + hashlib.sha256(b"networking/grace-hopper.md").hexdigest()[:8]
    assert 'id="contact-professor"' in text(result, "networking/index.html")  # consent: its name


def test_log_links_to_the_posts_that_cite_an_entry(make_site: SiteFactory) -> None:
    page = text(run(make_site(LOG_FILES)), "networking/index.html")
    analyst = page[page.index(f'id="{ANALYST_ID}"') :]
    assert (
        '<a href="../posts/2025/what-the-analyst-taught-me/">What the Analyst Taught Me</a>'
        in (analyst[: analyst.index("</article>")])
    )


def test_reflection_shows_public_contacts_linked_and_private_ones_counted(
    make_site: SiteFactory,
) -> None:
    page = text(run(make_site(LOG_FILES)), "posts/2025/what-the-analyst-taught-me/index.html")
    assert f'<a href="../../../networking/#{ANALYST_ID}">G. H.</a>' in page
    assert "and 1 person I keep private" in page
    assert '<a href="../../../skills/#skill-communication">Communication</a>' in page
    assert '<a href="../../../skills/#skill-critical-thinking">Critical Thinking</a>' in page


def test_reflections_index_lists_only_reflections(make_site: SiteFactory) -> None:
    page = text(run(make_site(LOG_FILES)), "reflections/index.html")
    assert "What the Analyst Taught Me" in page
    assert "A Plain Post" not in page
    assert "1 reflection" in page


def test_consent_warning_names_the_entry_but_not_the_person(make_site: SiteFactory) -> None:
    result = run(make_site(LOG_FILES))
    (warning,) = [w for w in result.warnings if "initials" in w.message]
    assert warning.severity is Severity.WARNING
    assert str(warning.span) == "content/networking/analyst.md:9"
    assert "'G. H.'" in warning.message and "Hopper" not in warning.message


def test_cli_prints_warnings_in_the_summary(make_site: SiteFactory, tmp_path: Path) -> None:
    root = make_site(LOG_FILES)
    result = run_cli("build", "--source", str(root), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert "content/networking/analyst.md:9: warning: public networking entry published as" in (
        result.stderr
    )
    check = run_cli("check", "--source", str(root))
    assert "1 warning above" in check.stdout


def test_counts_only_when_nothing_is_public(make_site: SiteFactory) -> None:
    files = {
        "content/networking/a.md": entry("Private One", channel="email", kind="coffee-chat"),
        "content/networking/b.md": entry("Private Two", "2025-04-02", channel="video"),
    }
    page = text(run(make_site(files)), "networking/index.html")
    assert "2 conversations: 0 shown below, 2 kept private." in page
    assert "<article" not in page
    assert "Private One" not in page and "Private Two" not in page
    assert '<tr><th scope="row">Coffee chat</th><td>1</td></tr>' in page


def test_counts_can_be_turned_off(make_site: SiteFactory) -> None:
    config = MINIMAL_CONFIG + "[networking]\nshow_counts = false\n"
    result = run(make_site(LOG_FILES, config=config))
    page = text(result, "networking/index.html")
    assert "In numbers" not in page and "private" not in page.lower().split("</header>")[1]


def test_without_counts_or_public_entries_there_is_no_log_page(make_site: SiteFactory) -> None:
    config = MINIMAL_CONFIG + "[networking]\nshow_counts = false\n"
    result = run(make_site({"content/networking/a.md": entry("Someone")}, config=config))
    assert "networking/index.html" not in {f.path for f in result.files}


def test_log_page_can_be_turned_off(make_site: SiteFactory) -> None:
    config = MINIMAL_CONFIG + "[networking]\npage = false\n"
    result = run(make_site(LOG_FILES, config=config))
    assert "networking/index.html" not in {f.path for f in result.files}
    page = text(result, "posts/2025/what-the-analyst-taught-me/index.html")
    assert "<li>G. H." in page  # still named, but not linked anywhere


def test_markdown_links_to_entries(make_site: SiteFactory) -> None:
    files = dict(LOG_FILES)
    ada, nurse = "[Ada](../networking/professor.md)", "[nurse](../networking/nurse.md)"
    files["content/posts/links.md"] = post("Links", "2025-03-04", f"{ada} and {nurse}")
    assert errors_of(make_site(files)) == [
        "content/posts/links.md:6: link to '../networking/nurse.md' points at a page that is not "
        "published: it is a private networking entry (public: true shows it)"
    ]
    files["content/posts/links.md"] = post("Links", "2025-03-04", ada)
    page = text(run(make_site(files)), "posts/2025/links/index.html")
    assert 'href="../../../networking/#contact-professor"' in page


def test_entries_are_not_pages_feeds_or_sitemap_entries(make_site: SiteFactory) -> None:
    result = run(make_site(LOG_FILES))
    paths = {f.path for f in result.files}
    assert not any(p.startswith("networking/") and p != "networking/index.html" for p in paths)
    assert "Ada Byron" not in text(result, "atom.xml") + text(result, "feed.json")
    assert "networking/professor" not in text(result, "sitemap.xml")


# -- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        (
            {"channel": "zoom"},
            "content/networking/x.md:4: networking entry 'channel': unknown channel 'zoom'",
        ),
        (
            {"kind": "coffee chat"},
            "content/networking/x.md:4: networking entry 'kind': unknown kind 'coffee chat'",
        ),
        (
            {"follow_up": "2025-02-01"},
            "content/networking/x.md:4: 'follow_up' (2025-02-01) is before the entry's date "
            "(2025-03-01)",
        ),
        (
            {"email": "someone@example.org"},
            "content/networking/x.md:4: networking entry: unknown key 'email'",
        ),
        (
            {"private": "a secret"},
            "content/networking/x.md:4: networking entry: 'private' must be a set of "
            "'key: value' lines",
        ),
        (
            {"introduced_by": "nobody"},
            "content/networking/x.md:4: 'introduced_by': no networking entry named 'nobody'",
        ),
        (
            {"public": "yes please"},
            "content/networking/x.md:4: networking entry 'public': expected true or false",
        ),
    ],
)
def test_invalid_entries_are_errors_at_the_key(
    make_site: SiteFactory, meta: dict[str, str], expected: str
) -> None:
    root = make_site({"content/networking/x.md": entry("X", **meta)})
    assert errors_of(root) == [expected]


def test_unknown_channel_suggests_the_closest(make_site: SiteFactory) -> None:
    root = make_site({"content/networking/x.md": entry("X", channel="in person")})
    result = run_cli("check", "--source", str(root))
    assert result.exit_code == 1
    assert "hint: did you mean 'in-person'? channel is one of: phone, in-person" in result.stderr


def test_introduction_cycle_is_one_error(make_site: SiteFactory) -> None:
    root = make_site(
        {
            "content/networking/a.md": entry("A", introduced_by="c"),
            "content/networking/b.md": entry("B", introduced_by="a"),
            "content/networking/c.md": entry("C", introduced_by="b"),
            "content/networking/d.md": entry("D", introduced_by="a"),
        }
    )
    assert errors_of(root) == [
        "content/networking/a.md:4: 'introduced_by': introductions go round in a circle: "
        "a ← c ← b ← a (read ← as 'introduced by')"
    ]


def test_citing_a_missing_entry_is_an_error_at_the_contacts_line(make_site: SiteFactory) -> None:
    files = dict(LOG_FILES)
    files["content/posts/typo.md"] = post("Typo", "2025-03-05", contacts="[analist]")
    assert errors_of(make_site(files)) == [
        "content/posts/typo.md:4: 'contacts': no networking entry named 'analist'"
    ]


def test_name_and_date_are_required(make_site: SiteFactory) -> None:
    root = make_site({"content/networking/x.md": "---\nrole: Someone\n---\n"})
    assert errors_of(root) == ["content/networking/x.md:1: front matter 'date': is required"]
    root = make_site({"content/networking/x.md": "---\ndate: 2025-01-01\n---\n"})
    assert errors_of(root) == ["content/networking/x.md:1: networking entry: 'name' is required"]


def test_scaffolded_reflection_has_contacts_and_skills(make_site: SiteFactory) -> None:
    root = make_site({})
    assert run_cli("new", "post", "Hi", "--reflection", "--source", str(root)).exit_code == 0
    text_ = (root / "content/posts/hi.md").read_text()
    for needle in ("kind: reflection", "contacts: []", "skills: []", "## What?", "## Now what?"):
        assert needle in text_


def test_a_broken_link_in_a_public_entry_is_one_error(make_site: SiteFactory) -> None:
    files = dict(LOG_FILES)
    files["content/networking/professor.md"] = PROFESSOR + "\nSee [my notes](../posts/nope.md).\n"
    assert errors_of(make_site(files)) == [
        "content/networking/professor.md:17: link to '../posts/nope.md' points at "
        "content/posts/nope.md, which does not exist"
    ]
