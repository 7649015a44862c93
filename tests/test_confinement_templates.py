"""Templates read only ``templates/`` and the built-in templates, never ``.git/`` and
never through a symbolic link: not for ``{% include %}``, not for an image, stylesheet,
font or attachment of a PDF. ``.git/config`` is where CI keeps its token."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import RunCli, git
from test_documents import write_template

TOKEN = "ghs_SECRETTOKEN0123456789"
PDF = ("reports", "INV-2026-0025.pdf")
HTML = ("reports", "INV-2026-0025.html")


@pytest.fixture
def books(sample_repo: Path) -> Path:
    """The sample company whose .git/config holds a token, as a CI checkout's does."""
    git(sample_repo, "config", "http.extraheader", f"AUTHORIZATION: basic {TOKEN}")
    assert TOKEN in (sample_repo / ".git" / "config").read_text("utf-8")
    docs = sample_repo / "docs"
    docs.mkdir()
    import segno

    segno.make_qr("logo").save(docs / "logo.png", scale=4)
    (docs / "footer.html").write_text("<p>footer</p>\n", encoding="utf-8")
    return sample_repo


def page(body: str) -> str:
    return f"<html><body><p>{{{{ supplier.name }}}}</p>{body}</body></html>\n"


def assert_refused(
    result: object, root: Path, *parts: str, output: tuple[str, str] = PDF, code: int = 1
) -> None:
    assert result.exit_code == code, result.output  # type: ignore[attr-defined]
    for part in parts:
        assert part in result.stderr, result.stderr  # type: ignore[attr-defined]
    assert TOKEN not in result.output  # type: ignore[attr-defined]
    assert not root.joinpath(*output).exists()


def test_a_pdf_attachment_from_git_is_refused(books: Path, run_cli: RunCli) -> None:
    write_template(books, "invoice.html", page('<link rel="attachment" href="../.git/config">'))
    result = run_cli(books, "render", "INV-2026-0025")
    assert_refused(
        result,
        books,
        "templates/invoice.html: refused to read file://",
        ".git/config: only files in templates/ or the built-in templates "
        "may be read, never through a symbolic link",
    )


@pytest.mark.parametrize(
    "reference", ["../docs/logo.png", "../officectl.yaml", "../records/customers/CUS-0001.yaml"]
)
def test_an_asset_elsewhere_in_the_repository_is_refused(
    books: Path, run_cli: RunCli, reference: str
) -> None:
    write_template(books, "invoice.html", page(f'<img src="{reference}">'))
    result = run_cli(books, "render", "INV-2026-0025")
    assert_refused(result, books, "templates/invoice.html: refused to read", reference[3:])


def test_an_asset_through_a_link_is_refused(books: Path, run_cli: RunCli) -> None:
    (books / "templates" / "logo.png").symlink_to("../docs/logo.png")
    write_template(books, "invoice.html", page('<img src="logo.png">'))
    assert_refused(
        run_cli(books, "render", "INV-2026-0025"),
        books,
        "templates/logo.png: only files in templates/",
    )


def test_an_asset_in_a_linked_folder_is_refused(books: Path, run_cli: RunCli) -> None:
    (books / "templates" / "img").symlink_to("../docs", target_is_directory=True)
    write_template(books, "invoice.html", page('<img src="img/logo.png">'))
    assert_refused(
        run_cli(books, "render", "INV-2026-0025"),
        books,
        "templates/img/logo.png: only files in templates/",
    )


def test_an_asset_in_templates_is_used(books: Path, run_cli: RunCli) -> None:
    (books / "templates" / "img").mkdir()
    (books / "templates" / "img" / "logo.png").write_bytes((books / "docs/logo.png").read_bytes())
    write_template(books, "invoice.html", page('<img src="img/logo.png">'))
    result = run_cli(books, "render", "INV-2026-0025")
    assert result.exit_code == 0, result.output


def test_a_linked_include_is_refused(books: Path, run_cli: RunCli) -> None:
    (books / "templates" / "secret.html").symlink_to("../.git/config")
    write_template(books, "invoice.html", '<p>one</p>\n{% include "secret.html" %}\n')
    result = run_cli(books, "render", "INV-2026-0025", "--format", "html")
    assert_refused(
        result,
        books,
        "templates/invoice.html:2: template secret.html refused: "
        "templates/secret.html is not a file in templates/ (a symbolic link, or "
        "in .git/)",
        output=HTML,
    )


def test_an_include_in_a_linked_folder_is_refused(books: Path, run_cli: RunCli) -> None:
    (books / "templates" / "parts").symlink_to("../docs", target_is_directory=True)
    write_template(books, "invoice.html", '{% include "parts/footer.html" %}\n')
    result = run_cli(books, "render", "INV-2026-0025", "--format", "html")
    assert_refused(result, books, "template parts/footer.html refused", output=HTML)


def test_a_linked_templates_folder_is_refused(books: Path, run_cli: RunCli) -> None:
    templates = books / "templates"
    (templates / "README.md").unlink()
    (templates / ".gitkeep").unlink()
    templates.rmdir()
    (books / "docs" / "invoice.html").write_text("<p>mine</p>\n", encoding="utf-8")
    templates.symlink_to("docs", target_is_directory=True)
    result = run_cli(books, "render", "INV-2026-0025", "--format", "html")
    assert_refused(result, books, "template invoice.html refused", output=HTML)


def test_a_named_template_that_is_a_link_is_refused(books: Path, run_cli: RunCli) -> None:
    (books / "templates" / "page.html").symlink_to("../.git/config")
    for name in ("templates/page.html", ".git/config"):
        result = run_cli(
            books, "render", "INV-2026-0025", "--format", "html", "--template", str(books / name)
        )
        assert_refused(result, books, f"--template {books / name}", output=HTML, code=2)


def test_a_named_template_includes_only_from_templates(books: Path, run_cli: RunCli) -> None:
    (books / "page.html").write_text('{% include ".git/config" %}\n', encoding="utf-8")
    result = run_cli(
        books, "render", "INV-2026-0025", "--format", "html", "--template", str(books / "page.html")
    )
    assert_refused(
        result, books, "page.html:1: template '.git/config' not found", output=HTML, code=2
    )


def test_a_named_template_outside_templates_still_renders(books: Path, run_cli: RunCli) -> None:
    (books / "docs" / "note.html").write_text(
        '<p>{{ invoice.id }}</p>{% include "document.css" %}\n', encoding="utf-8"
    )
    result = run_cli(
        books,
        "render",
        "INV-2026-0025",
        "--format",
        "html",
        "--template",
        str(books / "docs" / "note.html"),
    )
    assert result.exit_code == 0, result.output
    assert "INV-2026-0025" in books.joinpath(*HTML).read_text("utf-8")
