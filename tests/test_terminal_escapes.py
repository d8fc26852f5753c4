"""Untrusted text reaches the terminal shown, never obeyed.

The commands run as a student runs them: a real `blogfolio` process whose
output goes to a pseudo-terminal, so rich believes it writes to a screen and
uses its own colours. After removing rich's own codes (colours, and the cursor
moves of a progress bar), no escape, bell, C1 control or bidi override may
remain, and no line written by content may start where our own lines start.
"""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest

from blogfolio.errors import Diagnostic, SourceSpan, format_diagnostic
from blogfolio.terminal import safe_block, safe_text
from conftest import MINIMAL_CONFIG, SiteFactory

_RICH_OWN = re.compile(rb"\x1b\[(?:[0-9;]*m|\?25[lh]|2K|[0-9]*A)")
_FORBIDDEN = [b"\x1b", b"\x07", b"\x08", "\x9b".encode(), "\u202e".encode(), "\u2066".encode()]
POST = "---\ntitle: Hello\ndate: 2025-01-10\n---\n\nThe post body.\n"
# YAML double quotes spell ESC as \e and BEL as \a, so the file itself stays printable.
HOSTILE = (
    r"Eve\e[2J\e[H\e]0;owned\a\e[1;32mAll comments approved\e[0m\u202egnp.exe"
    r"\nNo comments are waiting for approval."
)


def run_in_terminal(*args: str, cwd: Path) -> bytes:
    """Run the CLI with stdout and stderr on a pseudo-terminal; return every byte it wrote."""
    main_fd, child_fd = os.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "200", "LINES": "50"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "blogfolio", *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=child_fd,
        stderr=child_fd,
        env=env,
    )
    os.close(child_fd)
    data = b""
    try:
        while select.select([main_fd], [], [], 60)[0]:
            try:
                chunk = os.read(main_fd, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            data += chunk
    finally:
        os.close(main_fd)
        process.wait(60)
    return data


def visible_lines(output: bytes) -> list[str]:
    """The output as the screen shows it, once rich's own codes are gone."""
    plain = _RICH_OWN.sub(b"", output)
    for raw in _FORBIDDEN:
        assert raw not in plain, f"{raw!r} reached the terminal: {plain!r}"
    lines = plain.decode("utf-8").replace("\r\n", "\n").split("\n")
    return [line.rsplit("\r", 1)[-1] for line in lines]  # a carriage return starts over


def test_a_hostile_comment_author_cannot_clear_the_screen_or_forge_a_line(
    make_site: SiteFactory,
) -> None:
    comment = (
        f'---\nauthor: "{HOSTILE}"\ndate: 2025-01-11T10:00:00Z\napproved: false\n---\n\n'
        "Hi \u202eyou\x1b\n"
    )
    root = make_site({"content/posts/hello/index.md": POST,
                      "content/posts/hello/comments/x.md": comment})  # fmt: skip
    lines = visible_lines(run_in_terminal("comments", cwd=root))
    assert "1 comment awaiting approval:" in lines
    assert not any(line.startswith("No comments are waiting") for line in lines)
    assert not any(line.lstrip().startswith("All comments approved") for line in lines)
    shown = next(line for line in lines if "Eve" in line)
    assert r"Eve\x1b[2J\x1b[H\x1b]0;owned\x07" in shown
    assert r"\u202egnp.exe\nNo comments are waiting" in shown
    approved = visible_lines(run_in_terminal("comments", "approve", "x", cwd=root))
    assert any(line.startswith(r"Approved hello/x by Eve\x1b[2J") for line in approved)


def test_a_file_name_cannot_forge_an_error_line(make_site: SiteFactory) -> None:
    name = "oops\x1b]0;owned\x07\nblogfolio.toml:1: error: forged.md"
    broken = "---\ntitle: [unclosed\ndate: 2025-01-10\n---\n\nText.\n"
    root = make_site({"content/posts/ok.md": POST, f"content/posts/{name}": broken})
    output = run_in_terminal("build", "--quiet", cwd=root)
    lines = visible_lines(output)
    assert not any(line.startswith("blogfolio.toml:1: error: forged") for line in lines)
    first = next(line for line in lines if line.startswith("content/posts/oops"))
    assert first.startswith(r"content/posts/oops\x1b]0;owned\x07\nblogfolio.toml:1: error: forged")
    assert ".md:" in first and ": error: " in first


def test_followups_show_a_hostile_contact_name_escaped(make_site: SiteFactory) -> None:
    contact = (
        '---\nname: "Mal\\e[2J\\e]8;;https://evil.example/\\aclick\\e]8;;\\a"\n'
        'organization: "[link=https://evil.example/]Acme[/link]"\n'
        "date: 2025-01-01\nfollow_up: 2025-01-02\n---\n"
    )
    root = make_site({"content/networking/mal.md": contact}, MINIMAL_CONFIG)
    lines = visible_lines(run_in_terminal("followups", cwd=root))
    text = "\n".join(lines)
    assert r"Mal\x1b[2J\x1b]8;;https://evil.example/\x07click" in text.replace("\n", "")
    assert "[link=https://evil.example/]Acme[/link]" in text.replace("\n", "")


WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Old blog</title><wp:wxr_version>1.2</wp:wxr_version>
<item><title>Locked &#x9b;2J&#x202e;fdp.exe</title><dc:creator>maya</dc:creator>
  <content:encoded><![CDATA[<p>Hidden.</p>]]></content:encoded><wp:post_id>1</wp:post_id>
  <wp:post_date>2014-03-05 08:00:00</wp:post_date><wp:post_name>locked</wp:post_name>
  <wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
  <wp:post_password>pw</wp:post_password></item>
<item><title>Odd</title><wp:post_id>2</wp:post_id><wp:post_name>odd</wp:post_name>
  <wp:status>publish</wp:status><wp:post_type>x&#x9b;2J&#x2066;kind</wp:post_type></item>
<item><title>Undated &#x202e;eman</title><dc:creator>maya</dc:creator>
  <content:encoded><![CDATA[<p>Text.</p>]]></content:encoded><wp:post_id>3</wp:post_id>
  <wp:post_name>undated</wp:post_name><wp:status>publish</wp:status>
  <wp:post_type>post</wp:post_type></item>
</channel></rss>
"""


def test_the_import_summary_shows_hostile_titles_escaped(tmp_path: Path) -> None:
    export = tmp_path / "export.xml"
    export.write_text(WXR, encoding="utf-8")
    output = run_in_terminal("import", "wordpress", str(export), "--into", "folio", cwd=tmp_path)
    lines = visible_lines(output)  # no raw control character, however the title was cleaned
    assert any("x\\x9b2J\\u2066kind" in line for line in lines)
    assert any(line.startswith("  skipped “Locked") and "fdp.exe" in line for line in lines)
    assert any(line.startswith("warning: “Undated") for line in lines)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain é 😀 text", "plain é 😀 text"),
        ("tab\there", "tab\there"),
        ("a\nb\r\n", r"a\nb\r\n"),
        ("\x1b[2J\x07\x00\x7f", r"\x1b[2J\x07\x00\x7f"),
        ("\x9b2J\x85", r"\x9b2J\x85"),
        ("\u202e\u2066\u200f\u061c\u2028", r"\u202e\u2066\u200f\u061c\u2028"),
        ("emoji\u200djoiner", "emoji\u200djoiner"),
    ],
)
def test_safe_text_writes_controls_out(raw: str, shown: str) -> None:
    assert safe_text(raw) == shown
    assert safe_text(safe_text(raw)) == shown


def test_safe_text_keeps_newlines_when_asked_and_blocks_indent_them() -> None:
    assert safe_text("a\n\x1bb", multiline=True) == "a\n\\x1bb"
    assert safe_block("one\ntwo", "    ") == "one\n    two"


def test_format_diagnostic_keeps_each_diagnostic_to_its_own_first_line() -> None:
    diag = Diagnostic(
        "bad title 'x\nblogfolio.toml:1: error: fine'",
        SourceSpan(Path("content/posts/a\nb\x1b.md"), 3),
        hint="start it with:\n---\ntitle: T\n---",
        context=SourceSpan(Path("templates/\u202epost.html"), 1),
    )
    text = format_diagnostic(diag)
    lines = text.split("\n")
    assert lines[0].startswith(r"content/posts/a\nb\x1b.md:3: error: bad title 'x")
    assert all(line.startswith(" ") for line in lines[1:])
    assert r"  while rendering templates/\u202epost.html:1" in lines
    assert "  hint: start it with:" in lines and "        ---" in lines
