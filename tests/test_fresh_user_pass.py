"""A first-time user's pass over recent features: what a careful user met, each a
scenario on the sample company (a temporary git repository) run through the CLI."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from bank_samples import fio_csv, gpc
from conftest import RunCli, git


@pytest.mark.parametrize("fmt", ["isdoc", "peppol"])
def test_imported_credit_note_has_no_negative_zero(
    sample_repo: Path, run_cli: RunCli, fmt: str
) -> None:
    """The sample's credit note INV-2026-0026 (nothing settled) read back as a bill:
    its zero amounts are 0.00, never -0.00 (a negated zero a reader takes for a
    negative amount)."""
    exported = run_cli(sample_repo, "export", "einvoice", "INV-2026-0026", "--format", fmt)
    assert exported.exit_code == 0, exported.output
    suffix = "isdoc" if fmt == "isdoc" else "xml"
    source = sample_repo / "reports" / "einvoices" / f"INV-2026-0026.{suffix}"
    result = run_cli(sample_repo, "import", "einvoice", "--dry-run", str(source))
    assert result.exit_code == 0, result.output
    assert "-0.00" not in result.stdout
    assert "-0\n" not in result.stdout
    assert "total: -1097.60" in result.stdout


def test_gpc_payment_keeps_its_cents(sample_repo: Path, run_cli: RunCli, tmp_path: Path) -> None:
    """A GPC amount is in haléře, so a payment of 26032.20 is recorded as 26032.20 (as
    the statement's other formats and the sample's own payments write money), not
    26032.2."""
    invoice = sample_repo / "records" / "invoices" / "2026" / "INV-2026-0024.yaml"
    assert "payments:" not in invoice.read_text(encoding="utf-8")
    # its open balance: 27129.80 invoiced less the 1097.60 credit note INV-2026-0026
    assert Decimal("27129.80") - Decimal("1097.60") == Decimal("26032.20")
    statement = tmp_path / "vypis.gpc"
    statement.write_bytes(gpc([("7001", "26032.20", "2", "20260024", "201126", "KAVARNA")]))
    result = run_cli(sample_repo, "bank", "import", str(statement), "--today", "2026-11-25")
    assert result.exit_code == 0, result.output
    assert "26032.20 CZK" in result.output and "paid in full" in result.output
    payments = yaml.load(invoice.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["payments"]
    assert [(p["date"], p["amount"]) for p in payments] == [("2026-11-20", "26032.20")]


def test_an_irish_reminder_says_on_what_law_it_charges_interest(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """A Czech or Finnish letter names the law behind its interest; an Irish one charged
    Directive 2011/7/EU interest without a word on where it comes from."""
    root = tmp_path / "books"
    assert run_cli(tmp_path, "init", str(root), "--locale", "en_IE").exit_code == 0
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "init")
    issued = run_cli(root, "invoice", "issue", "INV-DRAFT-0001", "--date", "2025-05-02")
    assert issued.exit_code == 0, issued.output
    result = run_cli(root, "remind", "--today", "2025-09-30", "--format", "md")
    assert result.exit_code == 0, result.output
    letter = (root / "reports" / "reminders" / "reminder-CUS-0001-2025-09-30.md").read_text()
    assert "Late-payment interest: €" in letter
    assert "Directive 2011/7/EU" in letter
    assert "plus 8 percentage points" in letter


ASSETS = """\
  assets:
    singular: asset
    id_pattern: 'AST-\\d{3,}'
    fields:
      name: {type: str, required: true}
      price: {type: decimal, min: 0, required: true}
      ports: {type: int, max: 8}
"""


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("price: -5\n", "price must be at least 0; got -5"),
        ("price: 5\nports: 9\n", "ports must be at most 8; got 9"),
    ],
)
def test_a_bound_on_one_side_is_named_without_none(
    sample_repo: Path, run_cli: RunCli, line: str, message: str
) -> None:
    """A defined field with only ``min`` (or only ``max``): the message says the bound
    it broke, not 'between 0 and None'."""
    config = sample_repo / "officectl.yaml"
    config.write_text(config.read_text(encoding="utf-8") + ASSETS, encoding="utf-8")
    (sample_repo / "records" / "assets").mkdir()
    (sample_repo / "records" / "assets" / "AST-001.yaml").write_text(
        "name: Dock\n" + line, encoding="utf-8"
    )
    result = run_cli(sample_repo, "validate")
    assert result.exit_code == 1
    assert "records/assets/AST-001.yaml:" in result.output
    assert "error out-of-range: " + message in result.output
    assert "None" not in result.output


def test_a_defined_kinds_template_can_test_an_optional_field(
    sample_repo: Path, run_cli: RunCli
) -> None:
    """README: a template of the company's own sees ``record`` and ``linked``; an
    optional field the record leaves out is None there (as every other optional fact),
    so ``{% if record.ports %}`` works instead of stopping with 'no attribute'."""
    config = sample_repo / "officectl.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + ASSETS + "      holder: {type: ref, kind: staff}\n",
        encoding="utf-8",
    )
    (sample_repo / "records" / "assets").mkdir()
    (sample_repo / "records" / "assets" / "AST-001.yaml").write_text(
        "name: Dock\nprice: 120.00\nholder: EMP-005\n", encoding="utf-8"
    )
    (sample_repo / "templates" / "asset.md").write_text(
        "# {{ record.name }}\n"
        "{% if record.ports %}{{ record.ports }} ports{% else %}ports unknown{% endif %}\n"
        "{% if linked.holder.end_date %}left{% else %}with {{ linked.holder.name }}{% endif %}\n",
        encoding="utf-8",
    )
    result = run_cli(sample_repo, "render", "AST-001", "--format", "md")
    assert result.exit_code == 0, result.output
    text = (sample_repo / "reports" / "AST-001.md").read_text(encoding="utf-8")
    assert "ports unknown" in text
    assert "with Jakub Svoboda" in text


def test_with_pdf_on_an_isdoc_file_says_it_carries_none(sample_repo: Path, run_cli: RunCli) -> None:
    """The Czech sample company's files are ISDOC, which carries no PDF: --with-pdf
    was silently ignored; it now says so and where an ISDOC.PDF comes from."""
    result = run_cli(sample_repo, "export", "einvoice", "INV-2026-0024", "--with-pdf")
    assert result.exit_code == 0, result.output
    assert (sample_repo / "reports" / "einvoices" / "INV-2026-0024.isdoc").is_file()
    assert "warning: --with-pdf" in result.stderr
    assert "INV-2026-0024" in result.stderr
    assert "render INV-2026-0024 --format pdf --embed-xml" in result.stderr


def test_export_einvoice_without_ids_names_its_own_all_flag(
    sample_repo: Path, run_cli: RunCli
) -> None:
    """``--where`` alone: the message named ``--all KIND``, which this command does not
    take (its --all is a flag); it says how to write it instead."""
    result = run_cli(sample_repo, "export", "einvoice", "--where", "customer=CUS-0006")
    assert result.exit_code == 2
    assert "--all KIND" not in result.output
    assert "--all --where customer=CUS-0006" in result.output
    assert not (sample_repo / "reports").exists()


EMPTY_UBL = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>\n'
)


@pytest.mark.parametrize("dry_run", [True, False])
def test_an_invoice_without_its_essentials_is_not_an_einvoice(
    sample_repo: Path, run_cli: RunCli, tmp_path: Path, dry_run: bool
) -> None:
    """A UBL Invoice element with nothing in it: --dry-run printed a bill of one line
    ('source: …', exit 0) and the import blamed a BILL file that does not exist; both
    now say the file lacks what every e-invoice has (exit 1, nothing written)."""
    source = tmp_path / "empty.xml"
    source.write_text(EMPTY_UBL, encoding="utf-8")
    args = ["import", "einvoice", str(source)] + (["--dry-run"] if dry_run else [])
    result = run_cli(sample_repo, *args)
    assert result.exit_code == 1, result.output
    assert f"{source}: not a complete e-invoice" in result.output
    assert "number" in result.output and "issue date" in result.output
    assert "BILL-" not in result.output
    assert not (sample_repo / "records" / "bills").exists()


def test_install_is_refused_under_its_own_name(sample_repo: Path, run_cli: RunCli) -> None:
    """README lists INSTALL among what fails; the refusal said 'not LOAD' (DuckDB's
    statement type) for a query that never wrote LOAD."""
    result = run_cli(sample_repo, "query", "INSTALL httpfs")
    assert result.exit_code == 2
    assert "only SELECT queries run here, not INSTALL or LOAD" in result.output


def test_export_einvoice_all_with_no_invoices_yet(tmp_path: Path, run_cli: RunCli) -> None:
    """A new company before its first invoice: ``export einvoice --all`` said 'name
    record IDs or pass --all KIND' (exit 2) though --all was passed; nothing to export
    is no usage error."""
    root = tmp_path / "books"
    assert run_cli(tmp_path, "init", str(root), "--locale", "en_IE").exit_code == 0
    for example in (root / "records").glob("*/*.yaml"):
        example.unlink()
    result = run_cli(root, "export", "einvoice", "--all")
    assert result.exit_code == 0, result.output
    assert "no invoice matches" in result.stderr


def test_python_api_warns_when_records_have_errors(sample_repo: Path) -> None:
    """``officectl.open(path)`` on books with a broken record: the CLI's query warns
    that invalid values are left out; from a notebook the figures were silently lower."""
    import officectl

    invoice = sample_repo / "records" / "invoices" / "2026" / "INV-2026-0025.yaml"
    invoice.write_text(
        invoice.read_text(encoding="utf-8").replace("unit_price: 28000.00", "unit_price: 28k"),
        encoding="utf-8",
    )
    with pytest.warns(UserWarning, match="1 record file has errors; their invalid values"):
        books = officectl.open(sample_repo)
    assert books.query("SELECT count(*) FROM invoices").rows == [(52,)]


def test_python_api_is_quiet_on_valid_books(sample_repo: Path) -> None:
    import warnings

    import officectl

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        officectl.open(sample_repo)


def test_a_reminder_letter_opens_with_a_sentence(sample_repo: Path, run_cli: RunCli) -> None:
    """The letter's first paragraph began in lower case ('dovolujeme si Vás upozornit',
    'according to our records'), as if after a greeting the letter does not have."""
    config = sample_repo / "officectl.yaml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "interest_rates:\n  - {country: CZ, from: 2026-07-01, rate: 3.50}\n",
        encoding="utf-8",
    )
    for lang in ("cs", "en", "fi"):
        out = sample_repo / "reports" / lang
        args = ["remind", "CUS-0001", "--today", "2026-11-25", "--format", "md"]
        result = run_cli(sample_repo, *args, "--lang", lang, "--level", "1", "-o", str(out))
        assert result.exit_code == 0, result.output
        git(sample_repo, "checkout", "-q", "records")  # the next language reminds afresh
        [letter] = out.glob("reminder-CUS-0001-*.md")
        paragraphs = letter.read_text(encoding="utf-8").split("\n\n")
        intro = paragraphs[2].strip()
        assert intro[0].isupper(), intro


def _peppol_export(sample_repo: Path, run_cli: RunCli, folder: Path) -> Path:
    """The sample's INV-2026-0024 exported as Peppol into ``folder``: a file to import."""
    exported = run_cli(
        sample_repo, "export", "einvoice", "INV-2026-0024", "--format", "peppol", "-o", str(folder)
    )
    assert exported.exit_code == 0, exported.output
    return folder / "INV-2026-0024.xml"


def test_the_printed_bills_definition_pastes_into_existing_kinds(
    sample_repo: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    """The sample company already has ``kinds:`` (tickets, campaigns): pasting what
    import einvoice printed, a second ``kinds:`` included, made officectl.yaml a
    duplicate-key error. Now it prints the entry to put under the existing key."""
    source = _peppol_export(sample_repo, run_cli, tmp_path)
    result = run_cli(sample_repo, "import", "einvoice", str(source))
    assert result.exit_code == 2
    assert "under the kinds: of officectl.yaml" in result.stderr
    printed = result.stderr.split("--dry-run:\n", 1)[1]
    assert not printed.startswith("kinds:")
    config = sample_repo / "officectl.yaml"
    config.write_text(config.read_text(encoding="utf-8") + printed, encoding="utf-8")
    assert run_cli(sample_repo, "validate").exit_code == 0
    imported = run_cli(sample_repo, "import", "einvoice", str(source))
    assert imported.exit_code == 0, imported.output
    assert (sample_repo / "records" / "bills" / "BILL-2026-0001.yaml").is_file()


def test_unmatched_rows_kept_from_an_earlier_import_stay_numbers(
    sample_repo: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    """Two statements imported on one day share reports/bank/unmatched-DATE.csv: the
    first one's rows came back with their amount quoted as text ("33880.00"), the
    second's as numbers, in one column; the CSV policy writes amounts as numbers."""
    first, second = tmp_path / "fio.csv", tmp_path / "vypis.gpc"
    first.write_bytes(fio_csv([("26004", "23.11.2026", "33880,00", "CZK", "Firma", "999999", "")]))
    second.write_bytes(gpc([("7001", "12.50", "2", "888888", "241126", "JINA FIRMA")]))
    for statement in (first, second):
        result = run_cli(sample_repo, "bank", "import", str(statement), "--today", "2026-11-25")
        assert result.exit_code == 0, result.output
    rows = (sample_repo / "reports" / "bank" / "unmatched-2026-11-25.csv").read_text("utf-8")
    lines = rows.splitlines()
    assert len(lines) == 3
    assert lines[1].startswith('"26004","2026-11-23",33880.00,"CZK"'), lines[1]
    assert lines[2].startswith('"0000000007001","2026-11-24",12.50,"CZK"'), lines[2]


def test_isdoc_foreign_currency_unit_price_is_a_number_a_record_holds(
    sample_repo: Path, run_cli: RunCli
) -> None:
    """An ISDOC invoice in EUR states a line's EUR amount, not its EUR unit price,
    which the reader derives: 4200.00 EUR for 9 days gave
    466.6666666666666666666666667 (28 digits of division, more than the 12 decimals a
    record holds). It is now rounded to 12 decimals, and still gives the line's net."""
    exported = run_cli(sample_repo, "export", "einvoice", "INV-2025-0003", "--format", "isdoc")
    assert exported.exit_code == 0, exported.output
    source = sample_repo / "reports" / "einvoices" / "INV-2025-0003.isdoc"
    text = source.read_text(encoding="utf-8")
    # the supplier's line: 9 days for 4200.00 EUR (the sample's says 6)
    assert '<InvoicedQuantity unitCode="DAY">6</InvoicedQuantity>' in text
    source.write_text(text.replace('unitCode="DAY">6<', 'unitCode="DAY">9<'), encoding="utf-8")
    result = run_cli(sample_repo, "import", "einvoice", "--dry-run", str(source))
    assert result.exit_code == 0, result.output
    bill = yaml.load(result.stdout.split("---\n", 1)[1], Loader=yaml.BaseLoader)
    line = bill["lines"][0]
    price = Decimal(line["unit_price"])
    assert -price.as_tuple().exponent <= 12, price  # type: ignore[operator]
    assert (Decimal(line["quantity"]) * price).quantize(Decimal("0.01")) == Decimal("4200.00")


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "1e3", ""])
def test_an_einvoice_number_is_digits_or_a_problem_naming_the_file(
    sample_repo: Path, run_cli: RunCli, tmp_path: Path, bad: str
) -> None:
    """XML numbers (xs:decimal) are digits with a decimal point: 'NaN' or 'Infinity' as a
    price was read as such and printed as ``!!int 'Infinity'``; a missing quantity said
    ": 'None' is not a number" without the file. Now: exit 1 naming the file."""
    source = _peppol_export(sample_repo, run_cli, tmp_path)
    text = source.read_text(encoding="utf-8")
    marker = '<cbc:InvoicedQuantity unitCode="'
    start = text.index(">", text.index(marker)) + 1
    end = text.index("</cbc:InvoicedQuantity>", start)
    source.write_text(text[:start] + bad + text[end:], encoding="utf-8")
    result = run_cli(sample_repo, "import", "einvoice", "--dry-run", str(source))
    assert result.exit_code == 1, result.output
    assert f"{source}: {bad!r} is not a number" in result.output


def test_bank_import_through_a_linked_reports_offers_no_missing_option(
    sample_repo: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    """A committed ``reports`` link: bank import refuses to write its unmatched list
    through it (nothing recorded), but told to 'name another output with -o', an
    option bank import does not have."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (sample_repo / "reports").symlink_to(elsewhere)
    statement = tmp_path / "fio.csv"
    statement.write_bytes(fio_csv([("26004", "23.11.2026", "10,00", "CZK", "Firma", "999", "")]))
    result = run_cli(sample_repo, "bank", "import", str(statement), "--today", "2026-11-25")
    assert result.exit_code == 2
    assert "reports is a symbolic link in the repository" in result.output
    assert "-o" not in result.output.split("hint:", 1)[1]
    assert list(elsewhere.iterdir()) == []


def test_query_json_is_json_when_a_float_is_not_a_number(
    sample_repo: Path, run_cli: RunCli
) -> None:
    """A query's own float arithmetic can give NaN or infinity (sqrt(-1), acos(2)); the
    JSON output wrote a bare NaN, which no JSON reader takes. It is null now."""
    import json

    sql = "SELECT sqrt(-1) AS root, 'inf'::DOUBLE AS big, 1.5::DOUBLE AS fine"
    result = run_cli(sample_repo, "query", "--format", "json", sql)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout, parse_constant=lambda name: pytest.fail(name)) == [
        {"root": None, "big": None, "fine": 1.5}
    ]


def test_an_unmatched_entry_without_payer_reads_cleanly(
    sample_repo: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    """An entry with no payer name printed '… 1.50 CZK : no-reference: …'."""
    statement = tmp_path / "fio.csv"
    statement.write_bytes(fio_csv([("26005", "23.11.2026", "1,50", "CZK", "", "", "")]))
    result = run_cli(sample_repo, "bank", "import", str(statement), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "unmatched 26005 2026-11-23 1.50 CZK: no-reference: " in result.output


def test_export_finance_counts_one_document_in_the_singular(
    sample_repo: Path, run_cli: RunCli
) -> None:
    """'1 invoices and credit notes supplied' read wrong; one is one."""
    import yaml as _yaml

    supplied: dict[str, int] = {}
    for path in (sample_repo / "records" / "invoices").rglob("INV-*.yaml"):
        data = _yaml.safe_load(path.read_text("utf-8"))
        day = data.get("taxable_supply_date") or data.get("issue_date")
        if data.get("status") not in ("draft", None) and day is not None:
            month = f"{day:%Y-%m}"
            supplied[month] = supplied.get(month, 0) + 1
    month = next((m for m, n in sorted(supplied.items()) if n == 1), None)
    assert month is not None, "the sample needs a month with one supplied invoice"
    result = run_cli(sample_repo, "export", "finance", "--period", month, "--today", "2026-11-25")
    assert result.exit_code == 0, result.output
    assert f"1 invoice or credit note supplied in {month}" in result.stderr
