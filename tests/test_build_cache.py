"""What the build remembers, seen from the command line and the error values."""

from __future__ import annotations

from pathlib import Path

import pytest

from blogfolio.build import BuildOptions, build, open_store
from blogfolio.cache.folder import CACHE_DIR
from blogfolio.cache.store import NullStore
from blogfolio.errors import BlogfolioError, BuildError
from conftest import FIXED_NOW, SiteFactory, post, run_cli


def test_no_cache_builds_and_checks_without_a_cache_folder(make_site: SiteFactory) -> None:
    root = make_site({"content/posts/hello.md": post("Hello")})
    for command in (["build", "--no-cache", "-q"], ["check", "--no-cache"]):
        result = run_cli(*command, "--source", str(root))
        assert result.exit_code == 0, result.stderr
    assert (root / "site/posts/2025/hello/index.html").is_file()
    assert not (root / CACHE_DIR).exists()
    assert isinstance(open_store(root, BuildOptions(cache=False), print), NullStore)


def test_every_error_is_reported_at_once_as_one_blogfolio_error(make_site: SiteFactory) -> None:
    root = make_site({
        "content/posts/a.md": "---\ntitle: [broken\n---\n",
        "content/posts/b.md": post("B", "not a date"),
        "content/posts/c.md": post("C", body="See [gone](gone.md)."),
    })  # fmt: skip
    with pytest.raises(BlogfolioError) as info:
        build(root, BuildOptions(now=FIXED_NOW, cache=False))
    assert isinstance(info.value, BuildError)
    where = sorted(str(d.span.path) for d in info.value.diagnostics if d.span)
    assert where == [str(Path("content/posts") / n) for n in ("a.md", "b.md", "c.md")]
    assert str(info.value).count("error:") == 3
