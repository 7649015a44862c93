"""Code lists records may use, kept as data (no heavy imports for ``validate``)."""
