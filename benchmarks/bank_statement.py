"""A camt.053.001.02 statement for the ``bank import`` benchmark row: ``entries``
credit entries, ``matching`` of them paying open invoices of the repository by
variable symbol (each invoice's balance split over its entries, so none is overpaid),
the rest carrying references no invoice has.

    python benchmarks/bank_statement.py ROOT OUT.xml [--entries 10000 --matching 9500]

Prints the invoice files the import will change (one path a line), so the benchmark
can put them back before every run.
"""

from __future__ import annotations

import argparse
import sys
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"


def open_invoices(root: Path) -> list[tuple[str, str, Decimal, str, str]]:
    """(id, currency, balance, issue date, path) of every issued invoice with a
    positive balance, by the library's one balance."""
    from officectl.config import load_config
    from officectl.model.invoice import balance, is_credit_note, is_draft
    from officectl.money import ZERO
    from officectl.views import load

    repo, _ = load(load_config(root))
    found = []
    for record in repo.of_kind("invoices"):
        if is_draft(record.id) or is_credit_note(record.data) or record.get("status") != "issued":
            continue
        owed = balance(record.data, repo.credited.get(record.id, ZERO))
        if owed > 0:
            found.append(
                (
                    record.id,
                    str(record.get("currency")),
                    owed,
                    str(record.get("issue_date")),
                    record.path,
                )
            )
    return sorted(found)


def build(root: Path, out: Path, entries: int, matching: int) -> list[str]:
    from officectl.documents.references import payment_references

    invoices = open_invoices(root)
    if not invoices:
        raise SystemExit(f"{root} has no open invoice to pay")
    shares: dict[int, int] = {}
    for n in range(matching):
        shares[n % len(invoices)] = shares.get(n % len(invoices), 0) + 1
    parts = [
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="{NS}"><BkToCstmrStmt>'
        "<GrpHdr><MsgId>BENCH</MsgId><CreDtTm>2026-11-25T18:00:00</CreDtTm></GrpHdr>"
        "<Stmt><Id>BENCH-1</Id><Acct><Id><IBAN>CZ6508000000192000145399</IBAN></Id>"
        "</Acct>"
    ]
    n = 0
    for index, count in sorted(shares.items()):
        invoice_id, currency, owed, issued, _ = invoices[index]
        vs = payment_references(invoice_id, "CZ")[0]
        part = (owed / count).quantize(Decimal("0.01"), ROUND_DOWN)
        for _ in range(count):
            n += 1
            parts.append(_entry(f"B{n:07d}", part, currency, max(issued, "2026-11-25"), f"VS{vs}"))
    for extra in range(entries - matching):
        n += 1
        parts.append(_entry(f"B{n:07d}", Decimal("100.00"), "CZK", "2026-11-25", f"VS9{extra:09d}"))
    parts.append("</Stmt></BkToCstmrStmt></Document>\n")
    out.write_text("".join(parts), encoding="utf-8")
    return [invoices[index][4] for index in sorted(shares)]


def _entry(ref: str, amount: Decimal, currency: str, day: str, end_to_end: str) -> str:
    return (
        f'<Ntry><Amt Ccy="{currency}">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd>'
        f"<Sts>BOOK</Sts><BookgDt><Dt>{day}</Dt></BookgDt><AcctSvcrRef>{ref}</AcctSvcrRef>"
        f"<NtryDtls><TxDtls><Refs><EndToEndId>{end_to_end}</EndToEndId></Refs>"
        "<RltdPties><Dbtr><Nm>Odběratel s.r.o.</Nm></Dbtr></RltdPties>"
        "</TxDtls></NtryDtls></Ntry>"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--matching", type=int, default=9_500)
    args = parser.parse_args(argv)
    for path in build(args.root, args.out, args.entries, args.matching):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
