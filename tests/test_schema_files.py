"""The JSON Schemas of ``officectl schema --all -o DIR`` as an editor uses them.

Records are read as the YAML language server reads them (YAML 1.2: ``NO`` is text,
dates are strings) and checked with the ``jsonschema`` library. The schemas accept
every record of the sample, reject wrong types, unknown keys and bad enum values,
and agree with ``validate``'s own loader on each case.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from conftest import PROJECT, RunCli, make_repo
from officectl.config import load_config
from officectl.loader import load_text


def editor_view(text: str) -> Any:
    """The data an editor's YAML 1.2 language server hands to the schema."""
    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    return _dates_as_text(yaml.load(text))


def _dates_as_text(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _dates_as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def export(run_cli: RunCli, root: Path, target: Path) -> dict[str, jsonschema.Validator]:
    result = run_cli(root, "schema", "--all", "-o", str(target))
    assert result.exit_code == 0, result.output
    validators: dict[str, jsonschema.Validator] = {}
    for path in sorted(target.glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        validators[path.name.split(".")[0]] = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
    return validators


@pytest.fixture(scope="module")
def validators(tmp_path_factory: pytest.TempPathFactory) -> dict[str, jsonschema.Validator]:
    from click.testing import CliRunner

    from officectl.cli import cli

    def run(root: Path, *args: str) -> Any:
        return CliRunner().invoke(cli, ["-C", str(root), *args], catch_exceptions=False)

    return export(run, PROJECT, tmp_path_factory.mktemp("schemas"))


def errors(validator: jsonschema.Validator, text: str) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(editor_view(text))]


def loader_codes(relpath: str, text: str) -> set[str]:
    result = load_text(relpath, text, load_config(PROJECT))
    return {p.code for p in result.problems}


def test_one_schema_per_kind(validators: dict[str, jsonschema.Validator]) -> None:
    assert set(validators) == set(load_config(PROJECT).kinds)


def test_every_sample_record_is_valid(validators: dict[str, jsonschema.Validator]) -> None:
    checked = 0
    for kind, validator in validators.items():
        for path in sorted((PROJECT / "records" / kind).rglob("*.yaml")):
            assert errors(validator, path.read_text(encoding="utf-8")) == [], path
            checked += 1
    assert checked == len(list((PROJECT / "records").rglob("*.yaml")))


INVOICE = (PROJECT / "records/invoices/2026/INV-2026-0027.yaml").read_text(encoding="utf-8")
CUSTOMER = (PROJECT / "records/customers/CUS-0012.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("kind", "old", "new", "loader_code"),
    [
        ("invoices", "quantity: 9", "quantity: [9]", "invalid-type"),
        ("invoices", "status: issued", "status: issued\nreverse_charge: 'yes'", "invalid-type"),
        ("invoices", "issue_date: 2026-11-16", "issue_date: [2026]", "invalid-type"),
        ("invoices", "customer: CUS-0009", "customer: {id: CUS-0009}", "invalid-type"),
        ("invoices", "status: issued", "status: issued\ncolour: red", "unknown-field"),
        ("invoices", "    vat_rate: 0", "    vat_rate: 0\n    discount: 5", "unknown-field"),
        ("invoices", "status: issued", "status: sent", "invalid-value"),
        ("invoices", "currency: EUR", "currency: EURO", "invalid-currency"),
        ("invoices", "customer: CUS-0009", "customer: DEAL-0009", None),
        ("invoices", "lines:", "payments: [~]\nlines:", "invalid-type"),
        ("customers", "status: lead", "status: prospect", "invalid-value"),
        ("customers", "country: CZ", "country: Czechia", "invalid-country"),
        ("customers", "tags: [wine, trade-fair-2026]", "tags: wine", "invalid-type"),
        ("customers", "name: ", "id: CUS-12\nname: ", "id-mismatch"),
        ("customers", "name: Vinařství Pálava s.r.o.\n", "", "missing-field"),
    ],
)
def test_schemas_reject_what_validate_rejects(
    validators: dict[str, jsonschema.Validator],
    kind: str,
    old: str,
    new: str,
    loader_code: str | None,
) -> None:
    original = INVOICE if kind == "invoices" else CUSTOMER
    assert old in original
    text = original.replace(old, new, 1)
    assert errors(validators[kind], text), text
    if loader_code is not None:  # a reference of the wrong kind is a repository check
        relpath = f"records/{kind}/{'INV-2026-0027' if kind == 'invoices' else 'CUS-0012'}.yaml"
        assert loader_code in loader_codes(relpath, text)


@pytest.mark.parametrize(
    ("kind", "old", "new"),
    [
        ("invoices", "unit_price: 800.00", "unit_price: '800.0'"),
        ("invoices", "quantity: 9", "quantity: 9.000"),
        ("invoices", "exchange_rate: 24.305", "exchange_rate: '24.305'"),
        ("invoices", "issue_date: 2026-11-16", "issue_date: '2026-11-16'"),
        ("invoices", "notes: ", "meta: {anything: [1, {deep: true}]}\nnotes: "),
        ("invoices", "status: issued", "status: issued\nreverse_charge:"),
        ("customers", "country: CZ", "country: NO"),
        ("customers", 'postal_code: "?692 01"?', "postal_code: 69201"),
        ("customers", "name: ", "payment_terms_days: '30'\nname: "),
        ("customers", "name: ", "id: CUS-0012\nname: "),
    ],
)
def test_schemas_accept_what_validate_accepts(
    validators: dict[str, jsonschema.Validator], kind: str, old: str, new: str
) -> None:
    original = INVOICE if kind == "invoices" else CUSTOMER
    text, replaced = re.subn(old, new, original, count=1)  # the sample's quoting may change
    assert replaced == 1
    assert errors(validators[kind], text) == []
    relpath = f"records/{kind}/{'INV-2026-0027' if kind == 'invoices' else 'CUS-0012'}.yaml"
    codes = loader_codes(relpath, text) - {"invalid-vat-id", "invalid-company-id"}
    assert codes == set()


def test_extra_fields_from_the_configuration(tmp_path: Path, run_cli: RunCli) -> None:
    root = make_repo(tmp_path / "books", with_git=False)
    config = root / "officectl.yaml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + (
            "fields:\n  customers:\n"
            "    segment: {type: str, enum: [smb, enterprise], required: true}\n"
            "    partner: {type: ref, kind: customers}\n"
        ),
        encoding="utf-8",
    )
    customers = export(run_cli, root, tmp_path / "schemas")["customers"]
    assert errors(customers, CUSTOMER + "segment: smb\npartner: CUS-0001\n") == []
    assert errors(customers, CUSTOMER + "segment: huge\n")
    assert errors(customers, CUSTOMER + "segment: smb\npartner: EMP-001\n")
    assert any("'segment' is a required property" in e for e in errors(customers, CUSTOMER))
