"""`blogfolio new site` sets a new site up for publishing: a Pages workflow and a target."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from conftest import run_cli
from publish.conftest import publish


def new_site(tmp_path: Path) -> Path:
    root = tmp_path / "maya-folio"
    result = run_cli("new", "site", str(root))
    assert result.exit_code == 0, result.stderr
    return root


def test_workflow_builds_and_deploys_with_the_official_pages_actions(tmp_path: Path) -> None:
    root = new_site(tmp_path)
    workflow: dict[Any, Any] = yaml.safe_load(
        (root / ".github/workflows/publish.yml").read_text(encoding="utf-8")
    )
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads `on:` as True
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build = workflow["jobs"]["build"]["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in build]
    assert uses.index("actions/configure-pages") < uses.index("actions/upload-pages-artifact")
    runs = [step["run"] for step in build if "run" in step]
    assert 'blogfolio build --base-url "${{ steps.pages.outputs.base_url }}/"' in runs
    upload = next(s for s in build if s.get("uses", "").startswith("actions/upload-pages"))
    assert upload["with"]["path"] == "site"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert deploy["environment"]["name"] == "github-pages"


def test_new_site_publishes_to_gh_pages_once_base_url_is_set(tmp_path: Path) -> None:
    root = new_site(tmp_path)
    result = publish(root, "--dry-run")
    assert result.exit_code == 1
    assert "base_url https://example.github.io/ is a placeholder" in result.stderr
    config = root / "blogfolio.toml"
    text = config.read_text(encoding="utf-8").replace("example.github.io/", "maya.github.io/")
    config.write_text(text, encoding="utf-8")
    result = publish(root, "--dry-run")
    assert "is not inside a git repository" in result.stderr, "default target is gh-pages"
