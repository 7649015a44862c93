"""Bank statements built for the tests, in each format, from plain entry tuples.

The builders place every field where the format's description (BANKING.md) puts it,
written out here independently of the parsers under test."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

NS02 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"
NS08 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"


@dataclass
class Tx:
    amount: str
    ref: str | None = None
    end_to_end: str | None = None
    strd: str | None = None
    ustrd: str | None = None
    payer: str | None = None
    currency: str = "CZK"


@dataclass
class Ntry:
    ref: str
    amount: str
    booked: str
    txs: list[Tx]
    credit: bool = True
    reversal: bool = False
    currency: str = "CZK"
    status: str = "BOOK"


def camt(entries: list[Ntry], version: str = "02") -> bytes:
    v08 = version == "08"
    ns = NS08 if v08 else NS02
    parts = [
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="{ns}">'
        "<BkToCstmrStmt><GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-11-30T18:00:00"
        "</CreDtTm></GrpHdr><Stmt><Id>S-2026-11</Id><Acct><Id><IBAN>"
        "CZ6508000000192000145399</IBAN></Id></Acct>"
    ]
    for e in entries:
        status = f"<Sts><Cd>{e.status}</Cd></Sts>" if v08 else f"<Sts>{e.status}</Sts>"
        parts.append(
            f'<Ntry><NtryRef>{e.ref}</NtryRef><Amt Ccy="{e.currency}">{e.amount}'
            f"</Amt><CdtDbtInd>{'CRDT' if e.credit else 'DBIT'}</CdtDbtInd>"
            + ("<RvslInd>true</RvslInd>" if e.reversal else "")
            + f"{status}<BookgDt><Dt>{e.booked}</Dt></BookgDt><ValDt><Dt>"
            f"{e.booked}</Dt></ValDt><AcctSvcrRef>{e.ref}</AcctSvcrRef>"
            "<NtryDtls>"
        )
        for tx in e.txs:
            refs = (
                "<Refs>"
                + (f"<AcctSvcrRef>{tx.ref}</AcctSvcrRef>" if tx.ref else "")
                + (f"<EndToEndId>{tx.end_to_end}</EndToEndId>" if tx.end_to_end else "")
                + "</Refs>"
            )
            amount = (
                f'<Amt Ccy="{tx.currency}">{tx.amount}</Amt><CdtDbtInd>'
                f"{'CRDT' if e.credit else 'DBIT'}</CdtDbtInd>"
                if v08
                else f'<AmtDtls><TxAmt><Amt Ccy="{tx.currency}">{tx.amount}</Amt></TxAmt></AmtDtls>'
            )
            party = ""
            if tx.payer:
                name = f"<Pty><Nm>{tx.payer}</Nm></Pty>" if v08 else f"<Nm>{tx.payer}</Nm>"
                party = (
                    f"<RltdPties><Dbtr>{name}</Dbtr><DbtrAcct><Id><IBAN>"
                    "CZ5508000000001234567899</IBAN></Id></DbtrAcct></RltdPties>"
                )
            info = ""
            if tx.strd or tx.ustrd:
                info = (
                    "<RmtInf>"
                    + (f"<Ustrd>{tx.ustrd}</Ustrd>" if tx.ustrd else "")
                    + (
                        "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp>"
                        f"<Ref>{tx.strd}</Ref></CdtrRefInf></Strd>"
                        if tx.strd
                        else ""
                    )
                    + "</RmtInf>"
                )
            parts.append(f"<TxDtls>{refs}{amount}{party}{info}</TxDtls>")
        parts.append("</NtryDtls></Ntry>")
    parts.append("</Stmt></BkToCstmrStmt></Document>\n")
    return "".join(parts).encode("utf-8")


FIO_HEADER = (
    "ID pohybu;Datum;Objem;Měna;Protiúčet;Název protiúčtu;Kód banky;Název banky;"
    "KS;VS;SS;Uživatelská identifikace;Zpráva pro příjemce;Typ;Provedl;Upřesnění;"
    "Komentář;BIC;ID pokynu"
)


def fio_csv(rows: list[tuple[str, str, str, str, str, str, str]]) -> bytes:
    """rows: (ID pohybu, Datum dd.mm.yyyy, Objem with a decimal comma, Měna, Název
    protiúčtu, VS, Zpráva pro příjemce)."""
    lines = [
        '"Číslo účtu";"2001234567/2010"',
        '"Měna";"CZK"',
        '"Období";"01.11.2026 - 30.11.2026"',
        "",
        FIO_HEADER,
    ]
    for ident, day, amount, currency, name, vs, message in rows:
        lines.append(
            f"{ident};{day};{amount};{currency};123456789;{name};0800;Česká "
            f"spořitelna, a.s.;0308;{vs};;;{message};Bezhotovostní příjem;;;;;"
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


def _put(line: list[str], first: int, text: str) -> None:
    """Write ``text`` at 1-based position ``first``."""
    for i, char in enumerate(text):
        line[first - 1 + i] = char


def gpc(rows: list[tuple[str, str, str, str, str, str]]) -> bytes:
    """rows: (document number, amount, posting code 1/2/4/5, variable symbol,
    ddmmyy date, counterparty name), as GPC positions say (BANKING.md §2)."""
    header = [" "] * 128
    _put(header, 1, "074")
    _put(header, 4, "0000002001234567")
    _put(header, 20, "SEVERKA DIGITAL".ljust(20))
    _put(header, 40, "011126")
    _put(header, 46, "00000001000000+")
    _put(header, 61, "00000002000000+")
    _put(header, 76, "00000000000000+")
    _put(header, 91, "00000001000000+")
    _put(header, 106, "011")
    _put(header, 109, "301126")
    lines = ["".join(header)]
    for number, amount, code, vs, day, name in rows:
        line = [" "] * 128
        cents = int(Decimal(amount) * 100)
        _put(line, 1, "075")
        _put(line, 4, "0000002001234567")
        _put(line, 20, "0000000123456789")
        _put(line, 36, number.rjust(13, "0"))
        _put(line, 49, f"{cents:012d}")
        _put(line, 61, code)
        _put(line, 62, vs.rjust(10, "0"))
        _put(line, 72, "0008000308")
        _put(line, 82, "0000000000")
        _put(line, 92, day)
        _put(line, 98, name.ljust(20)[:20])
        _put(line, 118, "0")
        _put(line, 119, "0203")
        _put(line, 123, day)
        lines.append("".join(line))
    return ("\r\n".join(lines) + "\r\n").encode("cp1250")
