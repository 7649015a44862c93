"""``bank import`` / ``bank match``: statements in each format, every entry's outcome,
and the payments written checked against amounts computed here from the record text."""

from __future__ import annotations

import csv
import io
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml

from bank_samples import Ntry, Tx, camt, fio_csv, gpc
from conftest import TODAY, RunCli, git, next_invoice

CENT = Decimal("0.01")


def _total(quantity: str, price: str, rate: str) -> Decimal:
    net = (Decimal(quantity) * Decimal(price)).quantize(CENT, ROUND_HALF_UP)
    return net + (net * Decimal(rate) / 100).quantize(CENT, ROUND_HALF_UP)


def _invoice(
    root: Path,
    number: str,
    customer: str,
    quantity: str,
    price: str,
    rate: str = "21",
    currency: str = "CZK",
) -> Decimal:
    (root / "records" / "invoices" / "2026" / f"{number}.yaml").write_text(
        f"customer: {customer}\ncurrency: {currency}\nlines:\n  - description: Práce\n"
        f"    quantity: {quantity}\n    unit_price: {price}\n    vat_rate: {rate}\n"
        "status: issued\nissue_date: 2026-11-10\ndue_date: 2026-11-24\n",
        encoding="utf-8",
    )
    return _total(quantity, price, rate)


def _payments(root: Path, number: str) -> list[dict[str, str]]:
    path = next((root / "records" / "invoices").rglob(f"{number}.yaml"))
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return list(data.get("payments", []))


def _status(root: Path, number: str) -> str:
    path = next((root / "records" / "invoices").rglob(f"{number}.yaml"))
    return str(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["status"])


def _vs(number: str) -> str:
    """The variable symbol is the invoice number's digits."""
    return number.replace("INV-", "").replace("-", "").lstrip("0")


@pytest.fixture
def czech(sample_repo: Path) -> dict[str, object]:
    a = next_invoice(sample_repo)
    total_a = _invoice(sample_repo, a, "CUS-0002", "10", "1250.50")
    b = next_invoice(sample_repo)
    total_b = _invoice(sample_repo, b, "CUS-0002", "3", "999.99", "12")
    git(sample_repo, "add", "-A")
    git(sample_repo, "commit", "-q", "-m", "two invoices")
    return {"root": sample_repo, "a": a, "total_a": total_a, "b": b, "total_b": total_b}


def _statement(c: dict[str, object]) -> bytes:
    a, b = str(c["a"]), str(c["b"])
    total_a = c["total_a"]
    return camt(
        [
            Ntry(
                "E1",
                f"{total_a}",
                "2026-11-20",
                [Tx(f"{total_a}", end_to_end=f"VS{_vs(a)}", payer="Zelená Louka s.r.o.")],
            ),
            Ntry(
                "E2",
                "500.00",
                "2026-11-21",
                [Tx("500.00", ustrd=f"/VS/{_vs(b)}/SS/77", payer="Zelená Louka s.r.o.")],
            ),
            Ntry("E3", "9999.00", "2026-11-21", [Tx("9999.00", end_to_end=f"VS{_vs(b)}")]),
            Ntry("E4", "100.00", "2026-11-22", [Tx("100.00", end_to_end="VS99999999")]),
            Ntry("E5", "4800.00", "2026-11-22", [Tx("4800.00", end_to_end="VS20260028")]),
            Ntry("E6", "250.00", "2026-11-22", [Tx("250.00", end_to_end="VS1")], credit=False),
            Ntry(
                "E7",
                "100.00",
                "2026-11-23",
                [Tx("100.00", end_to_end=f"VS{_vs(b)}")],
                reversal=True,
            ),
            Ntry(
                "E8",
                "300.00",
                "2026-11-24",
                [
                    Tx("100.00", ref="E8-1", end_to_end="VS20260019", payer="Jiří Beneš"),
                    Tx("200.00", ref="E8-2", strd="20260025", payer="Zelená Louka s.r.o."),
                ],
            ),
            Ntry("E9", "10.00", "2026-11-24", [Tx("10.00", ustrd="díky")]),
        ]
    )


def test_camt02_statement_every_outcome(
    czech: dict[str, object], run_cli: RunCli, tmp_path: Path
) -> None:
    root = Path(str(czech["root"]))
    a, b = str(czech["a"]), str(czech["b"])
    statement = tmp_path / "vypis.xml"
    statement.write_bytes(_statement(czech))
    result = run_cli(root, "bank", "import", str(statement), "--today", TODAY)
    assert result.exit_code == 0, result.output
    # matched in full: the whole total computed here, the invoice paid
    assert _payments(root, a) == [
        {
            "date": "2026-11-20",
            "amount": str(czech["total_a"]),
            "reference": _vs(a),
            "entry": "E1",
            "payer": "Zelená Louka s.r.o.",
        }
    ]
    assert _status(root, a) == "paid"
    # partial: 500.00 recorded, still issued
    assert [(p["amount"], p["entry"]) for p in _payments(root, b)] == [("500.00", "E2")]
    assert _status(root, b) == "issued"
    left_b = Decimal(str(czech["total_b"])) - Decimal("500.00")
    assert f"{left_b} CZK still open" in result.output
    # batch: each transaction of E8 pays its own invoice
    assert ("100.00", "E8-1") in [
        (p["amount"], p.get("entry")) for p in _payments(root, "INV-2026-0019")
    ]
    assert ("200.00", "E8-2") in [
        (p["amount"], p.get("entry")) for p in _payments(root, "INV-2026-0025")
    ]
    # unmatched, each with its reason, on stdout and in the CSV
    report = root / "reports" / "bank" / f"unmatched-{TODAY}.csv"
    rows = {r["entry"]: r for r in csv.DictReader(io.StringIO(report.read_text("utf-8")))}
    assert {k: r["reason"] for k, r in rows.items()} == {
        "E3": "overpaid",
        "E4": "unknown-reference",
        "E5": "currency",
        "E7": "reversal",
        "E9": "no-reference",
    }
    for key in rows:
        assert f"unmatched {key} " in result.output
    assert "9 entries" not in result.output  # 10 transactions: E8 is two
    assert (
        "10 entries: 1 matched, 3 partial, 0 duplicate, 5 unmatched, 1 debit, 0 pending"
    ) in result.output
    assert run_cli(root, "validate", "--strict", "--today", TODAY).exit_code == 0


def test_importing_the_same_statement_twice_changes_nothing(
    czech: dict[str, object], run_cli: RunCli, tmp_path: Path
) -> None:
    root = Path(str(czech["root"]))
    statement = tmp_path / "vypis.xml"
    statement.write_bytes(_statement(czech))
    assert run_cli(root, "bank", "import", str(statement), "--today", TODAY).exit_code == 0
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "imported")
    again = run_cli(root, "bank", "import", str(statement), "--today", TODAY)
    assert again.exit_code == 0, again.output
    assert "0 matched, 0 partial, 4 duplicate" in again.output
    assert git(root, "status", "--porcelain") == ""


def test_dry_run_writes_nothing(czech: dict[str, object], run_cli: RunCli, tmp_path: Path) -> None:
    root = Path(str(czech["root"]))
    statement = tmp_path / "vypis.xml"
    statement.write_bytes(_statement(czech))
    result = run_cli(root, "bank", "import", "--dry-run", str(statement), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "would record: " in result.output
    assert git(root, "status", "--porcelain") == ""


def test_bank_match_settles_an_unmatched_entry_from_the_report(
    czech: dict[str, object], run_cli: RunCli, tmp_path: Path
) -> None:
    root = Path(str(czech["root"]))
    b = str(czech["b"])
    statement = tmp_path / "vypis.xml"
    statement.write_bytes(_statement(czech))
    assert run_cli(root, "bank", "import", str(statement), "--today", TODAY).exit_code == 0
    result = run_cli(root, "bank", "match", "E4", b, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert [p["entry"] for p in _payments(root, b)] == ["E2", "E4"]
    report = root / "reports" / "bank" / f"unmatched-{TODAY}.csv"
    assert "E4," not in report.read_text("utf-8")
    again = run_cli(root, "bank", "match", "E4", b, "--statement", str(statement), "--today", TODAY)
    assert again.exit_code == 1 and "already recorded" in again.output
    over = run_cli(root, "bank", "match", "E3", b, "--today", TODAY)
    assert over.exit_code == 1 and "too much" in over.output
    storno = run_cli(root, "bank", "match", "E7", b, "--today", TODAY)
    assert storno.exit_code == 1 and "storno" in storno.output


def test_camt08_finnish_references_and_rf(tmp_path: Path, run_cli: RunCli) -> None:
    from test_documents_pdf import FINNISH_CONFIG, FINNISH_CUSTOMER

    root = tmp_path / "oy"
    (root / "records" / "customers").mkdir(parents=True)
    (root / "records" / "invoices" / "2026").mkdir(parents=True)
    (root / "officectl.yaml").write_text(FINNISH_CONFIG, encoding="utf-8")
    (root / "records" / "customers" / "CUS-0001.yaml").write_text(FINNISH_CUSTOMER, "utf-8")
    first = _invoice(root, "INV-2026-0001", "CUS-0001", "8", "95.00", "25.5", "EUR")
    second = _invoice(root, "INV-2026-0002", "CUS-0001", "1", "250.00", "25.5", "EUR")
    # INVOICING.md: weights 7, 3, 1 from the right; RF = 98 - (body + RF00) mod 97
    total = sum(int(d) * (7, 3, 1)[i % 3] for i, d in enumerate(reversed("20260001")))
    viite = "20260001" + str((10 - total % 10) % 10)
    body2 = "20260002"
    total2 = sum(int(d) * (7, 3, 1)[i % 3] for i, d in enumerate(reversed(body2)))
    viite2 = body2 + str((10 - total2 % 10) % 10)
    number = int("".join(str(int(c, 36)) for c in viite2 + "RF00"))
    rf2 = f"RF{98 - number % 97:02d}{viite2}"
    # a payer's typo in the viitenumero: its check digit no longer adds up
    mistyped = viite2[:-1] + str((int(viite2[-1]) + 1) % 10)
    statement = tmp_path / "tiliote.xml"
    statement.write_bytes(
        camt(
            [
                Ntry(
                    "A1",
                    f"{first}",
                    "2026-11-25",
                    [Tx(f"{first}", strd=viite, payer="Kuura Oy", currency="EUR")],
                    currency="EUR",
                ),
                Ntry(
                    "A2",
                    "100.00",
                    "2026-11-25",
                    [Tx("100.00", strd=rf2, payer="Kuura Oy", currency="EUR")],
                    currency="EUR",
                ),
                Ntry(
                    "A3",
                    "5.00",
                    "2026-11-25",
                    [Tx("5.00", strd="RF00" + viite2, currency="EUR")],
                    currency="EUR",
                ),
                Ntry(
                    "A6",
                    "7.00",
                    "2026-11-25",
                    [Tx("7.00", strd=mistyped, currency="EUR")],
                    currency="EUR",
                ),
                Ntry(
                    "A4",
                    "100.00",
                    "2026-11-25",
                    [Tx("100.00", currency="EUR")],
                    credit=False,
                    currency="EUR",
                ),
                Ntry(
                    "A5",
                    "1.00",
                    "2026-11-25",
                    [Tx("1.00", strd=viite, currency="EUR")],
                    currency="EUR",
                    status="PDNG",
                ),
            ],
            version="08",
        )
    )
    result = run_cli(root, "bank", "import", str(statement), "--today", "2026-11-25")
    assert result.exit_code == 0, result.output
    assert [(p["amount"], p["entry"], p["payer"]) for p in _payments(root, "INV-2026-0001")] == [
        (str(first), "A1", "Kuura Oy")
    ]
    assert _status(root, "INV-2026-0001") == "paid"
    assert [(p["amount"], p["reference"]) for p in _payments(root, "INV-2026-0002")] == [
        ("100.00", rf2)
    ]
    assert f"{second - Decimal('100.00')} EUR still open" in result.output
    assert "unmatched A3 " in result.output  # RF with wrong check digits: not guessed
    # ... and said so: the payer mistyped it, no invoice is missing
    report = root / "reports" / "bank" / "unmatched-2026-11-25.csv"
    rows = {r["entry"]: r for r in csv.DictReader(io.StringIO(report.read_text("utf-8")))}
    assert rows["A3"]["reason"] == "check-digits"
    assert f"RF00{viite2} has wrong check digits" in rows["A3"]["detail"]
    assert rows["A6"]["reason"] == "check-digits"
    assert f"{mistyped} has a wrong check digit" in rows["A6"]["detail"]
    assert "bank match A6 INVOICE" in result.output
    assert "1 debit, 1 pending" in result.output


def test_fio_csv_statement(czech: dict[str, object], run_cli: RunCli, tmp_path: Path) -> None:
    root = Path(str(czech["root"]))
    a, b = str(czech["a"]), str(czech["b"])
    total_a = str(czech["total_a"]).replace(".", ",")
    statement = tmp_path / "fio.csv"
    statement.write_bytes(
        fio_csv(
            [
                ("26001", "20.11.2026", total_a, "CZK", "Zelená Louka s.r.o.", _vs(a), "faktura"),
                ("26002", "21.11.2026", "1000,00", "CZK", "Zelená Louka s.r.o.", _vs(b), ""),
                ("26003", "21.11.2026", "-1500,00", "CZK", "Nájem", "", "nájem listopad"),
                ("26004", "22.11.2026", "50,00", "EUR", "Someone", _vs(b), ""),
                ("26005", "22.11.2026", "50,00", "CZK", "Someone", "", "/VS/77777777/"),
            ]
        )
    )
    result = run_cli(root, "bank", "import", str(statement), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert [(p["amount"], p["entry"]) for p in _payments(root, a)] == [
        (str(czech["total_a"]), "26001")
    ]
    assert [(p["amount"], p["entry"]) for p in _payments(root, b)] == [("1000.00", "26002")]
    assert "5 entries: 1 matched, 1 partial, 0 duplicate, 2 unmatched, 1 debit" in result.output
    assert "unmatched 26004 " in result.output and "currency" in result.output
    assert "unmatched 26005 " in result.output and "unknown-reference" in result.output


def test_gpc_statement_fixed_positions(
    czech: dict[str, object], run_cli: RunCli, tmp_path: Path
) -> None:
    root = Path(str(czech["root"]))
    a, b = str(czech["a"]), str(czech["b"])
    statement = tmp_path / "vypis.gpc"
    statement.write_bytes(
        gpc(
            [
                ("7001", str(czech["total_a"]), "2", _vs(a), "201126", "ZELENÁ LOUKA"),
                ("7002", "123.45", "2", _vs(b), "211126", "ZELENÁ LOUKA"),
                ("7003", "99.00", "1", "", "211126", "POPLATEK"),
                ("7004", "123.45", "4", _vs(b), "221126", "STORNO"),
                ("7005", "9999.00", "2", _vs(b), "221126", "PŘÍLIŠ"),
            ]
        )
    )
    result = run_cli(root, "bank", "import", str(statement), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert [(p["date"], p["amount"], p["entry"]) for p in _payments(root, a)] == [
        ("2026-11-20", str(czech["total_a"]), "0000000007001")
    ]
    assert [p["amount"] for p in _payments(root, b)] == ["123.45"]
    assert _payments(root, b)[0]["payer"] == "ZELENÁ LOUKA"
    assert "1 matched, 1 partial, 0 duplicate, 2 unmatched, 1 debit" in result.output


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        (
            "bad.xml",
            b"<Document xmlns='urn:iso:std:iso:20022:tech:xsd:camt.053.001.02'><Bk",
            "bad.xml:1:",
        ),
        (
            "bomb.xml",
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><Document>&a;</Document>',
            "bomb.xml: refused",
        ),
        (
            "other.xml",
            b"<Document xmlns='urn:iso:std:iso:20022:tech:xsd:pain.001.001.03'/>",
            "not a camt.053",
        ),
        ("bad.gpc", b"074" + b" " * 125 + b"\r\n999" + b" " * 125 + b"\r\n", "bad.gpc:2:"),
        (
            "bad.csv",
            ("ID pohybu;Datum;Objem;Měna\n1;32.13.2026;10,00;CZK\n").encode(),
            "bad.csv:2: Datum",
        ),
        ("amount.xml", camt([Ntry("X", "1e3", "2026-11-20", [])]), "Ntry[1]/Amt"),
    ],
)
def test_bad_statement_names_file_and_place_and_writes_nothing(
    sample_repo: Path, run_cli: RunCli, tmp_path: Path, name: str, content: bytes, where: str
) -> None:
    statement = tmp_path / name
    statement.write_bytes(content)
    result = run_cli(sample_repo, "bank", "import", str(statement), "--today", TODAY)
    assert result.exit_code == 1, result.output
    assert where in result.output
    assert "Traceback" not in result.output
    assert git(sample_repo, "status", "--porcelain") == ""


def test_one_bad_file_of_several_writes_nothing(
    czech: dict[str, object], run_cli: RunCli, tmp_path: Path
) -> None:
    root = Path(str(czech["root"]))
    good = tmp_path / "vypis.xml"
    good.write_bytes(_statement(czech))
    bad = tmp_path / "bad.gpc"
    bad.write_bytes(b"074 short\r\n")
    result = run_cli(root, "bank", "import", str(good), str(bad), "--today", TODAY)
    assert result.exit_code == 1
    assert git(root, "status", "--porcelain") == ""


def test_a_linked_reports_folder_is_neither_written_nor_read(
    sample_repo: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    """A pull request may commit `reports` as a link out of the repository: `bank
    import` wrote its unmatched CSV through it, and `bank match` read entries back
    from there. Both refuse (exit 2) before any record is written."""
    root = sample_repo
    outside = tmp_path / "outside"
    (outside / "bank").mkdir(parents=True)
    (root / "reports").symlink_to(outside, target_is_directory=True)
    statement = tmp_path / "statement.xml"
    statement.write_bytes(
        camt(
            [
                Ntry("E1", "33880.00", "2026-11-20", [Tx("33880.00", end_to_end="VS20260025")]),
                Ntry("E2", "100.00", "2026-11-21", [Tx("100.00", end_to_end="VS99999")]),
            ]
        )
    )
    before = _payments(root, "INV-2026-0025")
    result = run_cli(root, "bank", "import", str(statement), "--today", TODAY)
    assert result.exit_code == 2, result.output
    assert "symbolic link" in result.output
    assert list(outside.rglob("*")) == [outside / "bank"]
    assert _payments(root, "INV-2026-0025") == before

    (outside / "bank" / f"unmatched-{TODAY}.csv").write_text(
        '"entry","booked","amount","currency","references","payer","payer_account",'
        '"reason","detail","invoice","source"\n"E2","2026-11-21",100.00,"CZK","99999",'
        '"","","unknown-reference","","","x"\n',
        encoding="utf-8",
    )
    before = _payments(root, "INV-2026-0024")
    match = run_cli(root, "bank", "match", "E2", "INV-2026-0024", "--today", TODAY)
    assert match.exit_code == 2, match.output
    assert "symbolic link" in match.output
    assert _payments(root, "INV-2026-0024") == before


def test_statement_text_never_drives_the_terminal(
    sample_repo: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    """A payer chooses the name and the bank's entry text: `bank import` printed an
    escape sequence (OSC 52 writes the clipboard) and a bidi override from the
    statement as they were; the terminal policy escapes them, as for record text."""
    statement = tmp_path / "fio.csv"
    statement.write_bytes(
        fio_csv(
            [
                ("2601\u202e", "22.11.2026", "500,00", "CZK", "Payer\x1b]52\x07", "", "x"),
                ("2602", "22.11.2026", "33880,00", "CZK", "Zelená\x1b[2J Louka", "20260025", ""),
            ]
        )
    )
    for args in (("--dry-run",), ()):
        result = run_cli(sample_repo, "bank", "import", str(statement), "--today", TODAY, *args)
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output and "\u202e" not in result.output
        assert "\\x1b" in result.output and "\\u202e" in result.output
