"""Content stage: find source files, split front matter, render Markdown, validate pages."""
