"""What every template sees, and the registry of per-kind context builders.

A context is plain values: dicts of record data (Decimals, dates, strings) and small
frozen dataclasses of derived facts, so a template reads ``customer.vat_id`` or
``summary.total`` and never calls into the library. Optional facts are ``None``
rather than missing, so templates can test them with ``{% if … %}`` under
``StrictUndefined``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from officectl.documents.labels import labels, locale_for
from officectl.documents.labels.identifiers import identifier_names
from officectl.errors import RecordError
from officectl.model import KINDS
from officectl.records import Record
from officectl.repository import Repository
from officectl.schema import Kind
from officectl.views.fields import public_data


@dataclass(frozen=True, slots=True)
class Settings:
    """The document's language (labels) and locale (number and date formats), and
    whether an invoice is shown as it was issued (``render --as-issued``) rather than
    as it stands now."""

    lang: str
    locale: str
    as_issued: bool = False

    @classmethod
    def for_company(
        cls,
        lang: str,
        company_locale: str,
        *,
        as_issued: bool = False,
    ) -> Settings:
        return cls(lang, locale_for(lang, company_locale), as_issued)

    @property
    def labels(self) -> Mapping[str, str]:
        return labels(self.lang)


@dataclass(frozen=True, slots=True)
class PrintedParty:
    """A supplier or customer as an invoice prints it (Art. 226: name, address, IDs)."""

    name: str
    street: str | None
    city: str | None
    postal_code: str | None
    country: str | None
    country_name: str | None
    company_id: str | None
    vat_id: str | None
    email: str | None = None
    phone: str | None = None
    website: str | None = None
    registration: str | None = None
    iban: str | None = None
    bic: str | None = None
    id: str | None = None
    company_id_label: str | None = None
    """The register number's own name where its country has one (``IČO``, ``Y-tunnus``,
    ``Org.nr.``), whatever the document's language; else templates print the language's
    label (``t.company_id``). See :mod:`officectl.documents.labels.identifiers`."""
    vat_id_label: str | None = None
    """The VAT number's own name likewise (``DIČ``, ``IČ DPH``, ``USt-IdNr.``), else
    ``t.vat_id``."""


@cache
def country_name(code: str, locale: str) -> str:
    from babel import Locale

    return str(Locale.parse(locale).territories.get(code, code))


def party(data: Mapping[str, Any], locale: str, record_id: str | None = None) -> PrintedParty:
    address = data.get("address") or {}
    country = address.get("country") or data.get("country")
    names = identifier_names(country)
    return PrintedParty(
        name=str(data.get("name", "")),
        street=address.get("street"),
        city=address.get("city"),
        postal_code=address.get("postal_code"),
        country=country,
        country_name=country_name(country, locale) if country else None,
        company_id=data.get("company_id"),
        vat_id=data.get("vat_id"),
        email=data.get("email"),
        phone=data.get("phone"),
        website=data.get("website"),
        registration=data.get("registration"),
        iban=data.get("iban"),
        bic=data.get("bic"),
        id=record_id,
        company_id_label=names.company_id if names else None,
        vat_id_label=names.vat_id if names else None,
    )


def customer_of(repo: Repository, record: Record) -> Record:
    """The customer a document is addressed to; a document without one cannot be made."""
    customer = repo.linked(record, "customer", "customers")
    if customer is None:
        raise RecordError(
            f"{record.path}: {record.id}'s customer {record.get('customer')} "
            "is missing or unreadable",
            hint="run 'officectl validate'",
        )
    return customer


def record_dict(
    record: Record | None,
    kinds: Mapping[str, Kind] = KINDS,
) -> dict[str, Any] | None:
    """A record's data with its ``id`` and its fields' defaults, but without its
    sensitive fields (a template, perhaps from a pull request, sees what ``list``
    shows); ``None`` for a link that is not there."""
    if record is None:
        return None
    kind = kinds[record.kind]
    defaults = {
        f.name: f.default
        for f in kind.fields
        if f.default is not None and f.name not in record.data and not f.sensitive
    }
    return {**defaults, **public_data(kind, record.data), "id": record.id}


def company_context(repo: Repository, settings: Settings) -> dict[str, Any]:
    """What every document's template sees: the issuing company, labels, locale."""
    config = repo.config
    return {
        "company": dict(config.company),
        "supplier": party(config.company, settings.locale),
        "base_currency": config.currency,
        "t": settings.labels,
        "lang": settings.lang,
        "locale": settings.locale,
    }


def base_context(repo: Repository, record: Record, settings: Settings) -> dict[str, Any]:
    """The part of every record's context: the record, and :func:`company_context`."""
    return {
        "kind": record.kind,
        "record": record_dict(record, repo.config.kinds),
        **company_context(repo, settings),
    }


def generic_context(repo: Repository, record: Record, settings: Settings) -> dict[str, Any]:
    """Any kind, for a custom ``--template``: the record and every record it links to
    (``linked.customer``, ``linked.owner`` …)."""
    kinds = repo.config.kinds
    kind = kinds[record.kind]
    linked = {}
    for field in kind.fields:
        if field.type == "ref" and field.ref is not None:
            target = repo.linked(record, field.name, field.ref)
            linked[field.name] = _with_absent(target, record_dict(target, kinds), kinds)
    context = base_context(repo, record, settings)
    context["record"] = _with_absent(record, context["record"], kinds)
    return {**context, "linked": linked}


def _with_absent(
    record: Record | None, data: dict[str, Any] | None, kinds: Mapping[str, Kind]
) -> dict[str, Any] | None:
    """``data`` with None for each declared field the record leaves out (sensitive ones
    stay unseen), so a template of the company's own can test an optional field with
    ``{% if record.field %}`` under ``StrictUndefined``."""
    if record is None or data is None:
        return data
    absent = {f.name: None for f in kinds[record.kind].fields if not f.sensitive}
    return {**absent, **data}


Builder = Callable[[Repository, Record, Settings], dict[str, Any]]
"""Builds a kind's context; :data:`officectl.documents.render.BUILDERS` registers them."""
