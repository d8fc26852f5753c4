"""The résumé: check `data/resume.*` against the JSON Resume schema.

Stage: content (model). Imports the standard library, `config`, `errors`,
`model` and `content.data` (line lookup). Errors name the key path
(`work[0].startDate`) and its line. The phone number and street address are
removed unless the student opts in, and the privacy check then makes sure
they appear nowhere. Any entry may carry `evidence:`, a list of content files
(`posts/my-post.md`) that show the work; the build checks they exist.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from blogfolio.config import ResumeConfig
from blogfolio.content.data import DataSource
from blogfolio.errors import BuildError, ContentError, Diagnostic, Severity
from blogfolio.model import PrivateValue, Resume

TEXT, DATE, TEXTS, URL = "text", "date", "texts", "url"
Schema = Mapping[str, Any]
LOCATION: Schema = {
    "address": TEXT, "postalCode": TEXT, "city": TEXT, "countryCode": TEXT, "region": TEXT,
}  # fmt: skip
PROFILE: Schema = {"network": TEXT, "username": TEXT, "url": URL}
BASICS: Schema = {
    "name": TEXT, "label": TEXT, "image": TEXT, "email": TEXT, "phone": TEXT, "url": URL,
    "summary": TEXT, "location": LOCATION, "profiles": [PROFILE],
}  # fmt: skip
_SPAN = {"startDate": DATE, "endDate": DATE}
SECTIONS: Mapping[str, Schema] = {
    "work": {"name": TEXT, "position": TEXT, "location": TEXT, "description": TEXT, "url": URL,
             "summary": TEXT, "highlights": TEXTS, **_SPAN},
    "volunteer": {"organization": TEXT, "position": TEXT, "url": URL, "summary": TEXT,
                  "highlights": TEXTS, **_SPAN},
    "education": {"institution": TEXT, "url": URL, "area": TEXT, "studyType": TEXT,
                  "score": TEXT, "courses": TEXTS, **_SPAN},
    "projects": {"name": TEXT, "description": TEXT, "highlights": TEXTS, "keywords": TEXTS,
                 "url": URL, "roles": TEXTS, "entity": TEXT, "type": TEXT, **_SPAN},
    "awards": {"title": TEXT, "date": DATE, "awarder": TEXT, "summary": TEXT},
    "certificates": {"name": TEXT, "date": DATE, "url": URL, "issuer": TEXT},
    "publications": {"name": TEXT, "publisher": TEXT, "releaseDate": DATE, "url": URL,
                     "summary": TEXT},
    "skills": {"name": TEXT, "level": TEXT, "keywords": TEXTS},
    "languages": {"language": TEXT, "fluency": TEXT},
    "interests": {"name": TEXT, "keywords": TEXTS},
    "references": {"name": TEXT, "reference": TEXT},
}  # fmt: skip
"""Each section is a list of entries with these keys (JSON Resume 1.0)."""
TOP: Schema = {"$schema": None, "basics": BASICS, "meta": None}
TOP = {**TOP, **{name: [entry] for name, entry in SECTIONS.items()}}
EVIDENCE = "evidence"
"""Our extension: content files that give evidence for an entry."""
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


def load_resume(
    raw: Any, source: DataSource, config: ResumeConfig
) -> tuple[Resume, list[Diagnostic]]:
    """Check the document; return the public résumé and warnings, or raise BuildError."""
    checker = _Checker(source)
    data = checker.check(raw, TOP, "")
    if checker.errors:
        raise BuildError(checker.errors)
    hidden: list[PrivateValue] = []
    basics = data.get("basics", {})
    if not config.show_phone and basics.get("phone"):
        hidden.append(_hide(basics, "phone", "basics", source, "phone"))
    location = basics.get("location", {})
    if not config.show_address:
        for key in ("address", "postalCode"):
            if location.get(key):
                hidden.append(_hide(location, key, "basics.location", source))
    return Resume(data, tuple(hidden), source.span_path), checker.warnings


def _hide(
    table: dict[str, Any], key: str, where: str, source: DataSource, kind: str = "text"
) -> PrivateValue:
    label = f"{where}.{key}"
    return PrivateValue(str(table.pop(key)), label, source.span(label), kind)


def evidence_errors(
    resume: Resume, source: DataSource, urls: Mapping[str, str], excluded: Mapping[str, str]
) -> list[Diagnostic]:
    """Every `evidence:` path must name a published post, page or project."""
    problems: list[Diagnostic] = []
    for path, rel in evidence_paths(resume.data):
        if rel in urls:
            continue
        if rel in excluded:
            message = f"'{path}': content/{rel} is not published: {excluded[rel]}"
        else:
            message = f"'{path}': content/{rel} does not exist"
        problems.append(
            ContentError(
                message,
                source.span(path),
                hint="evidence names content files relative to content/, e.g. posts/my-post.md",
            ).to_diagnostic()
        )
    return problems


def evidence_paths(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(key path, content path) of every evidence item, in document order."""
    found: list[tuple[str, str]] = []
    for section in SECTIONS:
        for i, item in enumerate(data.get(section, ())):
            for j, rel in enumerate(item.get(EVIDENCE, ())):
                found.append((f"{section}[{i}].{EVIDENCE}[{j}]", rel))
    return found


class _Checker:
    """Walks the document against the schema, collecting every error."""

    def __init__(self, source: DataSource) -> None:
        self.source = source
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []

    def error(self, path: str, message: str, hint: str) -> None:
        shown = f" '{path}':" if path else ":"
        span = self.source.span(path)
        self.errors.append(ContentError(f"résumé{shown} {message}", span, hint).to_diagnostic())

    def check(self, raw: Any, schema: Any, path: str) -> Any:
        if schema is None:
            return raw
        if isinstance(schema, list):
            return self.entries(raw, schema[0], path)
        if isinstance(schema, Mapping):
            return self.table(raw, schema, path, evidence=False)
        return self.scalar(raw, schema, path)

    def table(self, raw: Any, schema: Schema, path: str, evidence: bool) -> dict[str, Any]:
        if not isinstance(raw, dict) and not path:
            self.error(path, f"the file must be a set of 'key: value' lines, got {_kind(raw)}",
                       _TOP_HINT)  # fmt: skip
            return {}
        if not isinstance(raw, dict):
            self.error(path, f"expected a set of 'key: value' lines, got {_kind(raw)}", _HINT)
            return {}
        out: dict[str, Any] = {}
        known = [*schema, EVIDENCE] if evidence else list(schema)
        for key, value in raw.items():
            child = f"{path}.{key}" if path else str(key)
            if key == EVIDENCE and evidence:
                out[key] = self.evidence(value, child)
            elif key in schema:
                if value is not None:
                    out[key] = self.check(value, schema[key], child)
            else:
                self.unknown(str(key), known, child)
        return out

    def entries(self, raw: Any, schema: Schema, path: str) -> list[Any]:
        if not isinstance(raw, list):
            self.error(path, f"expected a list, got {_kind(raw)}", "start each entry with '- '")
            return []
        evidence = any(schema is entry for entry in SECTIONS.values())
        return [self.table(item, schema, f"{path}[{i}]", evidence) for i, item in enumerate(raw)]

    def scalar(self, raw: Any, kind: str, path: str) -> Any:
        if kind == TEXTS:
            if isinstance(raw, str):
                raw = [raw]
            if not isinstance(raw, list) or not all(isinstance(v, str | int | float) for v in raw):
                self.error(path, f"expected a list of text, got {_kind(raw)}", "use '- item' lines")
                return []
            return [str(v) for v in raw]
        if isinstance(raw, bool) or not isinstance(raw, str | int | float):
            self.error(path, f"expected text, got {_kind(raw)}", _HINT)
            return ""
        text = str(raw).strip()
        if kind == DATE and not _DATE.match(text):
            self.error(
                path, f"expected a date such as 2024-09 or 2024-09-01, got {text!r}",
                "dates are YYYY, YYYY-MM or YYYY-MM-DD; leave endDate out for 'present'",
            )  # fmt: skip
        if kind == URL and urlsplit(text).scheme not in ("http", "https", "mailto"):
            self.error(path, f"expected a full address, got {text!r}", "start it with https://")
        return text

    def evidence(self, raw: Any, path: str) -> list[str]:
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            self.error(path, f"expected a list of content files, got {_kind(raw)}", _EVIDENCE_HINT)
            return []
        return [v.strip().removeprefix("content/").lstrip("/") for v in raw]

    def unknown(self, key: str, known: Sequence[str], path: str) -> None:
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.75)
        if close:
            self.warnings.append(
                Diagnostic(
                    f"résumé '{path}': unknown key, left out; did you mean '{close[0]}'?",
                    self.source.span(path),
                    hint="JSON Resume keys are case-sensitive (startDate, studyType…)",
                    severity=Severity.WARNING,
                )
            )


_HINT = "see https://jsonresume.org/schema for the shape of each section"
_TOP_HINT = (
    "start with 'basics:' (name, email, …), then sections such as 'work:' and 'education:', "
    "each a list of entries; see https://jsonresume.org/schema"
)
_EVIDENCE_HINT = "list content files, e.g. evidence: [posts/my-post.md, projects/app/index.md]"


def _kind(value: object) -> str:
    kinds = {str: "text", bool: "true/false", int: "a number", float: "a number"}
    kinds.update({list: "a list", dict: "a set of keys", type(None): "nothing"})
    return kinds.get(type(value), type(value).__name__)
