"""Skills with evidence: the declared skills, and the spellings that look like typos.

Stage: content (model). Imports the standard library, `errors`, `model`,
`content.pages` (slugs) and `content.data` (line lookup). Without a
`data/skills.*` file the eight NACE career-readiness competencies are the
framework, so a student can tag evidence from day one.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from typing import Any

from blogfolio.content.data import DataSource
from blogfolio.content.pages import make_slug
from blogfolio.errors import ContentError, Diagnostic, Severity
from blogfolio.model import PageMeta, Skill, SkillFramework, SkillGroup

NACE_GROUP = "Career readiness"
NACE = (
    ("Career & Self-Development",
     "Knowing my strengths and gaps, seeking feedback, and steering my own learning and career."),
    ("Communication",
     "Saying and writing things clearly for the people in front of me, and listening well."),
    ("Critical Thinking",
     "Finding out what the real question is, weighing evidence, and making sound decisions."),
    ("Equity & Inclusion",
     "Working well with people of every background and noticing who a system leaves out."),
    ("Leadership",
     "Helping a group move toward a goal: organising work, encouraging others, owning results."),
    ("Professionalism",
     "Being reliable, honest and accountable, and handling work and people with care."),
    ("Teamwork",
     "Building good working relationships and sharing the load toward a common result."),
    ("Technology",
     "Learning and using digital tools effectively, responsibly and with judgement."),
)  # fmt: skip
"""The NACE competencies, described in our own words."""
NACE_DESCRIPTION = "The eight competencies employers and career centres use (NACE)."
_TOP_KEYS = ("nace", "groups")
_GROUP_KEYS = ("name", "description", "skills")
_SKILL_KEYS = ("name", "description")


def nace_group() -> SkillGroup:
    """The NACE competencies as a group."""
    skills = tuple(Skill(name, make_slug(name), text) for name, text in NACE)
    return SkillGroup(NACE_GROUP, NACE_DESCRIPTION, skills)


def load_skills(raw: Any, source: DataSource | None) -> SkillFramework:
    """Turn `data/skills.*` into a framework; None (no file) gives the NACE default."""
    if source is None or raw is None:
        return SkillFramework((nace_group(),))
    reader = _Reader(source)
    top = reader.mapping(raw, "", _TOP_KEYS)
    groups: list[SkillGroup] = []
    nace = top.get("nace", False)
    if not isinstance(nace, bool):
        raise reader.fail("nace", "expected true or false")
    if nace:
        groups.append(nace_group())
    raw_groups = top.get("groups", [])
    if not isinstance(raw_groups, list):
        raise reader.fail("groups", "expected a list of groups")
    for i, item in enumerate(raw_groups):
        groups.append(reader.group(item, f"groups[{i}]"))
    seen: dict[str, str] = {}
    for g, group in enumerate(groups):
        for s, skill in enumerate(group.skills):
            if skill.slug in seen:
                where = f"groups[{g - int(nace)}].skills[{s}]"
                message = f"skill '{skill.name}' is declared twice"
                raise reader.fail(where, message, seen[skill.slug])
            seen[skill.slug] = f"it is already declared in '{group.name}'"
    if not groups:
        raise reader.fail("", "declares no skills", "add 'nace: true' or a list of 'groups:'")
    return SkillFramework(tuple(groups), source.span_path.as_posix())


def skill_warnings(metas: Sequence[PageMeta], framework: SkillFramework) -> list[Diagnostic]:
    """Name undeclared skills that are close to a declared one: likely typos."""
    declared = {s.slug: s.name for g in framework.groups for s in g.skills}
    where = framework.source or "the default NACE competencies"
    problems: list[Diagnostic] = []
    for meta in metas:
        for name in meta.skills:
            slug = make_slug(name)
            if slug in declared:
                continue
            close = difflib.get_close_matches(slug, list(declared), n=1, cutoff=0.75)
            if close:
                problems.append(
                    Diagnostic(
                        f"skill '{name}' is not declared in {where}; "
                        f"did you mean '{declared[close[0]]}'?",
                        meta.doc.span("skills"),
                        hint="fix the spelling, or declare the skill in data/skills.yaml",
                        severity=Severity.WARNING,
                    )
                )
    return problems


class _Reader:
    """Checks the shape of the skills file, with errors at the key's line."""

    def __init__(self, source: DataSource) -> None:
        self.source = source

    def fail(self, path: str, message: str, hint: str | None = None) -> ContentError:
        shown = f"'{path}': " if path else ""
        return ContentError(
            f"skills file: {shown}{message}",
            self.source.span(path),
            hint=hint or "see the README's 'Skills' section for the file's shape",
        )

    def mapping(self, raw: Any, path: str, keys: Sequence[str]) -> Mapping[str, Any]:
        if not isinstance(raw, dict):
            raise self.fail(path, "expected a set of 'key: value' lines")
        for key in raw:
            if key not in keys:
                close = difflib.get_close_matches(str(key), keys, n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(keys)}"
                raise self.fail(f"{path}.{key}" if path else str(key), "unknown key", hint)
        return raw

    def text(self, raw: Mapping[str, Any], key: str, path: str, required: bool = False) -> str:
        value = raw.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{path}.{key}", "expected text" if value is not None else "missing")
        return value.strip()

    def group(self, raw: Any, path: str) -> SkillGroup:
        item = self.mapping(raw, path, _GROUP_KEYS)
        name = self.text(item, "name", path, required=True)
        skills = item.get("skills", [])
        if not isinstance(skills, list):
            raise self.fail(f"{path}.skills", "expected a list of skills")
        return SkillGroup(
            name,
            self.text(item, "description", path),
            tuple(self.skill(s, f"{path}.skills[{i}]") for i, s in enumerate(skills)),
        )

    def skill(self, raw: Any, path: str) -> Skill:
        if isinstance(raw, str) and raw.strip():
            name, description = raw.strip(), ""
        else:
            item = self.mapping(raw, path, _SKILL_KEYS)
            name = self.text(item, "name", path, required=True)
            description = self.text(item, "description", path)
        slug = make_slug(name)
        if not slug:
            raise self.fail(path, f"cannot make an anchor from the name {name!r}")
        return Skill(name, slug, description)
