"""``bank import`` reads each text it plans back once: the splice's check of the new
text and the commit's check of the whole repository share that parse. The shared
parse is used only for the very text it was made from: a plan that writes another
text is checked on what it writes."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bank_samples import Ntry, Tx, camt
from conftest import TODAY, RunCli, git
from officectl import workflows
from officectl.atomic import PlannedWrite
from officectl.config import load_config
from officectl.errors import RecordError
from officectl.yaml import reading

INVOICE = "records/invoices/2026/INV-2026-0019.yaml"


def test_each_planned_text_is_parsed_once(
    sample_repo: Path, run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    statement = tmp_path / "vypis.xml"
    statement.write_bytes(
        camt([Ntry("E1", "100.00", "2026-11-24", [Tx("100.00", end_to_end="VS20260019")])])
    )
    parsed: list[str] = []
    original = reading.load

    def counted(text: str, **options: Any) -> dict[str, Any]:
        if "entry: E1\n" in text:
            parsed.append(text)
        return original(text, **options)

    monkeypatch.setattr(reading, "load", counted)
    result = run_cli(sample_repo, "bank", "import", str(statement), "--today", TODAY)
    assert result.exit_code == 0, result.output
    written = (sample_repo / INVOICE).read_text("utf-8")
    assert "entry: E1\n" in written
    assert parsed == [written]
    monkeypatch.setattr(reading, "load", original)
    assert run_cli(sample_repo, "validate", "--strict", "--today", TODAY).exit_code == 0


def test_a_parse_of_another_text_is_not_trusted(sample_repo: Path) -> None:
    config = load_config(sample_repo)
    text = (sample_repo / INVOICE).read_text("utf-8")
    broken = text.replace("status: issued", "status: nonsense")
    assert broken != text

    def plan(books: workflows.WriteBooks) -> workflows.WritePlan:
        record = books.record("INV-2026-0019", "invoices")
        books.document(record)  # read, so that the write may replace it
        # a parse of the file as it is, kept under the path the plan writes
        books.parsed[INVOICE] = (text, reading.load(text))
        return workflows.WritePlan((PlannedWrite(INVOICE, broken),))

    with pytest.raises(RecordError, match=r"INV-2026-0019\.yaml.*status"):
        workflows.run(config, date.fromisoformat(TODAY), plan)
    assert (sample_repo / INVOICE).read_text("utf-8") == text
    assert git(sample_repo, "status", "--porcelain") == ""
