"""Jekyll and Hugo imports of small sites written per test: settings, re-runs, bad input."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from blogfolio.build import BuildOptions, build
from blogfolio.importers import old_site
from conftest import FIXED_NOW, run_cli
from photos import png_picture

TINY_PNG = png_picture(8, 8)


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def outputs(into: Path) -> dict[str, str]:
    result = build(into, BuildOptions(now=FIXED_NOW))
    return {f.path: f.data.decode() for f in result.files if f.data and f.path.endswith(".html")}


def test_hugo_yaml_config_ugly_urls_and_page_permalinks(tmp_path: Path) -> None:
    old = write(
        tmp_path / "old",
        {
            "config.yaml": "title: Y\nbaseURL: https://y.example/\nuglyURLs: true\n"
            "permalinks:\n  page:\n    blog: /:year/:slug/\n",
            "content/blog/first.md": "---\ntitle: First\ndate: 2023-05-06\nslug: one\n---\nHi.\n",
            "content/blog/first.de.md": "---\ntitle: Erste\n---\nHallo.\n",
            "content/blog/hidden.md": "---\ntitle: Hidden\ndate: 2023-01-01\n"
            "build:\n  render: never\n---\nSecret list item.\n",
            "content/contact.md": "---\ntitle: Contact\naliases: [reach-me]\n---\nWrite.\n",
        },
    )
    into = tmp_path / "new"
    result = run_cli("import", "hugo", str(old), "--into", str(into))
    assert result.exit_code == 0, result.stdout + result.stderr
    site = outputs(into)
    assert "2023/one.html" in site  # /:year/:slug/ made ugly
    assert "reach-me/index.html" in site  # a relative alias on a top-level page
    assert "contact.html" in site  # the file path, made ugly
    everything = "\n".join(site.values())
    assert "Hallo" not in everything and "Secret list item" not in everything
    report = (into / "hugo-import.md").read_text(encoding="utf-8")
    assert "`content/blog/first.de.md`: a translation (de)" in report
    assert "`content/blog/hidden.md`: headless or never rendered" in report


def test_jekyll_pretty_permalinks_and_filters(tmp_path: Path) -> None:
    old = write(
        tmp_path / "old",
        {
            "_config.yml": "title: J\npermalink: pretty\n",
            "_posts/2022-02-03-hello.md": '---\n---\n![a]({{ "/img/a.png" | relative_url }})\n',
            "img/a.png": TINY_PNG,
            "about.md": "---\ntitle: About\n---\nMe.\n",
        },
    )
    into = tmp_path / "new"
    assert run_cli("import", "jekyll", str(old), "--into", str(into)).exit_code == 0
    site = outputs(into)
    assert "2022/02/03/hello/index.html" in site
    assert 'src="../../../img/a.png"' in site["posts/2022/hello/index.html"]
    assert (into / "static/img/a.png").read_bytes() == TINY_PNG
    assert "about/index.html" in site and "about.html" not in site  # pretty: same address


def test_importing_again_keeps_edits(tmp_path: Path) -> None:
    old = write(tmp_path / "old", {"_posts/2022-02-03-hello.md": "---\ntitle: Hello\n---\nHi.\n"})
    into = tmp_path / "new"
    assert run_cli("import", "jekyll", str(old), "--into", str(into)).exit_code == 0
    post = into / "content/posts/hello/index.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nMy own addition.\n", encoding="utf-8")
    again = run_cli("import", "jekyll", str(old), "--into", str(into))
    assert again.exit_code == 0
    assert "My own addition." in post.read_text(encoding="utf-8")
    assert "Files kept" in again.stdout


def test_bad_front_matter_names_file_and_line_and_imports_the_rest(tmp_path: Path) -> None:
    old = write(
        tmp_path / "old",
        {
            "_posts/2022-02-03-good.md": "---\ntitle: Good\n---\nFine.\n",
            "_posts/2022-02-04-bad.md": "---\ntitle: Bad\ntags: [unclosed\n---\nx\n",
        },
    )
    into = tmp_path / "new"
    result = run_cli("import", "jekyll", str(old), "--into", str(into))
    assert result.exit_code == 1
    assert re.search(r"_posts/2022-02-04-bad\.md:[34]: error: front matter is not valid YAML",
                     result.stderr)  # fmt: skip
    assert "Traceback" not in result.stderr
    assert (into / "content/posts/good/index.md").is_file()


def test_not_an_old_site_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    for tool, what in (("jekyll", "_config.yml"), ("hugo", "content/")):
        result = run_cli("import", tool, str(tmp_path / "empty"), "--into", str(tmp_path / "n"))
        assert result.exit_code == 1
        assert what in result.stderr and "Traceback" not in result.stderr


def test_hostile_hugo_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(old_site, "MAX_BYTES", 1000)
    outside = tmp_path / "outside.png"
    outside.write_bytes(b"PRIVATE BYTES")
    old = write(
        tmp_path / "old",
        {
            "hugo.toml": 'title = "H"\n',
            "content/posts/trip/index.md": '+++\ntitle = "Trip \\u001b]0;x\\u0007"\n'
            "date = 2022-01-01\n+++\nText.\n",
            "content/posts/trip/huge.png": b"x" * 2000,
            "content/posts/trip/bad\x1bname.png": b"png",
            "content/posts/trip/.hidden.png": b"png",
        },
    )
    os.symlink(outside, old / "content/posts/trip/linked.png")
    into = tmp_path / "new"
    result = run_cli("import", "hugo", str(old), "--into", str(into))
    assert result.exit_code == 0, result.stdout + result.stderr
    shown = result.stdout + result.stderr
    assert "\x1b" not in shown and "\x07" not in shown
    copied = {p.name for p in (into / "content/posts/trip").iterdir()}
    assert copied == {"index.md"}
    report = (into / "hugo-import.md").read_text(encoding="utf-8")
    assert "linked.png`: a link to outside the site" in report
    assert "huge.png`: larger than" in report
    assert "not copied" in report  # the names no file system should get
    assert all(b"PRIVATE" not in p.read_bytes() for p in into.rglob("*") if p.is_file())


def test_jekyll_collections_are_listed_not_dropped(tmp_path: Path) -> None:
    old = write(
        tmp_path / "old",
        {
            "_config.yml": "title: J\ncollections:\n  projects:\n    output: true\n",
            "_posts/2022-02-03-hello.md": "---\ntitle: Hello\n---\nHi.\n",
            "_projects/robot-arm.md": "---\ntitle: Robot arm\n---\nServos.\n",
            "_layouts/default.html": "<html>{{ content }}</html>",
        },
    )
    into = tmp_path / "new"
    assert run_cli("import", "jekyll", str(old), "--into", str(into)).exit_code == 0
    report = (into / "jekyll-import.md").read_text(encoding="utf-8")
    assert "`_projects/robot-arm.md`: in the collection _projects/, which is not imported" in report
    assert "_layouts" not in report  # Jekyll's own machinery is not content
