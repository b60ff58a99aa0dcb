"""Bundled data: carrier table, icons, translations, sample CSVs (read via importlib.resources)."""
