"""Adding a built-in kind is one module and one registry line: a kind written in a
temporary package and registered (monkeypatched) works with validate (its own record
rule too), list, show and new, with no other code touched."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from conftest import TODAY, RunCli, make_repo
from officectl import model

VEHICLE = '''\
"""Vehicles: the company's cars."""

from officectl.model.common import META, ref
from officectl.rules import record_rule
from officectl.schema import Field, Kind


@record_rule("vehicle-dates", codes=("date-order",),
             reads={"vehicles": ("registered", "retired")})
def vehicle_dates(record, config, out):
    """A car is retired no earlier than it was registered."""
    registered, retired = record.get("registered"), record.get("retired")
    if registered and retired and retired < registered:
        out.error("date-order", f"retired {retired} is before registered {registered}",
                  ("retired",))


KIND = Kind("vehicles", "vehicle", r"VEH-[0-9]{3,}", "VEH-001", description="A company car.",
            fields=(Field("id", "str"), Field("plate", "str", required=True),
                    ref("driver", "staff"), Field("mileage", "int"),
                    Field("fuel", "str", enum=("petrol", "diesel", "electric"),
                          default="electric"),
                    Field("registered", "date"), Field("retired", "date"), META),
            columns=("id", "plate", "driver", "fuel"),
            rules=(vehicle_dates,))
'''


@pytest.fixture
def vehicles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    package = tmp_path / "extra_kinds"
    package.mkdir()
    (package / "__init__.py").write_text("", "utf-8")
    (package / "vehicle.py").write_text(VEHICLE, "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module("extra_kinds.vehicle")
    # The registry line: model.MODULES gains the module, model.KINDS its kind.
    monkeypatch.setattr(model, "MODULES", (*model.MODULES, module))
    monkeypatch.setitem(model.KINDS, module.KIND.name, module.KIND)
    root = make_repo(tmp_path / "books", with_git=False)
    (root / "records/vehicles").mkdir()
    (root / "records/vehicles/VEH-007.yaml").write_text(
        "plate: 1BX 4471\ndriver: EMP-002\nmileage: 48210\n", "utf-8"
    )
    return root


def test_a_builtin_kind_in_one_module(vehicles: Path, run_cli: RunCli) -> None:
    checked = run_cli(vehicles, "validate", "--strict", "--today", TODAY)
    assert checked.exit_code == 0, checked.output
    listed = run_cli(vehicles, "list", "vehicle")
    assert listed.stdout.splitlines()[2].split() == [
        "VEH-007",
        "1BX",
        "4471",
        "EMP-002",
        "electric",
    ]
    shown = json.loads(run_cli(vehicles, "show", "VEH-007", "--format", "json").stdout)
    assert shown["links"][0]["id"] == "EMP-002"
    staff = json.loads(run_cli(vehicles, "show", "EMP-002", "--format", "json").stdout)
    assert {"field": "driver", "id": "VEH-007", "kind": "vehicles", "label": ""} in staff[
        "referrers"
    ]
    made = run_cli(vehicles, "new", "vehicle", "--set", "plate=2AB 1234")
    assert made.exit_code == 0, made.output
    assert (vehicles / "records/vehicles/VEH-008.yaml").read_text("utf-8") == "plate: 2AB 1234\n"
    (vehicles / "records/vehicles/VEH-009.yaml").write_text("plate: x\nmilage: 3\n", "utf-8")
    broken = run_cli(vehicles, "validate")
    assert (
        "records/vehicles/VEH-009.yaml:2:1: error unknown-field: unknown field 'milage'; "
        "did you mean 'mileage'?" in broken.output
    )


def test_a_builtin_kinds_own_record_rule_runs_in_validate(vehicles: Path, run_cli: RunCli) -> None:
    """The rule the kind lists checks its records, at the field's line, and no other
    kind's: the module and its registry line are all it takes."""
    (vehicles / "records/vehicles/VEH-010.yaml").write_text(
        "plate: 3CD 5678\nregistered: 2024-05-01\nretired: 2023-01-31\n", "utf-8"
    )
    (vehicles / "records/vehicles/VEH-011.yaml").write_text(
        "plate: 4EF 9012\nregistered: 2024-05-01\nretired: 2026-06-30\n", "utf-8"
    )
    checked = run_cli(vehicles, "validate", "--today", TODAY)
    assert checked.exit_code == 1, checked.output
    assert (
        "records/vehicles/VEH-010.yaml:3:10: error date-order: "
        "retired 2023-01-31 is before registered 2024-05-01" in checked.output
    )
    assert "VEH-011" not in checked.output and "VEH-007" not in checked.output
    assert checked.output.count("date-order") == 1
