"""``officectl.yaml``: the company (checksummed identifiers), dated VAT rates and the
repo-defined extra fields of ``fields:``, validated like built-ins. A broken
configuration stops ``validate`` with exit 2 and every problem as ``file:line:col``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from cases.books import CONFIG, FINNISH_CONFIG, BooksCase, marks
from conftest import TODAY, RunCli
from officectl.config import VatRate, load_config
from officectl.errors import ConfigError


@pytest.fixture
def books(tmp_path: Path) -> BooksCase:
    return BooksCase(tmp_path / "books")


def config_error(books: BooksCase, text: str) -> tuple[str, list[tuple[int, int]]]:
    """The ConfigError's message for ``text`` (with markers) and the markers' places."""
    clean, places = marks(text)
    books.config(clean)
    with pytest.raises(ConfigError) as caught:
        load_config(books.root)
    return str(caught.value), places


def test_the_sample_configuration_loads(books: BooksCase) -> None:
    config = load_config(books.root)
    assert (config.currency, config.locale, config.payment_terms_days) == ("CZK", "cs_CZ", 14)
    assert [rate.rate for rate in config.vat_rates] == [Decimal(21), Decimal(12), Decimal(0)]
    assert config.company_country == "CZ"


def test_dated_vat_rates_load(books: BooksCase) -> None:
    books.config(FINNISH_CONFIG)
    config = load_config(books.root)
    assert config.vat_rates[:4] == (
        VatRate(Decimal("25.5"), date(2024, 9, 1), None),
        VatRate(Decimal(24), None, date(2024, 8, 31)),
        VatRate(Decimal(14), date(2025, 1, 1), date(2025, 12, 31)),
        VatRate(Decimal("13.5"), date(2026, 1, 1), None),
    )
    assert config.vat_rate_allowed(Decimal("24.0"), date(2024, 8, 31))
    assert not config.vat_rate_allowed(Decimal(24), date(2024, 9, 1))
    assert config.vat_rate_allowed(Decimal("13.50"), date(2026, 1, 1))
    assert not config.vat_rate_allowed(Decimal("13.5"), date(2025, 12, 31))


# -- problems in officectl.yaml --------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("vat_id: CZ29083419", "vat_id: »CZ29083418", "invalid-vat-id"),
        ('company_id: "29083419"', 'company_id: »"29083418"', "invalid-company-id"),
        ("iban: CZ6508000000192000145399", "iban: »CZ6508000000192000145398", "invalid-iban"),
        ("bic: GIBACZPX", "bic: »GIBACZ", "invalid-bic"),
        ("currency: CZK", "currency: »CZ", "invalid-currency"),
        ("locale: cs_CZ", "locale: »cs", "invalid-value"),
        ("vat_rates: [21, 12, 0]", "vat_rates: [21, »x, 0]", "invalid-type"),
        ("vat_rates: [21, 12, 0]", "vat_rates: [21, »101]", "out-of-range"),
        (
            "vat_rates: [21, 12, 0]",
            "vat_rates: [21, {rate: 10, from: »2026-02-30}]",
            "invalid-date",
        ),
        ("vat_rates: [21, 12, 0]", "vat_rates: [21, »{from: 2026-01-01}]", "missing-field"),
        ("payment_terms_days: 14", "»payment_term_days: 14", "unknown-field"),
        ("  email: billing@severka.example", "  email: »billing", "invalid-email"),
    ],
)
def test_a_problem_in_the_configuration(books: BooksCase, old: str, new: str, code: str) -> None:
    assert CONFIG.count(old) == 1
    message, places = config_error(books, CONFIG.replace(old, new))
    line, column = places[0]
    assert message.splitlines()[0] == "invalid configuration:"
    assert message.splitlines()[1].startswith(f"officectl.yaml:{line}:{column}: {code}: ")
    assert len(message.splitlines()) == 2


def test_unknown_key_in_the_configuration_has_a_hint(books: BooksCase) -> None:
    message, _ = config_error(books, CONFIG + "curency: EUR\n")
    assert "unknown field 'curency'; did you mean 'currency'?" in message


def test_missing_required_settings(books: BooksCase) -> None:
    message, _ = config_error(books, "company: {name: X}\n")
    assert message.splitlines()[1:] == [
        "officectl.yaml:1:1: missing-field: missing required field 'currency'",
        "officectl.yaml:1:1: missing-field: missing required field 'vat_rates'",
    ]


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("company: [\n", "yaml-syntax", 2),
        ("", "yaml-empty", 1),
        ("- a\n", "yaml-not-mapping", 1),
        ("a: 1\na: 2\n", "yaml-duplicate-key", 2),
    ],
)
def test_an_unreadable_configuration(books: BooksCase, text: str, code: str, line: int) -> None:
    books.config(text)
    with pytest.raises(ConfigError, match=f"^officectl.yaml:{line}:1: {code}: "):
        load_config(books.root)


def test_a_country_outside_the_eu_is_checked_with_its_rule(books: BooksCase) -> None:
    norwegian = (
        CONFIG.replace("country: CZ", "country: NO")
        .replace('company_id: "29083419"', 'company_id: "921547366"')
        .replace("vat_id: CZ29083419", "vat_id: NO921547366MVA")
    )
    books.config(norwegian)
    assert load_config(books.root).company_country == "NO"
    message, places = config_error(books, norwegian.replace("NO921547366MVA", "»NO921547367MVA"))
    assert f"officectl.yaml:{places[0][0]}:{places[0][1]}: invalid-vat-id" in message


# -- through the command line: exit 2 with file:line -----------------------------------


def test_a_bad_configuration_exits_2(books: BooksCase, run_cli: RunCli) -> None:
    books.config(CONFIG.replace("vat_id: CZ29083419", "vat_id: CZ29083418"))
    result = run_cli(books.root, "validate", "--today", TODAY)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "officectl.yaml:5:11: invalid-vat-id: company vat_id CZ29083418 is not valid" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr


def test_a_configuration_with_a_syntax_error_exits_2(books: BooksCase, run_cli: RunCli) -> None:
    books.config(CONFIG + "fields: {customers: [\n")
    result = run_cli(books.root, "validate", "--today", TODAY)
    assert result.exit_code == 2
    assert "officectl.yaml:14:1: yaml-syntax" in result.stderr


# -- extra fields (fields:) --------------------------------------------------------------

FIELDS = (
    CONFIG
    + """\
fields:
  customers:
    segment: {type: str, enum: [smb, enterprise], required: true}
    partner: {type: ref, kind: customers}
    crm_code: {type: str, pattern: "[A-Z]{3}-[0-9]+"}
    seats: {type: int, min: 1, max: 500}
    discount: {type: decimal, min: 0, max: 0.5}
    vip: {type: bool}
    since: {type: date}
    billing_email: {type: email}
    owners: {type: list, items: ref, kind: staff}
    renewals: {type: list, items: date}
  deals:
    source: {type: str, enum: [web, referral, event]}
"""
)

FULL = """\
name: Acme
country: CZ
segment: smb
partner: CUS-0001
crm_code: ACM-42
seats: 12
discount: 0.15
vip: true
since: 2020-02-29
billing_email: ap@acme.example
owners: [EMP-001]
renewals: [2026-01-01, 2027-01-01]
"""


@pytest.fixture
def extra(books: BooksCase) -> BooksCase:
    books.config(FIELDS)
    books.add("customers/CUS-0001", "name: Severka\ncountry: CZ\nsegment: enterprise\n")
    return books


def test_extra_fields_pass_when_valid(extra: BooksCase) -> None:
    extra.add("customers/CUS-0002", FULL)
    extra.add(
        "deals/DEAL-0001",
        "title: T\ncustomer: CUS-0002\nowner: EMP-001\nstage: lead\namount: 1\nsource: web\n",
    )
    assert extra.problems() == []


def test_a_required_extra_field(extra: BooksCase) -> None:
    path = extra.add("customers/CUS-0002", "»name: Acme\ncountry: CZ\n")
    assert extra.problems() == [extra.at(path, "error", "missing-field")]
    assert extra.messages() == ["missing required field 'segment'"]


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("segment: smb", "segment: »SMB", "invalid-value"),
        ("partner: CUS-0001", "partner: »CUS-0404", "ref-missing"),
        ("partner: CUS-0001", "partner: »EMP-001", "ref-wrong-kind"),
        ("crm_code: ACM-42", "crm_code: »acm-42", "pattern-mismatch"),
        ("seats: 12", "seats: »12.5", "invalid-type"),
        ("seats: 12", "seats: »501", "out-of-range"),
        ("seats: 12", "seats: »0", "out-of-range"),
        ("discount: 0.15", "discount: »0.51", "out-of-range"),
        ("discount: 0.15", "discount: »lots", "invalid-type"),
        ("vip: true", "vip: »yes", "invalid-type"),
        ("since: 2020-02-29", "since: »2021-02-29", "invalid-date"),
        ("billing_email: ap@acme.example", "billing_email: »ap.acme.example", "invalid-email"),
        ("owners: [EMP-001]", "owners: [EMP-001, »EMP-404]", "ref-missing"),
        ("owners: [EMP-001]", "owners: [»CUS-0001]", "ref-wrong-kind"),
        ("owners: [EMP-001]", "owners: »EMP-001", "invalid-type"),
        (
            "renewals: [2026-01-01, 2027-01-01]",
            "renewals: [2026-01-01, »2027-02-30]",
            "invalid-date",
        ),
    ],
)
def test_extra_fields_are_validated_like_built_ins(
    extra: BooksCase, old: str, new: str, code: str
) -> None:
    assert FULL.count(old) == 1
    path = extra.add("customers/CUS-0002", FULL.replace(old, new))
    assert extra.problems() == [extra.at(path, "error", code)]


def test_an_extra_enum_with_did_you_mean(extra: BooksCase) -> None:
    path = extra.add(
        "deals/DEAL-0001",
        "title: T\ncustomer: CUS-0001\nowner: EMP-001\nstage: lead\namount: 1\nsource: »referal\n",
    )
    assert extra.problems() == [extra.at(path, "error", "invalid-value")]
    assert extra.messages() == [
        "source must be one of web, referral, event; got 'referal'; did you mean 'referral'?"
    ]


def test_extra_fields_belong_to_their_kind(extra: BooksCase) -> None:
    path = extra.add(
        "deals/DEAL-0001",
        "title: T\ncustomer: CUS-0001\nowner: EMP-001\nstage: lead\namount: 1\n»segment: smb\n",
    )
    assert extra.problems() == [extra.at(path, "error", "unknown-field")]


def test_enums_of_numbers_and_booleans(books: BooksCase) -> None:
    books.config(
        CONFIG + "fields:\n  customers:\n    tier: {type: int, enum: ['1', '2']}\n"
        "    flag: {type: bool, enum: ['true']}\n"
    )
    books.add("customers/CUS-0002", "name: Acme\ncountry: CZ\ntier: 2\nflag: true\n")
    assert books.problems() == []
    path = books.add("customers/CUS-0002", "name: Acme\ncountry: CZ\ntier: »3\nflag: »false\n")
    assert books.problems() == [
        books.at(path, "error", "invalid-value", 0),
        books.at(path, "error", "invalid-value", 1),
    ]


@pytest.mark.parametrize(
    ("declaration", "code"),
    [
        ("»customer: {x: {type: str}}", "unknown-kind"),
        ("customers: {x: {type: »float}}", "invalid-value"),
        ("customers: {x: »{required: true}}", "missing-field"),
        ("customers: {x: »{type: ref}}", "missing-field"),
        ("customers: {x: »{type: list, items: ref}}", "missing-field"),
        ("customers: {x: {type: str, pattern: »'[a-'}}", "invalid-pattern"),
        ("customers: {x: {type: str, pattern: »'(a)\\1'}}", "invalid-pattern"),  # RE2: no backrefs
        ("customers: {x: {type: str, pattern: »'(?<=a)b'}}", "invalid-pattern"),
        ("customers: {x: {type: str, min: »3}}", "invalid-value"),
        ("customers: {x: {type: date, max: »3}}", "invalid-value"),
        ("customers: {x: {type: int, max: 1, min: »5}}", "invalid-value"),
        ("customers: {x: {type: ref, kind: »customer}}", "unknown-kind"),
        ("customers: {x: {type: str, kind: »customers}}", "invalid-value"),
        ("customers: {x: {type: int, default: »many}}", "invalid-type"),
        ("customers: {»name: {type: str}}", "duplicate-field"),
        ("customers: {x: {type: str, »requried: true}}", "unknown-field"),
        ("customers: »[x]", "invalid-type"),
    ],
)
def test_a_bad_extra_field_declaration(books: BooksCase, declaration: str, code: str) -> None:
    message, places = config_error(books, CONFIG + "fields: {" + declaration + "}\n")
    line, column = places[0]
    assert message.splitlines()[1].startswith(f"officectl.yaml:{line}:{column}: {code}: ")
    assert len(message.splitlines()) == 2
