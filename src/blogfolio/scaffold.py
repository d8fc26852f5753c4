"""`blogfolio new`: write a fresh site or a new post from built-in templates.

Sits above build in the layers (it reads the config for the time zone); it
never overwrites an existing file. What a new site is filled in with comes from
scaffold_prompts, its GitHub workflow from scaffold_workflow, its starter files
from scaffold_samples.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from blogfolio.config import CONFIG_FILE, load_config
from blogfolio.content.pages import make_slug
from blogfolio.errors import BlogfolioError, SourceSpan
from blogfolio.install_source import InstallSource
from blogfolio.scaffold_prompts import SiteAnswers
from blogfolio.scaffold_samples import (
    CONTACT,
    CONTACT_NAME,
    POST,
    PROJECT,
    REFLECTION,
    resume_text,
)
from blogfolio.scaffold_workflow import WORKFLOW_FILE, workflow_text

SITE_CONFIG = """\
title = {title}
description = "Reflections, projects and the people I learn from."
# Where the site will be published; its path part (/folio/) is used in every link.
base_url = {base_url}
language = "en"
# Front-matter dates are read in this time zone (an IANA name such as America/Chicago).
timezone = {timezone}

# Who you are: the home page shows your photo, name, introduction and links.
[author]
name = {author}
photo = ""        # e.g. "/images/me.jpg" for static/images/me.jpg
intro = ""        # one paragraph; empty uses the description above

[author.links]    # each gets an icon; add or remove lines freely
# github = "https://github.com/you"
# linkedin = "https://www.linkedin.com/in/you"
# email = "you@example.org"

[theme]
name = "default"
# accent = "#1f55b8"   # any colour; text on it and links stay readable

# What the home page shows, in order: "intro", "featured" (projects with
# `featured: true`), "reflections" (the latest few), "posts".
[home]
sections = ["intro", "featured", "reflections", "posts"]
reflections = 3

[collections.posts]
permalink = "/posts/{{year}}/{{slug}}/"
paginate = 10

[[menu]]
title = "Home"
url = "/"
weight = 0

[[menu]]
title = "Reflections"
url = "/reflections/"
weight = 12

[[menu]]
title = "Projects"
url = "/projects/"
weight = 14

[[menu]]
title = "Skills"
url = "/skills/"
weight = 16

[[menu]]
title = "Résumé"
url = "/resume/"
weight = 17

[[menu]]
title = "Networking"
url = "/networking/"
weight = 18

[[menu]]
title = "Archives"
url = "/archives/"
weight = 20

# Replies to posts: the site is static, so they come by email, or through a form
# service with form_action = "https://…". With neither, posts show no reply link.
[comments]
{comments_email}

# Networking log: entries in content/networking/ are private unless `public: true`.
[networking]
page = true
show_counts = true

# `blogfolio publish` builds the site and sends it to the default target.
# Other targets: "dir:../www", "me@host:public_html/", "s3://bucket/folio/"
# (see the README). Or let .github/workflows/publish.yml do it on every push.
[publish]
default = "gh-pages"
"""

WELCOME_POST = """\
---
title: Hello, blogfolio
date: {date}
tags: [meta]
categories: [Notes]
summary: Why I am starting a blogfolio, and what I plan to write here.
---

This is the first post of my blogfolio. Edit it in `content/posts/hello-blogfolio.md`,
then run `blogfolio build` and open `site/index.html`.

## What goes here

- reflections on classes, jobs and conversations with people in my field;
- projects, with what I did and what I learned;
- notes on the skills I am building.
"""

ABOUT_PAGE = """\
---
title: About
menu: 10
---

A few sentences about who you are, what you study and what you are looking for.
"""

GITIGNORE = """\
site/
# a build's staging folders beside site/ (the next build removes any left by a crash)
.site.*/
.blogfolio-cache/
__pycache__/
"""

def new_site(directory: Path, answers: SiteAnswers, install: InstallSource) -> list[Path]:
    """Scaffold a site folder; refuse to touch one that already has a config."""
    if (directory / CONFIG_FILE).exists():
        raise BlogfolioError(
            f"{directory / CONFIG_FILE} already exists",
            SourceSpan(directory / CONFIG_FILE),
            hint="choose an empty folder for a new site",
        )
    today = datetime.now(ZoneInfo(answers.timezone)).date()
    email = f"email = {_toml(answers.email)}" if answers.email else '# email = "you@example.org"'
    config = SITE_CONFIG.format(
        title=_toml(answers.title), author=_toml(answers.author),
        base_url=_toml(answers.base_url), timezone=_toml(answers.timezone), comments_email=email,
    )  # fmt: skip
    contact = CONTACT.format(name=_quoted(CONTACT_NAME), date=today.isoformat()).replace(
        "thank_you_sent: false", "thank_you_sent: true", 1
    )  # a sample: no reminder to thank nobody
    files = {
        CONFIG_FILE: config,
        "content/posts/hello-blogfolio.md": WELCOME_POST.format(date=today.isoformat()),
        "content/about.md": ABOUT_PAGE,
        "content/projects/my-first-project/index.md": PROJECT.format(date=today.isoformat()),
        "content/networking/sample-contact.md": contact,
        "data/resume.yaml": resume_text(answers.author, today.year),
        ".gitignore": GITIGNORE,
        WORKFLOW_FILE: workflow_text(install),
        "static/.gitkeep": "",
    }
    created: list[Path] = []
    for rel, text in files.items():
        path = directory / rel
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        created.append(path)
    return created


def new_post(root: Path, title: str, *, reflection: bool = False) -> Path:
    """Write a draft post dated today in the site's time zone."""
    config = load_config(root.resolve())
    slug = make_slug(title)
    if not slug:
        raise BlogfolioError(f"cannot make a file name from the title {title!r}")
    path = root / "content" / "posts" / f"{slug}.md"
    if path.exists():
        raise BlogfolioError(f"{path} already exists", SourceSpan(path), hint="pick another title")
    today = datetime.now(ZoneInfo(config.timezone)).date().isoformat()
    template = REFLECTION if reflection else POST
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(template.format(title=_quoted(title), date=today), encoding="utf-8")
    return path


def new_contact(root: Path, name: str) -> Path:
    """Write a private networking-log entry dated today, with every field present."""
    config = load_config(root.resolve())
    slug = make_slug(name)
    if not slug:
        raise BlogfolioError(f"cannot make a file name from the name {name!r}")
    path = root / "content" / "networking" / f"{slug}.md"
    if path.exists():
        raise BlogfolioError(
            f"{path} already exists", SourceSpan(path), hint="add a number, e.g. jane-doe-2"
        )
    today = datetime.now(ZoneInfo(config.timezone)).date().isoformat()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CONTACT.format(name=_quoted(name), date=today), encoding="utf-8")
    return path


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _toml(text: str) -> str:
    """A TOML basic string (JSON's escapes are all valid TOML ones)."""
    return json.dumps(text, ensure_ascii=False)
