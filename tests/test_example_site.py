"""The repository's own example blogfolio, built as a student would build it."""

from __future__ import annotations

import json
import re
import shutil
import site
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import feedparser
import pytest

from conftest import REPO, run_cli
from linkcheck import broken_links
from tools import vnu_command

BASE = "https://maya-okafor.github.io/folio/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("example") / "site"
    result = run_cli("build", "--source", str(REPO), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert "Left out 1 source(s)" in result.stderr
    assert "portfolio-vs-resume.md: draft: true" in result.stderr
    warning = "content/networking/jolene-ruiz.md:16: warning: public networking entry published"
    assert f"{warning} as 'J. R.' (initials only)" in result.stderr
    return out


def read(out: Path, rel: str) -> str:
    return (out / rel).read_text(encoding="utf-8")


def test_every_kind_of_page_is_written(built: Path) -> None:
    expected = [
        "index.html", "page/2/index.html", "about/index.html", "contact/index.html",
        "posts/2025/networking-before-the-interview/index.html",
        "posts/2025/networking-before-the-interview/coffee-chat.svg",
        "tags/index.html", "categories/index.html", "archives/index.html",
        "archives/2024/index.html", "atom.xml", "rss.xml", "feed.json", "sitemap.xml",
        "robots.txt", "404.html", "css/highlight.css", "css/style.css",
        "networking/index.html", "reflections/index.html", "skills/index.html",
        "projects/index.html", "projects/readmission-risk-model/index.html",
        "projects/readmission-risk-model/cover.svg", "projects/report-quality-checker/index.html",
        "resume/index.html",
    ]  # fmt: skip
    missing = [rel for rel in expected if not (built / rel).is_file()]
    assert missing == []


def test_home_page_lists_latest_posts_newest_first(built: Path) -> None:
    home = read(built, "index.html")
    first = home.index("Halfway Through")
    second = home.index("Teaching My Grandmother")
    assert first < second
    assert "Why Health Informatics" not in home  # oldest post is on a later page
    assert "Do Non-Designers Need a Portfolio" not in home  # the draft
    assert 'href="page/2/"' in home


def test_post_page_has_body_toc_and_neighbours(built: Path) -> None:
    page = read(built, "posts/2025/readmission-risk-team-project/index.html")
    assert "<h1" in page and "Predicting 30-Day Readmissions" in page
    assert 'class="highlight"' in page and '<span class="k">' in page
    assert 'href="#' in page  # contents links and heading anchors
    assert f'<link rel="canonical" href="{BASE}posts/2025/readmission-risk-team-project/">' in page
    bundle = read(built, "posts/2025/networking-before-the-interview/index.html")
    assert 'src="coffee-chat.svg"' in bundle
    assert "../../2024/fall-career-fair-recap/" in bundle


def test_networking_log_shows_public_entries_and_counts_the_rest(built: Path) -> None:
    log = read(built, "networking/index.html")
    assert "7 conversations: 3 shown below, 4 kept private." in log
    assert "<h3>Dr. Helen Marsh</h3>" in log and "<h3>Priya Natarajan</h3>" in log
    assert "<h3>J. R.</h3>" in log
    assert re.search(r'<article class="log-entry" id="contact-[0-9a-f]{8}">\s*<h3>J\. R\.', log)
    assert '<dd><a href="./#contact-helen-marsh">Dr. Helen Marsh</a></dd>' in log
    assert '<a href="../posts/2025/qa-with-a-clinical-data-analyst/">' in log


def test_example_private_details_appear_nowhere(built: Path) -> None:
    """Every value the example keeps private, checked independently of the build's own check."""
    names = ["Jolene", "Ruiz", "Sam Whitfield", "Omar Haddad", "Rosa Delgado", "Devon Park"]
    secrets = list(names)
    secrets += ["Nurse Informaticist", "Implementation Consultant"]  # private entries' roles
    for entry in (REPO / "content/networking").glob("*.md"):
        secrets += re.findall(r"^  (?:email|phone): (.+)$", entry.read_text(), re.M)
    secrets += ["(555) 010-4477", "010-4477", "Larkspur", "60699"]  # the résumé's hidden fields
    assert len(secrets) > 15
    for path in built.rglob("*"):
        if path.is_file():
            data = path.read_bytes().decode("utf-8", "replace")
            found = [s for s in secrets if s in data]
            folded = data.casefold()
            found += [n for n in names if n.casefold().replace(" ", "-") in folded]  # ids, slugs
            assert found == [], path


def test_reflection_cites_contacts_and_skills(built: Path) -> None:
    page = read(built, "posts/2025/networking-before-the-interview/index.html")
    assert '<a href="../../../networking/#contact-helen-marsh">Dr. Helen Marsh</a>' in page
    assert "and 2 people I keep private" in page
    assert '<a href="../../../skills/#skill-communication">Communication</a>' in page
    reflections = read(built, "reflections/index.html")
    assert "Networking Before the Interview" in reflections
    assert "Career Fair Recap" not in reflections  # not a reflection


def test_resume_projects_and_skills(built: Path) -> None:
    resume = read(built, "resume/index.html")
    assert "<h1>Maya Okafor</h1>" in resume and "County Public Health Department" in resume
    assert '<a href="../projects/report-quality-checker/">Disease Report Quality Checker</a>' in (
        resume
    )
    gallery = read(built, "projects/index.html")
    assert gallery.index("Disease Report Quality Checker") < gallery.index("Readmission Risk")
    skills = read(built, "skills/index.html")
    assert "Health data skills" in skills and "No evidence yet." not in skills
    waiting = re.search(r'<p class="skills-waiting muted">Still to show: (.*?)</p>', skills)
    assert waiting is not None, "skills without evidence are named in one line"
    assert '<span class="count">0<' not in skills


def test_titles_with_markup_characters_are_escaped(built: Path) -> None:
    page = read(built, "posts/2025/qa-with-a-clinical-data-analyst/index.html")
    assert "Q&amp;A with a Clinical Data Analyst" in page
    assert "Q&A with" not in page.replace("Q&amp;A", "")


def test_no_draft_anywhere(built: Path) -> None:
    for path in built.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json"):
            assert "Non-Designers" not in path.read_text(encoding="utf-8"), path


def test_internal_links_all_resolve(built: Path) -> None:
    assert broken_links(built, "/folio/") == []


def test_feeds_parse_cleanly(built: Path) -> None:
    for name in ("atom.xml", "rss.xml"):
        feed = feedparser.parse(read(built, name))
        assert not feed.bozo, (name, feed.get("bozo_exception"))
        assert len(feed.entries) == 9
        assert feed.entries[0].link == f"{BASE}posts/2025/internship-midpoint-reflection/"
        titles = [e.title for e in feed.entries]
        assert any(t.startswith("Q&A with a Clinical Data Analyst") for t in titles)
    data = json.loads(read(built, "feed.json"))
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert len(data["items"]) == 9
    assert all(item["url"].startswith(BASE) for item in data["items"])
    bundle = next(i for i in data["items"] if "networking-before" in i["url"])
    assert (
        f'src="{BASE}posts/2025/networking-before-the-interview/coffee-chat.svg"'
        in (bundle["content_html"])
    )


def test_sitemap_and_robots(built: Path) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.fromstring(read(built, "sitemap.xml"))
    locs = [loc.text or "" for loc in root.findall("s:url/s:loc", ns)]
    assert f"{BASE}posts/2025/networking-before-the-interview/" in locs
    assert all(loc.startswith(BASE) for loc in locs)
    for loc in locs:
        rel = loc[len(BASE) :]
        assert (built / rel / "index.html").is_file() or (built / rel).is_file(), loc
    assert f"Sitemap: {BASE}sitemap.xml" in read(built, "robots.txt")


@pytest.mark.validator
def test_nu_html_checker_reports_no_errors(built: Path) -> None:
    command = [*vnu_command(), "--errors-only", "--skip-non-html", "--format", "json", str(built)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [f"{m.get('url')}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert errors == []


def test_non_editable_install_builds_the_example(tmp_path: Path) -> None:
    """A wheel installed in a fresh virtual environment carries the default theme: it
    builds the example, which has no themes/ folder of its own."""
    wheel_dir = tmp_path / "wheel"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(wheel_dir), str(REPO)],
        check=True, timeout=300,
    )  # fmt: skip
    (wheel,) = wheel_dir.glob("blogfolio-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert "blogfolio/themes/default/templates/base.html" in archive.namelist()
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    # Dependencies come from this environment (tests reach no network); blogfolio itself
    # only from the wheel, since a path listed in a .pth file does not run that path's .pth.
    Path(purelib, "_host_dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True, timeout=300,
    )  # fmt: skip
    where = subprocess.run(
        [python, "-c", "import blogfolio; print(blogfolio.__file__)"],
        check=True, capture_output=True, text=True, cwd=tmp_path,
    ).stdout  # fmt: skip
    assert where.startswith(str(venv))
    version = subprocess.run(
        [venv / "bin" / "blogfolio", "--version"], capture_output=True, text=True, check=True,
        timeout=60,
    ).stdout.splitlines()  # fmt: skip
    assert version[1] == f"installed from the archive {wheel}"  # a local file: not repeatable
    example = tmp_path / "example"
    for folder in ("content", "data"):
        shutil.copytree(REPO / folder, example / folder)
    shutil.copy(REPO / "blogfolio.toml", example / "blogfolio.toml")
    result = subprocess.run(
        [venv / "bin" / "blogfolio", "build"], cwd=example, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Networking Before the Interview" in (example / "site" / "index.html").read_text()
