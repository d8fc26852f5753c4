"""One mistake, one error: a typo is reported once, on its own line, in words that say
what is wrong; what depends on the broken file does not pile more errors on top."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SiteFactory, post, run_cli

CAREER_FAIR = """\
---
title: Career fair
summary: What I learned
date 2025-02-11
tags: [career]
---

Text.
"""

PROJECT = """\
---
title: Clinic app
date: 2025-01-01
contacts: [jordan-lee]
---

Built after [the career fair](../../posts/career-fair.md).
"""

RESUME = """\
basics:
  name: Maya Okafor
work:
  - name: Regional Clinic
    position: Intern
    startDate: "2024-06"
    evidence: [posts/career-fair.md, networking/jordan-lee.md]
"""

BROKEN_CONTACT = '---\nname: "Jordan Lee\ndate: 2025-01-01\n---\n\nNotes.\n'

ONE_TYPO_OUTPUT = """\
content/posts/career-fair.md:4: error: front matter is not valid YAML: this line has no ':' \
after its key
  hint: write 'key: value', with a space after the ':'
Build failed: 1 error; nothing was written.
"""


def test_a_yaml_typo_gives_one_error_on_its_own_line(make_site: SiteFactory) -> None:
    """The post with the typo is linked from a project and named as résumé evidence; only
    the typo is reported, on line 4 where the ':' is missing (not on line 5)."""
    root = make_site(
        {
            "content/posts/career-fair.md": CAREER_FAIR,
            "content/projects/clinic-app/index.md": PROJECT.replace("contacts: [jordan-lee]\n", ""),
            "data/resume.yaml": RESUME.replace(", networking/jordan-lee.md", ""),
        }
    )
    result = run_cli("build", "--source", str(root))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == ONE_TYPO_OUTPUT
    assert not (root / "site").exists()


def test_a_broken_networking_entry_is_not_missing_for_its_citations(
    make_site: SiteFactory,
) -> None:
    root = make_site(
        {
            "content/posts/career-fair.md": CAREER_FAIR.replace("date 2025", "date: 2025"),
            "content/projects/clinic-app/index.md": PROJECT,
            "content/networking/jordan-lee.md": BROKEN_CONTACT,
            "content/networking/sam-park.md": (
                "---\nname: Sam Park\ndate: 2025-01-05\nintroduced_by: jordan-lee\n---\n"
            ),
            "data/resume.yaml": RESUME,
        }
    )
    result = run_cli("build", "--source", str(root))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == [
        "content/networking/jordan-lee.md:2: error: front matter is not valid YAML: "
        "the quote opened on this line is never closed"
    ]


def test_a_link_to_a_file_that_is_really_missing_is_still_an_error(
    make_site: SiteFactory,
) -> None:
    root = make_site({"content/posts/a.md": post("A", body="See [b](b.md).")})
    result = run_cli("build", "--source", str(root))
    assert result.exit_code == 1
    assert "points at content/posts/b.md, which does not exist" in result.stderr


YAML_TYPOS = {
    "missing colon": (
        "title: T\nsummary: S\ndate 2025-01-10\ntags: [a]\n", 4, "has no ':' after its key"
    ),
    "unclosed double quote": (
        'title: T\nsummary: "what I learned\ndate: 2025-01-10\ntags: [a]\n', 3,
        "the quote opened on this line is never closed",
    ),
    "unclosed single quote": (
        "title: T\nsummary: 'what I learned\ndate: 2025-01-10\n", 3,
        "the quote opened on this line is never closed",
    ),
    "unclosed list": (
        "title: T\ntags: [career, networking\ndate: 2025-01-10\n", 3,
        "the list opened with '[' on this line is never closed",
    ),
    "unclosed mapping": (
        "title: T\nimage: {src: a.png\ndate: 2025-01-10\n", 3,
        "the mapping opened with '{' on this line is never closed",
    ),
    "colon in a value": ("title: T\ndate: 2025-01-10\nsummary: a: b\n", 4, "mapping values"),
    "bad indentation": ("title: T\ndate: 2025-01-10\n  tags: [a]\n", 4, "mapping values"),
}


@pytest.mark.parametrize("case", list(YAML_TYPOS), ids=list(YAML_TYPOS))
def test_yaml_errors_point_at_the_line_of_the_mistake(make_site: SiteFactory, case: str) -> None:
    block, line, words = YAML_TYPOS[case]
    root = make_site({"content/posts/typo.md": f"---\n{block}---\n\nText.\n"})
    result = run_cli("build", "--source", str(root))
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"content/posts/typo.md:{line}: error: front matter is not valid YAML")
    assert words in first


BAD_DATES = {
    "2025-13-01": "month 13 does not exist (months are 01 to 12)",
    "2025-00-10": "month 0 does not exist (months are 01 to 12)",
    "2025-02-29": "February has 28 days in 2025",
    "2023-02-29": "February has 28 days in 2023",
    "2024-02-30": "February has 29 days in 2024",
    "2025-04-31": "April has 30 days",
    "2025-01-32": "day 32 does not exist (days are 01 to 31)",
    "2025-01-10T25:00": "hour 25 does not exist (hours are 00 to 23)",
    "2025-01-10T09:75": "minute 75 does not exist (minutes are 00 to 59)",
    "2025-1-5": "write the month and the day with two digits each: 2025-01-05",
}


@pytest.mark.parametrize("raw", list(BAD_DATES))
def test_date_errors_say_what_is_wrong(make_site: SiteFactory, raw: str) -> None:
    root = make_site({"content/posts/when.md": f"---\ntitle: When\ndate: {raw}\n---\n\nText.\n"})
    result = run_cli("build", "--source", str(root))
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first == (
        f"content/posts/when.md:3: error: front matter 'date': '{raw}' is not a date: "
        f"{BAD_DATES[raw]}"
    )


def test_a_date_that_is_not_shaped_like_one_still_names_the_format(
    make_site: SiteFactory,
) -> None:
    root = make_site({"content/posts/when.md": "---\ntitle: W\ndate: next tuesday\n---\n\nT.\n"})
    result = run_cli("build", "--source", str(root))
    assert "front matter 'date': expected YYYY-MM-DD, got 'next tuesday'" in result.stderr


def test_a_leap_day_is_a_date(make_site: SiteFactory, tmp_path: Path) -> None:
    root = make_site({"content/posts/leap.md": post("Leap", "2024-02-29")})
    result = run_cli("build", "--source", str(root), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
