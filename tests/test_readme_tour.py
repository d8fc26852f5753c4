"""The README's front door, run as written: its install commands in fresh virtual
environments, then its quick tour command by command, each output compared with
what the README shows (`…` stands for any text, or on a line of its own any lines).

Nothing reaches the network: dependencies come from this environment through a
.pth file, pip gets --no-index, and git's `insteadOf` sends the tour's GitHub
remote to a bare repository in the test's folder.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from pty_session import Terminal
from tools import require

README = (REPO / "README.md").read_text("utf-8")
OFFLINE = ["--no-deps", "--no-index", "--no-build-isolation", "-q"]


def fenced_after(heading: str, language: str) -> list[str]:
    """The lines of the first ```language block after a README heading."""
    part = README[README.index(heading) :]
    start = part.index(f"```{language}\n") + len(language) + 4
    return part[start : part.index("\n```", start)].split("\n")


def readme_line(pattern: str) -> str:
    """The one README line matching `pattern` (the test fails if the README changed it)."""
    found = [line for line in README.splitlines() if re.search(pattern, line)]
    assert len(found) == 1, (pattern, found)
    return found[0]


def fresh_venv(where: Path) -> Path:
    """A new virtual environment that sees this one's dependencies but not blogfolio."""
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True, timeout=300)
    python = where / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    # Listed after the venv's own folder, so its own blogfolio is the one imported.
    Path(purelib, "_host_dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    return where / "bin"


def run(bin_dir: Path, *args: str, cwd: Path) -> str:
    done = subprocess.run(
        [str(bin_dir / args[0]), *args[1:]], cwd=cwd, capture_output=True, text=True,
        timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_readme_install_commands_in_fresh_environments(tmp_path: Path) -> None:
    """The tool-only install (`pip install .`) and the developer one (`-e '.[dev]'`)."""
    tool = readme_line(r"^or without pipx: ")
    assert "python3 -m venv ~/.blogfolio && ~/.blogfolio/bin/pip install ." in tool
    dev = readme_line(r"^python3 -m venv \.venv ")
    assert dev == (
        "python3 -m venv .venv && . .venv/bin/activate && pip install -e '.[dev]' "
        "&& blogfolio build"
    )
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    assert "python -m pip install --quiet -e '.[dev]'" in ci
    assert "\npytest\n" in ci and fenced_after("Then, in the same shell:", "sh") == ["pytest"]

    tool_bin = fresh_venv(tmp_path / "tool")
    run(tool_bin, "pip", "install", *OFFLINE, str(REPO), cwd=tmp_path)
    version = run(tool_bin, "blogfolio", "--version", cwd=tmp_path).splitlines()
    from blogfolio import __version__

    assert version == [f"blogfolio, version {__version__}", f"installed from the folder {REPO}"]
    where = run(tool_bin, "python", "-c", "import blogfolio; print(blogfolio.__file__)",
                cwd=tmp_path)  # fmt: skip
    assert where.startswith(str(tmp_path / "tool"))

    dev_bin = fresh_venv(tmp_path / "dev")
    run(dev_bin, "pip", "install", *OFFLINE, "-e", str(REPO), cwd=tmp_path)
    version = run(dev_bin, "blogfolio", "--version", cwd=tmp_path).splitlines()
    assert version[1] == f"installed in editable mode from the folder {REPO}"


def expected_pattern(lines: list[str]) -> re.Pattern[str]:
    """README output lines as a pattern: `…` is any text; a line holding only `…`, any lines."""
    parts = []
    for line in lines:
        if line == "…":
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            parts.append(".*?".join(re.escape(p) for p in line.split("…")) + r"\n")
    return re.compile("".join(parts))


def tour_steps() -> list[tuple[str, list[str]]]:
    steps: list[tuple[str, list[str]]] = []
    for line in fenced_after("## A quick tour", "console"):
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            steps[-1][1].append(line)
    return steps


@pytest.fixture
def tour_env(tmp_path: Path) -> dict[str, str]:
    """A home folder, git with an identity and the tour's remote kept local, Chicago time."""
    require(shutil.which("git") is not None, "git not found: apt-get install git")
    home = tmp_path / "home"
    home.mkdir()
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    config = home / ".gitconfig"
    config.write_text(
        f'[url "{remote}"]\n\tinsteadOf = https://github.com/maya/maya.github.io.git\n'
        "[user]\n\tname = Maya Okafor\n\temail = maya@example.org\n"
        "[init]\n\tdefaultBranch = main\n",
        encoding="utf-8",
    )
    env = {
        **os.environ, "HOME": str(home), "GIT_CONFIG_GLOBAL": str(config),
        "GIT_CONFIG_NOSYSTEM": "1", "TZ": "America/Chicago", "PYTHONUNBUFFERED": "1",
        "TERM": "dumb", "COLUMNS": "80",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }  # fmt: skip
    env.pop("XDG_CACHE_HOME", None)
    return env


def run_new_site(command: str, expected: list[str], cwd: Path, env: dict[str, str]) -> str:
    """`new site` in a terminal, typing the answers the README shows after each question."""
    term = Terminal(["bash", "-c", command], cwd, env)
    try:
        for line in expected:
            if line.startswith("  created"):
                break
            question, _, answer = line.rpartition(": ") if not line.endswith(":") else (
                line[:-1], ":", ""
            )
            term.expect(question + ":")
            term.type(answer)
    finally:
        code = term.close()
    assert code == 0, term.screen
    return term.screen


def test_the_quick_tour_shows_what_a_student_sees(tour_env: dict[str, str]) -> None:
    cwd = Path(tour_env["HOME"])
    steps = tour_steps()
    assert [c.split()[:2] for c, _ in steps][:3] == [
        ["blogfolio", "new"], ["cd", "~/myfolio"], ["blogfolio", "new"],
    ]  # fmt: skip
    for command, expected in steps:
        if command.startswith("cd "):
            cwd = Path(os.path.expanduser(shlex.split(command)[1].replace("~", tour_env["HOME"])))
            continue
        if command.startswith("blogfolio new site"):
            shown = run_new_site(command, expected, cwd, tour_env)
        else:
            done = subprocess.run(
                ["bash", "-c", command], cwd=cwd, env=tour_env, stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, text=True, timeout=300, check=False,
            )  # fmt: skip
            assert done.returncode == 0, f"$ {command}\n{done.stdout}"
            shown = done.stdout
        shown = "".join(line.rstrip() + "\n" for line in shown.splitlines())
        pattern = expected_pattern(expected)
        assert pattern.fullmatch(shown), f"$ {command}\nREADME:\n{expected}\nshown:\n{shown}"
    site = Path(tour_env["HOME"]) / "myfolio"
    config = (site / "blogfolio.toml").read_text("utf-8")
    assert '[author]\nname = "Maya Okafor"' in config and 'timezone = "America/Chicago"' in config
    assert 'base_url = "https://maya.github.io/"' in config
