"""officectl: a small company's front and back office as YAML records in git."""

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    """``officectl.open`` without importing the analytics code (or pandas, DuckDB) until
    it is used: ``import officectl`` stays light."""
    if name == "open":
        from officectl.analytics.session import open_repository

        return open_repository
    raise AttributeError(f"module 'officectl' has no attribute {name!r}")
