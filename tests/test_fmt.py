"""``officectl fmt``: the canonical layout, comments kept, meaning never changed."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import PROJECT, RunCli, git
from officectl.config import load_config
from officectl.model import KINDS
from officectl.yaml import reading
from officectl.yaml.formatting import FormatError, comments, format_data, format_text

MESSY_CUSTOMER = """\
# Customer file header

contacts:
- name: Jana   # primary
  role: boss
  email: jana@x.example
# about the name
name: 'Firma s.r.o.'
country: NO
tags:
  - a
  - b
address: {city: Oslo, street: "Main 1"}
meta:
  zeta: 1
  alpha: "012"
notes: |
  line one
  # not a comment
  line three
company_id: 0123     # eol about company id
phone: "+47 1"
unknownkey: x


# trailing comment

"""

CANONICAL_CUSTOMER = """\
# Customer file header

# about the name
name: Firma s.r.o.
country: "NO"
company_id: "0123"  # eol about company id
phone: +47 1
address:
  street: Main 1
  city: Oslo
contacts:
  - name: Jana  # primary
    email: jana@x.example
    role: boss
tags: [a, b]
notes: |
  line one
  # not a comment
  line three
meta:
  zeta: 1
  alpha: "012"
unknownkey: x

# trailing comment
"""

MESSY_INVOICE = """\
status: draft
lines:
    # first line's comment
    -   unit_price: 1.50
        # description comes first
        description: "Work: hard"   # eol desc
        quantity: 2
        vat_rate: 21
    - {description: b, quantity: 1, unit_price: 2, vat_rate: 21}
customer: CUS-0001
currency: CZK
notes: >
  folded text
  continues here
meta:
  list: [[1, 2], [3, 4]]
  nested:
  - - a
    - b
  long: [aaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbb, cccccccccccccccccccccccccc, dddddddddddddddddddddd]
  empty: {}
  none:
  tilde: ~
  flow: [a, # inside
    b]
  quoted: "true"
  multi: "a\\nb  \\n"
payments: []
"""  # noqa: E501

CANONICAL_INVOICE = """\
customer: CUS-0001
currency: CZK
lines:
  # first line's comment
  # description comes first
  - description: "Work: hard"  # eol desc
    quantity: 2
    unit_price: 1.50
    vat_rate: 21
  - description: b
    quantity: 1
    unit_price: 2
    vat_rate: 21
status: draft
payments: []
notes: |
  folded text continues here
meta:
  list:
    - [1, 2]
    - [3, 4]
  nested:
    - [a, b]
  long:
    - aaaaaaaaaaaaaaaaaaaa
    - bbbbbbbbbbbbbbbbbbbbbbbbb
    - cccccccccccccccccccccccccc
    - dddddddddddddddddddddd
  empty: {}
  none:
  tilde:
  flow:
    - a  # inside
    - b
  quoted: "true"
  multi: "a\\nb  \\n"
"""


@pytest.mark.parametrize(
    ("kind", "messy", "canonical"),
    [
        ("customers", MESSY_CUSTOMER, CANONICAL_CUSTOMER),
        ("invoices", MESSY_INVOICE, CANONICAL_INVOICE),
    ],
)
def test_the_canonical_layout(kind: str, messy: str, canonical: str) -> None:
    assert format_text(messy, KINDS[kind]) == canonical
    assert format_text(canonical, KINDS[kind]) == canonical
    assert reading.load(canonical) == reading.load(messy)
    assert comments(canonical) == comments(messy)


@pytest.mark.parametrize(
    "path", sorted((PROJECT / "records").rglob("*.yaml")), ids=lambda p: p.name
)
def test_the_sample_is_canonical(path: Path) -> None:
    kind = load_config(PROJECT).kinds[path.relative_to(PROJECT / "records").parts[0]]
    text = path.read_text(encoding="utf-8")
    assert format_text(text, kind) == text


def test_a_file_that_is_no_record_cannot_be_formatted() -> None:
    for text, code in (
        ("a: [1,\n", "yaml-syntax"),
        ("a: 1\na: 2\n", "yaml-duplicate-key"),
        ("a: &x 1\nb: *x\n", "yaml-alias"),
    ):
        with pytest.raises(FormatError, match=code):
            format_text(text, KINDS["customers"])


def test_crlf_becomes_lf() -> None:
    text = "country: CZ\r\nname: X\r\n"
    assert format_text(text, KINDS["customers"]) == "name: X\ncountry: CZ\n"


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
    st.sampled_from(
        [
            "NO",
            "yes",
            "012",
            "1e3",
            "2026-01-05",
            "a: b",
            " x",
            "#c",
            "x\ny\n",
            "- a",
            "~",
            "",
            "[a]",
            "tab\t",
            "\n",
            "a\n\nb",
        ]
    ),
)
_KEYS = st.text(alphabet="abcdefxyz_-. :#0123456789", min_size=1, max_size=6)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=4)),
    max_leaves=12,
)


@settings(max_examples=300)
@given(st.dictionaries(_KEYS, _VALUES, min_size=1, max_size=5))
def test_any_data_is_written_so_that_it_loads_back_the_same(data: dict[str, Any]) -> None:
    for kind in ("customers", "invoices"):
        text = format_data({"meta": data, **data}, KINDS[kind])
        assert reading.load(text) == {"meta": data, **data}
        assert format_text(text, KINDS[kind]) == text


@settings(max_examples=200)
@given(
    st.lists(
        st.sampled_from(
            [
                "name: X",
                "# a comment",
                "",
                "country: CZ  # eol",
                "tags: [a, b]",
                "tags:\n  - a",
                "address:\n  # inner\n  city: Y\n  street: Z",
                "notes: |\n  a\n  # b\n",
                "meta:\n  k: 012",
                "contacts:\n- role: r\n  # c\n  name: n",
                "   # indented comment",
                "email: 'x@y.example'",
            ]
        ),
        min_size=1,
        max_size=8,
    )
)
def test_formatting_keeps_data_and_comments_and_is_stable(parts: list[str]) -> None:
    text = "\n".join(parts) + "\n"
    try:
        before = reading.load(text)
    except reading.LoadError:
        return  # duplicate keys and the like: not a record
    result = format_text(text, KINDS["customers"])
    assert reading.load(result) == before
    assert comments(result) == comments(text)
    assert Counter(
        line.strip()
        for line in text.splitlines()
        if line.strip().startswith("#") and "  #" not in line
    ) <= Counter(line.strip() for line in result.splitlines())
    assert format_text(result, KINDS["customers"]) == result


def test_fmt_check_lists_what_it_would_change_and_writes_nothing(
    sample_repo: Path, run_cli: RunCli
) -> None:
    assert run_cli(sample_repo, "fmt", "--check").exit_code == 0
    customer = sample_repo / "records/customers/CUS-0009.yaml"
    customer.write_text(
        customer.read_text(encoding="utf-8").replace('country: "NO"', "country: NO"),
        encoding="utf-8",
    )
    draft = sample_repo / "records/invoices/INV-DRAFT-0002.yaml"
    text = draft.read_text(encoding="utf-8")
    draft.write_text(
        text.replace("status: draft\n", "").replace(
            "customer: CUS-0001", "status: draft\ncustomer: 'CUS-0001'"
        ),
        encoding="utf-8",
    )
    changed = git(sample_repo, "diff")

    result = run_cli(sample_repo, "fmt", "--check")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "records/customers/CUS-0009.yaml",
        "records/invoices/INV-DRAFT-0002.yaml",
    ]
    assert git(sample_repo, "diff") == changed

    result = run_cli(sample_repo, "fmt", str(sample_repo / "records/invoices"))
    assert result.exit_code == 0
    assert result.stdout == "records/invoices/INV-DRAFT-0002.yaml\n"
    assert draft.read_text(encoding="utf-8") == text
    assert git(sample_repo, "status", "--short") == " M records/customers/CUS-0009.yaml\n"
    assert run_cli(sample_repo, "fmt").exit_code == 0
    assert git(sample_repo, "status", "--short") == ""


def test_fmt_reports_a_broken_file_and_formats_the_others(
    sample_repo: Path, run_cli: RunCli
) -> None:
    (sample_repo / "records/deals/DEAL-0001.yaml").write_text("title: [x\n", encoding="utf-8")
    customer = sample_repo / "records/customers/CUS-0001.yaml"
    customer.write_text(
        "country: CZ\n" + customer.read_text(encoding="utf-8").replace("country: CZ\n", "", 1),
        encoding="utf-8",
    )
    result = run_cli(sample_repo, "fmt")
    assert result.exit_code == 1
    assert "records/deals/DEAL-0001.yaml:2:1: error fmt: yaml-syntax" in result.stderr
    assert result.stdout == "records/customers/CUS-0001.yaml\n"
    assert git(sample_repo, "status", "--short") == " M records/deals/DEAL-0001.yaml\n"


def test_fmt_paths_must_exist_and_hold_records(sample_repo: Path, run_cli: RunCli) -> None:
    assert run_cli(sample_repo, "fmt", str(sample_repo / "nowhere")).exit_code == 2
    result = run_cli(sample_repo, "fmt", str(sample_repo / "officectl.yaml"))
    assert result.exit_code == 2
    assert "no record files" in result.stderr


def test_windows_line_endings_are_kept_not_flagged(sample_repo: Path, run_cli: RunCli) -> None:
    path = sample_repo / "records" / "customers" / "CUS-0001.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    checked = run_cli(sample_repo, "fmt", "--check")
    assert checked.exit_code == 0, checked.output
    # a layout change in a CRLF file is fixed, and the file stays CRLF
    path.write_bytes(path.read_bytes().replace(b"country:", b"country:  ", 1))
    assert run_cli(sample_repo, "fmt", "--check").exit_code == 1
    assert run_cli(sample_repo, "fmt").exit_code == 0
    data = path.read_bytes()
    assert b"country:  " not in data
    assert data.count(b"\r\n") == data.count(b"\n") > 0
