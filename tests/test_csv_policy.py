"""One CSV cell policy for every CSV officectl writes: a spreadsheet opening the file
with ``,`` *or* ``;`` as its list separator (Excel in cs_CZ and fi_FI uses ``;``) never
sees a cell that starts a formula, whatever blanks or line breaks come first."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from conftest import TODAY, RunCli
from officectl.csv_cells import FORMULA_START, neutralised

HOSTILE_NAMES = [
    "x;=1+1;",
    " =1+1",
    "\n=1+1",
    "\u00a0=1+1",
    "\u3000=1+1",
    "a,=2+2",
    'b;"=3+3',
    "c;\u200b@SUM(A1)",
    "\t=1",
    "d\r\n-5+5",
    "＝1+2",
    "ok; fine",
]
_BLANKS = (
    "".join(chr(c) for c in range(0x110000) if chr(c).isspace())
    + "\u200b\u200c\u200d\u2060\ufeff\"'"
)


def formula_cells(text: str) -> list[str]:
    """Every piece of ``text`` a spreadsheet splitting on ``,`` or ``;`` (and on line
    breaks, quotes or not) could take for a cell, that starts a formula once its
    blanks and quotes are gone. The policy's own ``'`` is what keeps a piece text."""
    pieces = re.split(r"[,;\r\n\t]", text.lstrip("\ufeff"))
    return [
        p
        for p in pieces
        if p.lstrip(_BLANKS).startswith(tuple(FORMULA_START))
        and not p.lstrip(_BLANKS.replace("'", "")).startswith("'")
        and not re.fullmatch(r"-\d+(\.\d+)?", p)
    ]  # a number, not a formula


def write_customers(root: Path) -> None:
    for number, name in enumerate(HOSTILE_NAMES, start=100):
        escaped = name.encode("unicode_escape").decode("ascii").replace('"', '\\"')
        (root / "records" / "customers" / f"CUS-0{number}.yaml").write_text(
            f'name: "{escaped}"\ncountry: CZ\ntags: ["{escaped}"]\n', encoding="utf-8"
        )


def test_list_csv_has_no_formula_under_either_separator(sample_repo: Path, run_cli: RunCli) -> None:
    write_customers(sample_repo)
    result = run_cli(
        sample_repo, "list", "customers", "--columns", "id,name,tags", "--format", "csv"
    )
    assert result.exit_code == 0, result.output
    assert formula_cells(result.stdout) == []
    rows = {row[0]: row for row in csv.reader(io.StringIO(result.stdout, newline=""))}
    # comma-separated readers still get the text back, one ' in front of each formula
    assert rows["CUS-0100"][1] == "x;'=1+1;"
    assert rows["CUS-0101"][1] == "' =1+1"
    assert rows["CUS-0102"][1] == "\n'=1+1"
    assert rows["CUS-0111"][1] == "ok; fine"
    # every text cell is quoted
    assert result.stdout.startswith('"id","name","tags"\n')  # CliRunner shows \r\n as \n


def test_numbers_stay_bare_numbers(sample_repo: Path, run_cli: RunCli) -> None:
    result = run_cli(
        sample_repo,
        "list",
        "invoices",
        "--where",
        "id=INV-2026-0026",
        "--columns",
        "id,total",
        "--format",
        "csv",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].startswith('"INV-2026-0026",-')


def test_finance_csv_and_reports_have_no_formula_under_either_separator(
    sample_repo: Path, run_cli: RunCli
) -> None:
    write_customers(sample_repo)
    invoice = sample_repo / "records" / "invoices" / "2026" / "INV-2026-0025.yaml"
    invoice.write_text(
        invoice.read_text("utf-8").replace(
            "description: Provoz e-shopu a SEO — listopad 2026",
            'description: "SEO;=HYPERLINK(1)\\n =2+2"',
        ),
        encoding="utf-8",
    )
    exported = run_cli(
        sample_repo, "export", "finance", "--period", "2026-11", "--format", "csv", "--today", TODAY
    )
    assert exported.exit_code == 0, exported.output
    folder = sample_repo / "reports" / "finance-2026-11"
    texts = {p.name: p.read_text("utf-8-sig") for p in folder.iterdir()}
    assert "SEO;'=HYPERLINK(1)\n' =2+2" in texts["invoice-lines.csv"]
    for command in (["list", "invoices"], ["report", "receivables"], ["report", "pipeline"]):
        result = run_cli(sample_repo, *command, "--format", "csv")
        assert result.exit_code == 0, result.output
        texts[" ".join(command)] = result.stdout
    for name, text in texts.items():
        assert formula_cells(text) == [], name


@given(
    st.text(
        alphabet=st.sampled_from(list(" \u00a0\u3000\u200b\t\r\n,;\"'=+-@＝＋－＠ax1")), max_size=12
    )
)
def test_no_text_can_start_a_formula_cell(text: str) -> None:
    assert formula_cells('"' + neutralised(text).replace('"', '""') + '"') == []
