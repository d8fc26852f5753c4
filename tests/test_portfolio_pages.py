"""Skills with evidence, the projects gallery and pages, and the résumé."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from blogfolio.build import Builder, BuildOptions, build
from blogfolio.errors import BuildError
from blogfolio.model import BuildResult
from conftest import FIXED_NOW, MINIMAL_CONFIG, REPO, SiteFactory, post, run_cli

PROJECT = """\
---
title: {title}
date: {date}
summary: A tool I built.
role: Sole developer
tools: [Python, SQL]
skills: [Python, Teamwork]
image: cover.svg
image_alt: A small chart
links:
  - title: Code
    url: https://example.org/code
  - https://example.org/demo
---

What I built, and why.
"""
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>'
SKILLS_YAML = """\
nace: true
groups:
  - name: Technical
    description: Things I can build with.
    skills:
      - name: Python
        description: Scripts and analysis.
      - SQL
"""
RESUME = """\
basics:
  name: Sam Student
  label: Data student
  email: sam@example.org
  phone: (555) 444-1234
  location:
    address: 12 Elm Street
    postalCode: "54321"
    city: Springfield
    region: Oregon
  profiles:
    - network: GitHub
      url: https://github.com/sam-example
work:
  - name: County Health
    position: Intern
    startDate: 2025-06
    endDate: 2025-08
    highlights: [Cleaned data, Wrote docs]
    evidence: [projects/tool/index.md, posts/hello.md]
education:
  - institution: State University
    area: Informatics
    studyType: BS
    startDate: "2023"
"""


def site_files() -> dict[str, str | bytes]:
    return {
        "content/posts/hello.md": post(
            "Hello", "2025-02-01", "Hi.", skills="[Communication, Python]"
        ),
        "content/posts/older.md": post("Older", "2024-05-01", "Hi.", skills="[communication]"),
        "content/posts/newer.md": post("Newer", "2025-05-01", "Hi.", skills="[Knitting]"),
        "content/projects/tool/index.md": PROJECT.format(title="Tool", date="2025-03-01"),
        "content/projects/tool/cover.svg": SVG,
        "content/projects/old/index.md": PROJECT.format(title="Old Thing", date="2023-03-01"),
        "content/projects/old/cover.svg": SVG,
    }


def run(root: Path) -> BuildResult:
    return build(root, BuildOptions(now=FIXED_NOW))


def text(result: BuildResult, path: str) -> str:
    data = {f.path: f for f in result.files}[path].data
    assert data is not None
    return data.decode("utf-8")


def errors_of(root: Path) -> list[str]:
    with pytest.raises(BuildError) as info:
        run(root)
    return [f"{d.span}: {d.message}" for d in info.value.diagnostics]


def section(page: str, anchor: str) -> str:
    start = page.index(f'id="{anchor}"')
    end = page.find('<div class="skill"', start + 1)
    return page[start : end if end != -1 else len(page)]


# -- skills -----------------------------------------------------------------------------------


def test_nace_competencies_are_the_default_framework(make_site: SiteFactory) -> None:
    page = text(run(make_site(site_files())), "skills/index.html")
    names = re.findall(r'(?:<div class="skill"|<span) id="skill-([a-z-]+)">', page)
    assert sorted(names[:8]) == [
        "career-self-development", "communication", "critical-thinking", "equity-inclusion",
        "leadership", "professionalism", "teamwork", "technology",
    ]  # fmt: skip
    assert "based on the NACE career readiness competencies" in page
    communication = section(page, "skill-communication")
    assert communication.index("Hello") < communication.index("Older")  # newest first
    teamwork = section(page, "skill-teamwork")
    assert teamwork.index("Tool") < teamwork.index("Old Thing")  # projects count as evidence
    assert "project" in teamwork
    waiting = re.search(r"Still to show: (.*?)\.</p>", page)
    assert waiting is not None and "Leadership" in waiting.group(1)  # named, not listed empty
    assert '<div class="skill" id="skill-leadership">' not in page
    other = page[page.index("Other skills") :]
    assert "Knitting" in other and "Python" in other


def test_a_skills_file_describes_and_groups_skills(make_site: SiteFactory) -> None:
    files = site_files()
    files["data/skills.yaml"] = SKILLS_YAML
    page = text(run(make_site(files)), "skills/index.html")
    groups = re.findall(r'<h2 id="skill-group-\d+">([^<]+)</h2>', page)
    assert groups == ["Career readiness", "Technical", "Other skills"]
    python = section(page, "skill-python")
    assert "Scripts and analysis." in python and "Hello" in python and "Tool" in python
    assert "Other skills" in page and "Knitting" in page[page.index("Other skills") :]
    assert "based on the NACE" not in page


def test_skills_file_in_json_and_toml(make_site: SiteFactory) -> None:
    files = site_files()
    files["data/skills.json"] = json.dumps({"groups": [{"name": "Mine", "skills": ["Python"]}]})
    page = text(run(make_site(files)), "skills/index.html")
    assert "Career readiness" not in page and "Mine" in page


def test_likely_typos_are_warnings_in_the_summary(make_site: SiteFactory, tmp_path: Path) -> None:
    files = site_files()
    files["content/posts/typo.md"] = post("Typo", "2025-01-01", skills="[Comunication, Baking]")
    root = make_site(files)
    result = run_cli("build", "--source", str(root), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert (
        "content/posts/typo.md:4: warning: skill 'Comunication' is not declared in the default "
        "NACE competencies; did you mean 'Communication'?" in result.stderr
    )
    assert "Baking" not in result.stderr  # far from every declared skill: simply undeclared


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        ("groups:\n  - name: A\n    skils: [x]\n", "data/skills.yaml:3: skills file: "
         "'groups[0].skils': unknown key"),
        ("groups:\n  - name: A\n    skills:\n      - {description: no name}\n",
         "data/skills.yaml:4: skills file: 'groups[0].skills[0].name': missing"),
        ("nace: true\ngroups:\n  - name: A\n    skills: [Teamwork]\n",
         "data/skills.yaml:4: skills file: 'groups[0].skills[0]': skill 'Teamwork' is declared "
         "twice"),
        ("groups: Python\n",
         "data/skills.yaml:1: skills file: 'groups': expected a list of groups"),
    ],
)  # fmt: skip
def test_skills_file_errors_name_the_key_path(
    make_site: SiteFactory, yaml_text: str, expected: str
) -> None:
    files = site_files()
    files["data/skills.yaml"] = yaml_text
    assert errors_of(make_site(files)) == [expected]


# -- projects ---------------------------------------------------------------------------------


def test_projects_gallery_and_pages(make_site: SiteFactory) -> None:
    result = run(make_site(site_files()))
    gallery = text(result, "projects/index.html")
    assert gallery.index("Tool") < gallery.index("Old Thing")
    assert '<img src="tool/cover.svg" alt="" loading="lazy" decoding="async">' in gallery
    assert "<li>Python</li>" in gallery and "Sole developer" in gallery
    page = text(result, "projects/tool/index.html")
    cover = '<img class="cover" src="cover.svg" alt="A small chart" fetchpriority="high"'
    assert f'{cover} decoding="async">' in page
    assert '<a href="https://example.org/code">Code</a>' in page
    assert '<a href="https://example.org/demo">example.org</a>' in page
    assert "<dd>Python, SQL</dd>" in page and "<dd>Sole developer</dd>" in page
    assert '<a href="../../skills/#skill-teamwork">Teamwork</a>' in page
    assert "projects/tool/cover.svg" in {f.path for f in result.files}


def test_no_projects_no_gallery(make_site: SiteFactory) -> None:
    result = run(make_site({"content/posts/hello.md": post("Hello")}))
    assert "projects/index.html" not in {f.path for f in result.files}


def test_project_links_must_be_addresses(make_site: SiteFactory) -> None:
    files = site_files()
    files["content/projects/tool/index.md"] = PROJECT.replace(
        "https://example.org/demo", "example.org/demo"
    ).format(title="Tool", date="2025-03-01")
    assert errors_of(make_site(files)) == [
        "content/projects/tool/index.md:10: front matter 'links': 'example.org/demo' is not a "
        "full address or a site path"
    ]


# -- résumé -----------------------------------------------------------------------------------


def resume_site(make_site: SiteFactory, resume: str = RESUME, config: str = MINIMAL_CONFIG) -> Path:
    files = site_files()
    files["data/resume.yaml"] = resume
    return make_site(files, config=config)


def test_resume_page(make_site: SiteFactory) -> None:
    result = run(resume_site(make_site))
    page = text(result, "resume/index.html")
    assert "<h1>Sam Student</h1>" in page and "Data student" in page
    assert '<a href="mailto:sam@example.org">sam@example.org</a>' in page
    assert "<li>Springfield, Oregon</li>" in page
    experience = page[page.index('id="resume-work"') : page.index('id="resume-education"')]
    assert "<h3>Intern<span class=\"resume-at\">, County Health</span></h3>" in experience
    assert "Jun 2025 \u2013 Aug 2025" in experience and "<li>Wrote docs</li>" in experience
    assert (
        'Evidence: <a href="../projects/tool/">Tool</a>; <a href="../posts/2025/hello/">Hello</a>'
        in experience
    )
    assert "BS, Informatics" in page and "2023 \u2013 Present" in page
    assert '<body class="type-resume">' in page


def test_phone_and_street_address_are_private_by_default(make_site: SiteFactory) -> None:
    result = run(resume_site(make_site))
    datas = [f.data for f in result.files if f.data]
    unpacked = (gzip.decompress(d) if d.startswith(b"\x1f\x8b") else d for d in datas)
    everything = "\n".join(d.decode(errors="replace") for d in unpacked)  # the index too
    for secret in ("444-1234", "12 Elm Street", "54321"):
        assert secret not in everything
    assert "phone" not in result.site.data["resume"]["basics"]
    assert "address" not in result.site.data["resume"]["basics"]["location"]


def test_phone_and_address_can_be_published_on_purpose(make_site: SiteFactory) -> None:
    config = MINIMAL_CONFIG + "[resume]\nshow_phone = true\nshow_address = true\n"
    page = text(run(resume_site(make_site, config=config)), "resume/index.html")
    assert "<li>(555) 444-1234</li>" in page
    assert "<li>12 Elm Street, Springfield, Oregon, 54321</li>" in page


def test_a_hidden_phone_leaking_elsewhere_fails_the_build(make_site: SiteFactory) -> None:
    root = resume_site(make_site)
    (root / "content/posts/hello.md").write_text(post("Hello", "2025-02-01", "Call 555-444-1234."))
    (message,) = errors_of(root)
    assert message.startswith(
        "data/resume.yaml:5: privacy check: the private value 'basics.phone' declared here"
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("startDate: 2025-06", "startDate: Summer 2025",
         "data/resume.yaml:17: résumé 'work[0].startDate': expected a date such as 2024-09 or "
         "2024-09-01, got 'Summer 2025'"),
        ("highlights: [Cleaned data, Wrote docs]", "highlights: {a: b}",
         "data/resume.yaml:19: résumé 'work[0].highlights': expected a list of text, got a set "
         "of keys"),
        ("url: https://github.com/sam-example", "url: github.com/sam-example",
         "data/resume.yaml:13: résumé 'basics.profiles[0].url': expected a full address, got "
         "'github.com/sam-example'"),
        ("posts/hello.md]", "posts/nope.md]",
         "data/resume.yaml:20: 'work[0].evidence[1]': content/posts/nope.md does not exist"),
        ("work:\n", "work:\n  - 3\n",
         "data/resume.yaml:15: résumé 'work[0]': expected a set of 'key: value' lines, got a "
         "number"),
    ],
)  # fmt: skip
def test_resume_errors_name_the_key_path_and_line(
    make_site: SiteFactory, old: str, new: str, expected: str
) -> None:
    assert old in RESUME
    root = resume_site(make_site, RESUME.replace(old, new, 1))
    assert errors_of(root) == [expected]


def test_evidence_must_be_published(make_site: SiteFactory) -> None:
    files = site_files()
    files["content/posts/hello.md"] = post("Hello", "2025-02-01", draft="true")
    files["data/resume.yaml"] = RESUME
    assert errors_of(make_site(files)) == [
        "data/resume.yaml:20: 'work[0].evidence[1]': content/posts/hello.md is not published: "
        "draft: true (build with --drafts to include it)"
    ]


def test_resume_in_json_with_a_typo_warning(make_site: SiteFactory) -> None:
    files = site_files()
    doc = {"basics": {"name": "J"}, "work": [{"name": "X", "positon": "Y"}]}
    files["data/resume.json"] = json.dumps(doc, indent=2)
    result = run(make_site(files))
    (warning,) = result.warnings
    assert str(warning.span) == "data/resume.json:8"
    assert "'work[0].positon': unknown key, left out; did you mean 'position'?" in warning.message
    bad = {"basics": {"name": "J"}, "work": [{"name": "X", "endDate": "2025-13"}]}
    files["data/resume.json"] = json.dumps(bad, indent=2)
    (message,) = errors_of(make_site(files))
    assert message.startswith("data/resume.json:8: résumé 'work[0].endDate': expected a date")


def test_resume_prints_on_its_own() -> None:
    css = (REPO / "themes/default/static/css/style.css").read_text()
    printed = css[css.index("@media print") :]
    assert ".type-resume .site-header" in printed and ".resume-evidence" in printed


# -- incremental builds -----------------------------------------------------------------------


def test_incremental_builds_follow_portfolio_inputs(make_site: SiteFactory) -> None:
    """Each edit to an entry, the skills file or the résumé gives the same bytes as a full build."""
    files = site_files()
    files["data/resume.yaml"] = RESUME
    files["content/networking/ada.md"] = (
        "---\nname: Ada\ndate: 2025-01-01\npublic: true\nconsent: true\nchannel: email\n---\nHi.\n"
    )
    files["content/posts/hello.md"] = post("Hello", "2025-02-01", "Hi.", contacts="[ada]")
    root = make_site(files)
    builder = Builder(root, BuildOptions(now=FIXED_NOW))
    builder.build()
    edits = [
        ("content/networking/ada.md", files["content/networking/ada.md"].replace("Ada", "Ada L")),
        ("content/networking/ada.md", files["content/networking/ada.md"].replace("email", "video")),
        ("content/networking/ada.md", files["content/networking/ada.md"].replace(
            "consent: true", "consent: false")),
        ("data/skills.yaml", SKILLS_YAML),
        ("data/skills.yaml", SKILLS_YAML.replace("Scripts and analysis.", "Pandas.")),
        ("data/resume.yaml", RESUME.replace("Data student", "Informatics student")),
        ("content/projects/tool/index.md", PROJECT.format(title="Tool 2", date="2025-03-01")),
    ]  # fmt: skip
    for rel, content in edits:
        (root / rel).write_text(content)
        incremental = {f.path: f.data for f in builder.build().files}
        full = {f.path: f.data for f in run(root).files}
        assert incremental == full, rel
