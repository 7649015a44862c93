"""Record text never drives a terminal: an OSC 52 sequence (which writes the
clipboard), a BEL or a bidirectional override in a record is printed as a visible
escape by every output a person reads; JSON stays exact JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import RunCli
from officectl.terminal import visible

OSC52 = "\x1b]52;c;ZWNobyBoaQ==\x07"
BIDI = "\u202e"
RAW = (OSC52, "\x1b", "\x07", "\x9b", BIDI, "\u2066")


def write_hostile(root: Path) -> None:
    (root / "records" / "customers" / "CUS-0999.yaml").write_text(
        'name: "Evil \\e]52;c;ZWNobyBoaQ==\\a \\u202etxt \\x9b"\ncountry: CZ\n'
        'status: "\\e]52;c;ZWNobyBoaQ==\\a\\u202e\\u2066"\n',
        encoding="utf-8",
    )


def assert_clean(text: str) -> None:
    for raw in RAW:
        assert raw not in text, repr(text)


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_validate_prints_control_characters_as_escapes(
    sample_repo: Path, run_cli: RunCli, fmt: str
) -> None:
    write_hostile(sample_repo)
    result = run_cli(sample_repo, "validate", "--format", fmt)
    assert result.exit_code == 1
    assert_clean(result.stdout + result.stderr)
    assert "\\x1b]52;c;ZWNobyBoaQ==\\x07\\u202e\\u2066" in result.stdout


def test_github_format_percent_encodes_its_own_specials(sample_repo: Path, run_cli: RunCli) -> None:
    (sample_repo / "records" / "customers" / "CUS-0998.yaml").write_text(
        'name: X\ncountry: CZ\nstatus: "50%\\r\\n::error::forged"\n', encoding="utf-8"
    )
    result = run_cli(sample_repo, "validate", "--format", "github")
    [line] = [x for x in result.stdout.splitlines() if "CUS-0998" in x]
    assert "50%25%0D%0A::error::forged" in line


def test_json_stays_exact(sample_repo: Path, run_cli: RunCli) -> None:
    write_hostile(sample_repo)
    result = run_cli(sample_repo, "validate", "--format", "json")
    messages = [p["message"] for p in json.loads(result.stdout)["problems"]]
    assert any(OSC52 + BIDI in message for message in messages)


def test_show_list_and_errors_quoting_record_text(sample_repo: Path, run_cli: RunCli) -> None:
    write_hostile(sample_repo)
    (sample_repo / "records" / "customers" / "CUS-0999.yaml").write_text(
        'name: "Evil \\e]52;c;ZWNobyBoaQ==\\a \\u202etxt \\x9b"\ncountry: CZ\n', encoding="utf-8"
    )
    shown = run_cli(sample_repo, "show", "CUS-0999")
    listed = run_cli(sample_repo, "list", "customers")
    missing = run_cli(sample_repo, "invoice", "pay", "INV-\x1b]52;c;eA==\x07", "--amount", "5")
    for result in (shown, listed, missing):
        assert_clean(result.stdout + result.stderr)
    assert "Evil \\x1b]52;c;ZWNobyBoaQ==\\x07 \\u202etxt \\x9b" in shown.stdout
    assert "\\x1b]52;c;eA==\\x07" in missing.stderr


def test_rendered_paths_are_printed_visibly() -> None:
    assert visible("reports/INV-\x1b[2J.html") == "reports/INV-\\x1b[2J.html"
    assert visible("a\nb", keep="\n") == "a\nb"
