"""officectl: a small company's front and back office as YAML records in git."""

__version__ = "0.1.0"
