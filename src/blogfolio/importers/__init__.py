"""Importers from other blogging tools; they write content files and never need the network."""
