"""Hugo-style shortcodes in page bodies: syntax, the built-in ones and their expansion."""
