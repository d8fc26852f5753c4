"""`[publish]` in blogfolio.toml: named targets, checked on load with file:line errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from blogfolio.config import PublishTarget, load_config
from blogfolio.errors import BuildError, format_diagnostic
from conftest import REPO, SiteFactory, run_cli

BASE = 'title = "T"\nbase_url = "https://maya.github.io/folio/"\n'


def errors_of(root: Path) -> str:
    with pytest.raises(BuildError) as caught:
        load_config(root)
    return "\n".join(format_diagnostic(d) for d in caught.value.diagnostics)


def test_named_targets_load_with_defaults(make_site: SiteFactory) -> None:
    root = make_site(
        {},
        BASE
        + '[publish]\ndefault = "gh-pages"\n\n'
        + '[publish.targets.gh-pages]\ncname = "www.maya.dev"\n\n'
        + '[publish.targets.backup]\nurl = "dir:../www"\n\n'
        + '[publish.targets.r2]\nurl = "s3://folio/site/"\n'
        + 'endpoint = "https://acct.r2.cloudflarestorage.com"\nregion = "auto"\n',
    )
    config = load_config(root)
    assert config.publish.default == "gh-pages"
    assert config.publish.targets["gh-pages"] == PublishTarget(cname="www.maya.dev")
    assert config.publish.targets["backup"].url == "dir:../www"
    r2 = config.publish.targets["r2"]
    assert (r2.endpoint, r2.region, r2.timeout, r2.retries) == (
        "https://acct.r2.cloudflarestorage.com", "auto", 30, 3,
    )  # fmt: skip


def test_credentials_in_the_config_are_refused_at_their_line(make_site: SiteFactory) -> None:
    root = make_site(
        {},
        BASE + '[publish.targets.r2]\nurl = "s3://folio/"\naws_secret_access_key = "abc123"\n',
    )
    text = errors_of(root)
    assert text.startswith(
        "blogfolio.toml:5: error: 'publish.targets.r2.aws_secret_access_key': "
        "credentials never go in blogfolio.toml"
    )
    assert "AWS_SECRET_ACCESS_KEY" in text
    assert "unknown key" not in text


def test_target_errors_name_the_key_and_line(make_site: SiteFactory) -> None:
    root = make_site(
        {},
        BASE
        + '[publish]\ndefault = "nowhere"\n\n'
        + '[publish.targets.gh-pages]\ncname = "https://maya.dev/"\nregion = "eu"\n\n'
        + '[publish.targets.backup]\nurl = "dir:../www"\ntimeout = 0\n\n'
        + "[publish.targets.mirror]\nretries = 1\n",
    )
    text = errors_of(root)
    assert "blogfolio.toml:7: error: 'publish.targets.gh-pages.cname': expected a domain" in text
    assert (
        "blogfolio.toml:8: error: 'publish.targets.gh-pages.region': applies only to s3 targets"
        in text
    )
    assert "blogfolio.toml:12: error: 'publish.targets.backup.timeout': must be 1" in text
    assert "blogfolio.toml:14: error: 'publish.targets.mirror': needs a url" in text
    assert "blogfolio.toml:4: error: 'publish.default': 'nowhere' is neither" in text


def test_unknown_target_key_gets_did_you_mean(make_site: SiteFactory) -> None:
    root = make_site({}, BASE + '[publish.targets.site]\nurl = "dir:../www"\nretrys = 2\n')
    text = errors_of(root)
    assert "blogfolio.toml:5: error: 'publish.targets.site.retrys': unknown key" in text
    assert "did you mean 'retries'?" in text


def test_bad_target_url_is_reported_by_check(make_site: SiteFactory) -> None:
    root = make_site({}, BASE + '[publish.targets.site]\nurl = "ftp://host/www"\n')
    result = run_cli("check", "--source", str(root))
    assert result.exit_code == 1
    assert "blogfolio.toml:4: error: 'publish.targets.site.url': not a target URL" in result.stderr


def readme_publish_blocks() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Publishing", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```toml\n(.*?)```", section, re.S)


def test_readme_publish_config_blocks_load(tmp_path: Path) -> None:
    blocks = readme_publish_blocks()
    assert len(blocks) >= 4
    for number, block in enumerate(blocks):
        root = tmp_path / str(number)
        root.mkdir()
        head = 'title = "T"\n'
        if "base_url" not in block.split("[", 1)[0]:
            head += 'base_url = "https://maya.github.io/folio/"\n'
        (root / "blogfolio.toml").write_text(head + block, encoding="utf-8")
        config = load_config(root)
        assert config.publish.targets or config.publish.default, block
