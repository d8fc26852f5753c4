"""Which template files a page's output depends on, for incremental rebuilds.

Stage: render. `{% extends %}`, `{% include %}` and `{% import %}` are followed
statically with jinja2.meta; a name computed at run time makes the template
depend on every template, which is always safe.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

import jinja2
from jinja2 import meta


def template_closure(env: jinja2.Environment, name: str) -> tuple[set[str], bool]:
    """Names of `name` and every template it reaches; the flag says some were dynamic."""
    seen: set[str] = set()
    dynamic = False
    pending = [name]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            source = env.loader.get_source(env, current)[0] if env.loader else ""
            refs = meta.find_referenced_templates(env.parse(source))
        except (jinja2.TemplateNotFound, jinja2.TemplateSyntaxError):
            continue
        for ref in refs:
            if ref is None:
                dynamic = True
            else:
                pending.append(ref)
    return seen, dynamic


def fingerprint_sources(env: jinja2.Environment, names: Iterable[str]) -> str:
    """A hash of the current sources of the named templates (missing ones included)."""
    digest = hashlib.sha256()
    for name in sorted(names):
        digest.update(name.encode() + b"\0")
        try:
            source = env.loader.get_source(env, name)[0] if env.loader else ""
        except jinja2.TemplateNotFound:
            source = "\0missing"
        except jinja2.TemplateSyntaxError:  # not UTF-8: rendering reports it with its line
            source = "\0unreadable"
        digest.update(source.encode("utf-8", "surrogateescape") + b"\0")
    return digest.hexdigest()


def all_template_names(dirs: Iterable[Path]) -> set[str]:
    """Every template file under the search folders, by loader name."""
    names: set[str] = set()
    for folder in dirs:
        if folder.is_dir():
            names.update(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    return names


def template_fingerprint(env: jinja2.Environment, name: str, dirs: Iterable[Path]) -> str:
    """Fingerprint of everything that can change the output of template `name`."""
    names, dynamic = template_closure(env, name)
    if dynamic:
        names |= all_template_names(dirs)
    return fingerprint_sources(env, names)
