"""Rendering records to documents: choose the template, build the context, render
HTML/Markdown text and, for PDF, convert it; write ``<ID>.<ext>`` atomically.

The same records and templates give the same bytes, so rendered documents can be
committed and reviewed as diffs.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from officectl.documents import catalog, environment
from officectl.documents.context import Builder, Settings, generic_context
from officectl.documents.contract import contract_context
from officectl.documents.filters import Formatter
from officectl.documents.invoice import invoice_context
from officectl.documents.labels import LANGUAGES, language_of
from officectl.documents.limits import DEFAULT, MIB, Limits, breach, run_bounded
from officectl.errors import RecordError, UsageError
from officectl.problems import Problem
from officectl.records import Record
from officectl.repository import Repository

FORMATS = ("pdf", "html", "md")
BUILDERS: dict[str, Builder] = {"invoices": invoice_context, "contracts": contract_context}
"""Kinds with a built-in template; any other kind renders with a ``--template`` of
its own and :func:`~officectl.documents.context.generic_context`."""
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

    def __init__(self, repo: Repository, plan: Plan, limits: Limits = DEFAULT) -> None:
        self.repo = repo
        self.plan = plan
        self.limits = limits
        self._warm = False
        lang = plan.lang or language_of(repo.config.locale)
        self.settings = Settings.for_company(lang, repo.config.locale)
        self.search = catalog.search_dirs(repo.root, plan.template_dir)
        self.env = environment.make_environment(
            self.search, repo.root, Formatter(self.settings.locale).filters(),
            markdown=plan.fmt == "md", max_chars=limits.output_chars)

    def text(self, record: Record) -> tuple[str, Path]:
        """The HTML or Markdown text of a record's document, and the folder its
        relative URLs resolve against (the template's). Not bounded: see
        :meth:`document`."""
        name, context, folder = self._prepare(record)
        return environment.render(self.env, name, context), folder

    def document(self, record: Record) -> bytes:
        """The bytes of ``record``'s document in the plan's format. What is ours runs
        here: the context from validated records, the template compiled (once per
        run). What the template does (rendering it, laying out the PDF) runs within
        the rendering limits (:mod:`~officectl.documents.limits`), in a worker that
        inherits what this process has loaded."""
        name, context, folder = self._prepare(record)
        what = f"{self._shown(name)} ({record.id})"
        environment.compile_template(self.env, name, what)
        if self.plan.fmt == "pdf" and not self._warm:
            from officectl.documents.pdf import warm_up

            warm_up()
            self._warm = True
        return run_bounded(lambda: self._document(name, context, folder, what),
                           self.limits, what)

    def _prepare(self, record: Record) -> tuple[str, dict[str, Any], Path]:
        name = self.plan.template_for(self.repo, record)
        if self.plan.template is None and record.kind not in BUILDERS and not any(
                (d.path / name).is_file() for d in self.search):
            raise UsageError(f"{record.kind} have no built-in template; give one with "
                             f"--template NAME or put {name} in templates/",
                             hint="'officectl templates' lists the templates there are")
        context = BUILDERS.get(record.kind, generic_context)(self.repo, record, self.settings)
        return name, context, self._folder(name)

    def _folder(self, name: str) -> Path:
        return next((d.path for d in self.search if (d.path / name).is_file()),
                    catalog.BUILTIN_DIR)

    def _shown(self, name: str) -> str:
        """A template as the user knows it: its path in the repository, or built-in."""
        loader = self.env.loader
        assert isinstance(loader, environment.ConfinedLoader)
        return loader.display(self._folder(name) / name)

    def _document(self, name: str, context: dict[str, Any], folder: Path,
                  what: str) -> bytes:
        text = environment.render(self.env, name, context)
        if self.plan.fmt != "pdf":
            return text.encode("utf-8")
        from officectl.documents.pdf import html_to_pdf

        pdf = html_to_pdf(text, base_dir=folder,
                          allowed=(self.repo.root, catalog.BUILTIN_DIR))
        if len(pdf) > self.limits.output_mib * MIB:
            raise breach(what, f"{self.limits.output_mib} MiB", "output")
        return pdf


def write_atomic(target: Path, content: bytes) -> None:
    """Write through a temporary file and rename, so a reader never sees half a PDF."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        Path(temporary).chmod(0o644)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
