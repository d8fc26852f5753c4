"""Locate the external checkers the tests drive, skipping (or failing under CI) without them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")


def require(ok: bool, reason: str) -> None:
    """Skip with the reason printed; under CI=true a missing tool is a failure instead."""
    if ok:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required under CI=true; .ci/run installs it)")
    pytest.skip(reason)


def vnu_command() -> list[str]:
    """`java -jar vnu.jar`, or skip."""
    java = shutil.which("java")
    require(java is not None, "java not found: apt-get install default-jre-headless")
    require(VNU_JAR.is_file(), "vnu.jar not found: npm install --ignore-scripts")
    assert java is not None
    return [java, "-jar", str(VNU_JAR)]
