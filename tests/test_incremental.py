"""A warm run after edits that no repository rule sees reuses the last findings, and
still prints exactly what a cold run prints.

officectl.incremental parses only the changed files and keeps the repository rules'
findings when each changed record looks the same to them. These tests prove both
halves: that the rules really are skipped (they are replaced by one that fails), and
that the output, line and column included, is the cold run's, whatever the edit.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PROJECT, TODAY, RunCli, rules_counted
from officectl import checks, loader, validation
from officectl.cache import CACHE_DIR
from officectl.cache_shards import shard_of

INVOICE = "records/invoices/2026/INV-2026-0999.yaml"
"""Its customer does not exist: a repository rule (ref-missing) reports it."""
CUSTOMER = "records/customers/CUS-0099.yaml"
"""Its own problems: an unknown field and a VAT number failing its checksum."""
DEAL = "records/deals/DEAL-0099.yaml"
"""Not YAML at all."""
CONTRACT = "records/contracts/CON-2026-099.yaml"
"""Names a document that does not exist (a repository rule looks at the disk)."""
FILES = {
    CUSTOMER: "name: Nobody s.r.o.\ncountry: CZ\nvat_id: CZ12345678\ncolour: blue\n",
    INVOICE: (
        "customer: CUS-0404\ncurrency: CZK\nstatus: issued\nissue_date: 2026-03-01\n"
        "due_date: 2026-03-15\nlines:\n  - {description: X, quantity: 1, "
        "unit_price: 10, vat_rate: 21}\n"
    ),
    DEAL: "title: [unclosed\n",
    CONTRACT: (
        "title: Signed one\ncustomer: CUS-0001\nstart_date: 2026-01-01\nstatus: draft\n"
        "document: signed/CON-2026-099.pdf\n"
    ),
}


@pytest.fixture(autouse=True)
def _private_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


def _make_books(target: Path) -> Path:
    target.mkdir(parents=True)
    shutil.copy(PROJECT / "officectl.yaml", target / "officectl.yaml")
    shutil.copytree(PROJECT / "records", target / "records")
    for relpath, text in FILES.items():
        (target / relpath).write_text(text, encoding="utf-8")
    past = time.time_ns() - 60 * 1_000_000_000
    for path in target.rglob("*"):
        os.utime(path, ns=(past, past))
    return target


@pytest.fixture
def books(tmp_path: Path) -> Path:
    return _make_books(tmp_path / "books")


def _output(run_cli: RunCli, root: Path, *options: str) -> tuple[int, str, str]:
    text = run_cli(root, "validate", "--today", TODAY, *options)
    json = run_cli(root, "validate", "--today", TODAY, "--format", "json", *options)
    return text.exit_code, text.stdout, json.stdout


def _edit(root: Path, relpath: str, change: Callable[[str], str]) -> None:
    path = root / relpath
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def _rules_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> list[object]:
        raise AssertionError("the repository rules ran")

    monkeypatch.setattr(validation, "REPO_RULES", (refuse,))


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    real = loader.load_text

    def counting(relpath: str, *args: object) -> object:
        parsed.append(relpath)
        return real(relpath, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "load_text", counting)
    return parsed


def test_a_note_moves_a_repository_finding_without_running_the_rules(
    books: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _output(run_cli, books)
    assert f"{INVOICE}:1:11: error ref-missing" in before[1]
    _edit(books, INVOICE, lambda text: "notes: |\n  Two lines\n  of notes.\n" + text)
    cold = _output(run_cli, books, "--no-cache")
    assert f"{INVOICE}:4:11: error ref-missing" in cold[1]
    _rules_refused(monkeypatch)
    parsed = _count_parses(monkeypatch)
    assert _output(run_cli, books) == cold
    assert parsed == [INVOICE]  # by the first of the two runs; the second parses nothing


@pytest.mark.parametrize(
    ("relpath", "old", "new", "expected"),
    [
        # the record's own problems move and change
        (CUSTOMER, "name:", "notes: new\nname:", f"{CUSTOMER}:5:1: error unknown-field"),
        # an unseen field with a wrong value: the record loses it, the rules never read it
        (
            INVOICE,
            "customer:",
            "notes: [not, text]\ncustomer:",
            f"{INVOICE}:1:8: error invalid-type",
        ),
        # a file that stays unreadable, differently
        (DEAL, "title: [", "\n\ntitle: {", f"{DEAL}:4:1: error yaml-syntax"),
    ],
)
def test_an_edit_the_rules_cannot_see_replaces_only_that_files_problems(
    books: Path,
    run_cli: RunCli,
    monkeypatch: pytest.MonkeyPatch,
    relpath: str,
    old: str,
    new: str,
    expected: str,
) -> None:
    _output(run_cli, books)
    _edit(books, relpath, lambda text: text.replace(old, new, 1))
    cold = _output(run_cli, books, "--no-cache")
    assert expected in cold[1]
    _rules_refused(monkeypatch)
    assert _output(run_cli, books) == cold


@pytest.mark.parametrize(
    ("relpath", "old", "new"),
    [
        (INVOICE, "CUS-0404", "CUS-0001"),  # a reference
        (INVOICE, "unit_price: 10", "unit_price: 20"),  # the total
        (INVOICE, "status: issued", "status: paid"),
        (CUSTOMER, "\n", "\naccount_manager: EMP-404\n"),  # a field the rules read, new
        (CONTRACT, "signed/CON", "docs/CON"),  # another document
        (DEAL, "title: [unclosed", "title: Fixed\nstage: lead\namount: 1"),  # readable now
    ],
)
def test_an_edit_the_rules_see_runs_them(
    books: Path, run_cli: RunCli, relpath: str, old: str, new: str
) -> None:
    _output(run_cli, books)
    _edit(books, relpath, lambda text: text.replace(old, new, 1))
    cold = _output(run_cli, books, "--no-cache")
    assert _output(run_cli, books) == cold
    assert _output(run_cli, books) == cold


OPEN = "records/invoices/2026/INV-2026-0028.yaml"
"""Issued, unpaid: 6 days at 800.00 EUR, no VAT (reverse charge)."""
OPEN_TOTAL = Decimal("6") * Decimal("800.00")
OTHER_OPEN = "records/invoices/2026/INV-2026-0025.yaml"
CREDIT_NOTE = "records/invoices/2026/INV-2026-0031.yaml"
"""Credits INV-2026-0030, which is partly paid."""
PAYMENT_RULES = {"payments-match", "bank-entry-once"}
"""The rules that read an invoice's payments (what it was paid, the bank entries)."""


def _pay(amount: str, entry: str | None = None) -> Callable[[str], str]:
    payment = f"  - date: 2026-11-24\n    amount: {amount}\n"
    if entry is not None:
        payment += f"    entry: {entry}\n"
    return lambda text: (
        text.replace("payments:\n", "payments:\n" + payment, 1)
        if "\npayments:\n" in text
        else text + "payments:\n" + payment
    )


@pytest.mark.parametrize(
    ("edits", "expected", "rules"),
    [
        (  # a payment, more than the total
            [(OPEN, _pay(f"{OPEN_TOTAL + 1}"))],
            f"{OPEN}:17:3: error overpaid: payments of {OPEN_TOTAL + 1} exceed the total "
            f"{OPEN_TOTAL}",
            {"payments-match"},  # no bank entry named, before or after
        ),
        (  # one bank entry recorded on two invoices: the later file is told
            [(OPEN, _pay("100.00", "E-77")), (OTHER_OPEN, _pay("100.00", "E-77"))],
            f"{OPEN}:19:12: error payment-entry-twice: bank entry 'E-77' is already recorded "
            f"on INV-2026-0025 ({OTHER_OPEN}), payment 1",
            PAYMENT_RULES,
        ),
        (  # the whole total paid, and the status says so
            [(OPEN, _pay(f"{OPEN_TOTAL}")), (OPEN, lambda t: t.replace("issued", "paid"))],
            None,
            {"payments-match", "credit-notes", "cancellations"},
        ),
        (  # paid, says the status, with nothing paid
            [(OPEN, lambda text: text.replace("status: issued", "status: paid"))],
            f"{OPEN}:9:9: error paid-mismatch: status is paid but payments of 0.00 leave "
            f"{OPEN_TOTAL} of {OPEN_TOTAL} open",
            {"payments-match", "credit-notes", "cancellations"},
        ),
        (  # a credit note grown beyond its invoice: the invoice is told
            [(CREDIT_NOTE, lambda text: text.replace("quantity: -40", "quantity: -4000"))],
            "records/invoices/2026/INV-2026-0030.yaml:1:1: error credit-note-exceeds",
            None,
        ),
    ],
)
def test_an_edit_some_rules_see_runs_only_those(
    books: Path,
    run_cli: RunCli,
    monkeypatch: pytest.MonkeyPatch,
    edits: list[tuple[str, Callable[[str], str]]],
    expected: str | None,
    rules: set[str] | None,
) -> None:
    first = _output(run_cli, books)
    for relpath, change in edits:
        _edit(books, relpath, change)
    cold = _output(run_cli, books, "--no-cache")
    if expected is not None:
        assert expected in cold[1] and expected not in first[1]
    ran = rules_counted(monkeypatch)
    assert _output(run_cli, books) == cold
    assert ran, "no repository rule ran again"
    if rules is not None:
        assert set(ran) == rules
    assert "contiguous-numbers" not in ran and "references-resolve" not in ran
    ran.clear()
    assert _output(run_cli, books) == cold and ran == []  # nothing changed since
    for relpath, _ in edits:  # undone: the findings are the first run's again
        (books / relpath).write_bytes((PROJECT / relpath).read_bytes())
    assert _output(run_cli, books) == first
    assert "contiguous-numbers" not in ran


@pytest.mark.parametrize(
    ("relpath", "old", "new", "expected"),
    [
        (OPEN, "customer: CUS-0004", "customer: CUS-0404", f"{OPEN}:1:11: error ref-missing"),
        (INVOICE, "customer: CUS-0404", "customer: CUS-0001", None),  # a reference repaired
        (OPEN, "deal: DEAL-0008", "deal: CUS-0004", f"{OPEN}:12:7: error ref-wrong-kind"),
        (CUSTOMER, "vat_id: CZ12345678", "vat_id: DE318465720", "duplicate-vat-id"),
        (CONTRACT, "status: draft", "status: active", None),
    ],
)
def test_an_edited_reference_or_value_gives_the_cold_runs_findings(
    books: Path,
    run_cli: RunCli,
    monkeypatch: pytest.MonkeyPatch,
    relpath: str,
    old: str,
    new: str,
    expected: str | None,
) -> None:
    _output(run_cli, books)
    _edit(books, relpath, lambda text: text.replace(old, new, 1))
    cold = _output(run_cli, books, "--no-cache")
    if expected is not None:
        assert expected in cold[1]
    ran = rules_counted(monkeypatch)
    assert _output(run_cli, books) == cold
    assert ran and "contiguous-numbers" not in ran  # not every rule: only those reading it


def test_a_narrower_scope_reuses_the_findings(
    books: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _output(run_cli, books)
    cold = _output(run_cli, books, "--no-cache", "records/invoices")
    _rules_refused(monkeypatch)
    assert _output(run_cli, books, "records/invoices") == cold
    assert CUSTOMER not in cold[1] and INVOICE in cold[1]


def test_a_lost_state_or_shard_means_a_full_run(books: Path, run_cli: RunCli) -> None:
    _output(run_cli, books)
    _edit(books, INVOICE, lambda text: "notes: x\n" + text)
    for name in ("state", *(p.name for p in (books / CACHE_DIR).glob("files-*"))):
        (books / CACHE_DIR / name).unlink()
        assert _output(run_cli, books) == _output(run_cli, books, "--no-cache")


def test_a_payment_with_a_shard_lost_runs_every_rule(
    books: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rules that run again take every record from the shards; with one of them
    gone (not the changed file's) that cannot be, and every rule runs, as cold."""
    _output(run_cli, books)
    _edit(books, INVOICE, _pay("5.00"))
    other = next(
        path
        for path in sorted((books / CACHE_DIR).glob("files-*"))
        if path.name != f"files-{shard_of(INVOICE):02x}"
    )
    other.unlink()
    cold = _output(run_cli, books, "--no-cache")
    ran = rules_counted(monkeypatch)
    assert _output(run_cli, books) == cold
    assert set(ran) == {rule.id for rule in checks.REPO_RULES}


EDITS: dict[str, Callable[[str], str]] = {
    "note on top": lambda text: f"notes: {len(text)}\n" + text,
    "note below": lambda text: text + "meta:\n  seen: no\n",
    "reference": lambda text: text.replace("CUS-0404", "CUS-0001").replace(
        "customer: CUS-0001", "customer: CUS-0404"
    ),
    "syntax": lambda text: text + "  - ]\n",
    "restore": lambda text: text,  # replaced by the file's first version below
    "blank lines": lambda text: "\n" + text,
    "payment": _pay("99999.00", "E-1"),  # overpaid, and the entry twice once repeated
    "paid": lambda text: text.replace("status: issued", "status: paid"),
}


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(st.sampled_from(sorted(FILES)), st.sampled_from(sorted(EDITS))),
        min_size=1,
        max_size=4,
    )
)
def test_any_sequence_of_edits_prints_what_a_cold_run_prints(
    run_cli: RunCli, edits: list[tuple[str, str]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = _make_books(Path(folder) / "books")
        _output(run_cli, root)
        for relpath, edit in edits:
            if edit == "restore":
                (root / relpath).write_text(FILES[relpath], encoding="utf-8")
            else:
                _edit(root, relpath, EDITS[edit])
            assert _output(run_cli, root) == _output(run_cli, root, "--no-cache"), (relpath, edit)
