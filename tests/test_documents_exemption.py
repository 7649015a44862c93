"""A 0 % line prints its legal basis (Art. 226(11) of Directive 2006/112/EC, CZ § 29(2)(b))
in the document's language: the Directive's article as that language cites it, the
VATEX code, and the line's own text."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from cases.books import INVOICE, BooksCase
from conftest import RunCli

EXEMPT = INVOICE.replace(
    "vat_rate: 21",
    "vat_rate: 21\n  - description: Správní poplatek\n"
    "    quantity: 1\n    unit_price: 5000.00\n    vat_rate: 0\n"
    "    vat_exemption: {code: VATEX-EU-79-C, text: průběžná položka}",
)


def _text(books: BooksCase, run_cli: RunCli, lang: str, invoice: str = EXEMPT) -> str:
    books.add("invoices/INV-2026-0001", invoice)
    result = run_cli(
        books.root,
        "render",
        "INV-2026-0001",
        "--format",
        "html",
        "--lang",
        lang,
        "-o",
        str(books.root / "out"),
    )
    assert result.exit_code == 0, result.output
    page = (books.root / "out/INV-2026-0001.html").read_text("utf-8")
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "cs",
            "Osvobozeno od daně: čl. 79 písm. c) směrnice Rady 2006/112/ES (VATEX-EU-79-C)"
            " – průběžná položka",
        ),
        (
            "fi",
            "Verosta vapautettu: neuvoston direktiivin 2006/112/EY 79 artiklan c alakohta "
            "(VATEX-EU-79-C) – průběžná položka",
        ),
        (
            "en",
            "Exempt from VAT: Article 79(c) of Council Directive 2006/112/EC (VATEX-EU-79-C)"
            " – průběžná položka",
        ),
    ],
)
def test_the_exempt_line_prints_its_legal_basis(
    tmp_path: Path, run_cli: RunCli, lang: str, expected: str
) -> None:
    assert expected in _text(BooksCase(tmp_path / "books"), run_cli, lang)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (
            "VATEX-EU-132-1I",
            "Osvobozeno od daně: čl. 132 odst. 1 písm. i) směrnice Rady "
            "2006/112/ES (VATEX-EU-132-1I)",
        ),
        ("VATEX-EU-135-1", "Osvobozeno od daně: čl. 135 odst. 1 směrnice Rady 2006/112/ES"),
        ("VATEX-EU-148-A", "čl. 148 písm. a) směrnice"),
        ("VATEX-EU-O", "Plnění nepodléhá DPH (VATEX-EU-O)"),
        (
            "VATEX-EU-G",
            "Osvobozeno od daně – vývoz zboží mimo EU (čl. 146 odst. 1 písm. a) "
            "směrnice Rady 2006/112/ES) (VATEX-EU-G)",
        ),
        ("VATEX-FR-FRANCHISE", "Osvobozeno od daně: France domestic VAT franchise in base"),
    ],
)
def test_each_kind_of_code_in_czech(
    tmp_path: Path, run_cli: RunCli, code: str, expected: str
) -> None:
    invoice = EXEMPT.replace("{code: VATEX-EU-79-C, text: průběžná položka}", code)
    assert expected in _text(BooksCase(tmp_path / "books"), run_cli, "cs", invoice)


def test_a_line_without_exemption_prints_none(tmp_path: Path, run_cli: RunCli) -> None:
    text = _text(BooksCase(tmp_path / "books"), run_cli, "cs", INVOICE)
    assert "Osvobozeno" not in text and "VATEX" not in text
