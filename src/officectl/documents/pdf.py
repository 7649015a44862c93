"""HTML → PDF through WeasyPrint, A4, the same bytes for the same HTML.

WeasyPrint fetches stylesheets, images, fonts and attachments through a *URL
fetcher*; ours serves ``data:`` URLs and files inside the allowed folders (the
repository's ``templates/``, the built-in templates), reached without a symbolic link
and not in ``.git/``, and refuses everything else, the network included, so a template
from a pull request cannot read ``.git/config`` (where CI keeps its token) or call
home. A refusal stops the rendering (:class:`~officectl.errors.SecurityError`, exit 1,
naming the template and the URL); a missing file is a template error (exit 2).

Determinism: the PDF's dates come from the document's own
``<meta name="dcterms.created">`` (the issue date), and its identifier is a hash
of the HTML, so rendering again gives the same bytes. WeasyPrint is imported here,
inside the function, so commands that never render stay fast.
"""

from __future__ import annotations

import base64
import hashlib
import os
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from officectl.confine import lexical, real_inside
from officectl.errors import SecurityError, TemplateError


class _Refused(Exception):
    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


ALLOWED = (
    "only files in templates/ or the built-in templates may be read, never through a symbolic link"
)


def check_url(url: str, allowed: Sequence[Path]) -> Path | None:
    """The local file a URL names when it may be read (its path without links, to be
    opened instead of the URL); ``None`` for a ``data:`` URL. Raises :class:`_Refused`
    for anything else."""
    parts = urlsplit(url)
    if parts.scheme == "data":
        return None
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise _Refused(url, ALLOWED)
    path = lexical(Path(unquote(parts.path)))
    if not any(real_inside(path, folder) for folder in allowed):
        raise _Refused(url, ALLOWED)
    return path


@contextmanager
def _fixed_font_timestamps() -> Iterator[None]:
    """fontTools stamps the fonts it subsets with the current time unless
    ``SOURCE_DATE_EPOCH`` is set (the reproducible-builds convention): set it, unless
    the user did, while WeasyPrint writes."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = "0"
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def warm_up() -> None:
    """Make a tiny PDF once, so that what WeasyPrint loads lazily (its stylesheets,
    the font configuration) is loaded in this process: every document made after it
    in a worker process (:mod:`.limits`) inherits that instead of loading it again."""
    from officectl.documents.catalog import BUILTIN_DIR

    css = BUILTIN_DIR / "document.css"
    svg = base64.b64encode(
        b'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8">'
        b'<rect width="8" height="8"/></svg>'
    ).decode("ascii")
    html_to_pdf(
        f'<html><head><link rel="stylesheet" href="{css.name}"></head><body>'
        f"<h1>W</h1><table><tr><td>1</td><th>b</th></tr></table><b>x</b><i>y</i>"
        f'<img src="data:image/svg+xml;base64,{svg}"></body></html>',
        base_dir=BUILTIN_DIR,
        allowed=(BUILTIN_DIR,),
    )


def html_to_pdf(
    html: str,
    *,
    base_dir: Path,
    allowed: Sequence[Path],
    template: str = "template",
    attachments: Sequence[tuple[str, bytes]] = (),
) -> bytes:
    """Render ``html`` (relative URLs resolve against ``base_dir``) to PDF bytes;
    ``template`` names where the HTML came from in messages. With ``attachments``
    ((file name, XML bytes)), a PDF/A-3 with the files embedded as the document's
    source (``AFRelationship /Source``, ``text/xml``): an e-invoice hybrid."""
    with warnings.catch_warnings():
        # WeasyPrint warns at import when the system lacks libharfbuzz-subset (it then
        # subsets fonts with fontTools): advice for packagers, not for our users.
        warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
        import weasyprint
        from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class ConfinedFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            path = check_url(url, allowed)
            if path is None:
                return super().fetch(url, headers)
            if not path.is_file():
                raise TemplateError(f"{template}: {url}: no such file")
            return super().fetch(path.as_uri(), headers)

    fetcher = ConfinedFetcher(fail_on_errors=True, allowed_protocols=("file", "data"))
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    try:
        document = weasyprint.HTML(
            string=html, base_url=base_dir.as_uri() + "/", url_fetcher=fetcher
        )
        options: dict[str, Any] = {}
        if attachments:
            import base64

            options["pdf_variant"] = "pdf/a-3b"
            options["attachments"] = [
                weasyprint.Attachment(
                    url="data:text/xml;base64," + base64.b64encode(data).decode("ascii"),
                    name=name,
                    relationship="Source",
                    url_fetcher=fetcher,
                )
                for name, data in attachments
            ]
        with _fixed_font_timestamps():
            pdf = document.write_pdf(pdf_identifier=identifier, **options)
    except FatalURLFetchingError as exc:
        cause = exc.__cause__
        if isinstance(cause, _Refused):
            raise SecurityError(
                f"{template}: refused to read {cause.url}: {cause.reason}"
            ) from None
        if isinstance(cause, TemplateError):
            raise cause from None
        raise TemplateError(f"cannot render the PDF: {cause or exc}") from None
    assert isinstance(pdf, bytes)
    return pdf
