"""Sources students bring from other generators: `.markdown` files, JSON front matter,
and a post whose slug happens to be `comments`."""

from __future__ import annotations

from pathlib import Path

from blogfolio.build import BuildOptions, build
from blogfolio.model import BuildResult
from conftest import FIXED_NOW, SiteFactory, post, run_cli


def built(root: Path) -> BuildResult:
    return build(root, BuildOptions(now=FIXED_NOW, cache=False))


def page(result: BuildResult, path: str) -> str:
    found = {f.path: f for f in result.files}
    assert path in found, sorted(p for p in found if p.endswith(".html"))
    return found[path].data.decode()


def test_markdown_file_endings_are_all_sources(make_site: SiteFactory) -> None:
    root = make_site(
        {
            "content/posts/2024-03-01-from-jekyll.markdown": (
                "---\ntitle: Written for Jekyll\ndate: 2024-03-01\n---\n\nOld *words*.\n"
            ),
            "content/posts/mdown-post.mdown": "---\ntitle: Mdown\ndate: 2024-03-02\n---\n\nTwo.\n",
            "content/posts/mkd-post.MKD": "---\ntitle: Mkd\ndate: 2024-03-03\n---\n\nThree.\n",
            "content/posts/linker.md": (
                "---\ntitle: Linker\ndate: 2024-03-04\n---\n\n"
                "[the old one](2024-03-01-from-jekyll.markdown)\n"
            ),
        }
    )
    result = built(root)
    assert "<em>words</em>" in page(result, "posts/2024/from-jekyll/index.html")
    assert "Two." in page(result, "posts/2024/mdown-post/index.html")
    assert "Three." in page(result, "posts/2024/mkd-post/index.html")
    linker = page(result, "posts/2024/linker/index.html")
    assert 'href="../from-jekyll/"' in linker


def test_check_reports_a_broken_markdown_file_instead_of_skipping_it(
    make_site: SiteFactory,
) -> None:
    root = make_site(
        {
            "content/posts/ok.md": "---\ntitle: Fine\ndate: 2024-01-01\n---\n\nok\n",
            "content/posts/2024-01-02-broken.markdown": (
                "---\ntitle: Broken\ndate: 2024-13-40\n---\n\nbody\n"
            ),
        }
    )
    result = run_cli("check", "-s", str(root))
    assert result.exit_code == 1
    assert "content/posts/2024-01-02-broken.markdown:3: error" in result.output


def test_json_front_matter(make_site: SiteFactory) -> None:
    root = make_site(
        {
            "content/posts/from-hugo.md": (
                '{\n  "title": "JSON & friends",\n  "date": "2024-05-06",\n'
                '  "tags": ["hugo", "json"],\n  "extra": {\n    "mood": "calm"\n  }\n}\n\n'
                "A body written *after* JSON.\n"
            ),
        }
    )
    html = page(built(root), "posts/2024/from-hugo/index.html")
    assert "JSON &amp; friends" in html
    assert "<em>after</em>" in html
    assert '"title"' not in html


def test_json_front_matter_errors_name_the_line(make_site: SiteFactory) -> None:
    root = make_site(
        {
            "content/posts/bad-json.md": '{\n  "title": "x",\n  "date": 2024-05-06\n}\n\nbody\n',
            "content/posts/bad-date.md": '{\n  "title": "x",\n  "date": "someday"\n}\n\nbody\n',
        }
    )
    result = run_cli("check", "-s", str(root))
    assert result.exit_code == 1
    assert "content/posts/bad-json.md:3: error: front matter is not valid JSON" in result.output
    assert "content/posts/bad-date.md:3: error" in result.output


def test_a_comments_folder_outside_a_post_holds_posts(make_site: SiteFactory) -> None:
    """`content/posts/comments/` belongs to no post: its files are posts, not comments."""
    root = make_site(
        {
            "content/posts/comments/on-feedback.md": (
                "---\ntitle: On taking feedback\ndate: 2024-02-02\n---\n\nListen first.\n"
            ),
            "content/posts/kept.md": "---\ntitle: Kept\ndate: 2024-02-03\n---\n\nKept.\n",
            "content/posts/kept/comments/a.md": (
                "---\nauthor: Reader\ndate: 2024-02-04\n---\n\nA real comment.\n"
            ),
        }
    )
    result = built(root)
    assert "Listen first." in page(result, "posts/2024/on-feedback/index.html")
    kept = page(result, "posts/2024/kept/index.html")
    assert "A real comment." in kept
    assert not any("/a/" in f.path for f in result.files)  # the comment is no page


def test_a_post_whose_slug_is_comments_keeps_its_page_and_comments(
    make_site: SiteFactory,
) -> None:
    root = make_site(
        {
            "content/posts/comments/index.md": (
                "---\ntitle: Why I read the comments\ndate: 2024-04-04\n---\n\nThey teach me.\n"
            ),
            "content/posts/comments/comments/first.md": (
                "---\nauthor: Jo\ndate: 2024-04-05\nemail: jo@private.example\n---\n\nSo do I.\n"
            ),
        }
    )
    result = built(root)
    html = page(result, "posts/2024/comments/index.html")
    assert "They teach me." in html
    assert "So do I." in html
    assert all(b"jo@private.example" not in f.data for f in result.files if f.data)


def test_comments_of_a_deleted_post_stay_unpublished_and_private(make_site: SiteFactory) -> None:
    """The post went, its comments folder stayed: no page of it, no error, no email."""
    comment = (
        "---\nauthor: Sam Reader\nemail: sam.reader@example.org\ndate: 2025-02-02\n"
        "approved: true\n---\n\nGreat post!\n"
    )
    root = make_site(
        {
            "content/posts/kept.md": post("Kept", "2025-01-10", "Still here."),
            "content/posts/gone/comments/2025-02-02-sam.md": comment,
        }
    )
    result = build(root, BuildOptions(cache=False))
    published = b"".join(f.data or b"" for f in result.files)
    assert b"Great post!" not in published and b"sam.reader" not in published
