"""ISO 20022 camt.053 (BankToCustomerStatement), versions .001.02 to .001.08 and later.

Parsed in-repo (BANKING.md: ``pycamt`` drops the symbols and ships a GPL licence under
an MIT label, ``camt053`` ignores the remittance information) with the standard
library's ElementTree behind ``defusedxml``: no DTD, no entity, no external
resource, and the file's size bounded before parsing. Elements are matched by local
name, so every namespace version reads the same; where a type changed (.02
``Sts``/``TxAmt``/``Dbtr/Nm`` → .08 ``Sts/Cd``/``Amt``/``Dbtr/Pty/Nm``) both forms
are read.

One ``Ntry`` with several ``TxDtls`` (a batch) gives one entry per transaction, each
with its own amount and keyed by its ``Refs/AcctSvcrRef`` or, without one, by the
entry's reference and the transaction's position (``REF/2``).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree.ElementTree import Element

from officectl.banking.statement import Entry, StatementError

_NAMESPACE = re.compile(r"urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.\d{2}")
_VS_TEXT = re.compile(r"/VS/\s*([0-9]{1,10})\b")
_RF_TEXT = re.compile(r"\bRF[0-9]{2}[A-Z0-9]{1,21}\b")


def parse_camt053(data: bytes, name: str) -> list[Entry]:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except ParseError as error:
        line, column = getattr(error, "position", (1, 0))
        raise StatementError(f"{name}:{line}:{column + 1}: not well-formed XML ({error})") from None
    except DefusedXmlException as error:
        raise StatementError(
            f"{name}: refused: {error} (a statement needs no DTD or entities)"
        ) from None
    namespace = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if not _NAMESPACE.fullmatch(namespace):
        raise StatementError(
            f"{name}: the root element is {root.tag}, not a camt.053 "
            "Document (namespace urn:iso:std:iso:20022:tech:xsd:"
            "camt.053.001.NN)"
        )
    _local_names(root)
    statement_root = _child(root, "BkToCstmrStmt")
    if statement_root is None:
        raise StatementError(f"{name}: Document has no BkToCstmrStmt")
    entries: list[Entry] = []
    for s, stmt in enumerate(_children(statement_root, "Stmt"), 1):
        for n, ntry in enumerate(_children(stmt, "Ntry"), 1):
            entries += _entries(ntry, f"{name}: Stmt[{s}]/Ntry[{n}]", stmt, s, n)
    return entries


def _entries(ntry: Element, where: str, stmt: Element, s: int, n: int) -> list[Entry]:
    amount, currency = _amount(_child(ntry, "Amt"), f"{where}/Amt")
    credit = _credit(ntry, where)
    reversal = _text(ntry, "RvslInd") == "true"
    status = _text(ntry, "Sts", "Cd") or _text(ntry, "Sts")
    booked = _date(ntry, "BookgDt", where) or _date(ntry, "ValDt", where)
    if booked is None:
        raise StatementError(f"{where}: no BookgDt/Dt (booking date)")
    key = _text(ntry, "AcctSvcrRef") or _text(ntry, "NtryRef") or f"{_text(stmt, 'Id') or s}/{n}"
    details = [tx for dtls in _children(ntry, "NtryDtls") for tx in _children(dtls, "TxDtls")]
    common: dict[str, Any] = {
        "booked": booked,
        "credit": credit,
        "reversal": reversal,
        "final": status in ("BOOK", None),
    }
    if not details:
        return [Entry(key=key, amount=amount, currency=currency, where=where, **common)]
    entries = []
    for t, tx in enumerate(details, 1):
        at = f"{where}/NtryDtls/TxDtls[{t}]"
        tx_amount = _child(tx, "Amt")
        if tx_amount is None:
            tx_amount = _find(tx, "AmtDtls", "TxAmt", "Amt")
        if tx_amount is not None:
            value, tx_currency = _amount(tx_amount, f"{at}/Amt")
        elif len(details) == 1:
            value, tx_currency = amount, currency
        else:
            raise StatementError(f"{at}: a transaction of a batch entry has no amount")
        own = _text(tx, "Refs", "AcctSvcrRef")
        tx_key = own if own and own != key else key if len(details) == 1 else f"{key}/{t}"
        references, text = _references(tx)
        entries.append(
            Entry(
                key=tx_key,
                amount=value,
                currency=tx_currency,
                where=at,
                payer=_payer(tx),
                payer_account=_payer_account(tx),
                references=references,
                text=text,
                **common,
            )
        )
    return entries


def _references(tx: Element) -> tuple[tuple[str, ...], str]:
    """The structured reference (``Strd/CdtrRefInf/Ref``: a *viitenumero* or RF), a
    variable symbol the Czech way (``EndToEndId`` ``VS…``, ``/VS/…/`` in the text),
    and an RF reference written in the text (it carries its own check digits)."""
    found: list[str] = []
    info = _child(tx, "RmtInf")
    texts = [u.text.strip() for u in _children(info, "Ustrd") if u.text] if info is not None else []
    if info is not None:
        for strd in _children(info, "Strd"):
            ref = _text(strd, "CdtrRefInf", "Ref")
            if ref:
                found.append(ref)
    end_to_end = _text(tx, "Refs", "EndToEndId") or ""
    if end_to_end.upper().startswith("VS") and end_to_end[2:].strip().isdigit():
        found.append(end_to_end[2:].strip())
    joined = " ".join(texts)
    found += _VS_TEXT.findall(joined)
    found += _RF_TEXT.findall(joined.upper())
    return tuple(dict.fromkeys(found)), joined


def _payer(tx: Element) -> str | None:
    debtor = _find(tx, "RltdPties", "Dbtr")
    if debtor is None:
        return None
    return _text(debtor, "Nm") or _text(debtor, "Pty", "Nm")


def _payer_account(tx: Element) -> str | None:
    account = _find(tx, "RltdPties", "DbtrAcct", "Id")
    if account is None:
        return None
    return _text(account, "IBAN") or _text(account, "Othr", "Id")


def _amount(element: Element | None, where: str) -> tuple[Decimal, str]:
    if element is None or not element.text:
        raise StatementError(f"{where}: no amount")
    currency = element.get("Ccy", "")
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise StatementError(f"{where}: Ccy {currency!r} is not a currency code")
    text = element.text.strip()
    if not re.fullmatch(r"[0-9]{1,18}(\.[0-9]{1,5})?", text):
        raise StatementError(f"{where}: {text!r} is not an amount (digits, a decimal point)")
    try:
        return Decimal(text), currency
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise StatementError(f"{where}: {text!r} is not an amount") from None


def _credit(ntry: Element, where: str) -> bool:
    indicator = _text(ntry, "CdtDbtInd")
    if indicator not in ("CRDT", "DBIT"):
        raise StatementError(f"{where}/CdtDbtInd: {indicator!r} is neither CRDT nor DBIT")
    return indicator == "CRDT"


def _date(ntry: Element, name: str, where: str) -> date | None:
    text = _text(ntry, name, "Dt") or (_text(ntry, name, "DtTm") or "")[:10] or None
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise StatementError(f"{where}/{name}: {text!r} is not a date") from None


def _local_names(root: Element) -> None:
    """Give every element its local name as its tag, once per element: then each
    lookup below is ElementTree's own (in C) instead of a Python loop over the
    children comparing local names (a statement of 10,000 entries asks half a million
    times). A tag that is a local name already stays; anything else (no element)
    gets one no lookup asks for."""
    local: dict[object, str] = {}
    for element in root.iter():
        tag = element.tag
        name = local.get(tag)
        if name is None:
            name = local[tag] = tag.rsplit("}", 1)[-1] if isinstance(tag, str) else "\0"
        element.tag = name


def _children(element: Element | None, name: str) -> list[Element]:
    return element.findall(name) if element is not None else []


def _child(element: Element, name: str) -> Element | None:
    return element.find(name)


def _find(element: Element, *names: str) -> Element | None:
    """The first child named ``names[0]``, its first child named ``names[1]`` … (not
    ElementTree's path ``a/b``, which looks into every ``a``)."""
    found: Element | None = element
    for name in names:
        found = found.find(name) if found is not None else None
    return found


def _text(element: Element, *names: str) -> str | None:
    found = _find(element, *names)
    if found is None or found.text is None:
        return None
    return found.text.strip() or None
