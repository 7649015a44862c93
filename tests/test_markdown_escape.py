"""Record text printed into a Markdown document stays inside the block the template put
it in: block syntax at the start of a value or after a line break in it (``---``,
``- ``, ``#``, ``>``, ``1.``, table pipes, indentation, setext underlines) never adds
a heading, a list, a rule, a quote, a code block or a table cell."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from conftest import RunCli

HOSTILE = [
    "---",
    "- item",
    "# Heading",
    "> quote",
    "1. first",
    "7) seventh",
    "+ plus",
    "    indented code",
    "\tTabbed",
    "a | b | c",
    "line\n# Heading",
    "line\n\n---",
    "text\n===",
    "```\ncode",
    "~~~",
    "<div>",
    "* star",
    "| cell |",
    "line\r\n- x",
]


def blocks(markdown: str) -> list[str]:
    """The document's block structure as a GFM reader parses it."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    return [t.type for t in tokens if t.block]


def render_contract(root: Path, run_cli: RunCli, name: str, notes: str) -> str:
    customer = root / "records" / "customers" / "CUS-0002.yaml"
    text = customer.read_text("utf-8").splitlines()
    text = [f"name: {_quoted(name)}" if line.startswith("name:") else line for line in text]
    customer.write_text("\n".join(text) + "\n", encoding="utf-8")
    contract = root / "records" / "contracts" / "CON-2026-002.yaml"
    body = [
        line for line in contract.read_text("utf-8").splitlines() if not line.startswith("notes:")
    ]
    contract.write_text("\n".join(body) + f"\nnotes: {_quoted(notes)}\n", encoding="utf-8")
    result = run_cli(root, "render", "CON-2026-002", "--format", "md")
    assert result.exit_code == 0, result.output
    return (root / "reports" / "CON-2026-002.md").read_text(encoding="utf-8")


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + '"'


@pytest.mark.parametrize("hostile", HOSTILE)
def test_block_syntax_in_record_text_keeps_the_structure(
    sample_repo: Path, run_cli: RunCli, hostile: str
) -> None:
    plain = render_contract(sample_repo, run_cli, "Plain Name", "plain notes")
    attacked = render_contract(sample_repo, run_cli, hostile, hostile)
    assert blocks(attacked) == blocks(plain)
