"""What every command shares: the repository root and its configuration, found lazily."""

from __future__ import annotations

import os
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import click

from officectl.errors import ConfigError, UsageError

if TYPE_CHECKING:
    from officectl.config import Config


class App:
    def __init__(self, root_option: str | None) -> None:
        self.root_option = root_option

    @cached_property
    def root(self) -> Path:
        from officectl.discovery import find_root  # not at import: keeps --help fast

        if self.root_option is None:
            return find_root(current_folder())
        root = Path(self.root_option).resolve()
        if not root.is_dir():
            raise ConfigError(f"--root {self.root_option} is not a folder")
        return root

    @cached_property
    def config(self) -> Config:
        from officectl.config import load_config

        return load_config(self.root)

    def record_path(self, path: Path) -> str:
        """A PATH argument as a root-relative path. With -C, a relative PATH starts at
        the root (as with ``git -C``); without, at the current folder."""
        base = self.root if self.root_option is not None else current_folder()
        # Not resolve(): a link under records/ is reported at its own path, so a PATH
        # names the place it is given as, never where a link leads.
        absolute = Path(os.path.normpath(base / path))
        if not absolute.exists() and not absolute.is_symlink():
            raise UsageError(f"{path} does not exist")
        if not absolute.is_relative_to(self.root):
            raise UsageError(f"{path} is outside the repository {self.root}")
        return absolute.relative_to(self.root).as_posix()


def current_folder() -> Path:
    """The working folder; ConfigError (exit 2) if it was deleted under us."""
    try:
        return Path.cwd()
    except FileNotFoundError:
        raise ConfigError(
            "the current folder no longer exists",
            hint="cd into the repository again, or pass -C PATH",
        ) from None


class DateType(click.ParamType):  # type: ignore[type-arg]
    """An ISO date option (``YYYY-MM-DD``)."""

    name = "YYYY-MM-DD"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date (YYYY-MM-DD)", param, ctx)


DATE = DateType()

pass_app = click.make_pass_decorator(App)
