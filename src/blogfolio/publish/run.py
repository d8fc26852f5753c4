"""`blogfolio publish`: pick the target, refuse what would break, build, then publish.

Stage: publish, the orchestrator above build. Order matters: every check that
needs no build (target, base_url, tool, remote) runs first; then a fresh
production build (no drafts, no future posts) must succeed, privacy check
included, or nothing is sent. A dry run builds into a temporary folder, so the
user's `site/` (perhaps a `--drafts` preview build) is left exactly as it was.
"""

from __future__ import annotations

import difflib
import tempfile
from collections.abc import Iterator
from pathlib import Path

from blogfolio.build import BuildOptions, build_site
from blogfolio.config import CONFIG_FILE, PublishTarget, SiteConfig, load_config
from blogfolio.config.load import find_key_line
from blogfolio.config.publish import EXAMPLES, target_kind
from blogfolio.errors import PublishError, SourceSpan
from blogfolio.publish.addresses import redact_url
from blogfolio.publish.base import Event, PublishOptions, Step, Target, backend_for
from blogfolio.publish.checks import check_base_url, check_target_secret


def publish_site(root: Path, name: str | None, options: PublishOptions) -> Iterator[Event]:
    """Build the site for production and publish it to the named target (or the default)."""
    root = root.resolve()
    config = load_config(root)
    lines = (root / CONFIG_FILE).read_text(encoding="utf-8").splitlines()
    target = resolve_target(config, name, lines)
    base_url = target.settings.base_url or config.base_url
    if target.settings.base_url:
        key: tuple[str, ...] = ("publish", "targets", target.name, "base_url")
    else:
        key = ("base_url",)
    line = find_key_line(lines, key)
    span = SourceSpan(Path(CONFIG_FILE), line)
    check_base_url(base_url, span, configured=line is not None)
    backend = backend_for(target.kind)
    backend.preflight(target, base_url, span)
    yield Step(f"Building for {base_url} (production: no drafts, no future posts)")
    if not options.dry_run:
        build_options = BuildOptions(base_url=target.settings.base_url or None)
        summary, report, out_dir = build_site(root, build_options)
        yield Step(f"Built {summary.files} files ({report.written} changed) into {out_dir}")
        yield from backend.publish(out_dir, target, options)
        return
    with tempfile.TemporaryDirectory(prefix="blogfolio-dry-run-") as scratch:
        out_dir = Path(scratch) / "site"
        build_options = BuildOptions(base_url=target.settings.base_url or None, out_dir=out_dir)
        summary, _report, out_dir = build_site(root, build_options)
        shown = config.output_dir
        yield Step(f"Built {summary.files} files into a temporary folder ({shown}/ untouched)")
        yield from backend.publish(out_dir, target, options)


def resolve_target(config: SiteConfig, name: str | None, lines: list[str]) -> Target:
    """The target named on the command line, else `[publish] default`, else the only one."""
    publish = config.publish
    config_path = Path(CONFIG_FILE)
    site_dir = (config.root / config.output_dir).resolve()
    choice = name or publish.default
    if not choice and len(publish.targets) == 1:
        choice = next(iter(publish.targets))
    if not choice:
        known = ", ".join(sorted(publish.targets))
        raise PublishError(
            "no target given, and blogfolio.toml names no default",
            SourceSpan(config_path, find_key_line(lines, ("publish",))),
            hint=f"run blogfolio publish {known or 'gh-pages'}, or add [publish] default = "
            f'"{next(iter(sorted(publish.targets)), "gh-pages")}" to blogfolio.toml',
        )
    if choice in publish.targets:
        settings = publish.targets[choice]
        url = settings.url or choice
        key: tuple[str, ...] = ("publish", "targets", choice)
    else:
        settings, url = PublishTarget(url=choice), choice
        key = ("publish", "default") if not name else ()
    span = SourceSpan(config_path, find_key_line(lines, key)) if key else None
    check_target_secret(url, span)
    kind = target_kind(url)
    if kind is None:
        close = difflib.get_close_matches(choice, list(publish.targets), n=1)
        known = ", ".join(sorted(publish.targets)) or "none"
        hint = f"did you mean '{close[0]}'?" if close else f"targets in blogfolio.toml: {known}"
        raise PublishError(
            f"unknown target {redact_url(choice)!r}",
            span,
            hint=f"{hint}; a target URL works too ({EXAMPLES.removeprefix('e.g. url = ')})",
        )
    return Target(choice, url, kind, settings, config.root, site_dir, span)
