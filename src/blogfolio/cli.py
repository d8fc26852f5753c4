"""The `blogfolio` command line. Thin: parse arguments, call one function, report.

Exit codes: 0 success, 1 content or config errors (printed as file:line), 2 usage.
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import click
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from blogfolio import __version__
from blogfolio.build import BuildOptions, StrictBuildError, build, build_site
from blogfolio.config import CONFIG_FILE, load_config
from blogfolio.errors import (
    BlogfolioError,
    BuildError,
    ContentError,
    Diagnostic,
    format_diagnostic,
)
from blogfolio.model import BuildSummary
from blogfolio.terminal import safe_text

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID
    from rich.table import Table

    from blogfolio.followups import Reminder
    from blogfolio.importers.report import MoveReport

# The modules of commands other than `build` (scaffold, follow-ups, tables, progress bars)
# are imported where they are used: `build` starts in a fraction of the time.

err = Console(stderr=True, highlight=False, soft_wrap=True)
console = Console(highlight=False, soft_wrap=True)
_SOURCE = click.option(
    "--source", "-s", "source", type=click.Path(file_okay=False, path_type=Path), default=".",
    show_default=True, help="Folder holding blogfolio.toml.",
)  # fmt: skip


_NO_CACHE = click.option(
    "--no-cache", is_flag=True,
    help="Build from scratch without reading or writing .blogfolio-cache/.",
)  # fmt: skip
_STRICT = click.option(
    "--strict", is_flag=True, help="Treat warnings as errors: exit 1 if there are any (for CI).",
)  # fmt: skip


class _Commands(click.Group):
    """Ctrl+C ends any command with one line and the shell's status for SIGINT (130)."""

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; turn KeyboardInterrupt into that line instead of a traceback."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            err.print("Interrupted.", markup=False)
            ctx.exit(130)


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """`--version`: the version, where this copy came from, and how to install it again."""
    if not value or ctx.resilient_parsing:
        return
    from blogfolio.install_source import detect_install

    install = detect_install()
    click.echo(f"blogfolio, version {__version__}\n{install.describe()}")
    if install.repeatable:
        click.echo(f"install the same elsewhere with: {install.install_command()}")
    ctx.exit()


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
    help="Show the version and where this blogfolio was installed from.",
)  # fmt: skip
def main() -> None:
    """Build a student's blogfolio: reflections, projects and a résumé, as a fast static site."""


def _fail(diagnostics: list[Diagnostic]) -> None:
    for diag in diagnostics:
        err.print(format_diagnostic(diag), markup=False)
    count = len(diagnostics)
    err.print(
        f"[bold red]Build failed:[/] {count} error{'s' if count != 1 else ''}; nothing was written."
    )
    sys.exit(1)


BATCH_GC_THRESHOLD = 200_000
"""Allocations between the cycle collector's young passes during `build` (Python's default
is 700). A build's heap only grows until it ends and almost none of it is cyclic garbage,
so frequent passes were pure cost: 6-7% of a one-post-edit build at 1,000 posts."""


@contextmanager
def _batch_collector() -> Iterator[None]:
    """Collect cycles rarely while a one-shot build runs; the old setting comes back after
    (`serve` keeps its own policy, see serve/garbage.py)."""
    before = gc.get_threshold()
    gc.set_threshold(BATCH_GC_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextmanager
def _errors_exit() -> Iterator[None]:
    try:
        yield
    except BuildError as exc:
        _fail(exc.diagnostics)
    except BlogfolioError as exc:
        _fail([exc.to_diagnostic()])


class _LazyBar:
    """A rich progress bar that appears only once a build has run for a second."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.started = time.perf_counter()
        self.bar: Progress | None = None
        self.task: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.quiet or not err.is_terminal:
            return
        if self.bar is None:
            if time.perf_counter() - self.started < 1.0:
                return
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self.bar = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                TimeElapsedColumn(), console=err, transient=True,
            )  # fmt: skip
            self.bar.start()
        if stage not in self.task:
            self.task[stage] = self.bar.add_task(stage, total=total)
        self.bar.update(self.task[stage], completed=done, total=total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _report_warnings(summary: BuildSummary) -> None:
    for diag in summary.warnings:
        err.print(format_diagnostic(diag), markup=False)


def _report_excluded(summary: BuildSummary) -> None:
    if not summary.excluded:
        return
    err.print(f"Left out {len(summary.excluded)} source(s):")
    for item in summary.excluded:
        err.print(
            f"  {safe_text(item.span_path.as_posix())}: {safe_text(item.reason)}", markup=False
        )


@main.command("build")
@_SOURCE
@click.option("--drafts", is_flag=True, help="Include posts marked draft: true.")
@click.option("--future", is_flag=True, help="Include posts dated in the future.")
@click.option("--base-url", help="Override base_url from blogfolio.toml.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
@click.option(
    "--jobs", "-j", type=click.IntRange(min=0), default=0,
    help="Processes for rendering Markdown (default: one per core; 1 disables).",
)  # fmt: skip
@_NO_CACHE
@_STRICT
def build_command(
    source: Path,
    drafts: bool,
    future: bool,
    base_url: str | None,
    out: Path | None,
    quiet: bool,
    jobs: int,
    no_cache: bool,
    strict: bool,
) -> None:
    """Build the site into site/ (a failed build leaves the last good one untouched)."""
    options = BuildOptions(
        drafts=drafts, future=future, base_url=base_url, out_dir=out, jobs=jobs,
        cache=not no_cache,
    )  # fmt: skip
    bar = _LazyBar(quiet)
    with _errors_exit(), _batch_collector():
        try:
            summary, report, out_dir = build_site(source, options, bar, strict=strict)
        except StrictBuildError as failed:
            bar.close()
            _fail_strict(failed.summary, "Build failed", "; nothing was written.")
        finally:
            bar.close()
    if quiet:
        return
    _report_warnings(summary)
    _report_excluded(summary)
    shown = _shown(out_dir)
    console.print(
        f"Built {summary.pages} pages ({summary.files} files: {report.written} written, "
        f"{report.unchanged} unchanged, {report.removed} removed) in {summary.seconds:.2f} s"
        f" → {shown}",
        markup=False,
    )


def _fail_strict(summary: BuildSummary, what: str, tail: str) -> None:
    _report_warnings(summary)
    count = len(summary.warnings)
    err.print(
        f"[bold red]{what}:[/] {count} warning{'s' if count != 1 else ''} with --strict{tail}"
    )
    sys.exit(1)


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix() + "/"
    except ValueError:
        return str(path)


@main.command("serve")
@_SOURCE
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option(
    "--port", "-p", type=click.IntRange(0, 65535), default=8000, show_default=True,
    help="Port (0: any free port).",
)  # fmt: skip
@click.option("--drafts", is_flag=True, help="Show drafts, marked as such.")
@click.option("--future", is_flag=True, help="Show posts dated in the future.")
@click.option(
    "--poll", is_flag=True, help="Poll for changes (WSL, Docker volumes, network drives)."
)
@click.option("--open", "open_browser", is_flag=True, help="Open the site in your browser.")
@click.option("--debug", is_flag=True, help="Print tracebacks of unexpected errors.")
def serve_command(
    source: Path,
    host: str,
    port: int,
    drafts: bool,
    future: bool,
    poll: bool,
    open_browser: bool,
    debug: bool,
) -> None:
    """Preview the site with live reload; build errors show in the browser."""
    from blogfolio.serve.loop import ServeOptions, run

    options = ServeOptions(host, port, drafts, future, poll, open_browser, debug)
    try:
        run(source, options, lambda text: err.print(safe_text(text, multiline=True), markup=False))
    except OSError as exc:
        err.print(f"error: cannot serve on {host}:{port}: {exc.strerror or exc}", markup=False)
        sys.exit(1)


@main.command("check")
@_SOURCE
@click.option("--drafts", is_flag=True, help="Check drafts as if they were published.")
@click.option("--future", is_flag=True, help="Check future posts as if they were published.")
@_NO_CACHE
@_STRICT
def check_command(source: Path, drafts: bool, future: bool, no_cache: bool, strict: bool) -> None:
    """Validate everything a build would, without writing anything."""
    with _errors_exit():
        result = build(source, BuildOptions(drafts=drafts, future=future, cache=not no_cache))
    summary = result.summary()
    if strict and summary.warnings:
        _fail_strict(summary, "Check failed", ".")
    _report_warnings(summary)
    _report_excluded(summary)
    pages = summary.pages
    if summary.warnings:
        count = len(summary.warnings)
        console.print(
            f"No errors found in {pages} pages; {count} warning{'s' if count != 1 else ''} above.",
            markup=False,
        )
    else:
        console.print(f"No problems found in {pages} pages.", markup=False)


@main.command("clean")
@_SOURCE
@click.option("--dry-run", "-n", is_flag=True, help="Show the cache's size; delete nothing.")
def clean_command(source: Path, dry_run: bool) -> None:
    """Delete the build cache (.blogfolio-cache/); the next build starts from nothing."""
    from blogfolio.cache.folder import cache_info, remove_cache

    with _plain_errors():
        info = cache_info(source) if dry_run else remove_cache(source)
    where = _shown(info.path.resolve())
    if not info.exists:
        console.print(f"No cache at {where}: nothing to delete.", markup=False)
        return
    entries = "unreadable entries" if info.entries is None else f"{info.entries:,} entries"
    held = f"{entries}, {_byte_size(info.size)}"
    if dry_run:
        console.print(f"{where} holds {held}; 'blogfolio clean' deletes it.", markup=False)
    else:
        console.print(f"Deleted {where} ({held}).", markup=False)


def _byte_size(size: int) -> str:
    if size < 1000:
        return f"{size} bytes"
    amount = size / 1000
    for unit in ("kB", "MB"):
        if amount < 1000:
            return f"{amount:.1f} {unit}"
        amount /= 1000
    return f"{amount:.1f} GB"


@main.group("new")
def new_group() -> None:
    """Create a site, a post or other content from a template."""


@new_group.command("site")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", help="Site title (default: from your name, else the folder's).")
@click.option("--author", help="Your name, as readers see it.")
@click.option("--email", help="Where readers' replies go (optional).")
@click.option("--base-url", help="GitHub user name (maya), repository (maya/folio) or address.")
@click.option("--timezone", help="IANA time zone (default: this computer's).")
@click.option("--yes", "-y", is_flag=True, help="Ask nothing: flags or defaults for the rest.")
def new_site(
    directory: Path,
    title: str | None,
    author: str | None,
    email: str | None,
    base_url: str | None,
    timezone: str | None,
    yes: bool,
) -> None:
    """Create a new blogfolio in DIRECTORY (in a terminal, asks what the flags leave open)."""
    from blogfolio import scaffold
    from blogfolio.install_source import detect_install
    from blogfolio.scaffold_prompts import Given, answers_from
    from blogfolio.scaffold_workflow import setup_note

    given = Given(title, author, email, base_url, timezone)
    ask = None if yes or not sys.stdin.isatty() else _ask
    try:
        answers = answers_from(directory, given, ask)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    install = detect_install()
    with _errors_exit():
        created = scaffold.new_site(directory, answers, install)
    for path in created:
        console.print(f"  created {path}", markup=False)
    note = setup_note(install)
    if note is not None:
        err.print(f"note: {note}", markup=False)
    console.print(
        f'Next: cd {directory} && blogfolio new post "My first reflection" && blogfolio build',
        markup=False,
    )


def _ask(question: str, default: str, check: Callable[[str], str]) -> str:
    """click.prompt that asks again, saying why, while `check` refuses the answer."""

    def checked(text: str) -> str:
        try:
            return check(text)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None

    answer: str = click.prompt(
        question, default=default, show_default=bool(default), value_proc=checked, err=True
    )
    return answer


@new_group.command("post")
@_SOURCE
@click.argument("title")
@click.option("--reflection", is_flag=True, help="Add What? / So what? / Now what? prompts.")
def new_post(source: Path, title: str, reflection: bool) -> None:
    """Create a draft post titled TITLE in content/posts/."""
    from blogfolio import scaffold

    with _errors_exit():
        path = scaffold.new_post(source, title, reflection=reflection)
    console.print(
        f"Created {path} (a draft: set draft: false or build with --drafts)", markup=False
    )


@main.command("publish")
@_SOURCE
@click.argument("target", required=False)
@click.option("--dry-run", "-n", is_flag=True, help="List what would change; send nothing.")
@click.option("--delete", is_flag=True, help="Remove files the site no longer has from the target.")
def publish_command(source: Path, target: str | None, dry_run: bool, delete: bool) -> None:
    """Build for production, then publish to TARGET (a name from blogfolio.toml or a URL).

    TARGET is gh-pages, dir:PATH, rsync://host/module/path, user@host:path or
    s3://bucket/prefix; without it, [publish] default is used. Nothing is sent
    when the build fails.
    """
    from blogfolio.publish.base import PublishOptions
    from blogfolio.publish.console import show_progress
    from blogfolio.publish.run import publish_site

    try:
        show_progress(publish_site(source, target, PublishOptions(dry_run, delete)), console)
    except BuildError as exc:
        for diag in exc.diagnostics:
            err.print(format_diagnostic(diag), markup=False)
        count = len(exc.diagnostics)
        err.print(
            f"[bold red]Publish refused:[/] {count} error{'s' if count != 1 else ''} "
            "in the build; nothing was published."
        )
        sys.exit(1)
    except BlogfolioError as exc:
        err.print(format_diagnostic(exc.to_diagnostic()), markup=False)
        err.print("[bold red]Publish failed.[/]")
        sys.exit(1)


@contextmanager
def _plain_errors() -> Iterator[None]:
    """Like _errors_exit, for commands that build nothing: no "nothing was written" line."""
    try:
        yield
    except BuildError as exc:
        diagnostics = exc.diagnostics
    except BlogfolioError as exc:
        diagnostics = [exc.to_diagnostic()]
    else:
        return
    for diag in diagnostics:
        err.print(format_diagnostic(diag), markup=False)
    sys.exit(1)


@main.group("comments", invoke_without_command=True)
@_SOURCE
@click.option("--all", "show_all", is_flag=True, help="List approved comments too.")
@click.pass_context
def comments_group(ctx: click.Context, source: Path, show_all: bool) -> None:
    """List comments awaiting approval (approved: false) across the site."""
    if ctx.invoked_subcommand is not None:
        return
    from blogfolio.content.moderation import site_comments

    with _plain_errors():
        comments, problems = site_comments(load_config(source.resolve()))
    for diag in problems:
        err.print(format_diagnostic(diag), markup=False)
    shown = [c for c in comments if show_all or not c.approved]
    if not shown:
        console.print("No comments are waiting for approval.", markup=False)
        return
    what = "comment" if len(shown) == 1 else "comments"
    console.print(f"{len(shown)} {what}{'' if show_all else ' awaiting approval'}:\n")
    for item in shown:
        status = "" if not show_all else (" · approved" if item.approved else " · pending")
        when = item.date.strftime("%Y-%m-%d %H:%M")
        console.print(f"  [bold]{escape(safe_text(item.ident))}[/]")
        author, title = safe_text(item.author), safe_text(item.post_title)
        console.print(
            f"    {author} · {when} · on “{title}”{status}\n    {safe_text(item.excerpt)}\n",
            markup=False,
        )
    if not show_all:
        console.print("Approve with 'blogfolio comments approve ID', delete with 'reject ID'.")


@comments_group.command("approve")
@_SOURCE
@click.argument("ident", metavar="ID")
def comments_approve(source: Path, ident: str) -> None:
    """Publish comment ID (sets approved: true in its file)."""
    from blogfolio.content.moderation import approve, find_comment, site_comments

    with _plain_errors():
        comments, _ = site_comments(load_config(source.resolve()))
        comment = find_comment(comments, ident)
        changed = approve(comment)
    verb = "Approved" if changed else "Already approved:"
    console.print(
        f"{verb} {safe_text(comment.ident)} by {safe_text(comment.author)}.", markup=False
    )


@comments_group.command("reject")
@_SOURCE
@click.argument("ident", metavar="ID")
@click.option("--with-replies", is_flag=True, help="Also delete the replies to it.")
def comments_reject(source: Path, ident: str, with_replies: bool) -> None:
    """Delete comment ID's file (git keeps it if you need it back)."""
    from blogfolio.content.moderation import find_comment, reject, replies_to, site_comments

    with _plain_errors():
        comments, _ = site_comments(load_config(source.resolve()))
        comment = find_comment(comments, ident)
        replies = replies_to(comments, comment)
        if replies and not with_replies:
            names = ", ".join(r.ident for r in replies)
            raise ContentError(
                f"{comment.ident} has {len(replies)} repl{'ies' if len(replies) > 1 else 'y'}: "
                f"{names}",
                hint="add --with-replies to delete them too, or reject the replies first",
            )
        removed = reject(comment, replies)
    for path in removed:
        console.print(f"Deleted {safe_text(_shown_file(path))}", markup=False)


def _shown_file(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


@main.group("import")
def import_group() -> None:
    """Bring content over from another blogging tool."""


@import_group.command("wordpress")
@click.argument("export", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--into", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True,
    help="Site folder to write content/ into (created if missing).",
)  # fmt: skip
@click.option("--force", is_flag=True, help="Overwrite files you edited since the last import.")
def import_wordpress_command(export: Path, into: Path, force: bool) -> None:
    """Convert a WordPress export (Tools → Export → All content) into posts, pages and comments.

    Works offline: images stay on the old site and are listed in wordpress-import.md.
    """
    from rich.table import Table

    from blogfolio.importers.wordpress import REPORT_FILE, import_wordpress, outcome_counts

    with _plain_errors():
        report = import_wordpress(export, into, force)
    title = Text(f"WordPress import from {safe_text(export.name)}")
    table = Table(title=title, title_justify="left")
    table.add_column("What")
    table.add_column("Count", justify="right")
    table.add_column("Notes")
    drafts = f"{report.drafts} draft{'s' if report.drafts != 1 else ''}" if report.drafts else ""
    pending = f"{report.pending} awaiting approval" if report.pending else ""
    table.add_row("Posts imported", str(report.posts), drafts)
    table.add_row("Pages imported", str(report.pages), "")
    table.add_row("Comments imported", str(report.comments), pending)
    for reason, count in sorted(report.skipped.items()):
        table.add_row(Text(f"Skipped: {safe_text(reason)}"), str(count), "")
    for status, count in outcome_counts(report).items():
        if count:
            note = {
                "kept": "edited since the last import; --force overwrites",
                "not recreated": "deleted since the last import; --force restores",
            }.get(status, "")
            table.add_row(f"Files {status}", str(count), note)
    table.add_row("Images to copy by hand", str(len({u for u, _ in report.images})), REPORT_FILE)
    console.print(table)
    for item in report.skipped_items:
        console.print(f"  skipped {safe_text(str(item))}", markup=False)
    for rel in report.files.get("kept", []):
        console.print(f"  kept {safe_text(str(rel))} (already there and edited)", markup=False)
    for warning in report.warnings:
        err.print(f"warning: {safe_text(str(warning))}", markup=False)
    if report.config_created:
        console.print(f"Created {CONFIG_FILE}: set base_url and timezone.", markup=False)
    console.print(
        f"Report: {_shown_file((into / REPORT_FILE).resolve())}. "
        f"Next: blogfolio build --source {into}",
        markup=False,
    )


_OLD_SITE = click.argument(
    "directory", type=click.Path(exists=True, file_okay=False, path_type=Path)
)
_INTO = click.option(
    "--into", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True,
    help="Site folder to write content/ into (created if missing).",
)  # fmt: skip
_FORCE = click.option("--force", is_flag=True, help="Overwrite files you edited since last time.")


@import_group.command("jekyll")
@_OLD_SITE
@_INTO
@_FORCE
def import_jekyll_command(directory: Path, into: Path, force: bool) -> None:
    """Move a Jekyll site (the folder holding _config.yml and _posts/) into blogfolio.

    Works offline; what needs a look by hand is listed in jekyll-import.md.
    """
    from blogfolio.importers.jekyll import import_jekyll

    with _plain_errors():
        report = import_jekyll(directory, into, force)
    _show_move(report)


@import_group.command("hugo")
@_OLD_SITE
@_INTO
@_FORCE
def import_hugo_command(directory: Path, into: Path, force: bool) -> None:
    """Move a Hugo site (the folder holding content/ and hugo.toml or config.toml) into blogfolio.

    Works offline; what needs a look by hand is listed in hugo-import.md.
    """
    from blogfolio.importers.hugo import import_hugo

    with _plain_errors():
        report = import_hugo(directory, into, force)
    _show_move(report)


def _show_move(report: MoveReport) -> None:
    from rich.table import Table

    from blogfolio.importers.report import outcome_counts, report_file

    name = report_file(report.tool)
    title = Text(f"{report.tool} import from {safe_text(str(report.source))}")
    table = Table(title=title, title_justify="left")
    for column, justify in (("What", "left"), ("Count", "right"), ("Notes", "left")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    drafts = f"{report.drafts} draft{'s' if report.drafts != 1 else ''}" if report.drafts else ""
    table.add_row("Posts imported", str(report.posts), drafts)
    table.add_row("Pages imported", str(report.pages), "")
    table.add_row("Files copied along", str(report.assets), "images and media")
    table.add_row("Old addresses redirected", str(report.aliases), "aliases:")
    table.add_row("Not imported or not published", str(len(report.skipped)), name)
    table.add_row("Things to check by hand", str(len(report.notes)), name)
    for status, count in outcome_counts(report).items():
        if count:
            note = {
                "kept": "edited since the last import; --force overwrites",
                "not recreated": "deleted since the last import; --force restores",
            }.get(status, "")
            table.add_row(f"Files {status}", str(count), note)
    console.print(table)
    for rel, reason in report.skipped:
        console.print(f"  not imported or not published: {safe_text(rel)}: {safe_text(reason)}",
                      markup=False)  # fmt: skip
    if report.config_created:
        console.print(f"Created {CONFIG_FILE}: check base_url and timezone.", markup=False)
    console.print(
        f"Report: {_shown_file((report.into / name).resolve())}. "
        f"Next: blogfolio build --source {safe_text(str(report.into))}",
        markup=False,
    )


@new_group.command("contact")
@_SOURCE
@click.argument("name")
def new_contact(source: Path, name: str) -> None:
    """Create a private networking-log entry for NAME in content/networking/."""
    from blogfolio import scaffold

    with _plain_errors():
        path = scaffold.new_contact(source, name)
    console.print(
        f"Created {path} (private: set public: true to show it on the networking log)",
        markup=False,
    )


@main.command("followups")
@_SOURCE
@click.option(
    "--days", default=7, show_default=True, type=click.IntRange(min=0),
    help="Show follow-ups due within this many days (overdue ones always show).",
)  # fmt: skip
@click.option(
    "--ics", "ics_path", type=click.Path(dir_okay=False, path_type=Path),
    help="Also write them to this iCalendar file for your calendar app.",
)  # fmt: skip
def followups_command(source: Path, days: int, ics_path: Path | None) -> None:
    """List networking follow-ups due and thank-you notes not yet sent (never published)."""
    from blogfolio import followups

    with _plain_errors():
        config, contacts = followups.load_contacts(source)
        if ics_path is not None:
            followups.check_target(ics_path, config)
    now = datetime.now(ZoneInfo(config.timezone))
    items = followups.reminders(contacts, now.date(), days)
    if items:
        console.print(_followup_table(items, now.date(), days))
    else:
        console.print(
            f"Nothing due in the next {days} days, and every thank-you note is sent.",
            markup=False,
        )
    if ics_path is not None:
        ics_path.parent.mkdir(parents=True, exist_ok=True)
        ics_path.write_text(followups.to_ics(items, now.astimezone(UTC)), encoding="utf-8")
        console.print(f"Wrote {len(items)} event(s) to {ics_path}", markup=False)


def _followup_table(items: list[Reminder], today: date, days: int) -> Table:
    from rich.table import Table

    table = Table(title=f"Networking follow-ups (next {days} days and overdue)")
    for column in ("Due", "When", "To do", "Who", "Entry"):
        table.add_column(column, overflow="fold")
    for item in items:
        contact = item.contact
        who = ", ".join(p for p in (contact.name, contact.organization) if p)
        style = "bold red" if item.due < today else None
        row = (item.due.isoformat(), item.when(today), item.action, who, str(item.span))
        table.add_row(*(Text(safe_text(cell)) for cell in row), style=style)
    return table
