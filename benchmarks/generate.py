"""Write a deterministic blogfolio site of N realistic posts, for benchmarking builds.

Usage: ``python benchmarks/generate.py N DIR``

The same N always gives byte-identical files (everything is drawn from
``random.Random(N)``), so figures measured on two machines or two commits are
comparable. The posts exercise what real student posts use and what costs time
in a build: headings (anchors and a table of contents), lists, tables, code in
several languages (Pygments), footnotes, relative ``.md`` links between posts
(resolved and checked by the build), external links, page bundles with an image,
5-15 tags and 1-2 categories each (taxonomy pages), and dates over seven years
(archives). All prose is assembled from the word lists below; none is copied.
"""

from __future__ import annotations

import argparse
import hashlib
import posixpath
import random
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path

MARKER = ".blogfolio-benchmark-site"
"""Written into every generated site, so a rerun may safely delete it and nothing else."""

# --- Vocabulary -------------------------------------------------------------------------------


def word_list(text: str) -> list[str]:
    """Split a word list written as running text (easier to read and extend than a literal)."""
    return text.split()


# Written for this benchmark: the register of a student's career and coursework blog.

NOUNS = word_list("""
advisor analyst application assignment badge budget campus capstone career chart clinic
coach colleague conference contact course coworker dashboard dataset deadline department
draft email employer essay evidence experiment feedback fair folder goal grade habit
handshake hospital idea intern internship interview journal lab laptop lecture library
manager meeting mentor method metric milestone model network note notebook office outline
panel pattern person pitch plan portfolio poster practice presentation professor project
prototype question recruiter reflection report research resume review rubric schedule
semester seminar skill spreadsheet student study summary survey table team template
timeline tool topic transcript tutor update version volunteer webinar week workshop
""")

ADJECTIVES = word_list("""
awkward brief busy careful clear confident curious detailed early efficient focused formal
friendly generous helpful honest informal late local messy modest narrow nervous new
obvious organized patient polite practical quiet rapid realistic recent relaxed reliable
rough second simple small specific steady strong surprising tidy tired useful vague warm
weekly whole wide
""")

VERBS_PAST = word_list("""
adjusted answered asked booked built changed checked cleaned collected compared copied
drafted edited emailed explained finished followed formatted gathered learned listed
mapped measured met noticed organized outlined planned practised prepared presented
printed rebuilt recorded reviewed revised rewrote scheduled shared sketched sorted
started summarized tested tracked tried updated visited wrote
""")

ADVERBS = word_list("""
again almost already carefully finally honestly mostly nearly often quickly quietly
rarely really slowly suddenly usually
""")

PREPOSITIONS = word_list("about after before during for from into near with without across")

OPENERS = word_list("""
Afterwards Eventually Honestly Later Meanwhile Next Overall Still Then Yesterday
""")

PEOPLE = word_list("I we my-team my-advisor my-mentor the-recruiter a-classmate our-professor")

TAG_POOL = word_list("""
accessibility advising analytics bioinformatics budgeting capstone career-fair
clinical-data cloud coding-bootcamp coffee-chat communication conferences cover-letter
data-cleaning data-visualization databases design-thinking elevator-pitch ethics excel
feedback first-gen follow-up git goals grad-school growth-mindset hackathon health-it
informational-interview internship interviews javascript leadership linkedin
machine-learning mentorship networking note-taking open-source portfolio presentations
productivity public-health python r-stats reflection research resume sql statistics
study-abroad tableau teamwork time-management ux volunteering web-development writing
""")

CATEGORIES = [
    "Career",
    "Coursework",
    "Projects",
    "Reflections",
    "Networking",
    "Internship",
    "Skills",
    "Campus Life",
]

SKILLS = [
    "Communication",
    "Critical Thinking",
    "Teamwork",
    "Technology",
    "Leadership",
    "Professionalism",
    "Career & Self-Development",
    "Equity & Inclusion",
]

LANGUAGES = ["python", "sql", "bash", "json", "yaml", "javascript", "r", "html"]

WORDS_MIN, WORDS_MAX = 300, 1500
"""Prose words per post body (code blocks and footnote definitions not counted)."""
WORDS_OVERSHOOT = 70
"""The most the last paragraph, list or table can add after the target is reached."""

FIRST_POST = datetime(2019, 1, 7, 8, 0)
LAST_POST = datetime(2025, 12, 19, 20, 0)
"""Posts are spread over these seven years; all are in the past, so every post is built."""


# --- Sentences and small blocks ---------------------------------------------------------------


def _person(rng: random.Random) -> str:
    return rng.choice(PEOPLE).replace("-", " ")


def sentence(rng: random.Random) -> str:
    """One plausible sentence; several shapes so line lengths and word counts vary."""
    noun, other = rng.choice(NOUNS), rng.choice(NOUNS)
    adj, verb = rng.choice(ADJECTIVES), rng.choice(VERBS_PAST)
    shape = rng.randrange(6)
    if shape == 0:
        text = f"{_person(rng)} {verb} the {adj} {noun} {rng.choice(PREPOSITIONS)} the {other}"
    elif shape == 1:
        adverb = rng.choice(ADVERBS)
        text = f"{rng.choice(OPENERS)}, {_person(rng)} {adverb} {verb} {article(noun)} {noun}"
    elif shape == 2:
        text = f"the {noun} was {adj} and the {other} was {rng.choice(ADJECTIVES)}"
    elif shape == 3:
        extra = rng.choice(NOUNS)
        text = f"{_person(rng)} {verb} every {noun}, then {rng.choice(VERBS_PAST)} the {extra}"
    elif shape == 4:
        adj2 = rng.choice(ADJECTIVES)
        text = f"{article(adj)} {adj} {noun} matters more than {article(adj2)} {adj2} {other}"
    else:
        weeks = rng.randint(2, 9)
        text = f"{_person(rng)} {verb} {rng.choice(PREPOSITIONS)} {other}s for {weeks} weeks"
    return text[0].upper() + text[1:] + rng.choice(".....?!")


def article(word: str) -> str:
    """'a' or 'an' before a word, by its first letter (good enough for this word list)."""
    vowel_sound = (word[0] in "aeiou" and not word.startswith("use")) or word.startswith("hon")
    return "an" if vowel_sound else "a"


def decorate(rng: random.Random, text: str) -> str:
    """Sprinkle inline Markdown (emphasis, strong, code, strikethrough) over a sentence."""
    words = text.split(" ")
    if len(words) < 4:
        return text
    i = rng.randrange(1, len(words) - 1)
    style = rng.randrange(8)
    if style == 0:
        words[i] = f"*{words[i]}*"
    elif style == 1:
        words[i] = f"**{words[i]}**"
    elif style == 2:
        words[i] = f"`{words[i].lower()}`"
    elif style == 3:
        words[i] = f"~~{words[i]}~~"
    return " ".join(words)


def title_case(words: Sequence[str]) -> str:
    """Capitalize a title's words, leaving short joining words lower case as editors do."""
    small = {"a", "an", "and", "the", "of", "for", "with", "in", "on", "to"}
    out = [w if (i and w in small) else w.capitalize() for i, w in enumerate(words)]
    return " ".join(out)


def make_title(rng: random.Random) -> str:
    """A post title in one of the shapes students use."""
    noun, other, adj = rng.choice(NOUNS), rng.choice(NOUNS), rng.choice(ADJECTIVES)
    shape = rng.randrange(5)
    if shape == 0:
        words = ["what", article(adj), adj, noun, "taught", "me"]
    elif shape == 1:
        words = [noun, "and", "the", adj, other]
    elif shape == 2:
        words = ["my", "first", noun, "review"]
    elif shape == 3:
        words = [str(rng.randint(3, 9)), "lessons", "from", article(adj), adj, noun]
    else:
        words = ["notes", "on", "the", other, noun]
    return title_case(words)


def slug_of(title: str) -> str:
    """ASCII slug of a generated title (titles use only letters, digits and spaces)."""
    return "-".join(title.lower().split())


# --- Posts ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PostPlan:
    """Everything decided about a post before its body is written."""

    index: int
    """Position in generation order; links only point at lower indexes."""
    title: str
    slug: str
    rel: str
    """Path relative to content/, e.g. ``posts/my-post.md`` or ``posts/my-post/index.md``."""
    date: datetime
    tags: tuple[str, ...]
    categories: tuple[str, ...]
    words: int
    """Target prose word count; the last block may pass it by up to ~70 words."""
    bundle: bool


@dataclass(slots=True)
class BodyWriter:
    """Accumulates Markdown blocks for one post, counting prose words toward a target."""

    rng: random.Random
    plan: PostPlan
    posts: Sequence[PostPlan]
    """All planned posts; links go only to those before `plan` (they exist and are older)."""
    blocks: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    words: int = 0
    uses_footnotes: bool = False
    """About a quarter of posts cite sources in footnotes; the rest never do."""

    @property
    def full(self) -> bool:
        """True once the body has reached its target number of prose words."""
        return self.words >= self.plan.words

    def add(self, block: str, prose: str | None = None) -> None:
        """Append a block; count the words of `prose` (or the block itself) as written text."""
        self.blocks.append(block)
        self.words += len((block if prose is None else prose).split())

    def paragraph(self) -> None:
        """A paragraph of 2-6 sentences, sometimes with a link or a footnote reference."""
        rng = self.rng
        parts = [decorate(rng, sentence(rng)) for _ in range(rng.randint(2, 6))]
        roll = rng.random()
        if roll < 0.18 and self.plan.index > 0:
            parts.insert(rng.randrange(len(parts) + 1), self.internal_link())
        elif roll < 0.24:
            parts.append(self.external_link())
        elif roll < 0.34 and self.uses_footnotes:
            parts[-1] += self.footnote_ref()
        self.add(wrap(" ".join(parts)))

    def internal_link(self) -> str:
        """A sentence linking to an earlier post by its relative ``.md`` path."""
        target = self.posts[self.rng.randrange(self.plan.index)]
        here = posixpath.dirname(self.plan.rel)
        href = posixpath.relpath(target.rel, here)
        label = self.rng.choice(["earlier", "an older post", "last time", target.title])
        return f"I wrote about this [{label}]({href}) too."

    def external_link(self) -> str:
        """A sentence with an absolute link, which the build passes through untouched."""
        host = self.rng.choice(["example.org", "example.com", "example.edu"])
        page = "-".join(self.rng.sample(NOUNS, 2))
        return f"There is a [{self.rng.choice(ADJECTIVES)} guide](https://{host}/{page}) on this."

    def footnote_ref(self) -> str:
        """A footnote reference; its definition is written at the end of the body."""
        number = len(self.footnotes) + 1
        self.footnotes.append(f"[^{number}]: {sentence(self.rng)}")
        return f"[^{number}]"

    def bullet_list(self) -> None:
        """An unordered (sometimes task) list of short items."""
        rng = self.rng
        marker = rng.choice(["- ", "* ", "- [ ] ", "- [x] "])
        items = [f"{marker}{sentence(rng).rstrip('.?!')}" for _ in range(rng.randint(3, 7))]
        self.add("\n".join(items))

    def ordered_list(self) -> None:
        """A numbered list of steps."""
        steps = [f"{i}. {sentence(self.rng)}" for i in range(1, self.rng.randint(3, 6) + 1)]
        self.add("\n".join(steps))

    def quote(self) -> None:
        """A block quote, as students quote advice they were given."""
        self.add("> " + sentence(self.rng) + " " + sentence(self.rng))

    def table(self) -> None:
        """A pipe table with 3-4 columns and 3-8 rows."""
        rng = self.rng
        cols = rng.sample(["Week", "Task", "Hours", "Contact", "Outcome", "Next step"], 4)
        cols = cols[: rng.randint(3, 4)]
        rows = [f"| {' | '.join(cols)} |", "|" + " --- |" * len(cols)]
        for _ in range(rng.randint(3, 8)):
            cells = [table_cell(rng, name) for name in cols]
            rows.append(f"| {' | '.join(cells)} |")
        self.add("\n".join(rows), prose=" ".join(rows[2:]).replace("|", " "))

    def code(self) -> None:
        """A fenced code block in one of the languages students post."""
        lang = self.rng.choice(LANGUAGES)
        self.add(f"```{lang}\n{CODE[lang](self.rng)}\n```", prose="")

    def heading(self, level: int) -> None:
        """A section heading (gets an anchor and a table-of-contents entry)."""
        words = self.rng.sample(NOUNS + ADJECTIVES, self.rng.randint(2, 5))
        self.add("#" * level + " " + title_case(words))


def wrap(text: str, width: int = 78) -> str:
    """Hard-wrap prose as editors do, so paragraphs span several source lines."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def table_cell(rng: random.Random, column: str) -> str:
    """A short value fitting the column's name."""
    if column == "Week":
        return str(rng.randint(1, 15))
    if column == "Hours":
        return f"{rng.randint(1, 12)}.{rng.randrange(10)}"
    if column == "Contact":
        return rng.choice(["advisor", "alumna", "recruiter", "mentor", "classmate"])
    return " ".join(rng.sample(NOUNS + ADJECTIVES, rng.randint(1, 4)))


def write_section(
    rng: random.Random, writer: BodyWriter, wants_code: bool, wants_table: bool
) -> None:
    """A `##` section: paragraphs, maybe a list or quote, code, a table, a `###` subsection.

    Prose stops as soon as the post reaches its word target, so bodies stay in range.
    """
    writer.heading(2)
    for _ in range(rng.randint(1, 4)):
        if not writer.full:
            writer.paragraph()
    roll = rng.random()
    if writer.full:
        pass
    elif roll < 0.35:
        writer.bullet_list()
    elif roll < 0.50:
        writer.ordered_list()
    elif roll < 0.60:
        writer.quote()
    if wants_code and rng.random() < 0.5:
        writer.code()
    if wants_table and rng.random() < 0.3 and not writer.full:
        writer.table()
    if rng.random() < 0.25 and not writer.full:
        writer.heading(3)
        writer.paragraph()


def write_body(rng: random.Random, plan: PostPlan, posts: Sequence[PostPlan]) -> str:
    """Write a post body of about `plan.words` words with a realistic mix of blocks."""
    writer = BodyWriter(rng, plan, posts, uses_footnotes=rng.random() < 0.25)
    wants_code = rng.random() < 0.4
    wants_table = rng.random() < 0.25
    writer.paragraph()
    if plan.bundle:
        writer.add("![A sketch of the plan, drawn on a whiteboard](figure.svg)", prose="")
    while not writer.full:
        write_section(rng, writer, wants_code, wants_table)
    blocks = writer.blocks + (["\n".join(writer.footnotes)] if writer.footnotes else [])
    return "\n\n".join(blocks) + "\n"


# --- Code samples -----------------------------------------------------------------------------


def _ident(rng: random.Random) -> str:
    return f"{rng.choice(ADJECTIVES)}_{rng.choice(NOUNS)}"


def _python(rng: random.Random) -> str:
    name, field_ = _ident(rng), rng.choice(NOUNS)
    return (
        f"def {name}(rows: list[dict]) -> list[dict]:\n"
        f'    """Keep rows whose {field_} is above the cut-off."""\n'
        f'    return [r for r in rows if r["{field_}"] > {rng.randint(1, 99)}]\n\n\n'
        f"print(len({name}(load_rows())))"
    )


def _sql(rng: random.Random) -> str:
    table, col = rng.choice(NOUNS) + "s", rng.choice(NOUNS)
    return (
        f"SELECT {col}, COUNT(*) AS total\n"
        f"FROM {table}\n"
        f"WHERE created_at >= '20{rng.randint(19, 25)}-0{rng.randint(1, 9)}-01'\n"
        f"GROUP BY {col}\nORDER BY total DESC\nLIMIT {rng.randint(5, 50)};"
    )


def _bash(rng: random.Random) -> str:
    folder = rng.choice(NOUNS)
    return f"mkdir -p {folder}\ncd {folder}\ngit status --short\ngrep -rn TODO . | wc -l"


def _json(rng: random.Random) -> str:
    return (
        f'{{\n  "{rng.choice(NOUNS)}": "{rng.choice(ADJECTIVES)}",\n'
        f'  "count": {rng.randint(1, 500)},\n  "done": {rng.choice(["true", "false"])}\n}}'
    )


def _yaml(rng: random.Random) -> str:
    return (
        f"{rng.choice(NOUNS)}:\n  owner: {rng.choice(NOUNS)}\n"
        f"  due: 20{rng.randint(19, 25)}-1{rng.randint(0, 2)}-0{rng.randint(1, 9)}\n"
        f"  tags: [{rng.choice(TAG_POOL)}, {rng.choice(TAG_POOL)}]"
    )


def _javascript(rng: random.Random) -> str:
    name = _ident(rng).replace("_", "")
    return (
        f"const {name} = document.querySelectorAll('.{rng.choice(NOUNS)}');\n"
        f"{name}.forEach((el) => {{\n  el.hidden = el.dataset.count < {rng.randint(1, 9)};\n}});"
    )


def _r(rng: random.Random) -> str:
    col = rng.choice(NOUNS)
    return (
        f'df <- read.csv("{rng.choice(NOUNS)}.csv")\n'
        f"summary(df${col})\nhist(df${col}, breaks = {rng.randint(5, 30)})"
    )


def _html(rng: random.Random) -> str:
    return (
        f'<section class="{rng.choice(NOUNS)}">\n'
        f"  <h2>{rng.choice(ADJECTIVES).title()} {rng.choice(NOUNS)}</h2>\n"
        f"  <p>{sentence(rng)}</p>\n</section>"
    )


CODE: dict[str, Callable[[random.Random], str]] = {
    "python": _python,
    "sql": _sql,
    "bash": _bash,
    "json": _json,
    "yaml": _yaml,
    "javascript": _javascript,
    "r": _r,
    "html": _html,
}


# --- Site -------------------------------------------------------------------------------------


def plan_posts(rng: random.Random, count: int) -> list[PostPlan]:
    """Decide titles, unique slugs, file layout, dates and taxonomy; return posts oldest first.

    Sorting by date makes "links go to lower indexes" mean "links go to older posts",
    as in a real blog, where a post can only cite what was already written.
    """
    span = (LAST_POST - FIRST_POST).total_seconds()
    used: set[str] = set()
    plans: list[PostPlan] = []
    for _ in range(count):
        title = make_title(rng)
        slug = unique_slug(slug_of(title), used)
        when = FIRST_POST + timedelta(seconds=int(rng.random() * span) // 60 * 60)
        layout = rng.random()
        bundle = layout < 0.08
        if bundle:
            rel = f"posts/{slug}/index.md"
        elif layout < 0.20:
            rel = f"posts/{when:%Y-%m-%d}-{slug}.md"
        else:
            rel = f"posts/{slug}.md"
        tags = tuple(rng.sample(TAG_POOL, rng.randint(5, 15)))
        categories = tuple(rng.sample(CATEGORIES, rng.randint(1, 2)))
        words = rng.randint(WORDS_MIN, WORDS_MAX - WORDS_OVERSHOOT)
        plans.append(PostPlan(0, title, slug, rel, when, tags, categories, words, bundle))
    plans.sort(key=lambda p: (p.date, p.slug))
    return [replace(plan, index=i) for i, plan in enumerate(plans)]


def unique_slug(slug: str, used: set[str]) -> str:
    """Append -2, -3, ... until the slug is new (titles repeat across thousands of posts)."""
    candidate, n = slug, 1
    while candidate in used:
        n += 1
        candidate = f"{slug}-{n}"
    used.add(candidate)
    return candidate


def front_matter(rng: random.Random, plan: PostPlan) -> str:
    """YAML front matter with the keys real posts carry, some optional."""
    lines = [
        "---",
        f'title: "{plan.title}"',
        f"date: {plan.date:%Y-%m-%dT%H:%M:%S}",
        f"tags: [{', '.join(plan.tags)}]",
        f"categories: [{', '.join(plan.categories)}]",
    ]
    if rng.random() < 0.3:
        lines.append(f'summary: "{sentence(rng)}"')
    if rng.random() < 0.2:
        lines.append("kind: reflection")
    if rng.random() < 0.3:
        lines.append(f"skills: [{', '.join(rng.sample(SKILLS, rng.randint(1, 3)))}]")
    if rng.random() < 0.05:
        updated = plan.date + timedelta(days=rng.randint(1, 60))
        lines.append(f"updated: {min(updated, LAST_POST):%Y-%m-%d}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


FIGURE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="120" viewBox="0 0 320 120">'
    '<rect width="320" height="120" fill="#eef"/>'
    '<path d="M20 100 L120 40 L200 70 L300 20" stroke="#336" stroke-width="4" fill="none"/>'
    "</svg>\n"
)

CONFIG = """\
title = "Benchmark Blogfolio ({count} posts)"
author = "Benchmark Student"
description = "A generated blogfolio used to measure build speed."
base_url = "https://bench.example.org/folio/"
language = "en"
timezone = "UTC"

# Hugo and Pelican build no search index here, so neither does this site: the
# Pagefind stage is timed on its own (see "Search" in the README).
[search]
enabled = false
"""


def page_text(rng: random.Random, title: str, menu: int, extra: str) -> str:
    """A standalone page (about, contact) with a menu position."""
    paragraphs = [wrap(" ".join(sentence(rng) for _ in range(4))) for _ in range(3)]
    body = "\n\n".join([*paragraphs, extra])
    return f'---\ntitle: "{title}"\nmenu: {menu}\n---\n\n{body}\n'


def site_files(count: int) -> dict[str, str]:
    """Every file of the site, keyed by path relative to the site folder."""
    rng = random.Random(count)
    plans = plan_posts(rng, count)
    files = {"blogfolio.toml": CONFIG.format(count=count)}
    for plan in plans:
        body = write_body(rng, plan, plans)
        files[f"content/{plan.rel}"] = front_matter(rng, plan) + body
        if plan.bundle:
            files[f"content/posts/{plan.slug}/figure.svg"] = FIGURE_SVG
    newest = max(plans, key=lambda p: p.date).rel if plans else None
    latest = f"My latest post is [here]({newest})." if newest else ""
    files["content/about.md"] = page_text(rng, "About", 10, latest)
    files["content/contact.md"] = page_text(rng, "Contact", 20, "Email: student@example.org")
    return files


def write_files(files: dict[str, str], out: Path) -> str:
    """Write the site into `out` (replacing an earlier generated one); return its digest."""
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            sys.exit(f"error: {out} is not empty and was not made by this script; not touching it")
        shutil.rmtree(out)
    digest = hashlib.sha256()
    for rel in sorted(files):
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = files[rel].encode("utf-8")
        path.write_bytes(data)
        digest.update(rel.encode() + b"\0" + data)
    (out / MARKER).write_text("generated by benchmarks/generate.py; safe to delete\n")
    return digest.hexdigest()


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, generate, print one summary line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, metavar="N", help="number of posts")
    parser.add_argument("out", type=Path, metavar="DIR", help="folder to write the site into")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("N must be at least 1")
    files = site_files(args.count)
    digest = write_files(files, args.out)
    posts = sum(1 for rel in files if rel.endswith(".md") and rel.startswith("content/posts/"))
    size = sum(len(text.encode()) for text in files.values())
    print(f"{posts} posts, {len(files)} files, {size / 1e6:.1f} MB, sha256 {digest[:16]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
