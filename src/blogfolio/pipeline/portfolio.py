"""Data files, the skills framework and the résumé; the cross-checks of entries and citations.

Stage: pipeline. What comes from `data/` is keyed by the names and bytes of its
files; the checks against posts and networking entries are cheap and run on
every build.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from blogfolio.content.data import DATA_SUFFIXES, data_source, load_data
from blogfolio.content.discover import NETWORKING
from blogfolio.content.markdown import LinkTargets
from blogfolio.content.networking import (
    check_citations,
    check_contacts,
    consent_warnings,
    contact_slug,
)
from blogfolio.content.resume import evidence_errors, load_resume
from blogfolio.content.skills import load_skills, skill_warnings
from blogfolio.errors import BlogfolioError, Diagnostic
from blogfolio.model import Contact, PageMeta, Resume, SkillFramework
from blogfolio.pipeline.context import Stages
from blogfolio.pipeline.outcome import Outcome


@dataclass(frozen=True, slots=True)
class Portfolio:
    """What `data/` holds, for templates and the portfolio pages."""

    data: Mapping[str, Any]
    """Data files by stem, the résumé without its private fields."""
    skills: SkillFramework | None
    resume: Resume | None


def load_portfolio(stages: Stages) -> Outcome[Portfolio]:
    """Load `data/`, or take it from the store when no data file changed."""
    folder = stages.config.root / "data"
    parts: list[bytes | str] = []
    for name in stages.files.listing(folder):
        if name.endswith(DATA_SUFFIXES) and os.path.isfile(folder / name):
            parts += [name, stages.files.digest(folder / name)[0]]
    key = stages.key("portfolio", *parts)
    stored = stages.get("portfolio", key)
    if isinstance(stored, Outcome):
        return stored
    outcome = _load(stages)
    stages.put("portfolio", key, outcome)
    return outcome


def _load(stages: Stages) -> Outcome[Portfolio]:
    config = stages.config
    errors: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    try:
        data: dict[str, Any] = load_data(config)
    except BlogfolioError as exc:
        errors += exc.diagnostics
        data = {}
    skills: SkillFramework | None = None
    try:
        skills = load_skills(data.get("skills"), data_source(config, "skills"))
    except BlogfolioError as exc:
        errors += exc.diagnostics
    resume: Resume | None = None
    source = data_source(config, "resume")
    if source is not None and data.get("resume") is not None:
        try:
            resume, problems = load_resume(data["resume"], source, config.resume)
            warnings += problems
        except BlogfolioError as exc:
            errors += exc.diagnostics
    if resume is not None:
        data = {**data, "resume": resume.data}  # without the fields kept private
    return Outcome(Portfolio(data, skills, resume), tuple(errors), tuple(warnings))


def check_portfolio(
    stages: Stages,
    portfolio: Portfolio,
    metas: Sequence[PageMeta],
    contacts: Sequence[Contact],
    targets: LinkTargets,
) -> Outcome[None]:
    """Entries, citations, skills and the résumé's evidence checked against the pages."""
    broken = {contact_slug(rel) for rel in targets.failed if rel.startswith(f"{NETWORKING}/")}
    errors = check_contacts(contacts, broken) + check_citations(metas, contacts, broken)
    warnings = consent_warnings(contacts)
    if portfolio.skills is not None:
        warnings += skill_warnings(metas, portfolio.skills)
    source = data_source(stages.config, "resume")
    if portfolio.resume is not None and source is not None:
        known = {**targets.urls, **dict.fromkeys(targets.failed, "")}
        errors += evidence_errors(portfolio.resume, source, known, targets.excluded)
    return Outcome(None, tuple(errors), tuple(warnings))
