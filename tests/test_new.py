"""``officectl new``: the next free ID, a canonical file, refusal of what would not validate."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PROJECT, TODAY, RunCli, git

NEXT_CUSTOMER = "CUS-{:04d}".format(
    1 + max(int(p.stem[4:]) for p in (PROJECT / "records/customers").glob("CUS-*.yaml"))
)
"""The ID ``new customer`` gives in a copy of the sample company."""


def status(root: Path) -> str:
    git(root, "add", "-A")
    return git(root, "status", "--short")


def test_a_new_customer(sample_repo: Path, run_cli: RunCli) -> None:
    result = run_cli(
        sample_repo,
        "new",
        "customer",
        "--set",
        "name=Fjord Consulting AS",
        "--set",
        "country=NO",
        "--set",
        "company_id=921547366",
        "--set",
        "address.city=Bergen",
        "--set",
        "address.postal_code=5013",
        "--set",
        "tags=[maritime, non-eu]",
        "--set",
        "contacts.0.name=Kari",
        "--set",
        "contacts.0.email=kari@fjord.example",
        "--set",
        "notes=yes: quoted",
    )
    assert result.exit_code == 0, result.output
    path = sample_repo / f"records/customers/{NEXT_CUSTOMER}.yaml"
    assert Path(result.stdout.strip()).resolve() == path
    assert (
        path.read_text("utf-8")
        == """\
name: Fjord Consulting AS
country: "NO"
company_id: "921547366"
address:
  city: Bergen
  postal_code: "5013"
contacts:
  - name: Kari
    email: kari@fjord.example
tags: [maritime, non-eu]
notes: "yes: quoted"
"""
    )
    assert status(sample_repo) == f"A  records/customers/{NEXT_CUSTOMER}.yaml\n"
    assert run_cli(sample_repo, "validate", "--today", TODAY).exit_code == 0
    assert run_cli(sample_repo, "fmt", "--check").exit_code == 0


def test_defaults_and_ids_per_kind(sample_repo: Path, run_cli: RunCli) -> None:
    deal = run_cli(
        sample_repo,
        "new",
        "deals",
        "--set",
        "title=Audit",
        "--set",
        "customer=CUS-0004",
        "--set",
        "owner=EMP-002",
        "--set",
        "amount=1200.50",
        "--today",
        "2026-11-30",
    )
    assert deal.exit_code == 0, deal.output
    text = (sample_repo / "records/deals/DEAL-0013.yaml").read_text("utf-8")
    assert "stage: lead\namount: 1200.50\nopened_on: 2026-11-30\n" in text  # its sales cycle starts

    invoice = run_cli(
        sample_repo,
        "new",
        "invoice",
        "--set",
        "customer=CUS-0004",
        "--set",
        "lines.0.description=Audit",
        "--set",
        "lines.0.quantity=1",
        "--set",
        "lines.0.unit_price=1200.50",
        "--set",
        "lines.0.vat_rate=0",
        "--set",
        "reverse_charge=true",
        "--set",
        "deal=DEAL-0013",
    )
    assert invoice.exit_code == 0, invoice.output
    assert (
        (sample_repo / "records/invoices/INV-DRAFT-0003.yaml").read_text("utf-8")
        == """\
customer: CUS-0004
currency: EUR
lines:
  - description: Audit
    quantity: 1
    unit_price: 1200.50
    vat_rate: 0
status: draft
deal: DEAL-0013
reverse_charge: true
"""
    )
    contract = run_cli(
        sample_repo,
        "new",
        "contract",
        "--set",
        "title=Care",
        "--set",
        "customer=CUS-0004",
        "--set",
        "start_date=2027-01-01",
        "--today",
        "2027-01-02",
    )
    assert contract.exit_code == 0, contract.output
    assert (sample_repo / "records/contracts/CON-2027-001.yaml").is_file()
    staff = run_cli(
        sample_repo,
        "new",
        "staff",
        "--set",
        "name=Eva",
        "--set",
        "email=eva@severka.example",
        "--set",
        "department=sales",
        "--set",
        "start_date=2027-01-01",
    )
    assert staff.exit_code == 0, staff.output
    assert (sample_repo / "records/staff/EMP-011.yaml").is_file()
    assert run_cli(sample_repo, "validate", "--today", TODAY).exit_code == 0


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ("customer", "--set", "name=X"),
            1,
            f"{NEXT_CUSTOMER}.yaml:1:1: error missing-field: missing required field 'country'",
        ),
        (
            ("customer", "--set", "name=X", "--set", "country=CZ", "--set", "nmae=Y"),
            1,
            "unknown field 'nmae'; did you mean 'name'?",
        ),
        (
            (
                "deal",
                "--set",
                "title=X",
                "--set",
                "customer=CUS-0099",
                "--set",
                "owner=EMP-001",
                "--set",
                "amount=1",
            ),
            1,
            "customer CUS-0099 does not exist",
        ),
        (
            ("customer", "--set", "name=X", "--set", "country=CZ", "--set", "vat_id=CZ123"),
            1,
            "invalid-vat-id",
        ),
        (("widgets",), 2, "unknown kind 'widgets'"),
        (("customer", "--set", "id=CUS-0100"), 2, "new chooses the next free ID itself"),
        (("customer", "--set", "name"), 2, "expected FIELD=VALUE"),
        (("customer", "--set", "tags=[a"), 2, "--set 'tags=[a'"),
        (("invoice", "--set", "lines.1.description=x"), 2, "list index 1 skips items"),
    ],
)
def test_what_would_not_validate_is_refused(
    sample_repo: Path, run_cli: RunCli, args: tuple[str, ...], code: int, message: str
) -> None:
    result = run_cli(sample_repo, "new", *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert status(sample_repo) == ""
