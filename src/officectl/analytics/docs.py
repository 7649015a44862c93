"""The README's table of the analytics views, generated from the catalogue.

``python -m officectl.analytics.docs`` prints it for the sample configuration; a test
keeps the README's copy current.
"""

from __future__ import annotations

from pathlib import Path

from officectl.analytics.views import SCHEMA_VERSION, catalogue
from officectl.config import Config, load_config


def views_markdown(config: Config) -> str:
    lines = [
        f"Views (schema version {SCHEMA_VERSION}; sensitive fields only with `--show-sensitive`):",
        "",
        "| view | columns |",
        "| --- | --- |",
    ]
    for view in catalogue(config):
        columns = ", ".join(f"`{c.name}` {c.type}" for c in view.columns)
        lines.append(f"| `{view.name}` | {columns} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(views_markdown(load_config(Path.cwd())), end="")
