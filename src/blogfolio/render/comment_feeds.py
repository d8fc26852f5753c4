"""One Atom feed of comments per post, as WordPress has (`<post>/comments.xml`).

Stage: render. Only published comments reach a `Page`, so pending ones and
commenters' email addresses cannot appear here.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from xml.sax.saxutils import quoteattr

from blogfolio.config import SiteConfig
from blogfolio.model import Comment, Page, RenderedFile
from blogfolio.render.comment_views import comment_feed_path
from blogfolio.render.feeds import xml_text
from blogfolio.urls import absolute_url, output_file


def comment_feed(post: Page, config: SiteConfig, fallback_date: str) -> str:
    """Atom feed of a post's comments, newest first."""
    assert post.comments is not None
    link = absolute_url(config.base_url, post.url)
    self_url = absolute_url(config.base_url, comment_feed_path(post.url))
    comments = sorted(_walk(post.comments.comments), key=lambda c: (c.date, c.id), reverse=True)
    updated = comments[0].date.isoformat() if comments else fallback_date
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(config.language)}>',
        f"  <title>{xml_text(f'Comments on “{post.title}”')}</title>",
        f"  <link href={quoteattr(link + '#comments')}/>",
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(self_url)}/>',
        f"  <id>{xml_text(self_url)}</id>",
        f"  <updated>{updated}</updated>",
        f"  <author><name>{xml_text(config.author.name or config.title)}</name></author>",
        '  <generator uri="https://pypi.org/project/blogfolio/">blogfolio</generator>',
    ]
    for comment in comments:
        permalink = f"{link}#comment-{comment.id}"
        out += [
            "  <entry>",
            f"    <title>{xml_text(f'{comment.author} on “{post.title}”')}</title>",
            f"    <link href={quoteattr(permalink)}/>",
            f"    <id>{xml_text(permalink)}</id>",
            f"    <published>{comment.date.isoformat()}</published>",
            f"    <updated>{comment.date.isoformat()}</updated>",
            "    <author>",
            f"      <name>{xml_text(comment.author)}</name>",
        ]
        if comment.url:
            out.append(f"      <uri>{xml_text(comment.url)}</uri>")
        out += [
            "    </author>",
            f'    <content type="html">{xml_text(comment.html)}</content>',
            "  </entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def comment_feed_file(post: Page, config: SiteConfig, build_date: datetime) -> RenderedFile | None:
    """The feed of a post's comments, or None when its comments are turned off."""
    if post.comments is None:
        return None
    fallback = (post.updated or post.date or build_date).isoformat()
    data = comment_feed(post, config, fallback).encode()
    return RenderedFile(output_file(comment_feed_path(post.url)), data)


def _walk(comments: tuple[Comment, ...]) -> Iterator[Comment]:
    for comment in comments:
        yield comment
        yield from _walk(comment.replies)
