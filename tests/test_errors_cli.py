"""Error-message snapshots through the CLI: the messages are part of the product.

Each case starts from a good site, builds it, breaks one thing and builds again.
The failed build must exit 1, print `path:line: error: …` first, then a hint,
say that nothing was written, and leave the last good `site/` exactly as it was
(same bytes, same mtimes, same inodes). Built from scratch, the broken site must
not create an output folder at all.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import MINIMAL_CONFIG, SiteFactory, post, run_cli

GOOD_FILES: dict[str, str | bytes] = {
    "content/posts/hello.md": post("Hello", "2025-01-10", "First paragraph."),
    "content/about.md": "---\ntitle: About\n---\n\nAbout me.\n",
}

Snapshot = dict[str, tuple[bytes, int, int]]


def snapshot(folder: Path) -> Snapshot:
    """Every file under folder: bytes, mtime (ns) and inode."""
    found: Snapshot = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            stat = path.stat()
            found[path.relative_to(folder).as_posix()] = (
                path.read_bytes(),
                stat.st_mtime_ns,
                stat.st_ino,
            )
    return found


def leftovers(root: Path) -> list[str]:
    """Temporary folders a failed write could leave beside the output."""
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site."))


@dataclass(frozen=True)
class Case:
    """One way to break the good site."""

    files: dict[str, str | bytes] = field(default_factory=dict)
    """Files written (or overwritten) to break it."""
    first_line: str | re.Pattern[str] = ""
    """The exact first line of stderr ({root} is the site folder)."""
    hint: str = "hint: "
    """Text the hint line must contain."""
    config: str | bytes | None = MINIMAL_CONFIG
    """blogfolio.toml after breaking (bytes are written as they are); None deletes it."""
    more: tuple[str, ...] = ()
    """Further lines that must appear on stderr."""


POSTS = "content/posts"
POST_TEMPLATE_BASE = '{% extends "theme:post.html" %}\n{% block main %}\n<p>\n'

CASES: dict[str, Case] = {
    "invalid-yaml": Case(
        {f"{POSTS}/bad.md": "---\ntitle: Bad\ndate: 2025-01-10\nsummary: a: b\n---\n\nText.\n"},
        re.compile(
            r"content/posts/bad\.md:4: error: front matter is not valid YAML: "
            r"mapping values are not allowed (here|in this context)"
        ),
        "hint: check indentation",
    ),
    "unclosed-front-matter": Case(
        {f"{POSTS}/bad.md": "---\ntitle: Bad\ndate: 2025-01-10\n\nText.\n"},
        "content/posts/bad.md:1: error: front matter opened with '---' on line 1 is never closed",
        "hint: add a line holding only ---",
    ),
    "not-utf8": Case(
        {f"{POSTS}/bad.md": b"---\ntitle: Bad\ndate: 2025-01-10\n---\n\nfine\n\xff\xfe bad\n"},
        "content/posts/bad.md:7: error: file is not UTF-8 text (byte 0xff cannot be decoded)",
        "hint: re-save the file as UTF-8",
    ),
    "empty-file": Case(
        {f"{POSTS}/bad.md": b""},
        "content/posts/bad.md:1: error: file is empty",
        "hint: start it with front matter",
    ),
    "bad-date": Case(
        {f"{POSTS}/bad.md": "---\ntitle: Bad\ntags: [a]\ndate: 2024-13-01\n---\n\nText.\n"},
        "content/posts/bad.md:4: error: front matter 'date': '2024-13-01' is not a date: "
        "month 13 does not exist (months are 01 to 12)",
        "hint: dates are ISO 8601",
    ),
    "title-is-a-list": Case(
        {f"{POSTS}/bad.md": "---\ndate: 2025-01-10\ntitle: [one, two]\n---\n\nText.\n"},
        "content/posts/bad.md:3: error: front matter 'title': expected text, got a list",
        "hint: write the title as one line of text",
    ),
    "slug-with-dotdot": Case(
        {f"{POSTS}/bad.md": post("Bad", slug="../../evil")},
        "content/posts/bad.md:4: error: 'slug': '../../evil' contains a path separator or '..'",
        "hint: a slug is one URL segment",
    ),
    "two-posts-one-url": Case(
        {f"{POSTS}/again.md": post("Hello again", "2025-03-01", slug="hello")},
        "content/posts/again.md:4: error: content/posts/again.md:4 and content/posts/hello.md:1 "
        "both want the URL /posts/2025/hello/",
        "hint: give one of them a different 'slug:'",
    ),
    "page-takes-a-theme-url": Case(
        {"content/tags.md": "---\ntitle: My tags\n---\n\nWhat I tag.\n"},
        "content/tags.md:1: error: content/tags.md:1 and the tags index both want the URL /tags/",
        "hint: blogfolio makes /tags/ itself; give this page a different 'slug:'",
    ),
    "alias-over-the-feed": Case(
        {
            f"{POSTS}/hello.md": post(
                "Hello", "2025-01-10", "First paragraph.", aliases="[/atom.xml]"
            )
        },
        "content/posts/hello.md:4: error: alias /atom.xml is already taken by the Atom feed "
        "atom.xml",
        "hint: an alias is an old site path",
    ),
    "static-over-the-sitemap": Case(
        {"static/sitemap.xml": "<urlset/>"},
        "static/sitemap.xml: error: static/sitemap.xml and the sitemap sitemap.xml both want "
        "the file sitemap.xml",
        "hint: blogfolio writes sitemap.xml itself; rename or remove this file",
    ),
    "permalink-escapes-the-output": Case(
        config=MINIMAL_CONFIG + '\n[collections.posts]\npermalink = "/{year}/../../{slug}/"\n',
        first_line="blogfolio.toml:5: error: 'collections.posts.permalink': "
        "'/{year}/../../{slug}/' has a '.' or '..' segment or a backslash: a permalink is a "
        "path from the site's root and must stay inside the output folder",
        hint='hint: write the path from the site\'s root, e.g. "/notes/{slug}/"',
    ),
    "output-dir-is-the-repository": Case(
        config=MINIMAL_CONFIG + 'output_dir = ".git"\n',
        first_line="blogfolio.toml:3: error: output folder {root}/.git would replace {root}/.git",
        hint='hint: choose a folder of its own, such as output_dir = "site"',
    ),
    "output-dir-inside-static": Case(
        config=MINIMAL_CONFIG + 'output_dir = "static/www"\n',
        first_line="blogfolio.toml:3: error: output folder {root}/static/www would replace "
        "{root}/static",
        hint="hint: choose a folder of its own",
    ),
    "output-dir-is-a-file": Case(
        {"notes.txt": "my notes"},
        config=MINIMAL_CONFIG + 'output_dir = "notes.txt"\n',
        first_line="blogfolio.toml:3: error: output folder {root}/notes.txt is a file",
        hint="hint: move the file away, or choose another output_dir",
    ),
    "link-to-missing-file": Case(
        {f"{POSTS}/links.md": post("Links", body="Intro.\n\nSee [that](nowhere.md#part).")},
        "content/posts/links.md:8: error: link to 'nowhere.md#part' points at "
        "content/posts/nowhere.md, which does not exist",
        "hint: links between posts are relative to this file",
    ),
    "link-to-draft": Case(
        {
            f"{POSTS}/links.md": post("Links", body="Intro.\n\n\n[Draft](wip.md) soon."),
            f"{POSTS}/wip.md": post("Work in progress", draft="true"),
        },
        "content/posts/links.md:9: error: link to 'wip.md' points at a page that is not "
        "published: draft: true (build with --drafts to include it)",
        "hint: publish that page, or remove the link",
    ),
    "template-raises": Case(
        {"templates/post.html": POST_TEMPLATE_BASE + "{{ 1 // 0 }}\n</p>\n{% endblock %}\n"},
        "templates/post.html:4: error: template error: integer division or modulo by zero",
        "hint: the template raised while rendering",
        more=("  while rendering content/posts/hello.md",),
    ),
    "template-undefined": Case(
        {
            "templates/post.html": POST_TEMPLATE_BASE
            + "{{ page.nonexistent_thing }}\n</p>\n{% endblock %}\n"
        },
        "templates/post.html:4: error: template error: 'blogfolio.render.views.PostView object' "
        "has no attribute 'nonexistent_thing'",
        "hint: the theme uses a variable this page does not have",
        more=("  while rendering content/posts/hello.md",),
    ),
    "template-syntax-error": Case(
        {"templates/post.html": "<article>\n<h1>{{ page.title }</h1>\n</article>\n"},
        "templates/post.html:2: error: template syntax error: unexpected '}'",
        "hint: check the {% %} and {{ }} tags near this line",
        more=("  while rendering content/posts/hello.md",),
    ),
    "config-unknown-key": Case(
        config=MINIMAL_CONFIG + 'timezon = "Europe/Berlin"\n',
        first_line="blogfolio.toml:3: error: 'timezon': unknown key (known keys: author, "
        "base_url, collections, comments, description, feeds, home, images, language, markdown, "
        "menu, networking, output_dir, publish, resume, search, theme, timezone, title)",
        hint="hint: did you mean 'timezone'?",
    ),
    "config-bad-base-url": Case(
        config='title = "T"\nbase_url = "example.org/folio"\n',
        first_line="blogfolio.toml:2: error: 'base_url': expected a full http(s) address, "
        "got 'example.org/folio'",
        hint='hint: for example base_url = "https://',
    ),
    "config-unknown-timezone": Case(
        config=MINIMAL_CONFIG + 'timezone = "Mars/Olympus_Mons"\n',
        first_line="blogfolio.toml:3: error: 'timezone': unknown time zone 'Mars/Olympus_Mons'",
        hint="hint: use an IANA name",
    ),
    "config-missing": Case(
        config=None,
        first_line="blogfolio.toml: error: no blogfolio.toml in {root}",
        hint="hint: run blogfolio in a site folder",
    ),
    "config-invalid-toml": Case(
        config='title = "T"\nbase_url = "https://example.org/"\n\ntheme = default\n',
        first_line="blogfolio.toml:4:9: error: invalid TOML: Invalid value",
        hint="hint: strings need quotes",
    ),
    # Values that used to end in a traceback.
    "date-past-year-9999-in-utc": Case(
        {f"{POSTS}/bad.md": "---\ntitle: Bad\ndate: 9999-12-31T23:59:59-12:00\n---\n\nText.\n"},
        "content/posts/bad.md:3: error: front matter 'date': 9999-12-31T23:59:59-12:00 is out "
        "of range: in UTC it falls before the year 1 or after 9999",
        "hint: dates are ISO 8601",
    ),
    "date-before-year-1-in-the-site-zone": Case(
        {f"{POSTS}/bad.md": "---\ntitle: Bad\ntags: [a]\ndate: 0001-01-01T00:00+14:00\n---\n"},
        "content/posts/bad.md:4: error: front matter 'date': 0001-01-01T00:00+14:00 is out "
        "of range: in UTC or America/Chicago it falls before the year 1 or after 9999",
        "hint: dates are ISO 8601",
        config=MINIMAL_CONFIG + 'timezone = "America/Chicago"\n',
    ),
    "permalink-unpaired-brace": Case(
        config=MINIMAL_CONFIG + '\n[collections.posts]\npermalink = "/posts/{slug}}/"\n',
        first_line="blogfolio.toml:5: error: 'collections.posts.permalink': braces do not pair "
        "up in '/posts/{slug}}/' (Single '}' encountered in format string)",
        hint="hint: placeholders are a name in braces: {year}, {month}, {day}, {slug}",
    ),
    "unknown-highlight-style": Case(
        config=MINIMAL_CONFIG + '\n[markdown]\nlight_style = "nope"\ndark_style = "monokia"\n',
        first_line="blogfolio.toml:5: error: 'markdown.light_style': unknown Pygments style 'nope'",
        hint="styles include xcode, default, friendly, lightbulb and monokai",
        more=("blogfolio.toml:6: error: 'markdown.dark_style': unknown Pygments style 'monokia'",),
    ),
    "template-not-utf8": Case(
        {"templates/post.html": b'{% extends "theme:post.html" %}\n{# caf\xe9 #}\n'},
        "templates/post.html:2: error: template is not UTF-8 text (byte 0xe9 cannot be decoded)",
        "hint: re-save the file as UTF-8",
        more=("  while rendering content/posts/hello.md",),
    ),
    "data-nested-too-deeply": Case(
        {"data/deep.json": '{"name": "x",\n "deep": ' + "[" * 20_000 + "]" * 20_000 + "}\n"},
        "data/deep.json:2: error: values are nested too deeply to read",
        "hint: a list or table inside hundreds of others",
    ),
    "toml-front-matter-nested-too-deeply": Case(
        {f"{POSTS}/bad.md": '+++\ntitle = "Deep"\nx = ' + "[" * 20_000 + "]" * 20_000 + "\n+++\n"},
        "content/posts/bad.md:3: error: front matter: values are nested too deeply to read",
        "hint: a list or table inside hundreds of others",
    ),
    "config-nested-too-deeply": Case(
        config=MINIMAL_CONFIG + "\n[x]\ny = " + "[" * 20_000 + "]" * 20_000 + "\n",
        first_line="blogfolio.toml:5: error: values are nested too deeply to read",
        hint="hint: a list or table inside hundreds of others",
    ),
    # Errors that used to come without their file or line.
    "theme-not-found": Case(
        config=MINIMAL_CONFIG + 'language = "en"\ntheme = "defualt"\n',
        first_line="blogfolio.toml:4: error: theme 'defualt' not found (available: default)",
        hint="hint: did you mean 'default'? put the theme in themes/defualt/",
    ),
    "config-not-utf8": Case(
        config=(MINIMAL_CONFIG + 'author = "Ma\xefa"\n').encode("latin-1"),
        first_line="blogfolio.toml:3: error: file is not UTF-8 text (byte 0xef cannot be decoded)",
        hint="hint: re-save the file as UTF-8",
    ),
    "data-not-utf8": Case(
        {"data/links.yaml": b"- title: One\n- title: Tw\xf6\n"},
        "data/links.yaml:2: error: file is not UTF-8 text (byte 0xf6 cannot be decoded)",
        "hint: re-save the file as UTF-8",
    ),
    "data-toml-syntax": Case(
        {"data/links.toml": '[[link]]\ntitle = "One"\n\n[[link]]\ntitle = Two\n'},
        "data/links.toml:5:9: error: invalid TOML: Invalid value",
        "hint: strings need quotes",
    ),
    "resume-is-a-list": Case(
        {"data/resume.yaml": "- name: Maya Okafor\n- work: []\n"},
        "data/resume.yaml:1: error: résumé: the file must be a set of 'key: value' lines, "
        "got a list",
        "hint: start with 'basics:'",
    ),
    "nul-byte-on-line-2": Case(
        {f"{POSTS}/bad.md": "---\ntitle: Bad\x00\ndate: 2025-01-10\n---\n\nText.\n"},
        "content/posts/bad.md:2: error: front matter is not valid YAML: character U+0000 is "
        "not allowed (control characters are not allowed)",
        "hint: remove it",
    ),
    "permalink-leaves-the-output-folder": Case(
        config=MINIMAL_CONFIG
        + '\n[collections.posts]\npaginate = 5\npermalink = "/../x/{slug}/"\n',
        first_line="blogfolio.toml:6: error: 'collections.posts.permalink': '/../x/{slug}/' has "
        "a '.' or '..' segment or a backslash: a permalink is a path from the site's root and "
        "must stay inside the output folder",
        hint="hint: write the path from the site's root",
    ),
}

WRONG_TYPE = Case(
    config=MINIMAL_CONFIG + '\n[collections.posts]\npaginate = "ten"\n',
    first_line="blogfolio.toml:5: error: 'collections.posts.paginate': expected a whole number, "
    "got a string",
)

MISSING_TEMPLATE = Case(
    {f"{POSTS}/odd.md": post("Odd", template="nope.html")},
    "content/posts/odd.md:4: error: template 'nope.html' not found (needed for /posts/2025/odd/)",
    "hint: create it in templates/",
    more=("  while rendering content/posts/odd.md",),
)


def break_site(root: Path, case: Case) -> None:
    """Apply a case's damage to a site folder."""
    for rel, text in case.files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    config = root / "blogfolio.toml"
    if case.config is None:
        config.unlink()
    elif isinstance(case.config, bytes):
        config.write_bytes(case.config)
    else:
        config.write_text(case.config, encoding="utf-8")


def assert_first_line(stderr: str, expected: str | re.Pattern[str], root: Path) -> None:
    first = stderr.splitlines()[0]
    if isinstance(expected, re.Pattern):
        assert expected.fullmatch(first), first
    else:
        assert first == expected.replace("{root}", str(root.resolve()))


def assert_fails_cleanly(make_site: SiteFactory, case: Case, *, check_hint: bool = True) -> None:
    """Build good, break, rebuild: exit 1, the message, and an untouched site/."""
    root = make_site(GOOD_FILES)
    good = run_cli("build", "--source", str(root))
    assert good.exit_code == 0, good.stderr
    before = snapshot(root / "site")
    assert "index.html" in before

    break_site(root, case)
    result = run_cli("build", "--source", str(root))
    assert result.exit_code == 1, result.stderr
    assert_first_line(result.stderr, case.first_line, root)
    lines = result.stderr.splitlines()
    for line in case.more:
        assert line in lines
    if check_hint:
        assert any(line.startswith("  hint: ") and case.hint in line for line in lines), lines
    assert "nothing was written" in lines[-1]
    assert result.stdout == ""
    assert snapshot(root / "site") == before
    assert leftovers(root) == []

    shutil.rmtree(root / "site")
    again = run_cli("build", "--source", str(root))
    assert again.exit_code == 1
    assert again.stderr == result.stderr
    assert not (root / "site").exists()
    assert leftovers(root) == []


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_reported_and_nothing_written(make_site: SiteFactory, name: str) -> None:
    assert_fails_cleanly(make_site, CASES[name])


def test_wrong_config_type_is_reported(make_site: SiteFactory) -> None:
    assert_fails_cleanly(make_site, WRONG_TYPE, check_hint=False)


def test_wrong_config_type_has_a_hint(make_site: SiteFactory) -> None:
    assert_fails_cleanly(make_site, WRONG_TYPE)


def test_missing_template_is_reported(make_site: SiteFactory) -> None:
    root = make_site({**GOOD_FILES, **MISSING_TEMPLATE.files})
    result = run_cli("build", "--source", str(root))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert "template 'nope.html' not found (needed for /posts/2025/odd/)" in lines[0]
    assert "  while rendering content/posts/odd.md" in lines
    assert any(line.startswith("  hint: create it in templates/") for line in lines)
    assert "nothing was written" in lines[-1]
    assert not (root / "site").exists()


def test_missing_template_points_at_the_template_key(make_site: SiteFactory) -> None:
    assert_fails_cleanly(make_site, MISSING_TEMPLATE)


def test_config_errors_are_all_reported_at_once(make_site: SiteFactory) -> None:
    config = MINIMAL_CONFIG + 'timezon = "UTC"\nlanguag = "en"\n\n[feeds]\nlimit = "5"\n'
    root = make_site(GOOD_FILES, config=config)
    result = run_cli("build", "--source", str(root))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == [
        "blogfolio.toml:3: error: 'timezon': unknown key (known keys: author, base_url, "
        "collections, comments, description, feeds, home, images, language, markdown, menu, "
        "networking, output_dir, publish, resume, search, theme, timezone, title)",
        "blogfolio.toml:4: error: 'languag': unknown key (known keys: author, base_url, "
        "collections, comments, description, feeds, home, images, language, markdown, menu, "
        "networking, output_dir, publish, resume, search, theme, timezone, title)",
        "blogfolio.toml:7: error: 'feeds.limit': expected a whole number, got a string",
    ]
    assert "hint: did you mean 'language'?" in result.stderr
    assert "Build failed: 3 errors; nothing was written." in result.stderr


BROKEN_POSTS: dict[str, str | bytes] = {
    f"{POSTS}/a-bad-yaml.md": "---\ntitle: A\ndate: 2025-01-10\nsummary: a: b\n---\n\nText.\n",
    f"{POSTS}/b-bad-date.md": "---\ntitle: B\ndate: 2025-02-30\n---\n\nText.\n",
    f"{POSTS}/c-bad-link.md": post("C", body="[gone](gone.md)"),
    f"{POSTS}/d-no-title.md": "---\ndate: 2025-01-10\n---\n\nText.\n",
}


def test_several_broken_posts_are_reported_in_one_run(make_site: SiteFactory) -> None:
    root = make_site({**GOOD_FILES, **BROKEN_POSTS})
    result = run_cli("build", "--source", str(root))
    assert result.exit_code == 1
    located = [
        line.split(": error: ")[0] for line in result.stderr.splitlines() if ": error: " in line
    ]
    assert located == [
        "content/posts/a-bad-yaml.md:4",
        "content/posts/b-bad-date.md:3",
        "content/posts/d-no-title.md:1",
        "content/posts/c-bad-link.md:6",
    ]
    assert result.stderr.count("  hint: ") == 4
    assert "Build failed: 4 errors; nothing was written." in result.stderr
    assert not (root / "site").exists()


def test_check_reports_the_same_errors_and_writes_nothing(make_site: SiteFactory) -> None:
    root = make_site({**GOOD_FILES, **BROKEN_POSTS})
    built = run_cli("build", "--source", str(root))
    checked = run_cli("check", "--source", str(root))
    assert checked.exit_code == 1
    assert checked.stderr == built.stderr
    assert not (root / "site").exists()
    assert leftovers(root) == []


def test_check_passes_a_good_site_without_writing(make_site: SiteFactory) -> None:
    root = make_site(GOOD_FILES)
    result = run_cli("check", "--source", str(root))
    assert result.exit_code == 0, result.stderr
    assert "No problems found in 2 pages." in result.stdout
    assert not (root / "site").exists()


def test_check_leaves_an_existing_site_alone(make_site: SiteFactory) -> None:
    root = make_site(GOOD_FILES)
    assert run_cli("build", "--source", str(root)).exit_code == 0
    before = snapshot(root / "site")
    break_site(root, CASES["bad-date"])
    result = run_cli("check", "--source", str(root))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == CASES["bad-date"].first_line
    assert snapshot(root / "site") == before


@pytest.mark.parametrize(
    "args",
    [
        ("build", "--no-such-option"),
        ("frobnicate",),
        ("new", "post"),
        ("build", "--source"),
        ("new", "site"),
    ],
)
def test_usage_errors_exit_2(make_site: SiteFactory, args: tuple[str, ...]) -> None:
    result = run_cli(*args)
    assert result.exit_code == 2
    assert "Error:" in result.stderr
    assert result.stdout == ""


def test_source_that_is_a_file_is_a_usage_error(make_site: SiteFactory) -> None:
    root = make_site(GOOD_FILES)
    result = run_cli("build", "--source", str(root / "blogfolio.toml"))
    assert result.exit_code == 2
    assert not (root / "site").exists()


# -- Ctrl+C during a parallel build ----------------------------------------------------------

REPO = Path(__file__).resolve().parents[1]


def _worker_pids(pid: int) -> set[int]:
    """Processes forked by `pid` (the Markdown or route workers), from /proc."""
    found: set[int] = set()
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):  # the thread or process has just ended
            found.update(int(word) for word in children.read_text().split())
    return found


def _interrupt_build(root: Path, pool: int, wait: float) -> tuple[bool, int, str]:
    """Start `build --jobs 2`, press Ctrl+C (SIGINT to the whole process group) once the
    pool-th pool of workers exists plus `wait` seconds; say whether it was sent."""
    command = [sys.executable, "-m", "blogfolio", "build", "--source", str(root), "--jobs", "2"]
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    pools, had_workers, sent = 0, False, False
    try:
        while proc.poll() is None and not sent:
            workers = bool(_worker_pids(proc.pid))
            pools += workers and not had_workers
            had_workers = workers
            if workers and pools == pool:
                time.sleep(wait)
                os.killpg(proc.pid, signal.SIGINT)
                sent = True
            time.sleep(0.002)
        _, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return sent, proc.returncode, stderr.decode("utf-8", "replace")


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc to see workers")
def test_ctrl_c_during_a_parallel_build_ends_with_one_line(tmp_path: Path) -> None:
    pristine = tmp_path / "generated"
    generate = [sys.executable, str(REPO / "benchmarks" / "generate.py"), "300", str(pristine)]
    subprocess.run(generate, check=True, capture_output=True)
    interrupted = 0
    # The Markdown pool comes first, then the page-rendering pool; press Ctrl+C the moment
    # each is forked and a little later, while its workers are busy. Every run starts from
    # a fresh copy, so nothing a previous run left behind changes what the build does.
    for run, (pool, wait) in enumerate([(1, 0.0), (1, 0.1), (2, 0.0), (2, 0.1)]):
        root = shutil.copytree(pristine, tmp_path / f"run-{run}", symlinks=True)
        sent, status, stderr = _interrupt_build(root, pool, wait)
        assert "Traceback" not in stderr, stderr
        if not sent or status == 0:
            continue  # the build finished before the key press landed
        interrupted += 1
        assert status == 130, stderr
        assert stderr.splitlines()[-1] == "Interrupted.", stderr
        assert not (root / "site").exists()
    assert interrupted >= 2


# -- YAML alias bombs -------------------------------------------------------------------------


def alias_bomb(indent: str) -> str:
    """Ten levels of nine aliases each: 9**10 (about 3.5 billion) values once unrolled."""
    lines = [f"{indent}w0: &w0 [{', '.join(['ha'] * 9)}]"]
    for level in range(1, 10):
        refs = ", ".join([f"*w{level - 1}"] * 9)
        lines.append(f"{indent}w{level}: &w{level} [{refs}]")
    return "\n".join(lines) + "\n"


BOMB_FRONT = "front matter: aliases (*name) repeat more than 100,000 values by this line"


@pytest.mark.parametrize(
    ("rel", "text", "first_line"),
    [
        (
            "content/networking/jane-doe.md",
            "---\nname: Jane Doe\ndate: 2025-01-10\nprivate:\n"
            + alias_bomb("  ")
            + "---\n\nMet.\n",
            f"content/networking/jane-doe.md:10: error: {BOMB_FRONT}",
        ),
        (
            f"{POSTS}/bomb.md",
            "---\ntitle: Bomb\ndate: 2025-01-10\nextra:\n" + alias_bomb("  ") + "---\n\nText.\n",
            f"content/posts/bomb.md:10: error: {BOMB_FRONT}",
        ),
        (
            "data/bomb.yaml",
            alias_bomb(""),
            "data/bomb.yaml:6: error: aliases (*name) repeat more than 100,000 values by this line",
        ),
    ],
)
def test_alias_bombs_are_refused_wherever_they_are(
    make_site: SiteFactory, rel: str, text: str, first_line: str
) -> None:
    root = make_site({**GOOD_FILES, rel: text})
    command = [sys.executable, "-m", "blogfolio", "build", "--source", str(root)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == first_line
    assert lines[1].startswith("  hint: write the values out instead of nesting aliases")
@pytest.mark.parametrize("port", ["99999", "65536", "-1", "eighty"])
def test_a_port_out_of_range_is_a_usage_error(make_site: SiteFactory, port: str) -> None:
    root = make_site(GOOD_FILES)
    result = run_cli("serve", "--source", str(root), "--port", port)
    assert result.exit_code == 2
    assert "Invalid value for '--port'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "site").exists()
