"""The Jinja environment documents are rendered in, and the one place Jinja's
errors become officectl's.

Templates may come from an untrusted pull request, so they run in Jinja's
*immutable sandbox*: no attribute starting with ``_``, no mutation of the context,
ranges bounded. A template that reaches for Python internals
(``{{ ''.__class__.__mro__ }}``) is refused with :class:`~officectl.errors.SecurityError`
(exit 1). Undefined names are errors (``StrictUndefined``), HTML is autoescaped and
Markdown output escapes record text, so record text stays data: a customer named
``{{ 7*7 }}`` is printed as such, never evaluated. Templates are loaded only from
``templates/`` and the built-ins (:mod:`officectl.documents.catalog`); one reached
through a symbolic link, or in ``.git/``, is refused with a SecurityError naming the
template that asked for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from officectl.confine import lexical, real_inside
from officectl.documents.catalog import BUILTIN_DIR, SearchDir
from officectl.documents.filters import FilterError
from officectl.errors import OfficectlError, SecurityError, TemplateError

MAX_TEMPLATE_BYTES = 1 << 20
_PLAIN_SUFFIXES = (".md", ".txt", ".css")


class ConfinedLoader(jinja2.BaseLoader):
    """Loads templates from a list of folders, and a template the user named by its
    path; refuses a file reached through a symbolic link or in ``.git/``."""

    def __init__(self, search: Sequence[SearchDir], root: Path,
                 named: Path | None = None) -> None:
        self.search = list(search)
        self.root = root
        self.named = named
        self.loaded: set[str] = set()

    def get_source(self, environment: jinja2.Environment, template: str,
                   ) -> tuple[str, str, Callable[[], bool]]:
        if self.named is not None and template == self.named.name:
            return self._read(self.named, template), str(self.named), lambda: False
        found = self.find(template)
        if found is None:
            raise jinja2.TemplateNotFound(template)
        path, folder = found
        if not real_inside(path, folder.path):
            raise SecurityError(f"template {template} refused: {self.display(path)} is not a "
                                f"file in {folder.label} (a symbolic link, or in .git/)",
                                hint="templates are read from templates/ and the built-in "
                                     "templates only, never through a link")
        return self._read(path, template), str(path), lambda: False

    def find(self, template: str) -> tuple[Path, SearchDir] | None:
        """The first file (or link) of that name in the search folders."""
        pieces = jinja2.loaders.split_template_path(template)
        for folder in self.search:
            candidate = folder.path.joinpath(*pieces)
            try:
                if candidate.is_symlink() or candidate.is_file():
                    return candidate, folder
            except OSError as exc:
                raise TemplateError(f"cannot read {self.display(candidate.parent)}: "
                                    f"{exc.strerror or exc}") from None
        return None

    def _read(self, path: Path, name: str) -> str:
        try:
            if path.stat().st_size > MAX_TEMPLATE_BYTES:
                raise TemplateError(f"template {self.display(path)} is over 1 MiB")
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else exc
            raise TemplateError(f"cannot read template {self.display(path)}: "
                                f"{reason}") from None
        self.loaded.add(str(path))
        return text

    def display(self, path: Path) -> str:
        """A template's path as a user knows it: built-ins by name, the repository's
        relative to its root (like every path officectl reports)."""
        absolute = lexical(path)
        if absolute.is_relative_to(BUILTIN_DIR):
            return f"(built-in) {absolute.relative_to(BUILTIN_DIR).as_posix()}"
        if absolute.is_relative_to(self.root):
            return absolute.relative_to(self.root).as_posix()
        return str(path)


def make_environment(search: Sequence[SearchDir], root: Path,
                     filters: Mapping[str, Callable[..., str]], *, markdown: bool = False,
                     named: Path | None = None) -> ImmutableSandboxedEnvironment:
    """A sandboxed environment; ``markdown`` escapes every value a Markdown document
    prints, since Markdown has no autoescape of its own. ``named`` is a template file
    the user named by its path (loaded by its file name)."""
    env = ImmutableSandboxedEnvironment(
        loader=ConfinedLoader(search, root, named),
        autoescape=lambda name: not (name or "").endswith(_PLAIN_SUFFIXES),
        undefined=jinja2.StrictUndefined,
        finalize=escape_markdown if markdown else None,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(filters)
    return env


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}#|~])")


def escape_markdown(value: Any) -> Any:
    """Record text printed into Markdown: inline markup and raw HTML neutralised."""
    if not isinstance(value, str) or isinstance(value, Markup):
        return value
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value)


def render(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    """Render template ``name``; every failure becomes an officectl error naming the
    template file and line."""
    loader = env.loader
    assert isinstance(loader, ConfinedLoader)
    with _translated(loader):
        return env.get_template(name).render(context)


@contextmanager
def _translated(loader: ConfinedLoader) -> Iterator[None]:
    try:
        yield
    except SecurityError as exc:  # a refused include: say which template asked for it
        where = _traceback_place(exc.__traceback__, loader)
        if where == "template":
            raise
        raise SecurityError(f"{where}: {exc.message}", hint=exc.hint) from None
    except OfficectlError:
        raise
    except jinja2.TemplateSyntaxError as exc:
        where = _place(loader, exc.filename or exc.name or "?", exc.lineno)
        raise TemplateError(f"{where}: template syntax error: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        # Included or extended by another template: say where (the top one has no place).
        where = _traceback_place(exc.__traceback__, loader)
        prefix = f"{where}: " if where != "template" else ""
        raise TemplateError(f"{prefix}template {exc.name!r} not found; templates come from "
                            "the repository's templates/ folder or the built-in ones",
                            hint="'officectl templates' lists the available ones") from None
    except jinja2.exceptions.SecurityError as exc:
        where = _traceback_place(exc.__traceback__, loader)
        raise SecurityError(f"{where}: template refused by the sandbox: {exc}") from None
    except jinja2.UndefinedError as exc:
        where = _traceback_place(exc.__traceback__, loader)
        raise TemplateError(f"{where}: {exc.message}") from None
    except (FilterError, jinja2.TemplateError, TypeError, ValueError, ArithmeticError,
            LookupError, AttributeError) as exc:
        where = _traceback_place(exc.__traceback__, loader)
        raise TemplateError(f"{where}: template failed: {exc}") from None


def _traceback_place(tb: TracebackType | None, loader: ConfinedLoader) -> str:
    """The innermost template file and line of an exception raised while rendering."""
    place = "template"
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename in loader.loaded:
            place = _place(loader, filename, tb.tb_lineno)
        tb = tb.tb_next
    return place


def _place(loader: ConfinedLoader, filename: str, line: int | None) -> str:
    return f"{loader.display(Path(filename))}:{line or 1}"
