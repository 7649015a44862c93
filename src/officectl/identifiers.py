"""Checksummed identifiers, through python-stdnum: VAT IDs, company IDs, IBANs.

Each check returns ``None`` when the value is valid, else the reason in words.
EU VAT numbers of every member state, and the country's own rule outside the EU
where python-stdnum knows one (Norway's MVA, Switzerland's, the UK's).
"""

from __future__ import annotations

import importlib
from types import ModuleType

from officectl.codes import EU_COUNTRIES, VAT_PREFIX

COMPANY_ID_MODULES = {
    "CZ": "cz.dic",
    "FI": "fi.ytunnus",
    "NO": "no.orgnr",
    "DK": "dk.cvr",
    "EE": "ee.registrikood",
    "PL": "pl.regon",
    "FR": "fr.siren",
    "AT": "at.businessid",
    "SE": "se.orgnr",
    "CH": "ch.uid",
    "SI": "si.maticna",
    "HR": "hr.oib",
    "RO": "ro.cui",
    "US": "us.ein",
    "BE": "be.vat",
    "NL": "nl.btw",
}
"""python-stdnum modules that check a country's company registration number."""

_NON_EU_VAT_MODULES = {"NO": "no.mva", "CH": "ch.vat", "GB": "gb.vat"}


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"stdnum.{name}")


def vat_id_problem(vat_id: str, country: str) -> str | None:
    if country in EU_COUNTRIES:
        module = _module("eu.vat")
        prefix = VAT_PREFIX.get(country, country)
        if not vat_id.upper().replace(" ", "").startswith(prefix):
            return f"an EU VAT ID of {country} starts with {prefix}"
    elif country in _NON_EU_VAT_MODULES:
        module = _module(_NON_EU_VAT_MODULES[country])
    else:
        return None
    if not module.is_valid(vat_id):
        return "its check digits are wrong or its format is not that country's"
    return None


def company_id_problem(company_id: str, country: str) -> str | None:
    name = COMPANY_ID_MODULES.get(country)
    if name is None:
        return None
    if country == "CZ" and not (company_id.isdigit() and len(company_id) == 8):
        return "an IČO has 8 digits"
    if not _module(name).is_valid(company_id):
        return f"it is not a valid {country} company ID (check digit or format)"
    return None


def iban_problem(iban: str) -> str | None:
    if not _module("iban").is_valid(iban):
        return "its check digits are wrong or its length does not fit the country"
    return None


def bic_problem(bic: str) -> str | None:
    if not _module("bic").is_valid(bic):
        return "a BIC has 8 or 11 characters: bank, country, location (and branch)"
    return None
