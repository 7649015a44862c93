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
import string
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
from officectl.documents.limits import DEFAULT, MIB
from officectl.errors import LimitError, OfficectlError, SecurityError, TemplateError

MAX_TEMPLATE_BYTES = 1 << 20
_PLAIN_SUFFIXES = (".md", ".txt", ".css")


class ConfinedLoader(jinja2.BaseLoader):
    """Loads templates from a list of folders, and a template the user named by its
    path; refuses a file reached through a symbolic link or in ``.git/``."""

    def __init__(self, search: Sequence[SearchDir], root: Path, named: Path | None = None) -> None:
        self.search = list(search)
        self.root = root
        self.named = named
        self.loaded: set[str] = set()

    def get_source(
        self,
        environment: jinja2.Environment,
        template: str,
    ) -> tuple[str, str, Callable[[], bool]]:
        if self.named is not None and template == self.named.name:
            return self._read(self.named, template), str(self.named), lambda: False
        found = self.find(template)
        if found is None:
            raise jinja2.TemplateNotFound(template)
        path, folder = found
        if not real_inside(path, folder.path):
            raise SecurityError(
                f"template {template} refused: {self.display(path)} is not a "
                f"file in {folder.label} (a symbolic link, or in .git/)",
                hint="templates are read from templates/ and the built-in "
                "templates only, never through a link",
            )
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
                raise TemplateError(
                    f"cannot read {self.display(candidate.parent)}: {exc.strerror or exc}"
                ) from None
        return None

    def _read(self, path: Path, name: str) -> str:
        try:
            if path.stat().st_size > MAX_TEMPLATE_BYTES:
                raise TemplateError(f"template {self.display(path)} is over 1 MiB")
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else exc
            raise TemplateError(f"cannot read template {self.display(path)}: {reason}") from None
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


class OverLimit(Exception):
    """An operation in a template would make a value bigger than a document may be."""


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, refusing the operations that build a huge value in one
    step (``'a' * 2000000000``, ``'{:>1000000000}'.format(x)``, ``10 ** 100000000``,
    ``x | center(10**9)``) before they allocate it: nothing a template makes may be
    longer than the output limit (``max_chars``)."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, *args: Any, max_chars: int = DEFAULT.output_chars, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_chars = max_chars
        for name in ("center", "indent"):
            self.filters[name] = self._width_bounded(self.filters[name])

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        if operator == "*":
            self._check_repeat(left, right)
            self._check_repeat(right, left)
        elif operator == "**":
            self._check_power(left, right)
        elif operator == "%" and isinstance(left, str):
            self._check_percent(left, right)
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        template: str = value.__self__

        def bounded(*args: Any, **kwargs: Any) -> str:
            self._check_format(template, (*args, *kwargs.values()))
            return wrapped(*args, **kwargs)

        return bounded

    def _too_big(self, what: str) -> OverLimit:
        return OverLimit(
            f"{what} would be longer than the output limit of {self.max_chars // MIB} MiB"
        )

    def _check_repeat(self, sequence: Any, times: Any) -> None:
        if (
            isinstance(sequence, str | list | tuple)
            and isinstance(times, int)
            and len(sequence) * times > self.max_chars
        ):
            raise self._too_big(f"repeating a value {times} times")

    def _check_power(self, base: Any, exponent: Any) -> None:
        if (
            isinstance(base, int)
            and isinstance(exponent, int)
            and exponent > 0
            and abs(base) > 1
            and exponent * abs(base).bit_length() > 8 * self.max_chars
        ):
            raise self._too_big(f"the number {base} ** {exponent}")

    def _check_percent(self, text: str, arguments: Any) -> None:
        widths = [int(n) for spec in _PERCENT_SPEC.findall(text) for n in spec if n]
        values = arguments if isinstance(arguments, tuple) else (arguments,)
        if any("*" in "".join(star) for star in _PERCENT_STAR.findall(text)):
            widths += [v for v in values if isinstance(v, int)]
        if any(w > self.max_chars for w in widths):
            raise self._too_big("a %-formatted field")

    def _check_format(self, text: str, arguments: tuple[Any, ...]) -> None:
        try:
            specs = [spec for _, _, spec, _ in string.Formatter().parse(text) if spec]
        except ValueError:
            return  # str.format itself says what is wrong
        widths = [int(n) for spec in specs for n in re.findall(r"\d+", spec)]
        if any("{" in spec for spec in specs):
            widths += [v for v in arguments if isinstance(v, int)]
        if any(w > self.max_chars for w in widths):
            raise self._too_big("a formatted field")

    def _width_bounded(self, original: Callable[..., Any]) -> Callable[..., Any]:
        def bounded(value: Any, width: Any = 80, *args: Any, **kwargs: Any) -> Any:
            if isinstance(width, int) and width > self.max_chars:
                raise self._too_big(f"a field {width} characters wide")
            return original(value, width, *args, **kwargs)

        return bounded


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\d*)(?:\.(\d*))?")
_PERCENT_STAR = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*?)(?:\.(\*?))?")


def make_environment(
    search: Sequence[SearchDir],
    root: Path,
    filters: Mapping[str, Callable[..., str]],
    *,
    markdown: bool = False,
    named: Path | None = None,
    max_chars: int = DEFAULT.output_chars,
) -> BoundedSandbox:
    """A sandboxed environment; ``markdown`` escapes every value a Markdown document
    prints, since Markdown has no autoescape of its own. ``named`` is a template file
    the user named by its path (loaded by its file name)."""
    env = BoundedSandbox(
        loader=ConfinedLoader(search, root, named),
        autoescape=lambda name: not (name or "").endswith(_PLAIN_SUFFIXES),
        undefined=jinja2.StrictUndefined,
        finalize=escape_markdown if markdown else None,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        max_chars=max_chars,
    )
    env.filters.update(filters)
    if markdown:  # a formatted number or date is ours, not record text: never escaped
        for name in _FORMATTED:
            if name in filters:
                env.filters[name] = _as_markup(filters[name])
    return env


_FORMATTED = ("money", "amount", "number", "percent", "date")


def _as_markup(original: Callable[..., str]) -> Callable[..., Markup]:
    def formatted(*args: Any, **kwargs: Any) -> Markup:
        return Markup(original(*args, **kwargs))  # digits, separators, a symbol

    return formatted


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}#|~])")
_LINE_BREAK = re.compile(r"\r\n|[\r\n\v\f\x85\u2028\u2029]")
_LIST_MARKER = re.compile(r"^(\d{1,9})([.)])|^([-+=])")


def escape_markdown(value: Any) -> Any:
    """Record text printed into Markdown stays in the block the template put it in:
    inline markup and raw HTML are neutralised, a line break becomes ``<br>`` (so no
    line of record text starts a block), and what would start a block at the start
    of the value (indentation, ``-``, ``+``, ``=``, ``1.``) is escaped."""
    if not isinstance(value, str) or isinstance(value, Markup):
        return value
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _MARKDOWN_SPECIAL.sub(r"\\\1", value)
    value = _LINE_BREAK.sub("<br>", value)
    body = value.lstrip(" \t")
    indent = value[: len(value) - len(body)]
    body = _LIST_MARKER.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", body)
    return indent.replace(" ", "&#32;").replace("\t", "&#9;") + body


def compile_template(env: BoundedSandbox, name: str, what: str) -> None:
    """Compile template ``name`` (and what it includes by name is compiled as it
    renders) into the environment's cache, so every document of a run, each made in
    its own worker, starts from the compiled code. Compiling is bounded by the
    template's size (1 MiB); nesting too deep is a limit breach, not a crash."""
    loader = env.loader
    assert isinstance(loader, ConfinedLoader)
    try:
        with _translated(loader):
            env.get_template(name)
    except RecursionError:
        raise LimitError(
            f"{what}: stopped at the recursion limit: the template nests too deep"
        ) from None


_RAISE_OUTPUT = (
    "a template that needs more can have it with --output-limit MIB "
    "(or OFFICECTL_RENDER_OUTPUT_LIMIT)"
)


def render(env: BoundedSandbox, name: str, context: Mapping[str, Any]) -> str:
    """Render template ``name``; every failure becomes an officectl error naming the
    template file and line. The text is produced piece by piece and stops at the
    output limit, so a loop printing gigabytes never gets to hold them."""
    loader = env.loader
    assert isinstance(loader, ConfinedLoader)
    with _translated(loader):
        template = env.get_template(name)
        pieces: list[str] = []
        size = 0
        for piece in template.generate(context):
            size += len(piece)
            if size > env.max_chars:
                shown = loader.display(Path(template.filename or name))
                raise LimitError(
                    f"{shown}: stopped at the output limit of {env.max_chars // MIB} MiB",
                    hint=_RAISE_OUTPUT,
                )
            pieces.append(piece)
        return "".join(pieces)


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
    except OverLimit as exc:
        where = _traceback_place(exc.__traceback__, loader)
        raise LimitError(f"{where}: {exc}", hint=_RAISE_OUTPUT) from None
    except jinja2.TemplateSyntaxError as exc:
        where = _place(loader, exc.filename or exc.name or "?", exc.lineno)
        raise TemplateError(f"{where}: template syntax error: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        # Included or extended by another template: say where (the top one has no place).
        where = _traceback_place(exc.__traceback__, loader)
        prefix = f"{where}: " if where != "template" else ""
        raise TemplateError(
            f"{prefix}template {exc.name!r} not found; templates come from "
            "the repository's templates/ folder or the built-in ones",
            hint="'officectl templates' lists the available ones",
        ) from None
    except jinja2.exceptions.SecurityError as exc:
        where = _traceback_place(exc.__traceback__, loader)
        raise SecurityError(f"{where}: template refused by the sandbox: {exc}") from None
    except jinja2.UndefinedError as exc:
        where = _traceback_place(exc.__traceback__, loader)
        raise TemplateError(f"{where}: {exc.message}") from None
    except (
        FilterError,
        jinja2.TemplateError,
        TypeError,
        ValueError,
        ArithmeticError,
        LookupError,
        AttributeError,
    ) as exc:
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
