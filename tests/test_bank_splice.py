"""The fast way ``bank import`` appends payments gives the bytes the round-trip editor
gives, on every sample invoice that has payments (comments, refunds, notes after)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import PROJECT
from officectl.banking.splice import append_payments
from officectl.model import KINDS
from officectl.yaml.editing import RecordEdit

INVOICES = sorted((PROJECT / "records" / "invoices").rglob("INV-20*.yaml"))
PAYMENTS = [
    {
        "date": date(2026, 11, 25),
        "amount": Decimal("100.50"),
        "reference": "0020260021",
        "entry": "2026112500017",
        "payer": "Zelená Louka: s.r.o. # 1",
    },
    {"date": date(2026, 11, 26), "amount": Decimal("7"), "entry": "NO"},
]


@pytest.mark.parametrize("path", INVOICES, ids=lambda p: p.stem)
@pytest.mark.parametrize("status", [None, "paid"])
def test_splice_writes_what_the_round_trip_editor_writes(
    path: Path,
    status: str | None,
) -> None:
    text = path.read_text("utf-8")
    kind = KINDS["invoices"]
    spec = kind.by_name["payments"].items
    assert spec is not None
    names = [f.name for f in kind.fields]
    fast = append_payments(text, PAYMENTS, spec, status, names[names.index("payments") + 1 :])
    document = RecordEdit(text, kind)
    for payment in PAYMENTS:
        document.append("payments", payment)
    if status is not None:
        document.set("status", status)
    assert fast is not None
    assert fast == document.text()


def test_splice_declines_what_it_does_not_know() -> None:
    spec = KINDS["invoices"].by_name["payments"].items
    assert spec is not None
    flow = "status: issued\npayments: [{date: 2026-11-01, amount: 1}]\n"
    assert append_payments(flow, PAYMENTS, spec) is None
    multi = "status: issued\npayments:\n  - date: 2026-11-01\n    amount: 1\n"
    assert (
        append_payments(
            multi, [{"date": date(2026, 11, 2), "amount": Decimal(1), "payer": "two\nlines"}], spec
        )
        is None
    )
