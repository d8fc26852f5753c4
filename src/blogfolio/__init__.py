"""blogfolio: a static-site generator for students' blogfolios."""

__version__ = "0.1.0"
