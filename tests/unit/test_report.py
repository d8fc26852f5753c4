"""`report.changes_since`: after a rebuild, only what changed in the left-out list and the
warnings (for `serve`'s terminal), so one save prints one line, not the whole list again."""

from __future__ import annotations

from pathlib import Path

from blogfolio.build import Builder, BuildOptions
from blogfolio.errors import Diagnostic, Severity, SourceSpan
from blogfolio.model import Excluded
from blogfolio.report import ReportChanges, changes_lines, changes_since, report_changes
from conftest import FIXED_NOW, SiteFactory, post

DRAFT = Excluded(Path("content/posts/a.md"), "draft: true (build with --drafts to include it)")
LATER = Excluded(Path("content/posts/b.md"), "dated 2030-01-01 00:00 UTC, in the future")
TYPO = Diagnostic(
    "'Comunication' looks like a typo of the skill 'Communication'",
    SourceSpan(Path("content/posts/c.md"), 5),
    severity=Severity.WARNING,
)
CONSENT = Diagnostic("public entry without consent", SourceSpan(Path("n.md"), 3),
                     severity=Severity.WARNING)  # fmt: skip


def test_nothing_changed_is_nothing() -> None:
    changes = report_changes([DRAFT], [TYPO], [DRAFT], [TYPO])
    assert changes == ReportChanges()
    assert not changes
    assert changes_lines(changes) == []


def test_new_and_gone_entries_and_warnings() -> None:
    changes = report_changes([DRAFT], [TYPO], [LATER], [CONSENT, TYPO])
    assert changes.left_out == (LATER,)
    assert changes.back_in == (DRAFT.span_path,)
    assert changes.warnings == (CONSENT,)
    assert changes.resolved == ()
    assert changes_lines(changes) == [
        "Left out content/posts/b.md: dated 2030-01-01 00:00 UTC, in the future",
        "No longer left out: content/posts/a.md",
        "n.md:3: warning: public entry without consent",
    ]
    fixed = report_changes([], [TYPO], [], [])
    assert changes_lines(fixed) == [
        "Fixed: content/posts/c.md:5: 'Comunication' looks like a typo of the skill "
        "'Communication'"
    ]


def test_a_new_reason_for_the_same_file_is_news() -> None:
    scheduled = Excluded(DRAFT.span_path, "dated 2030-01-01 00:00 UTC, in the future")
    changes = report_changes([DRAFT], [], [scheduled], [])
    assert changes.left_out == (scheduled,)
    assert changes.back_in == ()


def test_a_file_name_cannot_forge_a_line() -> None:
    evil = Excluded(Path("content/posts/x\nBuilt 0 pages.md"), "draft\x1b[2J")
    (line,) = changes_lines(report_changes([], [], [evil], []))
    assert "\n" not in line and "\x1b" not in line


def test_between_two_real_builds(make_site: SiteFactory) -> None:
    root = make_site(
        {
            "content/posts/a.md": post("A", draft="true"),
            "content/posts/b.md": post("B"),
        }
    )
    builder = Builder(root, BuildOptions(now=FIXED_NOW))
    first = builder.build()
    everything = changes_since(None, first)
    assert [e.span_path.as_posix() for e in everything.left_out] == ["content/posts/a.md"]
    assert changes_since(first, builder.build()) == ReportChanges()
    (root / "content/posts/a.md").write_text(post("A"), "utf-8")
    (root / "content/posts/b.md").write_text(post("B", draft="true"), "utf-8")
    changes = changes_since(first, builder.build())
    assert [e.span_path.as_posix() for e in changes.left_out] == ["content/posts/b.md"]
    assert changes.back_in == (Path("content/posts/a.md"),)
