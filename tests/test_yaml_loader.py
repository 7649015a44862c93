"""The strict YAML loader: what it accepts, what it refuses and where.

Every refusal is a :class:`reading.LoadError` with a code and a 1-based position: where
the parser stopped for a syntax error, the offending node otherwise, line 1 for a
whole-file problem. Property tests at the end: no byte string makes the loader raise
anything else, and the per-file stage never raises at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.books import FINNISH_CONFIG, BooksCase
from officectl import loader
from officectl.config import Config, load_config
from officectl.yaml import reading


def load(text: str) -> dict[str, object]:
    return reading.load(text)


def refusal(data: str | bytes) -> tuple[str, int, int]:
    """(code, line, column) of the LoadError that ``data`` raises."""
    with pytest.raises(reading.LoadError) as caught:
        text = reading.decode(data) if isinstance(data, bytes) else data
        reading.load(text)
    return caught.value.code, caught.value.line, caught.value.column


# -- what raw data looks like -------------------------------------------------------


def test_scalars_stay_source_text_so_no_float_ever_appears() -> None:
    raw = load(
        "a: 1250.10\nb: 1250.1\nc: '1250.10'\nd: 1e3\ne: 0x1F\nf: 2026-01-05\ng: 007\nh: .5\n"
    )
    assert raw == {
        "a": "1250.10",
        "b": "1250.1",
        "c": "1250.10",
        "d": "1e3",
        "e": "0x1F",
        "f": "2026-01-05",
        "g": "007",
        "h": ".5",
    }


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "y", "n", "NO", "Yes", "OFF"])
def test_only_true_and_false_are_booleans(word: str) -> None:
    assert load(f"country: {word}\n") == {"country": word}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("true", True),
        ("false", False),
        ("True", True),
        ("FALSE", False),
        ("'true'", "true"),
        ('"false"', "false"),
        ("~", None),
        ("null", None),
        ("", None),
        ("'null'", "null"),
        ("''", ""),
    ],
)
def test_booleans_and_nulls_are_plain_scalars_only(text: str, value: object) -> None:
    assert load(f"flag: {text}\n") == {"flag": value}


def test_keys_keep_file_order_and_nesting() -> None:
    raw = load("b: 1\na:\n  - {x: 1, y: [2, 3]}\n  - z\n")
    assert list(raw) == ["b", "a"]
    assert raw["a"] == [{"x": "1", "y": ["2", "3"]}, "z"]


def test_block_scalars_and_utf8_bom() -> None:
    assert load("notes: |\n  line one\n  line two\n") == {"notes": "line one\nline two\n"}
    assert reading.decode("\ufeffname: Ä\n".encode()) == "name: Ä\n"


def test_an_anchor_is_refused_like_an_alias_even_alone() -> None:
    with pytest.raises(reading.LoadError) as refused:
        load("country: CZ\nname: &n X\n")
    assert (refused.value.code, refused.value.line, refused.value.column) == ("yaml-alias", 2, 7)
    assert load('name: "a & b"\nnotes: x &y\n') == {"name": "a & b", "notes": "x &y"}


# -- refusals and their places ------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("name: A\ncountry: CZ\nname: B\n", ("yaml-duplicate-key", 3, 1)),
        ("address:\n  city: A\n  city: B\n", ("yaml-duplicate-key", 3, 3)),
        ("name: &n X\nnotes: *n\n", ("yaml-alias", 1, 7)),
        ("a: !!python/object/apply:os.system ['id']\n", ("yaml-tag", 1, 4)),
        ("a: !custom x\n", ("yaml-tag", 1, 4)),
        ("a: !!binary aGVsbG8=\n", ("yaml-tag", 1, 4)),
        ("--- !!python/object:os.X\nname: A\n", ("yaml-tag", 1, 5)),
        ("a: 1\n!!python/name:os.system : 1\n", ("yaml-tag", 2, 1)),
        ("? [a, b]\n: 1\n", ("yaml-key-type", 1, 3)),
        ("- a\n- b\n", ("yaml-not-mapping", 1, 1)),
        ("just text\n", ("yaml-not-mapping", 1, 1)),
        ("", ("yaml-empty", 1, 1)),
        ("# only a comment\n\n", ("yaml-empty", 1, 1)),
        ("a: 1\n---\na: 2\n", ("yaml-multi-document", 2, 1)),
        ("name: A\n\tcountry: CZ\n", ("yaml-syntax", 2, 1)),
        ('a: "open\nb: 1\n', ("yaml-syntax", 3, 1)),
        ("a: [1, 2\nb: 3\n", ("yaml-syntax", 2, 2)),
        ("a: x\x01y\n", ("yaml-syntax", 1, 5)),
        ("é: ü\x00\n", ("yaml-syntax", 1, 5)),
    ],
)
def test_refused_with_code_and_place(data: str, expected: tuple[str, int, int]) -> None:
    assert refusal(data) == expected


def test_tabs_get_a_hint() -> None:
    with pytest.raises(reading.LoadError, match="indent with spaces, not tabs"):
        load("address:\n\tcity: Brno\n")


def test_nesting_is_bounded() -> None:
    inner = "a:\n" + "".join("  " * depth + "a:\n" for depth in range(1, 40)) + "  " * 40 + "x"
    assert refusal(inner)[0] == "yaml-too-deep"
    shallow = "a:\n" + "".join("  " * depth + "a:\n" for depth in range(1, 20)) + "  " * 20 + "x"
    assert load(shallow)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("name: Ä\n".encode("utf-16"), ("yaml-encoding", 1, 1)),
        (b"\xfe\xff\x00n\x00a", ("yaml-encoding", 1, 1)),
        (b"name: caf\xe9\n", ("yaml-encoding", 1, 10)),
        (b"name: A\ncity: \xff\xfe\n", ("yaml-encoding", 2, 7)),
    ],
)
def test_bytes_that_are_not_utf8(data: bytes, expected: tuple[str, int, int]) -> None:
    assert refusal(data) == expected


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(reading.MAX_FILE_BYTES + 1)
    with pytest.raises(reading.LoadError) as caught:
        reading.read_text(path)
    assert (caught.value.code, caught.value.line, caught.value.column) == ("yaml-too-large", 1, 1)
    assert refusal(b"a" * (reading.MAX_FILE_BYTES + 1))[0] == "yaml-too-large"


def test_a_file_of_exactly_one_mebibyte_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "max.yaml"
    body = b"notes: "
    path.write_bytes(body + b"x" * (reading.MAX_FILE_BYTES - len(body) - 1) + b"\n")
    assert len(reading.load(reading.read_text(path))["notes"]) == reading.MAX_FILE_BYTES - 8


@pytest.mark.parametrize("target", ["nowhere", "/dev/zero", "."])
def test_unreadable_file(tmp_path: Path, target: str) -> None:
    path = tmp_path / "odd.yaml"
    path.symlink_to(tmp_path / target)
    with pytest.raises(reading.LoadError) as caught:
        reading.read_text(path)
    assert (caught.value.code, caught.value.line, caught.value.column) == ("file-unreadable", 1, 1)


# -- locating fields ----------------------------------------------------------------

LOCATE = """\
name: Acme
address:
  city: Brno
contacts:
  - name: A
  - name: B
    email: b@x.cz
"""


@pytest.mark.parametrize(
    ("field", "on_key", "expected"),
    [
        (("name",), False, (1, 7)),
        (("name",), True, (1, 1)),
        (("address", "city"), False, (3, 9)),
        (("address", "street"), False, (3, 3)),  # missing: the mapping that lacks it
        (("contacts", 1, "email"), False, (7, 12)),
        (("contacts", 5, "email"), False, (5, 3)),  # no such item: the list
        (("contacts", 0), False, (5, 5)),
        (("missing",), False, (1, 1)),  # missing at the top: the record itself
        ((), False, (1, 1)),
    ],
)
def test_locate(field: tuple[str | int, ...], on_key: bool, expected: tuple[int, int]) -> None:
    assert reading.locate(LOCATE, field, on_key=on_key) == expected


def test_locate_in_a_broken_file_is_where_the_parser_stopped() -> None:
    assert reading.locate("a: 1\nb: [\n", ("a",)) == (3, 1)


def test_many_problems_in_one_mapping_are_located_fast() -> None:
    text = "".join(f"k{i}: {i}\n" for i in range(20000))
    locator = reading.Locator(text)
    assert [locator((f"k{i}",), on_key=True) for i in range(0, 20000, 4999)] == [
        (1, 1),
        (5000, 1),
        (9999, 1),
        (14998, 1),
        (19997, 1),
    ]


# -- properties -----------------------------------------------------------------------

YAMLISH = st.lists(
    st.sampled_from(
        [
            "name",
            "lines",
            "quantity",
            "a",
            ":",
            ": ",
            " ",
            "  ",
            "\n",
            "- ",
            "[",
            "]",
            "{",
            "}",
            ",",
            "&a ",
            "*a",
            "!!str ",
            "!x ",
            "'",
            '"',
            "#",
            "---\n",
            "...\n",
            "? ",
            "|\n",
            ">\n",
            "\t",
            "\r\n",
            "\x00",
            "\ufeff",
            "é",
            "2026-02-30",
            "1e400",
            "true",
            "NO",
            "~",
            "%YAML 1.1\n",
            "\\",
            "%",
            "@",
            "`",
        ]
    ),
    max_size=60,
).map("".join)
BYTES = st.one_of(
    st.binary(max_size=300),
    YAMLISH.map(str.encode),
    YAMLISH.map(lambda text: text.encode("utf-16")),
)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(BYTES)
def test_loader_raises_only_load_error(data: bytes) -> None:
    try:
        raw = reading.load(reading.decode(data))
    except reading.LoadError as error:
        assert error.line >= 1 and error.column >= 1 and error.code.startswith(("yaml-", "file-"))
    else:
        assert isinstance(raw, dict)


@pytest.fixture(scope="module")
def finnish(tmp_path_factory: pytest.TempPathFactory) -> Config:
    books = BooksCase(tmp_path_factory.mktemp("fuzz"))
    books.config(FINNISH_CONFIG)
    return load_config(books.root)


RELPATHS = st.sampled_from(
    [
        "records/customers/CUS-0001.yaml",
        "records/deals/DEAL-0001.yaml",
        "records/staff/EMP-001.yaml",
        "records/contracts/CON-2026-001.yaml",
        "records/invoices/INV-2026-0001.yaml",
        "records/invoices/2026/INV-DRAFT-x.yaml",
        "records/unknown/X.yaml",
        "records/X.yaml",
    ]
)


@FUZZ
@given(relpath=RELPATHS, data=BYTES)
def test_per_file_stage_never_raises_on_bytes(finnish: Config, relpath: str, data: bytes) -> None:
    try:
        text = reading.decode(data)
    except reading.LoadError:
        return
    result = loader.load_text(relpath, text, finnish)
    assert all(p.line >= 1 and p.column >= 1 and p.path == relpath for p in result.problems)


FIELD_TEXT = st.sampled_from(
    [
        "CUS-0001",
        "EMP-001",
        "INV-2026-0001",
        "2026-01-01",
        "2026-02-30",
        "0",
        "-1",
        "0.1",
        "1.005",
        "25.5",
        "13.5",
        "1e14",
        "999999999999999.999999999999",
        "9" * 40,
        "true",
        "yes",
        "NO",
        "FI",
        "EUR",
        "x@y.fi",
        "FI26174164",
        "../x",
        "/etc/passwd",
        "''",
        "[]",
        "{}",
        "[1, [2]]",
        "{a: 1}",
        "draft",
        "paid",
        "won",
        "lost",
        "active",
        "sales",
        "once",
    ]
)
FIELD_NAMES = st.sampled_from(
    [
        "id",
        "name",
        "country",
        "vat_id",
        "company_id",
        "email",
        "customer",
        "owner",
        "stage",
        "amount",
        "closed_on",
        "manager",
        "start_date",
        "end_date",
        "status",
        "document",
        "currency",
        "lines",
        "issue_date",
        "due_date",
        "payments",
        "credit_note_for",
        "reverse_charge",
        "exchange_rate",
        "billing",
        "contacts",
        "meta",
        "probability",
        "salary",
        "address",
        "unknwon",
    ]
)
LINE = st.fixed_dictionaries(
    {},
    optional={
        "description": FIELD_TEXT,
        "quantity": FIELD_TEXT,
        "unit_price": FIELD_TEXT,
        "vat_rate": FIELD_TEXT,
        "date": FIELD_TEXT,
        "amount": FIELD_TEXT,
    },
)


def _yaml(record: dict[str, object]) -> str:
    out = []
    for key, value in record.items():
        if isinstance(value, list):
            items = "".join(
                "\n  - {" + ", ".join(f"{k}: {v}" for k, v in item.items()) + "}" for item in value
            )
            out.append(f"{key}:{items or ' []'}")
        else:
            out.append(f"{key}: {value}")
    return "\n".join(out) + "\n"


RECORDS = st.dictionaries(
    FIELD_NAMES, st.one_of(FIELD_TEXT, st.lists(LINE, max_size=3)), max_size=12
).map(_yaml)


@FUZZ
@given(relpath=RELPATHS, text=st.one_of(RECORDS, st.text(max_size=200)))
def test_per_file_stage_never_raises_on_text(finnish: Config, relpath: str, text: str) -> None:
    result = loader.load_text(relpath, text, finnish)
    assert all(p.line >= 1 and p.column >= 1 for p in result.problems)
