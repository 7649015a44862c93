"""Documents rendered to HTML: every sample invoice legally complete, labels per
language, record text kept as data, templates sandboxed and overridable."""

from __future__ import annotations

import html
import re
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import RunCli
from officectl.config import load_config
from officectl.documents.filters import Formatter
from officectl.documents.labels import CATALOGUES
from officectl.model.invoice import is_draft, supply_date, totals
from officectl.validation import load_repository

VAT_ID_NAMES = {"CZ": "DIČ", "SK": "IČ DPH", "FI": "ALV-numero", "NO": "MVA-nr.", "DE": "USt-IdNr."}
HOSTILE_NAME = "<script>alert(1)</script> & {{ 7*7 }}"
HOSTILE_LINE = "{% for x in range(3) %}loop{% endfor %} {{ config }}"


def page_text(markup: str) -> str:
    """What a reader sees: tags and the <head> dropped, entities decoded, spaces collapsed."""
    body = markup.split("<body", 1)[1]
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    return " ".join(text.replace("\xa0", " ").split())


def render_html(run_cli: RunCli, root: Path, *args: str) -> str:
    result = run_cli(root, "render", *args, "--format", "html", "-o", str(root / "out"))
    assert result.exit_code == 0, result.output
    [path] = result.stdout.split()
    return Path(path).read_text(encoding="utf-8")


def write_template(root: Path, name: str, text: str) -> Path:
    path = root / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_every_sample_invoice_renders_with_its_mandatory_items(
    sample_repo: Path, run_cli: RunCli
) -> None:
    result = run_cli(sample_repo, "render", "--all", "invoices", "--format", "html")
    assert result.exit_code == 0, result.output
    repo, _ = load_repository(load_config(sample_repo))
    invoices = repo.of_kind("invoices")
    assert len(result.stdout.split()) == len(invoices) > 40
    fmt = Formatter("cs_CZ")
    for record in invoices:
        text = page_text((sample_repo / "reports" / f"{record.id}.html").read_text("utf-8"))
        data = record.data
        customer = repo.records[data["customer"]].data
        money = lambda amount, data=data: fmt.money(amount, data["currency"])  # noqa: E731
        expected = [
            "Severka Digital s.r.o.",
            "Údolní 53",
            "602 00 Brno",
            "IČO 29083419",
            "DIČ CZ29083419",
            customer["name"],
            money(totals(data).total),
        ]
        if "vat_id" in customer:  # named as where it was issued
            expected += [f"{VAT_ID_NAMES[customer['country']]} {customer['vat_id']}"]
        expected += [line["description"] for line in data["lines"]]
        expected += [fmt.amount(line["unit_price"]) for line in data["lines"]]
        expected += [f"{fmt.percent(line['vat_rate'])}" for line in data["lines"]]
        if is_draft(record.id):
            expected += ["Návrh faktury (proforma)", "Nejedná se o daňový doklad"]
        else:
            expected += [
                f"Číslo {'dokladu' if 'credit_note_for' in data else 'faktury'} {record.id}",
                f"Datum vystavení {fmt.date(data['issue_date'])}",
                f"Variabilní symbol {record.id[4:8]}{record.id[9:]}",
            ]
            if "credit_note_for" in data:  # dated by its correction, asks for no payment
                expected += [f"Datum uskutečnění opravy {fmt.date(supply_date(data))}"]
                assert "Datum splatnosti" not in text
            else:
                expected += [
                    f"Datum zdanitelného plnění {fmt.date(supply_date(data))}",
                    f"Datum splatnosti {fmt.date(data['due_date'])}",
                ]
        if data.get("reverse_charge"):
            expected += ["Přenesení daňové povinnosti", "Daň odvede zákazník"]
        else:
            expected += [money(rate.vat) for rate in totals(data).by_rate]
        if data["currency"] != "CZK":
            expected += [f"Kurz: 1 {data['currency']} = {fmt.number(data['exchange_rate'])} CZK"]
        if "credit_note_for" in data:
            expected += [
                "Opravný daňový doklad",
                f"Opravovaný doklad: {data['credit_note_for']}",
                "Rozdíly",
                "Po opravě",
            ]
        elif not is_draft(record.id):  # a draft asks for no payment (nothing to match it by)
            expected += ["IBAN CZ65 0800 0000 1920 0014 5399", "BIC/SWIFT GIBACZPX"]
        missing = [item for item in expected if item.replace("\xa0", " ") not in text]
        assert not missing, f"{record.id} lacks {missing}"


def test_label_catalogues_have_the_same_keys() -> None:
    keys = {lang: set(labels) for lang, labels in CATALOGUES.items()}
    assert keys["cs"] == keys["fi"] == keys["en"]
    assert all(
        value
        for labels in CATALOGUES.values()
        for value in labels.values()
        if value != labels.get("tax_document")
    )


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "en",
            [
                "Invoice",
                "Reverse charge",
                "the customer accounts for the VAT",
                "VAT summary in CZK",
                "Exchange rate: 1 EUR = 24.310 CZK",
                "€4,800.00",
            ],
        ),
        (
            "fi",
            [
                "Lasku",
                "Käännetty verovelvollisuus",
                "Eräpäivä 4.12.2026",
                "4 800,00 €",
                "IČO 29083419",
                "IČO 51697246",
            ],
        ),
        (
            "cs",
            [
                "Faktura",
                "Daň odvede zákazník",
                "Datum splatnosti 4. 12. 2026",
                "4 800,00 €",
                "116 688,00 Kč",
            ],
        ),
    ],
)
def test_lang_switches_labels_and_formats(
    sample_repo: Path, run_cli: RunCli, lang: str, words: list[str]
) -> None:
    text = page_text(render_html(run_cli, sample_repo, "INV-2026-0028", "--lang", lang))
    assert [w for w in words if w not in text] == []


@pytest.mark.parametrize("lang", ["cs", "fi", "en"])
def test_identifiers_keep_their_own_names_in_every_language(
    sample_repo: Path, run_cli: RunCli, lang: str
) -> None:
    """A Czech IČO is no Y-tunnus, and a Czech variable symbol no Finnish viite."""
    text = page_text(render_html(run_cli, sample_repo, "INV-2026-0017", "--lang", lang))
    assert "IČO 29083419" in text and "Y-tunnus 29083419" not in text
    assert "Y-tunnus 1937246-1" in text  # the Finnish customer's
    assert "Viite" not in text
    symbol = {"cs": "Variabilní symbol", "fi": "Variabilní symbol (VS)", "en": "Variable symbol"}[
        lang
    ]
    assert f"{symbol} 20260017" in text


def test_reverse_charge_invoice_shows_no_vat_amount(sample_repo: Path, run_cli: RunCli) -> None:
    text = page_text(render_html(run_cli, sample_repo, "INV-2026-0028"))
    assert "DPH bez DPH" in text
    assert "DPH celkem" not in text
    assert not re.search(r"(?<!\d )(?<!\d)0,00 €", text)


def test_hostile_record_text_stays_escaped_and_literal(sample_repo: Path, run_cli: RunCli) -> None:
    customer = sample_repo / "records" / "customers" / "CUS-0002.yaml"
    customer.write_text(
        customer.read_text("utf-8").replace("name: Zelená Louka s.r.o.", f"name: '{HOSTILE_NAME}'"),
        encoding="utf-8",
    )
    invoice = sample_repo / "records" / "invoices" / "2026" / "INV-2026-0025.yaml"
    invoice.write_text(
        invoice.read_text("utf-8").replace(
            "description: Provoz e-shopu a SEO — listopad 2026", f"description: '{HOSTILE_LINE}'"
        ),
        encoding="utf-8",
    )
    markup = render_html(run_cli, sample_repo, "INV-2026-0025")
    assert "<script>" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; {{ 7*7 }}" in markup
    text = page_text(markup)
    assert HOSTILE_NAME in text and HOSTILE_LINE in text
    assert "49" not in text and "looplooploop" not in text

    contract = render_markdown(run_cli, sample_repo, "CON-2026-002")
    assert "<script>" not in contract
    assert r"&lt;script&gt;alert(1)&lt;/script&gt; &amp; \{\{ 7\*7 \}\}" in contract


def render_markdown(run_cli: RunCli, root: Path, record_id: str) -> str:
    result = run_cli(root, "render", record_id, "--format", "md")
    assert result.exit_code == 0, result.output
    return (root / "reports" / f"{record_id}.md").read_text(encoding="utf-8")


def test_contract_markdown_has_parties_terms_billing_and_signatures(
    sample_repo: Path, run_cli: RunCli
) -> None:
    text = render_markdown(run_cli, sample_repo, "CON-2026-002")
    for item in [
        "# Smlouva CON-2026-002: Provoz e-shopu a SEO",
        "**Dodavatel:** Severka Digital s.r.o., Údolní 53, 602 00 Brno",
        "**Odběratel:** Zelená Louka s.r.o.",
        "IČO 06182755",
        "| Účinnost od | 1. 4. 2026 |",
        "| Výpovědní lhůta | 60 dní |",
        "| Cena bez DPH | 28\xa0000,00\xa0Kč |",
        "| Fakturováno | měsíčně |",
        "| Martin Dvořák, Head of Sales | Barbora Němcová |",
    ]:
        assert item in text


@pytest.mark.parametrize(
    "payload",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ lipsum.__globals__['os'] }}",
        "{{ invoice.update({'customer': 'x'}) }}",
        "{{ lines.append(1) }}",
        "{{ t.__class__ }}",
    ],
)
def test_template_reaching_for_python_internals_is_refused(
    sample_repo: Path, run_cli: RunCli, payload: str
) -> None:
    write_template(sample_repo, "invoice.html", f"<p>\n{payload}\n</p>\n")
    result = run_cli(sample_repo, "render", "INV-2026-0025", "--format", "html")
    assert result.exit_code == 1
    assert "templates/invoice.html:2: template refused by the sandbox" in result.stderr
    assert "Traceback" not in result.output
    assert not (sample_repo / "reports" / "INV-2026-0025.html").exists()


def test_template_syntax_error_names_file_and_line(sample_repo: Path, run_cli: RunCli) -> None:
    write_template(sample_repo, "invoice.html", "<p>\n\n{% if %}\n</p>\n")
    result = run_cli(sample_repo, "render", "INV-2026-0025", "--format", "html")
    assert result.exit_code == 2
    assert "templates/invoice.html:3: template syntax error" in result.stderr


def test_undefined_name_is_an_error_not_a_blank(sample_repo: Path, run_cli: RunCli) -> None:
    write_template(
        sample_repo, "invoice.html", "<p>{{ supplier.name }}</p>\n<p>{{ t.no_such_label }}</p>\n"
    )
    result = run_cli(sample_repo, "render", "INV-2026-0025", "--format", "html")
    assert result.exit_code == 2
    assert "templates/invoice.html:2:" in result.stderr
    assert "no_such_label" in result.stderr


def test_symlinked_template_outside_the_repository_is_refused(
    sample_repo: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    (sample_repo / "templates" / "invoice.html").symlink_to(secret)
    result = run_cli(sample_repo, "render", "INV-2026-0025", "--format", "html")
    assert result.exit_code == 1
    assert "templates/invoice.html is not a file in templates/" in result.stderr
    assert "TOP SECRET" not in result.output


def test_record_files_are_never_template_source(sample_repo: Path, run_cli: RunCli) -> None:
    customer = sample_repo / "records" / "customers" / "CUS-0001.yaml"
    customer.write_text(customer.read_text("utf-8") + "notes: '{{ 7*7 }}'\n", "utf-8")
    page = sample_repo / "page.html"
    page.write_text('{% include "records/customers/CUS-0001.yaml" %}\n', encoding="utf-8")
    result = run_cli(
        sample_repo, "render", "INV-2026-0025", "--template", str(page), "--format", "html"
    )
    assert result.exit_code == 2  # includes come from templates/ and the built-ins only
    assert "template 'records/customers/CUS-0001.yaml' not found" in result.stderr
    assert "49" not in result.output
    named = run_cli(
        sample_repo, "render", "INV-2026-0025", "--template", str(customer), "--format", "html"
    )
    assert named.exit_code == 2
    assert "is a record file: records are data, never template source" in named.stderr


def test_repository_templates_override_builtins_by_name(sample_repo: Path, run_cli: RunCli) -> None:
    listing = run_cli(sample_repo, "templates")
    assert listing.exit_code == 0
    assert re.search(r"^invoice\.html\s+built-in$", listing.stdout, re.MULTILINE)
    assert re.search(r"^contract\.md\s+built-in$", listing.stdout, re.MULTILINE)

    copied = run_cli(sample_repo, "templates", "--copy", "document.css")
    assert copied.exit_code == 0, copied.output
    css = sample_repo / "templates" / "document.css"
    css.write_text(
        css.read_text("utf-8").replace("--accent: #1d4e6b;", "--accent: #aa0000;"), encoding="utf-8"
    )
    listing = run_cli(sample_repo, "templates")
    assert re.search(
        r"^document\.css\s+repository\s+templates/document\.css\s+"
        r"\(overrides the built-in\)$",
        listing.stdout,
        re.MULTILINE,
    )
    markup = render_html(run_cli, sample_repo, "INV-2026-0025")
    assert "--accent: #aa0000;" in markup

    again = run_cli(sample_repo, "templates", "--copy", "document.css")
    assert again.exit_code == 2 and "exists already" in again.stderr
    unknown = run_cli(sample_repo, "templates", "--copy", "nope.html")
    assert unknown.exit_code == 2 and "invoice.html" in unknown.stderr


def test_custom_template_renders_any_kind_with_its_links(
    sample_repo: Path, run_cli: RunCli
) -> None:
    write_template(
        sample_repo,
        "card.html",
        "<p>{{ record.name }} / {{ linked.account_manager.name }} / "
        "{{ record.payment_terms_days | default(14) }}</p>\n",
    )
    result = run_cli(
        sample_repo, "render", "CUS-0008", "--template", "card.html", "--format", "html"
    )
    assert result.exit_code == 0, result.output
    text = (sample_repo / "reports" / "CUS-0008.html").read_text("utf-8")
    assert text.startswith("<p>Nordlicht Analytics GmbH / ")
    assert text.endswith(" / 30</p>\n")


def test_same_records_give_byte_identical_html(sample_repo: Path, run_cli: RunCli) -> None:
    first = render_html(run_cli, sample_repo, "INV-2026-0024")
    (sample_repo / "out" / "INV-2026-0024.html").unlink()
    assert render_html(run_cli, sample_repo, "INV-2026-0024") == first


@pytest.mark.parametrize("locale", ["cs_CZ", "fi_FI", "en_GB"])
def test_a_zero_is_never_printed_negative(locale: str) -> None:
    """0 % VAT on a credit note's negative base is -0.00 to Decimal; on paper it is 0."""
    fmt = Formatter(locale)
    for zero in (Decimal("-0.00"), Decimal("-0"), Decimal("-0.004")):
        assert "-" not in fmt.money(zero, "EUR") and "−" not in fmt.money(zero, "EUR")
        assert "-" not in fmt.amount(zero) and "−" not in fmt.amount(zero)
    assert fmt.money(Decimal("-1.50"), "EUR").replace("−", "-").count("-") == 1


def test_templates_never_see_salaries_or_personal_ids(sample_repo: Path, run_cli: RunCli) -> None:
    """A template may come from a pull request: it sees staff as `list` does."""
    write_template(sample_repo, "dump.md", "{{ linked.account_manager }}\n")
    write_template(sample_repo, "self.md", "{{ record }}\n")
    write_template(sample_repo, "reach.md", "{{ linked.account_manager.salary }}\n")
    dumped = run_cli(sample_repo, "render", "CUS-0002", "--template", "dump.md")
    itself = run_cli(sample_repo, "render", "EMP-002", "--template", "self.md")
    assert dumped.exit_code == itself.exit_code == 0, dumped.output + itself.output
    text = "".join(
        (sample_repo / f"reports/{i}.md").read_text("utf-8") for i in ("CUS-0002", "EMP-002")
    )
    assert "EMP-002" in text and "salary" not in text and "personal_id" not in text
    staff = (sample_repo / "records/staff/EMP-002.yaml").read_text("utf-8")
    assert staff.split("amount: ", 1)[1].split()[0] not in text  # 98000.00
    reached = run_cli(sample_repo, "render", "CUS-0002", "--template", "reach.md")
    assert reached.exit_code == 2
    assert "has no attribute 'salary'" in reached.stderr


@pytest.mark.parametrize("target", ["/etc/passwd", "../officectl.yaml", "nosuch.html"])
def test_an_include_that_cannot_be_had_names_its_place(
    sample_repo: Path, run_cli: RunCli, target: str
) -> None:
    write_template(sample_repo, "page.md", f'line one\n{{% include "{target}" %}}\n')
    result = run_cli(sample_repo, "render", "INV-2026-0025", "--template", "page.md")
    assert result.exit_code == 2
    assert f"templates/page.md:2: template '{target}' not found" in result.stderr
    assert "root:" not in result.output
