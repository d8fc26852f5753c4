"""Atom, RSS, JSON Feed, sitemap and robots.txt, written directly as text.

Stage: render. Built in Python rather than templates so they are always
well-formed: every value is XML-escaped, control characters are dropped, and
relative links in post bodies are made absolute for feed readers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import datetime
from email.utils import format_datetime
from urllib.parse import urljoin
from xml.sax.saxutils import escape, quoteattr

from blogfolio.config import SiteConfig
from blogfolio.model import Page, RenderedFile, Site
from blogfolio.urls import absolute_url

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LINK_ATTR = re.compile(r'(\s(?:href|src))="([^"]*)"')


def xml_text(value: str) -> str:
    """Escape text for XML, dropping characters XML 1.0 forbids."""
    return escape(_CONTROL.sub("", value))


def absolutize(html: str, page_url: str) -> str:
    """Make relative href/src in HTML absolute against the page's URL."""

    def fix(match: re.Match[str]) -> str:
        value = match.group(2)
        if value.startswith(("#", "mailto:", "data:")) or "://" in value:
            return match.group(0)
        return f'{match.group(1)}="{urljoin(page_url, value)}"'

    return _LINK_ATTR.sub(fix, html)


def _entries(site: Site, config: SiteConfig) -> Sequence[Page]:
    return site.posts[: config.feeds.limit]


def _content(page: Page, config: SiteConfig) -> str:
    link = absolute_url(config.base_url, page.url)
    html = page.body.html if config.feeds.full_content else page.body.summary_html
    return absolutize(html, link)


def _updated(site: Site, posts: Sequence[Page]) -> datetime:
    stamps = [p.updated or p.date for p in posts if (p.updated or p.date)]
    return max((s for s in stamps if s is not None), default=site.build_date)


def atom_feed(site: Site, config: SiteConfig) -> str:
    """Atom 1.0 feed of the latest posts."""
    posts = _entries(site, config)
    home = absolute_url(config.base_url, "/")
    self_url = absolute_url(config.base_url, "/atom.xml")
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(config.language)}>',
        f"  <title>{xml_text(config.title)}</title>",
    ]
    if config.description:
        out.append(f"  <subtitle>{xml_text(config.description)}</subtitle>")
    out += [
        f"  <link href={quoteattr(home)}/>",
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(self_url)}/>',
        f"  <id>{xml_text(home)}</id>",
        f"  <updated>{_updated(site, posts).isoformat()}</updated>",
        f"  <author><name>{xml_text(config.author.name or config.title)}</name></author>",
        '  <generator uri="https://pypi.org/project/blogfolio/">blogfolio</generator>',
    ]
    for post in posts:
        link = absolute_url(config.base_url, post.url)
        date = post.date or site.build_date
        out += [
            "  <entry>",
            f"    <title>{xml_text(post.title)}</title>",
            f"    <link href={quoteattr(link)}/>",
            f"    <id>{xml_text(link)}</id>",
            f"    <published>{date.isoformat()}</published>",
            f"    <updated>{(post.updated or date).isoformat()}</updated>",
        ]
        out += [f"    <category term={quoteattr(t)}/>" for t in (*post.categories, *post.tags)]
        if post.summary:
            out.append(f'    <summary type="text">{xml_text(post.summary)}</summary>')
        out.append(f'    <content type="html">{xml_text(_content(post, config))}</content>')
        out.append("  </entry>")
    out.append("</feed>")
    return "\n".join(out) + "\n"


def rss_feed(site: Site, config: SiteConfig) -> str:
    """RSS 2.0 feed of the latest posts."""
    posts = _entries(site, config)
    home = absolute_url(config.base_url, "/")
    self_url = absolute_url(config.base_url, "/rss.xml")
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
        "  <channel>",
        f"    <title>{xml_text(config.title)}</title>",
        f"    <link>{xml_text(home)}</link>",
        f"    <description>{xml_text(config.description or config.title)}</description>",
        f"    <language>{xml_text(config.language)}</language>",
        f'    <atom:link href={quoteattr(self_url)} rel="self" type="application/rss+xml"/>',
        f"    <lastBuildDate>{format_datetime(_updated(site, posts))}</lastBuildDate>",
        "    <generator>blogfolio</generator>",
    ]
    for post in posts:
        link = absolute_url(config.base_url, post.url)
        out += [
            "    <item>",
            f"      <title>{xml_text(post.title)}</title>",
            f"      <link>{xml_text(link)}</link>",
            f'      <guid isPermaLink="true">{xml_text(link)}</guid>',
            f"      <pubDate>{format_datetime(post.date or site.build_date)}</pubDate>",
        ]
        out += [f"      <category>{xml_text(t)}</category>" for t in (*post.categories, *post.tags)]
        out.append(f"      <description>{xml_text(_content(post, config))}</description>")
        out.append("    </item>")
    out += ["  </channel>", "</rss>"]
    return "\n".join(out) + "\n"


def json_feed(site: Site, config: SiteConfig) -> str:
    """JSON Feed 1.1 of the latest posts."""
    items = []
    for post in _entries(site, config):
        link = absolute_url(config.base_url, post.url)
        item: dict[str, object] = {
            "id": link,
            "url": link,
            "title": post.title,
            "content_html": _content(post, config),
            "date_published": (post.date or site.build_date).isoformat(),
        }
        if post.updated:
            item["date_modified"] = post.updated.isoformat()
        if post.summary:
            item["summary"] = post.summary
        tags = [*post.categories, *post.tags]
        if tags:
            item["tags"] = tags
        items.append(item)
    feed: dict[str, object] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": config.title,
        "home_page_url": absolute_url(config.base_url, "/"),
        "feed_url": absolute_url(config.base_url, "/feed.json"),
        "language": config.language,
        "items": items,
    }
    if config.description:
        feed["description"] = config.description
    if config.author.name:
        feed["authors"] = [{"name": config.author.name}]
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"


def sitemap(urls: Sequence[tuple[str, datetime | None]], config: SiteConfig) -> str:
    """sitemap.xml of every HTML page but the 404."""
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for url, modified in urls:
        out.append(f"  <url><loc>{xml_text(absolute_url(config.base_url, url))}</loc>")
        if modified is not None:
            out.append(f"    <lastmod>{modified.date().isoformat()}</lastmod>")
        out.append("  </url>")
    out.append("</urlset>")
    return "\n".join(out) + "\n"


def robots(config: SiteConfig) -> str:
    """robots.txt that allows everything and names the sitemap."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {absolute_url(config.base_url, '/sitemap.xml')}\n"


def feed_files(site: Site, config: SiteConfig) -> list[RenderedFile]:
    """The three feeds as output files."""
    return [
        RenderedFile("atom.xml", atom_feed(site, config).encode()),
        RenderedFile("rss.xml", rss_feed(site, config).encode()),
        RenderedFile("feed.json", json_feed(site, config).encode()),
    ]
