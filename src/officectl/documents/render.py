"""Rendering records to documents: choose the template, build the context, render
HTML/Markdown text and, for PDF, convert it; write ``<ID>.<ext>`` atomically.

The same records and templates give the same bytes, so rendered documents can be
committed and reviewed as diffs.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from officectl.documents import catalog, environment
from officectl.documents.context import Builder, Settings, generic_context
from officectl.documents.filters import Formatter
from officectl.documents.labels import LANGUAGES, language_of
from officectl.errors import RecordError, UsageError
from officectl.problems import Problem
from officectl.records import Record
from officectl.repository import Repository
from officectl.schema import Kind

FORMATS = ("pdf", "html", "md")


def builder(kind: Kind) -> Builder | None:
    """The context builder a kind names (``Kind.document``, a kind with a built-in
    template); None: any other kind renders with a template of its own and
    :func:`~officectl.documents.context.generic_context`."""
    if kind.document is None:
        return None
    module, _, name = kind.document.partition(":")
    found: Builder = getattr(importlib.import_module(module), name)
    return found

_TEXT_SUFFIX = {"pdf": ".html", "html": ".html", "md": ".md"}


@dataclass(frozen=True, slots=True)
class Plan:
    """How documents are made: the output format, the template (a name, or a file
    inside the repository), the language and the output folder."""

    fmt: str
    template: str | None
    template_dir: Path | None
    lang: str | None
    output: Path

    @classmethod
    def make(cls, root: Path, *, fmt: str | None, template: str | None, lang: str | None,
             output: Path | None) -> Plan:
        template_dir = None
        if template is not None and _looks_like_path(template):
            path = Path(template).resolve()
            if not path.is_file():
                raise UsageError(f"--template {template}: no such file")
            if not path.is_relative_to(root.resolve()):
                raise UsageError(f"--template {template} is outside the repository",
                                 hint="put it in the repository's templates/ folder")
            template, template_dir = path.name, path.parent
        if fmt is None:
            fmt = "md" if template is not None and template.endswith(".md") else "pdf"
        if template is not None and not template.endswith(_TEXT_SUFFIX[fmt]):
            raise UsageError(f"--format {fmt} needs a {_TEXT_SUFFIX[fmt]} template, "
                             f"not {template}")
        if lang is not None and lang not in LANGUAGES:
            raise UsageError(f"--lang {lang}: choose one of {', '.join(LANGUAGES)}")
        return cls(fmt, template, template_dir, lang, output or root / "reports")

    def template_for(self, repo: Repository, record: Record) -> str:
        return self.template or f"{repo.config.kinds[record.kind].singular}" \
                                f"{_TEXT_SUFFIX[self.fmt]}"

    def target(self, record: Record) -> Path:
        return self.output / f"{record.id}.{self.fmt}"


def _looks_like_path(template: str) -> bool:
    return "/" in template or os.sep in template or Path(template).is_file()


def refuse_broken(record: Record, problems: Sequence[Problem]) -> None:
    """A document of a record with errors would be wrong on paper: refuse it."""
    errors = [p for p in problems if p.path == record.path and p.severity == "error"]
    if errors:
        lines = "\n".join(f"  {p.path}:{p.line}:{p.column}: {p.code}: {p.message}"
                          for p in errors[:5])
        raise RecordError(f"{record.id} has errors, not rendered:\n{lines}",
                          hint="fix them ('officectl validate' lists every problem)")


class Renderer:
    """Renders records with one plan; the sandboxed environment (and so every
    compiled template) is made once per run, not once per document."""

    def __init__(self, repo: Repository, plan: Plan) -> None:
        self.repo = repo
        self.plan = plan
        lang = plan.lang or language_of(repo.config.locale)
        self.settings = Settings.for_company(lang, repo.config.locale)
        self.search = catalog.search_dirs(repo.root, plan.template_dir)
        self.env = environment.make_environment(
            self.search, repo.root, Formatter(self.settings.locale).filters(),
            markdown=plan.fmt == "md")

    def text(self, record: Record) -> tuple[str, Path]:
        """The HTML or Markdown text of a record's document, and the folder its
        relative URLs resolve against (the template's)."""
        name = self.plan.template_for(self.repo, record)
        build = builder(self.repo.config.kinds[record.kind])
        if self.plan.template is None and build is None and not any(
                (d.path / name).is_file() for d in self.search):
            raise UsageError(f"{record.kind} have no built-in template; give one with "
                             f"--template NAME or put {name} in templates/",
                             hint="'officectl templates' lists the templates there are")
        context = (build or generic_context)(self.repo, record, self.settings)
        text = environment.render(self.env, name, context)
        folder = next((d.path for d in self.search if (d.path / name).is_file()),
                      catalog.BUILTIN_DIR)
        return text, folder

    def document(self, record: Record) -> bytes:
        """The bytes of ``record``'s document in the plan's format."""
        text, folder = self.text(record)
        if self.plan.fmt != "pdf":
            return text.encode("utf-8")
        from officectl.documents.pdf import html_to_pdf

        return html_to_pdf(text, base_dir=folder,
                           allowed=(self.repo.root, catalog.BUILTIN_DIR))


def write_atomic(target: Path, content: bytes) -> None:
    """Write through a temporary file and rename, so a reader never sees half a PDF."""
    from officectl.edit import atomic_write

    atomic_write(target, content)
