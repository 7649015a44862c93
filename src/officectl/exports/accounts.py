"""Account names for the journal, configurable under ``accounts:`` in ``officectl.yaml``.

Each name may hold placeholders filled per posting: ``{customer}`` (the customer
ID), ``{currency}`` (ISO code) and ``{rate}`` (the VAT rate, ``13.5`` spelled
``13-5`` since beancount names allow no dot); which ones a role offers is listed in
:data:`PLACEHOLDERS`. Names are checked against beancount's grammar before anything
is written, so a typo is a configuration error (exit 2), not a broken journal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from officectl.config import CONFIG_FILE
from officectl.errors import ConfigError

DEFAULTS = {
    "receivable": "Assets:Receivable:{customer}",
    "bank": "Assets:Bank",
    "revenue": "Income:Sales",
    "vat": "Liabilities:VAT:{rate}",
    "opening": "Equity:Opening-Balances",
}
PLACEHOLDERS = {
    "receivable": ("customer", "currency"),
    "bank": ("currency",),
    "revenue": ("customer", "currency", "rate"),
    "vat": ("currency", "rate"),
    "opening": ("customer", "currency"),
}
ROOTS = ("Assets", "Liabilities", "Equity", "Income", "Expenses")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_COMPONENT = re.compile(r"[A-Z0-9\u0080-\U0010ffff][A-Za-z0-9\-\u0080-\U0010ffff]*")


@dataclass(frozen=True)
class Accounts:
    names: Mapping[str, str]

    def name(self, role: str, **values: str | Decimal) -> str:
        """The account of ``role`` with its placeholders filled in."""
        filled = {key: _component(value) for key, value in values.items()}
        account = _PLACEHOLDER.sub(lambda m: filled[m[1]], self.names[role])
        if not _valid(account):
            raise ConfigError(
                f"{CONFIG_FILE}: accounts.{role} makes {account!r}, which is "
                "not a beancount account name",
                hint="each part after the first starts with a capital letter or "
                "a digit; letters, digits and '-' only",
            )
        return account


def _component(value: str | Decimal) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f").replace(".", "-") if value else "0"
    return value


def _valid(account: str) -> bool:
    root, *parts = account.split(":")
    return root in ROOTS and bool(parts) and all(_COMPONENT.fullmatch(p) for p in parts)


def accounts_from_config(configured: Mapping[str, Any]) -> Accounts:
    """The configured names over the defaults, each checked (:class:`ConfigError`)."""
    names = dict(DEFAULTS)
    for role, name in configured.items():
        if role not in DEFAULTS:
            raise ConfigError(
                f"{CONFIG_FILE}: accounts: unknown account role {role!r}",
                hint=f"roles: {', '.join(DEFAULTS)}",
            )
        if not isinstance(name, str):
            raise ConfigError(f"{CONFIG_FILE}: accounts.{role} must be a text")
        for placeholder in _PLACEHOLDER.findall(name):
            if placeholder not in PLACEHOLDERS[role]:
                offered = ", ".join("{" + p + "}" for p in PLACEHOLDERS[role])
                raise ConfigError(
                    f"{CONFIG_FILE}: accounts.{role}: unknown placeholder {{{placeholder}}}",
                    hint=f"{role} offers {offered}",
                )
        names[role] = name
    accounts = Accounts(names)
    for role in names:  # check the shape once, with harmless sample values
        accounts.name(role, customer="CUS-0001", currency="EUR", rate=Decimal(21))
    return accounts
