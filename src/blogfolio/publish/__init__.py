"""Publishing: GitHub Pages, a folder, rsync and S3-compatible storage, by URL scheme.

Sits above build, beside serve. `run.publish_site` is the entry point; each
target kind has its own module with `preflight()` and `publish()`.
"""
