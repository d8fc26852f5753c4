"""Pure parts of publishing: target URLs, base_url rules, headers, change lists, retries."""

from __future__ import annotations

from pathlib import Path

import pytest

import blogfolio.publish.base as base
from blogfolio.config.publish import target_kind
from blogfolio.config.schema import PublishTarget
from blogfolio.errors import PublishError, SourceSpan
from blogfolio.publish.addresses import (
    host_address,
    is_this_computer,
    normal_host,
    redact_secrets,
    redact_url,
)
from blogfolio.publish.base import NetworkError, Step, Summary, compare, retrying
from blogfolio.publish.checks import check_base_url, check_github_pages, github_pages_url
from blogfolio.publish.headers import (
    LONG,
    MEDIUM,
    SHORT,
    cache_control,
    content_type,
    find_fingerprinted,
)
from blogfolio.publish.s3 import split_url

SPAN = SourceSpan(Path("blogfolio.toml"), 4)


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("gh-pages", "gh-pages"),
        ("dir:../www", "dir"),
        ("dir:/srv/www/folio", "dir"),
        ("dir:", None),
        ("rsync://host.example/site/folio/", "rsync"),
        ("maya@host.example:public_html/", "rsync"),
        ("host.example:public_html", "rsync"),
        ("s3://bucket/folio/", "s3"),
        ("s3://bucket", "s3"),
        ("s3://", None),
        ("https://maya.github.io/", None),
        ("backup", None),
        ("", None),
    ],
)
def test_target_kind_follows_the_url_scheme(url: str, kind: str | None) -> None:
    assert target_kind(url) == kind


@pytest.mark.parametrize(
    ("remote", "cname", "expected"),
    [
        ("https://github.com/maya-okafor/folio.git", "", "https://maya-okafor.github.io/folio/"),
        ("git@github.com:Maya-Okafor/folio.git", "", "https://maya-okafor.github.io/folio/"),
        ("ssh://git@github.com/maya/maya.github.io", "", "https://maya.github.io/"),
        ("https://github.com/maya/folio", "www.maya.dev", "https://www.maya.dev/"),
        ("/srv/git/folio.git", "", None),
        ("https://gitlab.com/maya/folio.git", "", None),
    ],
)
def test_github_pages_url(remote: str, cname: str, expected: str | None) -> None:
    assert github_pages_url(remote, cname) == expected


def test_project_site_without_repo_path_is_refused_with_the_fix() -> None:
    with pytest.raises(PublishError) as caught:
        check_github_pages(
            "https://maya-okafor.github.io/", "https://github.com/maya-okafor/folio.git", "", SPAN
        )
    error = caught.value
    assert error.span == SPAN
    assert "has no /folio/ path" in error.message
    assert error.hint is not None
    assert 'base_url = "https://maya-okafor.github.io/folio/"' in error.hint


@pytest.mark.parametrize(
    ("base_url", "remote", "cname"),
    [
        ("https://maya-okafor.github.io/folio/", "https://github.com/maya-okafor/folio.git", ""),
        ("https://maya.github.io/", "git@github.com:maya/maya.github.io.git", ""),
        ("https://www.maya.dev/", "https://github.com/maya/folio.git", "www.maya.dev"),
        ("https://maya.github.io/", "/tmp/remote.git", ""),
    ],
)
def test_matching_github_base_urls_pass(base_url: str, remote: str, cname: str) -> None:
    check_github_pages(base_url, remote, cname, SPAN)


@pytest.mark.parametrize(
    ("base_url", "remote", "cname", "words"),
    [
        ("https://maya.github.io/", "git@github.com:maya/maya.github.io.git", "www.maya.dev",
         'base_url = "https://www.maya.dev/"'),
        ("https://www.maya.dev/", "https://github.com/maya/folio.git", "",
         'cname = "www.maya.dev"'),
        ("https://maya.github.io/blog/", "https://github.com/maya/folio.git", "",
         'base_url = "https://maya.github.io/folio/"'),
    ],
)  # fmt: skip
def test_mismatched_github_base_urls_are_refused(
    base_url: str, remote: str, cname: str, words: str
) -> None:
    with pytest.raises(PublishError) as caught:
        check_github_pages(base_url, remote, cname, SPAN)
    assert words in (caught.value.hint or "")


@pytest.mark.parametrize(
    ("base_url", "configured", "words"),
    [
        ("http://localhost:8000/", False, "base_url is not set"),
        ("http://localhost:8000/", True, "points at this computer"),
        ("http://127.0.0.1:8000/folio/", True, "points at this computer"),
        ("https://example.github.io/", True, "placeholder"),
        ("https://blog.example.com/", False, "base_url is not set"),
    ],
)
def test_local_missing_and_placeholder_base_urls_are_refused(
    base_url: str, configured: bool, words: str
) -> None:
    with pytest.raises(PublishError) as caught:
        check_base_url(base_url, SPAN, configured)
    assert words in caught.value.message


@pytest.mark.parametrize(
    "base_url",
    ["https://maya-okafor.github.io/folio/", "http://raspberrypi.local/", "https://x.dev/"],
)
def test_public_base_url_passes(base_url: str) -> None:
    check_base_url(base_url, SPAN, configured=True)


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        ("index.html", "text/html; charset=utf-8"),
        ("css/style.css", "text/css; charset=utf-8"),
        ("js/site.js", "text/javascript; charset=utf-8"),
        ("atom.xml", "application/atom+xml"),
        ("rss.xml", "application/rss+xml"),
        ("feed.json", "application/feed+json"),
        ("sitemap.xml", "application/xml"),
        ("posts/x/chart.SVG", "image/svg+xml"),
        ("fonts/a.woff2", "font/woff2"),
        ("data/blob.unknownext", "application/octet-stream"),
    ],
)
def test_content_type(rel: str, expected: str) -> None:
    assert content_type(rel) == expected


def test_cache_policy_is_long_for_fingerprinted_and_short_for_html() -> None:
    fingerprinted = {"css/style.css"}
    assert cache_control("css/style.css", fingerprinted) == LONG
    assert cache_control("css/print.css", fingerprinted) == MEDIUM
    assert cache_control("posts/x/index.html", fingerprinted) == SHORT
    assert cache_control("atom.xml", fingerprinted) == SHORT
    assert cache_control("posts/x/photo.jpg", fingerprinted) == MEDIUM


def test_fingerprinted_assets_are_found_from_page_links(tmp_path: Path) -> None:
    pages = {
        "index.html": '<link href="css/style.css?v=15a0ed895a"><img src="img/a.png">',
        "posts/2025/x/index.html": '<script src="../../../js/site.js?v=9371075f74"></script>'
        '<link href="/folio/css/extra.css?v=abcdef1234">',
    }
    files: dict[str, Path] = {}
    for rel in [*pages, "css/style.css", "js/site.js", "img/a.png", "css/extra.css"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(pages.get(rel, "x"), encoding="utf-8")
        files[rel] = path
    assert find_fingerprinted(files) == {"css/style.css", "js/site.js", "css/extra.css"}


def test_compare_sorts_files_into_added_changed_unchanged_removed() -> None:
    local = {"a": "1", "b": "2", "c": "3"}
    remote = {"b": "2", "c": "x", "d": "4"}
    changes = compare(local, remote, lambda rel: local[rel] == remote[rel])
    assert changes.added == ("a",)
    assert changes.changed == ("c",)
    assert changes.unchanged == ("b",)
    assert changes.removed == ("d",)
    assert changes.to_send == ("a", "c")


def test_summary_line() -> None:
    text = str(Summary("s3://b/p/", uploaded=3, unchanged=40, deleted=1, stale=2, bytes=14_200))
    assert text == (
        "Published to s3://b/p/: 3 uploaded (14.2 kB), 40 unchanged, 1 deleted; "
        "2 old file(s) kept on the target (--delete removes them)."
    )
    dry = str(Summary("dir", uploaded=1, bytes=12, dry_run=True))
    assert dry.startswith("Dry run for dir: 1 would be uploaded (12 B)")


def test_s3_url_gives_bucket_and_prefix() -> None:
    assert split_url("s3://bucket/folio") == ("bucket", "folio/")
    assert split_url("s3://bucket/a/b/") == ("bucket", "a/b/")
    assert split_url("s3://bucket") == ("bucket", "")


def test_retries_back_off_doubling_then_give_up(monkeypatch: pytest.MonkeyPatch) -> None:
    pauses: list[float] = []
    monkeypatch.setattr(base, "BACKOFF_SECONDS", 1.0)
    monkeypatch.setattr(base.time, "sleep", pauses.append)

    def down() -> None:
        raise NetworkError("connection refused")

    steps: list[Step] = []
    with pytest.raises(NetworkError) as caught:
        generator = retrying(down, "push", PublishTarget(retries=3))
        steps.extend(generator)
    assert pauses == [1.0, 2.0, 4.0]
    assert steps[0].line == "push failed: connection refused; retry 1 of 3 in 1 s"
    assert "gave up after 4 attempts" in caught.value.message


def test_retries_return_the_first_success(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base.time, "sleep", lambda _: None)
    answers = iter([NetworkError("reset"), "ok"])

    def flaky() -> str:
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    generator = retrying(flaky, "fetch", PublishTarget(retries=2))
    with pytest.raises(StopIteration) as done:
        while True:
            next(generator)
    assert done.value.value == "ok"


def test_other_errors_are_not_retried() -> None:
    def refused() -> None:
        raise PublishError("credentials refused")

    with pytest.raises(PublishError):
        list(retrying(refused, "push", PublishTarget(retries=3)))


def test_s3_without_boto3_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from blogfolio.install_source import detect_install
    from blogfolio.publish import s3

    monkeypatch.setitem(sys.modules, "boto3", None)
    with pytest.raises(PublishError) as caught:
        s3.preflight(None, "https://x.dev/", SPAN)  # type: ignore[arg-type]
    command = detect_install().install_command(("s3",))
    assert "[s3]" in command
    assert caught.value.hint == f"add the s3 extra to this blogfolio: {command}"


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("0", "0.0.0.0"),
        ("2130706433", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("0x7f.0.0.1", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("0177.1", "127.0.0.1"),
        ("10.1.258", "10.1.1.2"),
        ("::ffff:127.0.0.1", "127.0.0.1"),
        ("::1", "::1"),
        ("08", None),
        ("256.1", None),
        ("1.2.3.4.5", None),
        ("4294967296", None),
        ("1_0", None),
        ("\u0661\u0662\u0667.0.0.1", None),
        ("maya.github.io", None),
        ("127.0.0.1.nip.example", None),
    ],
)
def test_hosts_are_read_the_way_browsers_read_them(host: str, address: str | None) -> None:
    found = host_address(host)
    assert (None if found is None else str(found)) == address


def test_normal_host_folds_case_width_escapes_and_trailing_dots() -> None:
    assert normal_host("LocalHost.") == "localhost"
    assert normal_host("%6c%6fcalhost") == "localhost"
    assert normal_host("\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54") == "localhost"
    assert normal_host("example\u3002github\u3002io") == "example.github.io"
    assert normal_host("[::1]") == "::1"
    assert is_this_computer("x.localhost") and not is_this_computer("localhost.example-host.net")


def test_secrets_are_hidden_in_urls_and_tool_output() -> None:
    assert redact_url("rsync://maya:pw@host/m/") == "rsync://maya:***@host/m/"
    assert redact_url("s3://KEY:pw@bucket/x/") == "s3://***@bucket/x/"
    assert redact_url("s3://KEY@bucket/x/") == "s3://***@bucket/x/"
    assert redact_url("maya@host:public_html/") == "maya@host:public_html/"
    assert redact_url("dir:../a:b@c") == "dir:../a:b@c"
    line = "unable to access 'https://maya:ghp_token123@github.com/maya/folio.git/': 403"
    assert "ghp_token123" not in redact_secrets(line)
    assert "https://maya:***@github.com/maya/folio.git/" in redact_secrets(line)
