"""`blogfolio new`: write a fresh site or a new post from built-in templates.

Sits above build in the layers (it reads the config for the time zone); it
never overwrites an existing file.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from blogfolio.config import CONFIG_FILE, load_config
from blogfolio.content.pages import make_slug
from blogfolio.errors import BlogfolioError, SourceSpan

SITE_CONFIG = """\
title = "{title}"
description = "Reflections, projects and the people I learn from."
# Where the site will be published; its path part (/folio/) is used in every link.
base_url = "https://example.github.io/"
language = "en"
timezone = "{timezone}"

# Who you are: the home page shows your photo, name, introduction and links.
[author]
name = ""
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
title = "Skills"
url = "/skills/"
weight = 16

[[menu]]
title = "Archives"
url = "/archives/"
weight = 20

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

WORKFLOW = """\
# Builds the site on GitHub's runners and deploys it with the official Pages
# actions. Turn it on in Settings > Pages > Source: "GitHub Actions".
# (Publishing from your computer instead? Use `blogfolio publish gh-pages` and
# Source: "Deploy from a branch", gh-pages; see the blogfolio README.)
name: Publish blogfolio
on:
  push:
    branches: [main]
  workflow_dispatch:
permissions:
  contents: read
  pages: write
  id-token: write
concurrency:
  group: pages
  cancel-in-progress: false
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - id: pages
        uses: actions/configure-pages@v5
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: python -m pip install blogfolio
      # The address GitHub serves the site at (with /repo/ for a project site),
      # so links and CSS work whatever base_url says in blogfolio.toml.
      - run: blogfolio build --base-url "${{ steps.pages.outputs.base_url }}/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: site
  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""

POST = """\
---
title: {title}
date: {date}
draft: true
tags: []
categories: []
summary: ""
---

Write your post here. Remove `draft: true` (or build with `--drafts`) to see it on the site.
"""

REFLECTION = """\
---
title: {title}
date: {date}
draft: true
kind: reflection
tags: [reflection]
categories: [Reflections]
# Networking-log entries this reflection draws on (file names in content/networking/).
contacts: []
# Skills this experience gives evidence for, e.g. Communication, Teamwork.
skills: []
summary: ""
---

## What?

Describe what happened: the event, conversation or task, who was there, what you did.

## So what?

Explain why it matters: what you learned, what surprised you, how it connects to your goals.

## Now what?

Say what you will do next because of it, and how you will know it worked.
"""


CONTACT = """\
---
# A networking-log entry. It stays private unless you set public: true, and
# everything under private: is never published (the build checks its own output).
name: {name}
role:            # their job title, e.g. Clinical data analyst
organization:    # where they work
connection:      # how you know them: former professor, employer, family friend, alum...
introduced_by:   # file name (without .md) of the entry for whoever introduced you
date: {date}    # when you met or talked: YYYY-MM-DD, or with a time 2025-03-04T14:30
channel:         # phone, in-person, letter, email, video or event
kind:            # informational-interview, coffee-chat, career-fair, referral or mentor
questions: []    # questions you asked or want to ask, one per line starting with '- '
follow_up:       # when to get back in touch (YYYY-MM-DD); see 'blogfolio followups'
thank_you_sent: false
public: false    # true shows this entry on the networking log page
consent: false   # true once they agreed to be named; otherwise only initials are shown
private:         # never published: add any key you like
  email:
  phone:
  notes:
---

What I learned from this conversation:
"""


def new_site(directory: Path, title: str | None = None) -> list[Path]:
    """Scaffold a site folder; refuse to touch one that already has a config."""
    if (directory / CONFIG_FILE).exists():
        raise BlogfolioError(
            f"{directory / CONFIG_FILE} already exists",
            SourceSpan(directory / CONFIG_FILE),
            hint="choose an empty folder for a new site",
        )
    name = title or directory.resolve().name.replace("-", " ").replace("_", " ").title()
    today = datetime.now(UTC).date().isoformat()
    files = {
        CONFIG_FILE: SITE_CONFIG.format(title=name.replace('"', '\\"'), timezone="UTC"),
        "content/posts/hello-blogfolio.md": WELCOME_POST.format(date=today),
        "content/about.md": ABOUT_PAGE,
        ".gitignore": GITIGNORE,
        ".github/workflows/publish.yml": WORKFLOW,
        "static/.gitkeep": "",
        "data/.gitkeep": "",
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
