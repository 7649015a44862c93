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
from typing import Any

from officectl.checks.references import ref_fields, values_at
from officectl.confine import REPORTS_DIR, lexical, output_path, real_inside
from officectl.documents import catalog, environment
from officectl.documents.filters import Formatter
from officectl.documents.labels import LANGUAGES, language_of
from officectl.documents.limits import DEFAULT, MIB, Limits, breach, run_bounded
from officectl.documents.template_context import Builder, Settings, generic_context
from officectl.errors import RecordError, UsageError
from officectl.loader import RECORDS_DIR
from officectl.model.invoice import is_draft
from officectl.problems import Problem
from officectl.records import Record
from officectl.repository import Repository
from officectl.schema import Kind

FORMATS = ("pdf", "html", "md")


def builder(kind: Kind) -> Builder | None:
    """The context builder a kind names (``Kind.document``, a kind with a built-in
    template); None: any other kind renders with a template of its own and
    :func:`~officectl.documents.template_context.generic_context`."""
    if kind.document is None:
        return None
    module, _, name = kind.document.partition(":")
    found: Builder = getattr(importlib.import_module(module), name)
    return found


_TEXT_SUFFIX = {"pdf": ".html", "html": ".html", "md": ".md"}


@dataclass(frozen=True, slots=True)
class RenderPlan:
    """How documents are made: the output format, the template (a name, or a file the
    user named by its path), the language, the output folder, and whether invoices are
    shown as issued."""

    fmt: str
    template: str | None
    template_path: Path | None
    lang: str | None
    output: Path
    root: Path
    as_issued: bool = False
    embed_xml: bool = False
    """Attach the invoice's e-invoice to its PDF (a PDF/A-3)."""

    @classmethod
    def make(
        cls,
        root: Path,
        *,
        fmt: str | None,
        template: str | None,
        lang: str | None,
        output: Path | None,
        as_issued: bool = False,
        embed_xml: bool = False,
    ) -> RenderPlan:
        template_path = None
        if template is not None and _looks_like_path(template):
            template_path = _named_template(root, template)
            template = template_path.name
        if fmt is None:
            fmt = "md" if template is not None and template.endswith(".md") else "pdf"
        if template is not None and not template.endswith(_TEXT_SUFFIX[fmt]):
            raise UsageError(f"--format {fmt} needs a {_TEXT_SUFFIX[fmt]} template, not {template}")
        if lang is not None and lang not in LANGUAGES:
            raise UsageError(f"--lang {lang}: choose one of {', '.join(LANGUAGES)}")
        folder = output_path(root, output or root / REPORTS_DIR)
        if embed_xml and fmt != "pdf":
            raise UsageError("--embed-xml attaches the e-invoice to a PDF: use --format pdf")
        return cls(fmt, template, template_path, lang, folder, root, as_issued, embed_xml)

    def template_for(self, repo: Repository, record: Record) -> str:
        return self.template or f"{repo.config.kinds[record.kind].singular}{_TEXT_SUFFIX[self.fmt]}"

    def target(self, record: Record) -> Path:
        """Where ``record``'s document goes (never through a link in the repository)."""
        return output_path(self.root, self.output / f"{record.id}.{self.fmt}")


def _looks_like_path(template: str) -> bool:
    return "/" in template or os.sep in template or Path(template).is_file()


def _named_template(root: Path, template: str) -> Path:
    """A ``--template PATH``: a file in the repository, reached without a symbolic link,
    not in ``.git/`` and not a record."""
    path = lexical(Path(template))
    if not path.is_relative_to(root):
        raise UsageError(
            f"--template {template} is outside the repository",
            hint="put it in the repository's templates/ folder",
        )
    if not real_inside(path, root):
        raise UsageError(
            f"--template {template} is a symbolic link, passes through one, or "
            "is in .git/: refused",
            hint="name the template file itself",
        )
    if not path.is_file():
        raise UsageError(f"--template {template}: no such file")
    if path.is_relative_to(root / RECORDS_DIR):
        raise UsageError(
            f"--template {template} is a record file: records are data, never template source"
        )
    return path


def used_records(repo: Repository, record: Record) -> list[Record]:
    """The records a document of ``record`` is made from: itself, every record it
    references (nested references too), and the credit notes that correct it."""
    used = {record.id: record}
    for pattern, _ in ref_fields(repo.config.kinds[record.kind]):
        for _, value in values_at(record.data, pattern):
            target = repo.records.get(value) if isinstance(value, str) else None
            if target is not None:
                used.setdefault(target.id, target)
    for other in repo.credit_notes.get(record.id, ()):
        used.setdefault(other.id, other)
    return list(used.values())


def refuse_broken(repo: Repository, record: Record, problems: Sequence[Problem]) -> None:
    """A document made from a record with errors, or from a linked record with errors
    (the customer's address, a credit note's amount), would be wrong on paper: refuse
    it, naming the problems."""
    used = {r.path: r.id for r in used_records(repo, record)}
    errors = [p for p in problems if p.path in used and p.severity == "error"]
    if not errors:
        return
    lines = "\n".join(
        f"  {p.path}:{p.line}:{p.column}: {p.code}: {p.message}"
        for p in sorted(errors, key=Problem.sort_key)[:5]
    )
    others = sorted({used[p.path] for p in errors} - {record.id})
    what = (
        f"{record.id} has errors"
        if any(p.path == record.path for p in errors)
        else f"{record.id} uses records with errors ({', '.join(others)})"
    )
    raise RecordError(
        f"{what}, not rendered:\n{lines}",
        hint="fix them ('officectl validate' lists every problem)",
    )


def refuse_not_issued(record: Record) -> None:
    """``--as-issued`` reproduces an issued tax document: a draft has none yet, and
    other kinds are not issued at all."""
    if record.kind != "invoices":
        raise UsageError(f"--as-issued applies to invoices; {record.id} is in {record.kind}")
    if is_draft(record.id) or record.get("status") == "draft":
        raise UsageError(
            f"{record.id} is a draft: it has not been issued",
            hint="leave out --as-issued, or select --where 'status!=draft'",
        )


class Renderer:
    """Renders records with one plan; the sandboxed environment (and so every
    compiled template) is made once per run, not once per document."""

    def __init__(self, repo: Repository, plan: RenderPlan, limits: Limits = DEFAULT) -> None:
        self.repo = repo
        self.plan = plan
        self.limits = limits
        self._warm = False
        lang = plan.lang or language_of(repo.config.locale)
        self.settings = Settings.for_company(lang, repo.config.locale, as_issued=plan.as_issued)
        self.search = catalog.search_dirs(repo.root)
        self.env = environment.make_environment(
            self.search,
            repo.root,
            Formatter(self.settings.locale).filters(),
            markdown=plan.fmt == "md",
            named=plan.template_path,
            max_chars=limits.output_chars,
        )
        loader = self.env.loader
        assert isinstance(loader, environment.ConfinedLoader)
        self.loader = loader

    def text(self, record: Record) -> tuple[str, Path, str]:
        """The HTML or Markdown text of a record's document, the folder its relative
        URLs resolve against (the template's) and how messages name the template. Not
        bounded: see :meth:`document`."""
        name, context, folder, template = self._prepare(record)
        return environment.render(self.env, name, context), folder, template

    def document(self, record: Record) -> bytes:
        """The bytes of ``record``'s document in the plan's format. What is ours runs
        here: the context from validated records, the template compiled (once per
        run). What the template does (rendering it, laying out the PDF) runs within
        the rendering limits (:mod:`~officectl.documents.limits`), in a worker that
        inherits what this process has loaded."""
        name, context, folder, template = self._prepare(record)
        what = f"{template} ({record.id})"
        environment.compile_template(self.env, name, what)
        if self.plan.fmt == "pdf" and not self._warm:
            from officectl.documents.pdf import warm_up

            warm_up()
            self._warm = True
        attachments: list[tuple[str, bytes]] = []
        if self.plan.embed_xml and record.kind == "invoices":  # ours: made outside the
            from officectl.einvoice.export import embedded_einvoice  # bounded worker

            attachments.append(embedded_einvoice(self.repo, record))
        return run_bounded(
            lambda: self._document(name, context, folder, template, what, attachments),
            self.limits,
            what,
        )

    def _prepare(self, record: Record) -> tuple[str, dict[str, Any], Path, str]:
        name = self.plan.template_for(self.repo, record)
        build = builder(self.repo.config.kinds[record.kind])
        path = self.plan.template_path
        if path is None:
            found = self.loader.find(name)
            if found is None and self.plan.template is None and build is None:
                raise UsageError(
                    f"{record.kind} have no built-in template; give one with "
                    f"--template NAME or put {name} in templates/",
                    hint="'officectl templates' lists the templates there are",
                )
            path = found[0] if found is not None else catalog.BUILTIN_DIR / name
        context = (build or generic_context)(self.repo, record, self.settings)
        return name, context, path.parent, self.loader.display(path)

    def _document(
        self,
        name: str,
        context: dict[str, Any],
        folder: Path,
        template: str,
        what: str,
        attachments: Sequence[tuple[str, bytes]] = (),
    ) -> bytes:
        text = environment.render(self.env, name, context)
        if self.plan.fmt != "pdf":
            return text.encode("utf-8")
        from officectl.documents.pdf import html_to_pdf

        pdf = html_to_pdf(
            text,
            base_dir=folder,
            allowed=catalog.asset_dirs(self.repo.root),
            template=template,
            attachments=attachments,
        )
        if len(pdf) > self.limits.output_mib * MIB:
            raise breach(what, f"{self.limits.output_mib} MiB", "output")
        return pdf


def write_atomic(target: Path, content: bytes) -> None:
    """Write through a temporary file and rename, so a reader never sees half a PDF."""
    from officectl.atomic import atomic_write

    atomic_write(target, content)
