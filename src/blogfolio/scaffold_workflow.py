"""The GitHub workflow `new site` writes: install the same blogfolio, build warm, deploy.

Sits beside scaffold. The install step is written from how this blogfolio was
installed (see install_source), since no package index may serve the name; when
that install cannot be repeated on GitHub's runners, the step is a placeholder
that fails with a clear message, and `setup_note` says what to put there.
"""

from __future__ import annotations

from blogfolio.install_source import InstallSource

WORKFLOW_FILE = ".github/workflows/publish.yml"

_HEAD = """\
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
"""

_INSTALL = """\
      # The blogfolio that `blogfolio new site` ran with ({source}).
      - name: Install blogfolio
        run: python -m pip install "{requirement}"
"""

_PLACEHOLDER = """\
      # blogfolio was {source}, which GitHub's runners cannot reach.
      # Replace this step's `run:` with an install they can repeat, for example
      #   python -m pip install "blogfolio @ git+https://github.com/OWNER/REPO@COMMIT"
      # (your copy of blogfolio pushed to GitHub), or "blogfolio==VERSION" from an index.
      - name: Install blogfolio
        run: |
          echo "::error file={workflow}::say how to install blogfolio in this step"
          exit 1
"""

_TAIL = """\
      - id: blogfolio
        run: |
          version="$(python -c 'import blogfolio; print(blogfolio.__version__)')"
          echo "version=$version" >> "$GITHUB_OUTPUT"
      # Keep the build cache between runs, so a push that changes one post renders that
      # post and the pages that show it, like a second build on your computer. Cache
      # entries are signed with a key in ~/.cache/blogfolio/key; a fresh runner would make
      # a new key and ignore every entry as foreign, so the key is cached with them. The
      # Actions cache belongs to this repository but is not in it (never committed, never
      # in the published site), so the key stays as private as on your computer.
      - uses: actions/cache@v4
        with:
          path: |
            .blogfolio-cache
            ~/.cache/blogfolio/key
          key: >-
            blogfolio-${{ runner.os }}-${{ steps.blogfolio.outputs.version }}-${{ hashFiles(
            'blogfolio.toml', 'content/**', 'data/**', 'static/**', 'templates/**', 'themes/**') }}
          restore-keys: |
            blogfolio-${{ runner.os }}-${{ steps.blogfolio.outputs.version }}-
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


def workflow_text(install: InstallSource) -> str:
    """The workflow file, its install step matching `install`."""
    requirement = install.requirement()
    if requirement is None:
        step = _PLACEHOLDER.format(source=install.describe(), workflow=WORKFLOW_FILE)
    else:
        step = _INSTALL.format(source=install.describe(), requirement=requirement)
    return _HEAD + step + _TAIL


def setup_note(install: InstallSource) -> str | None:
    """What the student must edit before the workflow can run; None when nothing."""
    if install.requirement() is not None:
        return None
    return (
        f"{WORKFLOW_FILE} cannot install blogfolio yet: this blogfolio was "
        f"{install.describe()}, which GitHub cannot reach. Edit its 'Install blogfolio' "
        'step to install one it can, e.g. "blogfolio @ git+https://github.com/OWNER/REPO@COMMIT".'
    )

