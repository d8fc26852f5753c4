"""Starter files: a post, a reflection, a networking entry, and the portfolio pages'
samples a new site has from its first build.

Sits beside scaffold. A new site gets a project (so the projects gallery
exists), a résumé in JSON Resume (so /resume/ does) and a private networking
entry (so the log shows its counts), each to edit or delete. The menu `new
site` writes links each of these pages, so no menu link is a dead end.
"""

from __future__ import annotations

import json

PROJECT = """\
---
title: My first project
date: {date}
role: What you did, e.g. data analyst on a team of four
tools: [Python, SQL]
skills: [Technology, Teamwork]
summary: One sentence on what it is and why it matters.
---

What the project was for, what you did yourself, and what you would do differently.
Put a screenshot beside this file and show it with `![What it shows](screenshot.png)`.
"""

RESUME = """\
# Your résumé in the JSON Resume format (https://jsonresume.org/schema); it renders /resume/.
# Your phone number and street address stay off the page unless [resume] show_phone /
# show_address are turned on in blogfolio.toml. `evidence:` names posts or projects
# (paths under content/) that show an entry's skills.
basics:
  name: {name}
  label: Student · what you study
  summary: Two sentences on who you are and the kind of work you are looking for.
education:
  - institution: Your college
    area: Your major
    studyType: Bachelor of Science
    startDate: "{year}"
    evidence: [projects/my-first-project/index.md]
skills:
  - name: Communication
    keywords: [writing, presenting]
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


CONTACT_NAME = "Sample Contact"
"""The starter networking entry: private, so only its count is published."""


def resume_text(author: str, year: int) -> str:
    """The starter résumé, with the student's name when known."""
    name = json.dumps(author or "Your Name", ensure_ascii=False)
    return RESUME.format(name=name, year=year)
