"""``officectl render`` and ``officectl templates`` as a user drives them: selecting
records, output folders, formats, exit codes and messages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import RunCli
from export_helpers import expected_invoices
from test_documents import write_template


def paths(stdout: str) -> list[str]:
    return [Path(line).name for line in stdout.splitlines()]


def test_all_with_where_selects_matching_records_in_id_order(
    sample_repo: Path, run_cli: RunCli
) -> None:
    result = run_cli(
        sample_repo,
        "render",
        "--all",
        "invoices",
        "--where",
        "status=issued",
        "--where",
        "currency=EUR",
        "--format",
        "html",
        "-o",
        str(sample_repo / "out"),
    )
    assert result.exit_code == 0, result.output
    chosen = sorted(
        f"{i}.html"
        for i, e in expected_invoices(sample_repo).items()
        if e.data["status"] == "issued" and e.data["currency"] == "EUR"
    )
    assert paths(result.stdout) == chosen
    assert {"INV-2026-0017.html", "INV-2026-0027.html", "INV-2026-0028.html"} <= set(chosen)
    assert sorted(p.name for p in (sample_repo / "out").iterdir()) == paths(result.stdout)


def test_where_compares_dates_numbers_booleans_and_nested_fields(
    sample_repo: Path, run_cli: RunCli
) -> None:
    def select(*where: str) -> list[str]:
        args = [arg for w in where for arg in ("--where", w)]
        result = run_cli(sample_repo, "render", "--all", "invoice", *args, "--format", "html")
        assert result.exit_code == 0, result.output
        return [name.removesuffix(".html") for name in paths(result.stdout)]

    assert select("issue_date=2026-11-20") == ["INV-2026-0028"]
    assert select("exchange_rate=24.31", "reverse_charge=true") == ["INV-2026-0028"]
    assert select("customer=CUS-0003", "credit_note_for=INV-2026-0024") == ["INV-2026-0026"]
    # list's operators and derived fields: the payment reminders of a month
    reminders = select("balance>0", "due_date<2026-11-01", "status!=draft")
    listed = run_cli(
        sample_repo,
        "list",
        "invoices",
        "--where",
        "balance>0",
        "--where",
        "due_date<2026-11-01",
        "--where",
        "status!=draft",
        "--columns",
        "id",
        "--format",
        "csv",
    ).stdout.split()[1:]
    assert reminders == [i.strip('"') for i in listed] and reminders
    nothing = run_cli(sample_repo, "render", "--all", "invoices", "--where", "currency=XXX")
    assert (nothing.exit_code, nothing.stdout) == (0, "")
    assert "no record matches" in nothing.stderr
    write_template(sample_repo, "card.html", "{{ record.name }}\n")
    customers = run_cli(
        sample_repo,
        "render",
        "--all",
        "customers",
        "--where",
        "address.country=NO",
        "--template",
        "card.html",
        "--format",
        "html",
    )
    assert customers.exit_code == 0, customers.output
    assert paths(customers.stdout) == ["CUS-0009.html"]


def test_ids_are_rendered_in_the_given_order_and_paths_printed(
    sample_repo: Path, run_cli: RunCli
) -> None:
    result = run_cli(
        sample_repo, "render", "INV-2026-0025", "CON-2026-002", "INV-DRAFT-0001", "--format", "html"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        str(sample_repo / "reports" / f"{name}.html")
        for name in ("INV-2026-0025", "CON-2026-002", "INV-DRAFT-0001")
    ]


def test_many_documents_show_progress_on_stderr_only(sample_repo: Path, run_cli: RunCli) -> None:
    result = run_cli(sample_repo, "render", "--all", "contracts", "--format", "html")
    assert result.exit_code == 0, result.output
    assert len(paths(result.stdout)) == 8 and all(p.endswith(".html") for p in paths(result.stdout))
    assert "Rendering" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["INV-2026-0099"], "no record 'INV-2026-0099'"),
        (["INV-2026-00025"], "did you mean INV-2026-0025?"),
        ([], "name record IDs or pass --all KIND"),
        (["--all", "widgets"], "unknown kind 'widgets'"),
        (["--all", "invoices", "--where", "stauts=paid"], "did you mean 'status'?"),
        (["--all", "invoices", "--where", "status"], "is not FIELD=VALUE"),
        (["INV-2026-0025", "--format", "md"], "template 'invoice.md' not found"),
        (
            ["CON-2026-002", "--template", "contract.md", "--format", "pdf"],
            "--format pdf needs a .html template",
        ),
        (["INV-2026-0025", "--template", "/etc/hostname"], "outside the repository"),
        (["INV-2026-0025", "--lang", "de"], "Invalid value for '--lang'"),
        (["CUS-0001"], "customers have no built-in template; give one with --template NAME"),
    ],
)
def test_usage_errors_exit_2_with_a_message(
    sample_repo: Path, run_cli: RunCli, args: list[str], message: str
) -> None:
    result = run_cli(sample_repo, "render", *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert not (sample_repo / "reports").exists() or not any((sample_repo / "reports").iterdir())


def test_a_record_with_errors_is_not_rendered(sample_repo: Path, run_cli: RunCli) -> None:
    invoice = sample_repo / "records" / "invoices" / "2026" / "INV-2026-0025.yaml"
    invoice.write_text(
        invoice.read_text("utf-8").replace("vat_rate: 21", "vat_rate: lots"), encoding="utf-8"
    )
    result = run_cli(sample_repo, "render", "INV-2026-0025")
    assert result.exit_code == 1
    assert "INV-2026-0025 has errors, not rendered" in result.stderr
    assert "records/invoices/2026/INV-2026-0025.yaml:" in result.stderr


def test_template_file_inside_the_repository_and_markdown_inferred(
    sample_repo: Path, run_cli: RunCli
) -> None:
    custom = sample_repo / "docs" / "summary.md"
    custom.parent.mkdir()
    custom.write_text(
        "# {{ doc.title }}\n\n{{ billing.amount | money(billing.currency) }}\n", encoding="utf-8"
    )
    result = run_cli(sample_repo, "render", "CON-2026-002", "--template", str(custom))
    assert result.exit_code == 0, result.output
    assert (sample_repo / "reports" / "CON-2026-002.md").read_text(
        "utf-8"
    ) == "# Provoz e-shopu a SEO\n\n28\xa0000,00\xa0Kč\n"


def test_templates_lists_builtins_and_repository_files(sample_repo: Path, run_cli: RunCli) -> None:
    write_template(sample_repo, "reminder.html", "<p>{{ invoice.id }}</p>\n")
    result = run_cli(sample_repo, "templates")
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert names == sorted(names)
    assert {"invoice.html", "contract.html", "contract.md", "document.css", "reminder.html"} <= set(
        names
    )
    assert "reminder.html         repository  templates/reminder.html" in result.stdout


def test_console_script_renders_and_html_needs_no_weasyprint(sample_repo: Path) -> None:
    code = (
        "import sys\n"
        "from officectl.cli import cli\n"
        "try:\n"
        "    cli(['render', 'INV-2026-0025', '--format', 'html'])\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "print('weasyprint' in sys.modules, 'pandas' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=sample_repo, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["reports/INV-2026-0025.html", "False False"]

    done = subprocess.run(
        [sys.executable, "-m", "officectl", "render", "INV-2026-0099"],
        capture_output=True,
        text=True,
        cwd=sample_repo,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "no record 'INV-2026-0099'" in done.stderr


def test_where_on_a_sensitive_field_needs_show_sensitive(
    sample_repo: Path, run_cli: RunCli
) -> None:
    import re
    from decimal import Decimal

    write_template(sample_repo, "card.md", "{{ record.name }}\n")
    args = ["render", "--all", "staff", "--where", "salary.amount>90000", "--template", "card.md"]
    hidden = run_cli(sample_repo, *args)
    assert hidden.exit_code == 2
    assert "salary.amount is sensitive and hidden" in hidden.stderr
    assert "--show-sensitive" in hidden.stderr
    assert hidden.stdout == "" and not (sample_repo / "reports").exists()
    earning = sorted(
        path.stem
        for path in (sample_repo / "records" / "staff").glob("*.yaml")
        if (m := re.search(r"amount: ([\d.]+)", path.read_text("utf-8"))) and Decimal(m[1]) > 90000
    )
    assert earning
    shown = run_cli(sample_repo, *args, "--show-sensitive")
    assert shown.exit_code == 0, shown.output
    assert [name.removesuffix(".md") for name in paths(shown.stdout)] == earning


def test_a_linked_record_with_errors_stops_the_document(sample_repo: Path, run_cli: RunCli) -> None:
    customer = sample_repo / "records" / "customers" / "CUS-0004.yaml"  # INV-2026-0028's
    customer.write_text(
        customer.read_text("utf-8").replace("vat_id: SK2021847366", "vat_id: SK2021847367"), "utf-8"
    )
    result = run_cli(sample_repo, "render", "INV-2026-0028", "--format", "html")
    assert result.exit_code == 1, result.output
    assert "INV-2026-0028 uses records with errors (CUS-0004), not rendered" in result.stderr
    assert "records/customers/CUS-0004.yaml:5:9: invalid-vat-id" in result.stderr
    assert not (sample_repo / "reports").exists()
    other = run_cli(sample_repo, "render", "INV-2026-0025", "--format", "html")
    assert other.exit_code == 0, other.output


def test_a_credit_note_with_errors_stops_the_invoice_it_corrects(
    sample_repo: Path, run_cli: RunCli
) -> None:
    note = sample_repo / "records" / "invoices" / "2026" / "INV-2026-0026.yaml"
    note.write_text(note.read_text("utf-8") + "colour: red\n", "utf-8")
    result = run_cli(sample_repo, "render", "INV-2026-0024", "--format", "html")
    assert result.exit_code == 1, result.output
    assert "INV-2026-0024 uses records with errors (INV-2026-0026)" in result.stderr


def test_a_repository_error_on_the_record_stops_the_document(
    sample_repo: Path, run_cli: RunCli
) -> None:
    invoice = sample_repo / "records" / "invoices" / "2026" / "INV-2026-0028.yaml"
    invoice.write_text(
        invoice.read_text("utf-8").replace("deal: DEAL-0008", "deal: DEAL-0001"), "utf-8"
    )
    result = run_cli(sample_repo, "render", "INV-2026-0028", "--format", "html")
    assert result.exit_code == 1, result.output
    assert "INV-2026-0028 has errors, not rendered" in result.stderr
    assert "customer-mismatch" in result.stderr
