"""Round-trip edits (officectl.yaml.editing) and the quoting rules (officectl.yaml.style)."""

from __future__ import annotations

import stat
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import PROJECT
from officectl.atomic import PlannedWrite, apply_changes, atomic_write
from officectl.config import load_config
from officectl.errors import RecordError
from officectl.model import KINDS
from officectl.yaml import reading, style
from officectl.yaml.editing import RecordEdit

INVOICES = KINDS["invoices"]
SAMPLE = sorted((PROJECT / "records").rglob("*.yaml"))


@pytest.mark.parametrize("path", SAMPLE, ids=lambda p: p.name)
def test_an_untouched_sample_record_round_trips_to_the_same_bytes(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    kinds = load_config(PROJECT).kinds  # the built-in kinds and the sample's own
    assert RecordEdit(text, kinds[path.relative_to(PROJECT / "records").parts[0]]).text() == text


COMMENTED = """\
# header comment
customer: CUS-0001   # who pays
currency: CZK
lines:
  - description: Work
    quantity: 1
    unit_price: 100.10
    vat_rate: 21
status: issued
issue_date: 2026-10-01
due_date: 2026-10-15

# comment about the contract
contract: CON-2025-002
payments:
  - date: 2026-10-05
    amount: 10.00
# comment about notes
notes: keep me
"""


def test_setting_a_value_keeps_comments_blank_lines_and_order() -> None:
    document = RecordEdit(COMMENTED, INVOICES)
    document.set("status", "paid")
    document.set("customer", "CUS-0002")
    assert document.text() == (
        COMMENTED.replace("status: issued", "status: paid").replace("CUS-0001", "CUS-0002")
    )


def test_a_new_key_goes_to_its_schema_place_below_the_comments_of_the_key_before() -> None:
    document = RecordEdit(COMMENTED, INVOICES)
    document.set("deal", "DEAL-0001")  # after contract, before payments
    document.set("billing_period", "2026-Q4")  # after due_date, above the comment
    document.set("exchange_rate", Decimal("24.335"))  # after payments: above 'notes' comment
    assert document.text() == COMMENTED.replace(
        "due_date: 2026-10-15\n", "due_date: 2026-10-15\nbilling_period: 2026-Q4\n"
    ).replace("contract: CON-2025-002\n", "contract: CON-2025-002\ndeal: DEAL-0001\n").replace(
        "    amount: 10.00\n", "    amount: 10.00\nexchange_rate: 24.335\n"
    )


def test_appending_to_a_list_keeps_the_comment_above_the_next_key() -> None:
    document = RecordEdit(COMMENTED, INVOICES)
    document.append(
        "payments", {"amount": Decimal("90.00"), "date": date(2026, 11, 25), "reference": "yes"}
    )
    assert document.text() == COMMENTED.replace(
        "    amount: 10.00\n",
        '    amount: 10.00\n  - date: 2026-11-25\n    amount: 90.00\n    reference: "yes"\n',
    )


def test_a_list_is_created_at_its_place_when_missing() -> None:
    text = COMMENTED.replace("payments:\n  - date: 2026-10-05\n    amount: 10.00\n", "")
    document = RecordEdit(text, INVOICES)
    document.append("payments", {"date": date(2026, 11, 25), "amount": Decimal("1.50")})
    assert document.text() == COMMENTED.replace("2026-10-05", "2026-11-25").replace("10.00", "1.50")


def test_an_unindented_sequence_style_is_kept() -> None:
    text = "customer: CUS-0001\npayments:\n- date: 2026-10-05\n  amount: 10.00\nnotes: x\n"
    document = RecordEdit(text, INVOICES)
    document.append("payments", {"date": date(2026, 10, 6), "amount": Decimal("5")})
    assert document.text() == text.replace("notes", "- date: 2026-10-06\n  amount: 5\nnotes")


def test_windows_line_endings_are_kept() -> None:
    text = "customer: CUS-0001\r\nstatus: issued\r\n"
    document = RecordEdit(text, INVOICES)
    document.set("status", "paid")
    assert document.text() == "customer: CUS-0001\r\nstatus: paid\r\n"


def test_a_file_that_does_not_parse_is_refused() -> None:
    with pytest.raises(RecordError, match="does not parse"):
        RecordEdit("a: [unclosed\n", INVOICES)


@pytest.mark.parametrize(
    "text",
    [
        "NO",
        "yes",
        "Off",
        "~",
        "null",
        "012",
        "0o17",
        "1e3",
        "1_000",
        "12:30",
        ".inf",
        "2026-01-05",
        " lead",
        "trail ",
        "a: b",
        "#tag",
        "- item",
        "[x]",
        "{y}",
        "*ref",
        "&anchor",
        "!tag",
        "%x",
        "@x",
        "`x",
        "'q'",
        '"q"',
        "x #y",
        "ends:",
        "",
        "=",
        "<<",
        "tab\there",
        "line\nbreak",
        "bell\x07",
        "nbsp\u00a0",
        "bom\ufeff",
    ],
)
def test_strings_a_yaml_reader_would_misread_are_quoted(text: str) -> None:
    written = style.scalar(text, "str")
    assert written.startswith('"')
    assert reading.load(f"key: {written}\n")["key"] == text
    assert reading.load(f"key: [{style.scalar(text, 'str', flow=True)}]\n")["key"] == [text]


@pytest.mark.parametrize(
    "text",
    [
        "CUS-0001",
        "Údolní 53",
        "+420 577 210 400",
        "602 00",
        "2026-Q4",
        "a:b",
        "x#y",
        "it's",
        "-5% off",
        "SEPA, PO 4500",
    ],
)
def test_ordinary_strings_stay_plain(text: str) -> None:
    assert style.scalar(text, "str") == text


def test_numbers_and_dates_are_written_plain_and_exact() -> None:
    assert style.scalar(Decimal("0.10")) == "0.10"
    assert style.scalar(Decimal("1E+3")) == "1000"
    assert style.scalar(Decimal("-245.00")) == "-245.00"
    assert style.scalar(date(2026, 1, 5)) == "2026-01-05"
    assert style.scalar(True) == "true"
    assert style.scalar("1250.10", "decimal") == "1250.10"
    assert style.scalar("2026-01-05", "date") == "2026-01-05"
    assert style.scalar("2026-01-05", "str") == '"2026-01-05"'


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30))
def test_any_string_reads_back_as_itself(text: str) -> None:
    for flow in (False, True):
        written = style.scalar(text, "str", flow=flow)
        document = f"key: [{written}]\n" if flow else f"key: {written}\n"
        loaded = reading.load(document)["key"]
        assert (loaded[0] if flow else loaded) == text


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30))
def test_any_new_string_value_is_written_so_that_it_reads_back(text: str) -> None:
    document = RecordEdit("customer: CUS-0001\nstatus: draft\n", INVOICES)
    document.set("notes", text)
    assert reading.load(document.text())["notes"] == text


def test_atomic_write_replaces_the_file_keeps_its_mode_and_leaves_no_temporary(
    tmp_path: Path,
) -> None:
    target = tmp_path / "a.yaml"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    atomic_write(target, "new: ü\n")
    assert target.read_bytes() == "new: ü\n".encode()
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


def test_apply_changes_refuses_to_overwrite_a_new_or_renamed_target(tmp_path: Path) -> None:
    (tmp_path / "records").mkdir()
    (tmp_path / "records/old.yaml").write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "records/new.yaml").write_text("b: 2\n", encoding="utf-8")
    for change in (
        PlannedWrite("records/new.yaml", "c: 3\n", create=True),
        PlannedWrite("records/new.yaml", "c: 3\n", old_path="records/old.yaml"),
    ):
        with pytest.raises(RecordError, match="exists already"):
            apply_changes(tmp_path, [change], {"records/old.yaml": b"a: 1\n"})
    apply_changes(
        tmp_path,
        [PlannedWrite("records/moved.yaml", "a: 1\n", old_path="records/old.yaml")],
        {"records/old.yaml": b"a: 1\n"},
    )
    assert sorted(p.name for p in (tmp_path / "records").iterdir()) == ["moved.yaml", "new.yaml"]
