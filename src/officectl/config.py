"""``officectl.yaml``: the issuing company and the repository's settings.

A broken configuration stops every command (exit 2) with all its problems listed,
each with its line and column: no record can be judged without it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from officectl.codes import EU_COUNTRIES, LOCALES
from officectl.discovery import CONFIG_FILE as CONFIG_FILE
from officectl.discovery import find_root as find_root
from officectl.dunning.rates import half_year_start
from officectl.errors import ConfigError
from officectl.identifiers import bic_problem, company_id_problem, iban_problem, vat_id_problem
from officectl.kinds import defined_kinds, field_from_spec
from officectl.model import KINDS
from officectl.model.common import ADDRESS, META
from officectl.schema import INVALID, Collector, Field, Kind, convert, convert_mapping
from officectl.yaml import reading

_COMPANY = Field(
    "company",
    "map",
    required=True,
    fields=(
        Field("name", "str", required=True),
        ADDRESS,
        Field("company_id", "str"),
        Field("vat_id", "str"),
        Field("iban", "str"),
        Field("bic", "str"),
        Field("email", "email"),
        Field("phone", "str"),
        Field("website", "str"),
        Field("registration", "str", description="Commercial register entry printed on invoices."),
    ),
)
_TOP_FIELDS = (
    _COMPANY,
    Field("currency", "currency", required=True),
    Field("locale", "str", enum=LOCALES),
    Field("vat_rates", "list", required=True),
    Field("payment_terms_days", "int", min=Decimal(0), max=Decimal(365)),
    Field("fields", "map"),
    Field("kinds", "map", description="The company's own record kinds."),
    Field("accounts", "map", description="Account names for `export journal`."),
    Field(
        "interest_rates",
        "list",
        items=Field(
            "interest_rate",
            "map",
            fields=(
                Field("country", "str", required=True, enum=tuple(sorted(EU_COUNTRIES))),
                Field("from", "date", required=True),
                Field("rate", "decimal", required=True, min=Decimal(-10), max=Decimal(100)),
            ),
        ),
        description="Late-payment reference rates per half-year (ČNB repo, Finnish "
        "reference rate, an EU state's central bank rate) beyond those officectl ships "
        "(`remind`).",
    ),
    META,
)
_RATE = Field(
    "vat_rate",
    "map",
    fields=(
        Field("rate", "decimal", required=True, min=Decimal(0), max=Decimal(100)),
        Field("from", "date"),
        Field("to", "date"),
    ),
)


@dataclass(frozen=True)
class VatRate:
    rate: Decimal
    start: date | None = None
    end: date | None = None

    def applies_on(self, day: date | None) -> bool:
        if day is None:
            return self.start is None and self.end is None
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Config:
    root: Path
    company: dict[str, Any]
    currency: str
    locale: str
    vat_rates: tuple[VatRate, ...]
    payment_terms_days: int
    kinds: dict[str, Kind]
    accounts: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    interest_rates: tuple[dict[str, Any], ...] = ()
    """``interest_rates:`` of officectl.yaml (see :mod:`officectl.dunning.rates`)."""
    """The file's text: part of the cache key, since the schema follows from it."""

    def vat_rate_allowed(self, rate: Decimal, day: date | None) -> bool:
        return any(r.rate == rate and r.applies_on(day) for r in self.vat_rates)

    @property
    def company_country(self) -> str:
        return str(self.company.get("address", {}).get("country", ""))


def load_config(root: Path) -> Config:
    path = root / CONFIG_FILE
    if not path.is_file():
        raise ConfigError(f"{path} does not exist", hint="create one with 'officectl init'")
    out = Collector(CONFIG_FILE, None)
    try:
        text = reading.read_text(path)
        raw = reading.load(text)
    except reading.LoadError as exc:
        raise ConfigError(
            f"{CONFIG_FILE}:{exc.line}:{exc.column}: {exc.code}: {exc.message}"
        ) from None
    data = convert_mapping(_TOP_FIELDS, raw, (), out)
    company = data.get("company", {})
    _check_company(company, out)
    rates = tuple(_vat_rates(data.get("vat_rates", []), out))
    _check_interest_rates(data.get("interest_rates", ()), out)
    defined = defined_kinds(data.get("kinds", {}), KINDS, out)
    all_kinds = {**KINDS, **defined}
    extra = {
        kind: tuple(_extra_fields(kind, spec, all_kinds, out))
        for kind, spec in _extra_kinds(data.get("fields", {}), defined, out)
    }
    if out.problems:
        lines = []
        for problem in out.problems:
            line, column = reading.locate(text, problem.field or (), on_key=problem.on_key)
            lines.append(f"{CONFIG_FILE}:{line}:{column}: {problem.code}: {problem.message}")
        raise ConfigError("invalid configuration:\n" + "\n".join(lines))
    kinds = {name: kind.with_fields(extra.get(name, ())) for name, kind in KINDS.items()}
    kinds.update(defined)
    return Config(
        root,
        company,
        data["currency"],
        data.get("locale", "en_GB"),
        rates,
        data.get("payment_terms_days", 14),
        kinds,
        data.get("accounts", {}),
        text,
        tuple(data.get("interest_rates", ())),
    )


def _check_company(company: dict[str, Any], out: Collector) -> None:
    country = company.get("address", {}).get("country", "")
    checks = (
        ("vat_id", lambda v: vat_id_problem(v, country)),
        ("company_id", lambda v: company_id_problem(v, country)),
        ("iban", iban_problem),
        ("bic", bic_problem),
    )
    for name, check in checks:
        if name in company and (reason := check(company[name])):
            out.error(
                f"invalid-{name.replace('_', '-')}",
                f"company {name} {company[name]} is not valid: {reason}",
                ("company", name),
            )


def _vat_rates(items: list[Any], out: Collector) -> Iterable[VatRate]:
    for index, item in enumerate(items):
        where = ("vat_rates", index)
        if isinstance(item, dict):
            rate = convert(_RATE, item, where, out)
            if rate is not INVALID and "rate" in rate:  # else reported already
                yield VatRate(rate["rate"], rate.get("from"), rate.get("to"))
        else:
            value = convert(_RATE.fields[0], item, where, out)
            if value is not INVALID:
                yield VatRate(value)


def _check_interest_rates(items: Iterable[Any], out: Collector) -> None:
    """A reference rate belongs to a calendar half-year: caught here, at its line,
    rather than when ``remind`` first needs it."""
    for index, item in enumerate(items):
        start = item.get("from") if isinstance(item, dict) else None
        if isinstance(start, date) and half_year_start(start) != start:
            out.error(
                "invalid-value",
                f"interest_rates from {start} is not the first day "
                "of a half-year (1 January or 1 July)",
                ("interest_rates", index, "from"),
            )


def _extra_kinds(
    fields: dict[str, Any],
    defined: Mapping[str, Kind],
    out: Collector,
) -> Iterable[tuple[str, dict[str, Any]]]:
    for kind, spec in fields.items():
        if kind in defined:
            out.error(
                "unknown-kind",
                f"fields: {kind} is a kind of this repository; declare "
                f"its fields under kinds: {kind}: fields:",
                ("fields", kind),
                on_key=True,
            )
        elif kind not in KINDS:
            out.error(
                "unknown-kind", f"fields: unknown kind '{kind}'", ("fields", kind), on_key=True
            )
        elif not isinstance(spec, dict):
            out.error("invalid-type", f"fields: {kind} must be a mapping", ("fields", kind))
        else:
            yield kind, spec


def _extra_fields(
    kind: str, specs: dict[str, Any], kinds: Mapping[str, Kind], out: Collector
) -> Iterable[Field]:
    builtin = kinds[kind].by_name
    for name, raw in specs.items():
        where = ("fields", kind, name)
        if name in builtin:
            out.error("duplicate-field", f"{kind} already has a field '{name}'", where, on_key=True)
        elif (spec := field_from_spec(name, raw, where, kinds, out)) is not None:
            yield spec
