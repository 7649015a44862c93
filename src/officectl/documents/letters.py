"""Documents that are not one record's: reminders and statements of account.

Rendered as invoices are (:mod:`officectl.documents.render`): a built-in template (a
repository's ``templates/NAME`` overrides it) in the sandboxed environment, HTML or
Markdown text, PDF through WeasyPrint.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from officectl.documents import catalog, environment
from officectl.documents.filters import Formatter
from officectl.documents.labels import LANGUAGES, language_of
from officectl.documents.template_context import Settings, company_context
from officectl.errors import UsageError
from officectl.repository import Repository

SUFFIX = {"pdf": ".html", "html": ".html", "md": ".md"}


def settings(repo: Repository, lang: str | None) -> Settings:
    if lang is not None and lang not in LANGUAGES:
        raise UsageError(f"--lang {lang}: choose one of {', '.join(LANGUAGES)}")
    return Settings.for_company(lang or language_of(repo.config.locale), repo.config.locale)


def base(repo: Repository, settings: Settings) -> dict[str, Any]:
    """What every letter's template sees besides its own facts."""
    return company_context(repo, settings)


def render(
    repo: Repository, name: str, fmt: str, settings: Settings, context: Mapping[str, Any]
) -> bytes:
    """The document ``name`` + the format's suffix, rendered with ``context``."""
    template = name + SUFFIX[fmt]
    search = catalog.search_dirs(repo.root)
    env = environment.make_environment(
        search, repo.root, Formatter(settings.locale).filters(), markdown=fmt == "md"
    )
    text = environment.render(env, template, context)
    if fmt != "pdf":
        return text.encode("utf-8")
    from officectl.documents.pdf import html_to_pdf

    folder = next((d.path for d in search if (d.path / template).is_file()), catalog.BUILTIN_DIR)
    return html_to_pdf(text, base_dir=folder, allowed=(repo.root, catalog.BUILTIN_DIR))
