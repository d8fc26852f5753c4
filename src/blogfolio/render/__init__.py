"""Render stage: routes, template views, the Jinja2 environment and generated files."""
