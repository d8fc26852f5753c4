"""`blogfolio import jekyll` and `import hugo`: small old sites imported, then built and read."""

from __future__ import annotations

import hashlib
import os
import re
from datetime import datetime
from html import unescape
from pathlib import Path

import pytest

from blogfolio.build import BuildOptions, build
from blogfolio.errors import BuildError
from blogfolio.importers.front import iso_date, name_list
from blogfolio.importers.liquid import LiquidContext, convert_liquid
from blogfolio.importers.old_urls import PostFacts, jekyll_pattern, jekyll_url
from blogfolio.model import BuildResult
from conftest import FIXED_NOW, REPO, run_cli

JEKYLL = REPO / "tests" / "fixtures" / "jekyll-site"
HUGO = REPO / "tests" / "fixtures" / "hugo-site"
_CODE = re.compile(r"<pre\b.*?</pre>|<code\b.*?</code>", re.S)


def imported(tool: str, source: Path, into: Path) -> tuple[BuildResult, str, str]:
    result = run_cli("import", tool, str(source), "--into", str(into))
    assert result.exit_code == 0, result.stdout + result.stderr
    report = (into / f"{tool}-import.md").read_text(encoding="utf-8")
    return build(into, BuildOptions(now=FIXED_NOW)), result.stdout + result.stderr, report


def pages(result: BuildResult) -> dict[str, str]:
    return {
        f.path: f.data.decode()
        for f in result.files
        if f.data is not None and f.path.endswith(".html")
    }


def code_text(html: str) -> str:
    """The text of every code block and span, highlighting markup removed."""
    return unescape(re.sub(r"<[^>]+>", "", "".join(_CODE.findall(html))))


def outside_code(html: str) -> str:
    return _CODE.sub("", html)


def redirects_to(html: str, target: str) -> bool:
    return 'http-equiv="refresh"' in html and target in html


@pytest.fixture(scope="module")
def jekyll(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], str, str, Path]:
    into = tmp_path_factory.mktemp("jekyll") / "site"
    result, output, report = imported("jekyll", JEKYLL, into)
    return pages(result), output, report, into


@pytest.fixture(scope="module")
def hugo(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], str, str, Path]:
    into = tmp_path_factory.mktemp("hugo") / "site"
    result, output, report = imported("hugo", HUGO, into)
    return pages(result), output, report, into


POST = "posts/2021/first-steps-with-ruby/index.html"


def test_jekyll_summary_counts_posts_drafts_and_pages(
    jekyll: tuple[dict[str, str], str, str, Path],
) -> None:
    _, output, _, into = jekyll
    assert re.search(r"Posts imported\s*│\s*5 │ 2 drafts", output)
    assert re.search(r"Pages imported\s*│\s*1 │", output)
    assert (into / "content/posts/first-steps-with-ruby/index.md").is_file()  # from .markdown


def test_jekyll_liquid_and_kramdown_become_html(
    jekyll: tuple[dict[str, str], str, str, Path],
) -> None:
    site, _, _, _ = jekyll
    html = site[POST]
    for path, page in site.items():
        prose = outside_code(page)
        assert "{%" not in prose and "<!--" not in page, path
        assert "{:" not in prose, path
    assert '<pre class="highlight"' in html or "<pre" in html
    code = code_text(html)
    assert "greet" in code and "{{ not liquid }}" in code and "{% include untouched.html %}" in code
    assert "{% raw %}" in code  # the inline code span kept every character
    assert "highlight ruby" not in html
    assert '<abbr title="command-line interface">CLI</abbr>' in html
    assert 'src="../../../assets/img/desk.png"' in html
    assert "In Liquid you write {{ page.title }} to print the title." in html  # raw, unwrapped
    assert 'href="../asking-better-questions/"' in html  # post_url
    assert 'href="../../../about/"' in html  # link
    assert "<td>Blocks</td>" in html and "<li>one</li>" in html


def test_jekyll_front_matter_is_mapped(jekyll: tuple[dict[str, str], str, str, Path]) -> None:
    site, _, _, into = jekyll
    assert "categories/career-fair/index.html" in site  # `category:` singular, with a space
    assert "categories/career/index.html" in site and "categories/update/index.html" in site
    assert "tags/learning/index.html" in site  # `tags: ruby learning` is two tags
    text = (into / "content/posts/first-steps-with-ruby/index.md").read_text()
    assert "summary: What a week of Ruby" in text and "updated: 2021-03-10" in text
    assert "image_alt: A desk with a laptop and a notebook" in text
    assert (
        "title: Asking better questions"
        in (into / "content/posts/asking-better-questions/index.md").read_text()
    )  # from the file name
    assert (into / "static/assets/img/desk.png").is_file()


def test_jekyll_old_addresses_redirect(jekyll: tuple[dict[str, str], str, str, Path]) -> None:
    site, _, _, _ = jekyll
    old = site["career/update/2021/03/04/first-steps-with-ruby.html"]
    assert redirects_to(old, "posts/2021/first-steps-with-ruby/")
    assert redirects_to(site["advice/better-questions/index.html"], "asking-better-questions/")
    assert redirects_to(site["old-questions.html"], "asking-better-questions/")
    assert redirects_to(site["2021/06/07/an-html-post.html"], "an-html-post/")


def test_jekyll_hidden_things_stay_hidden(jekyll: tuple[dict[str, str], str, str, Path]) -> None:
    site, _, report, _ = jekyll
    everything = "\n".join(site.values())
    assert "Not for the public yet" not in everything
    assert "Draft text" not in everything
    assert "Jekyll skips this file" not in everything
    assert (
        "<script"
        not in site["posts/2021/an-html-post/index.html"].split("</main>")[0].split("<main")[1]
    )
    assert "alert(1)" not in everything
    assert "<strong>HTML</strong>" in everything
    assert "`_posts/2021-05-06-secret-plans.md`: not published on the old site" in report
    assert "line 32: Liquid {% include signup-box.html %} left out" in report
    assert "line 17: kramdown {: .lead} removed" in report
    assert "linenos" in report


def test_hugo_pages_and_redirects(hugo: tuple[dict[str, str], str, str, Path]) -> None:
    site, _, _, into = hugo
    post = site["posts/2022/trip-to-the-career-fair/index.html"]
    assert "<td>Acme</td>" in post and "<li>Smile</li>" in post
    assert 'href="../follow-up/"' in post  # {{< ref >}} became a checked link
    assert 'href="../../../about/"' in post  # {{< relref "/about" >}}
    assert '<img src="booth.jpg" alt="The booth"' in post  # a plain figure is an image
    code = code_text(post)
    assert 'print("{{< not a shortcode >}}")' in code
    assert "keep-me" in code  # code keeps its shortcode text
    assert (into / "content/posts/trip-to-the-career-fair/booth.jpg").is_file()
    assert (into / "static/images/logo.svg").is_file()
    assert "Everything I wrote while studying." in site["posts/index.html"]  # _index.md
    assert redirects_to(site["2022/10/trip-to-the-career-fair/index.html"], "trip-to-the")
    assert redirects_to(site["posts/career-fair-trip/index.html"], "trip-to-the")  # relative
    assert redirects_to(site["old/fair/index.html"], "trip-to-the")
    assert redirects_to(site["notes/follow-up-emails/index.html"], "follow-up/")  # url:
    for path, page in site.items():
        assert "<!--" not in page, path
        if "trip-to-the-career-fair" not in path:
            assert "{{<" not in page and "{{&lt;" not in outside_code(page), path


def test_hugo_hidden_things_stay_hidden(hugo: tuple[dict[str, str], str, str, Path]) -> None:
    site, _, report, _ = hugo
    everything = "\n".join(site.values())
    for text in ("Bonjour", "Salut", "Visite au salon", "Unfinished", "This expired", "Not yet"):
        assert text not in everything, text
    assert not any("headless" in path for path in site)
    assert "`content/fr/posts/bonjour.md`: a translation (fr)" in report
    assert "`content/posts/trip-to-the-career-fair/index.fr.md`: a translation (fr)" in report
    assert "`content/posts/headless-images/index.md`: headless" in report
    assert "`content/posts/old-news.md`: expired on 2021-01-01" in report
    assert "`content/_index.md`: the home page's list" in report
    assert "`content/projects/_index.md`: blogfolio makes /projects/ itself" in report
    assert "expiryDate 2099-01-01: blogfolio has no expiry" in report
    assert "line 26: shortcode {{< gist >}} has no equivalent here" in report


def test_hugo_kept_shortcodes_render(hugo: tuple[dict[str, str], str, str, Path]) -> None:
    """Shortcodes kept from Hugo (captioned figures, players) render as blogfolio shortcodes."""
    site, _, _, _ = hugo
    post = outside_code(site["posts/2022/trip-to-the-career-fair/index.html"])
    assert "{{&lt; figure" not in post and "{{&lt; youtube" not in post
    assert "<figcaption>" in post


def snapshot(root: Path, skip: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink() and skip not in p.parents
    }


def test_hostile_old_site_writes_only_inside_the_target(tmp_path: Path) -> None:
    secret = tmp_path / "private" / "diary.md"
    secret.parent.mkdir()
    secret.write_text("---\ntitle: Diary\n---\nMY SECRET TEXT\n", encoding="utf-8")
    old = tmp_path / "old"
    posts = old / "_posts"
    posts.mkdir(parents=True)
    (old / "_config.yml").write_text("title: x\n", encoding="utf-8")
    os.symlink(secret, posts / "2020-01-01-linked.md")
    os.symlink(secret.parent, old / "assets")
    (posts / "2020-01-02-..md").write_text("---\ntitle: dots\n---\nok\n", encoding="utf-8")
    (posts / "2020-01-03-evil.md").write_text(
        '---\ntitle: "Bad \\e[2J\\e]0;owned\\a title"\nslug: ../../../../escape\n'
        "permalink: /../../../etc/passwd\nimage: /assets/diary.png\n---\n"
        "![x](/assets/diary.png) ![y](/../../private/diary.md.png)\n",
        encoding="utf-8",
    )
    into = tmp_path / "target"
    before = snapshot(tmp_path, into)
    result = run_cli("import", "jekyll", str(old), "--into", str(into))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert snapshot(tmp_path, into) == before
    assert "\x1b" not in result.stdout + result.stderr
    written = [p for p in into.rglob("*") if p.is_file()]
    assert all(p.resolve().is_relative_to(into.resolve()) for p in written)
    assert not any("MY SECRET TEXT" in p.read_text(errors="replace") for p in written)
    report = (into / "jekyll-import.md").read_text(encoding="utf-8")
    assert "`_posts/2020-01-01-linked.md`: a link to outside the site" in report
    assert "`assets`: a link to outside the site" in report
    with pytest.raises(BuildError) as failed:  # the images it refused to copy are missing
        build(into, BuildOptions(now=FIXED_NOW))
    messages = [d.message for d in failed.value.diagnostics]
    assert messages and all(m.startswith("image ") and "not found" in m for m in messages)


def test_jekyll_permalink_styles() -> None:
    facts = PostFacts(datetime(2021, 3, 4), "my-post", "My post", ("Career", "Tips"))
    assert jekyll_url(jekyll_pattern(None), facts) == "/career/tips/2021/03/04/my-post.html"
    assert jekyll_url(jekyll_pattern("pretty"), facts) == "/career/tips/2021/03/04/my-post/"
    assert jekyll_url(jekyll_pattern("none"), facts) == "/career/tips/my-post.html"
    assert jekyll_url("/blog/:year/:title/", facts) == "/blog/2021/my-post/"
    assert jekyll_url("/:nonsense/:title/", facts) is None
    no_categories = PostFacts(datetime(2021, 3, 4), "x", "X")
    assert jekyll_url(jekyll_pattern("date"), no_categories) == "/2021/03/04/x.html"


def test_names_and_dates_in_old_shapes() -> None:
    assert name_list("jekyll update", True) == ["jekyll", "update"]
    assert name_list("Career Fair", False) == ["Career Fair"]
    assert name_list(["a", 3, None, "a"], True) == ["a", "3"]
    assert iso_date("2020-01-02 10:00:00 +0100") == "2020-01-02T10:00:00+01:00"
    assert iso_date("2020-01-02T10:00:00Z") == "2020-01-02T10:00:00+00:00"
    assert iso_date("2020-13-02") is None and iso_date("soon") is None


def test_liquid_never_touches_code() -> None:
    context = LiquidContext({}, "T", lambda _n: None, lambda _p: None)
    body = "`{{ site.x }}`\n\n```\n{% include a.html %}\n```\n\n    {% if %}\n{{ site.url }}/a"
    converted, notes = convert_liquid(body, context)
    assert converted.startswith("`{{ site.x }}`\n\n```\n{% include a.html %}\n```")
    assert converted.endswith("\n/a")
    assert [n.line for n in notes] == [7]
