"""``officectl validate`` end to end: the three output formats (text, JSON,
GitHub) exactly, every exit code, PATH arguments, ``-C``/``--root`` and finding the root from a
sub-folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cases.books import CONTRACT, DEAL, BooksCase
from conftest import TODAY, RunCli
from officectl.cli import cli

CUSTOMER_PATH = "records/customers/CUS-0002.yaml"
DEAL_PATH = "records/deals/DEAL-0001.yaml"
CONTRACT_PATH = "records/contracts/CON-2026-001.yaml"

TEXT = [
    "records/contracts/CON-2026-001.yaml:5:11: warning contract-ended: contract is active but "
    "ended on 2026-06-30; set status expired or terminated, or extend end_date",
    "records/customers/CUS-0002.yaml:3:1: error unknown-field: unknown field 'emial'; did you "
    "mean 'email'?",
    "records/deals/DEAL-0001.yaml:2:11: error ref-missing: customer CUS-0099 does not exist",
]


@pytest.fixture
def books(tmp_path: Path) -> BooksCase:
    return BooksCase(tmp_path / "books")


@pytest.fixture
def broken(books: BooksCase) -> BooksCase:
    """Two errors and a warning in three kinds of record."""
    books.add("customers/CUS-0002", "name: Acme\ncountry: CZ\nemial: ap@acme.example\n")
    books.add("deals/DEAL-0001", DEAL.replace("CUS-0001", "CUS-0099"))
    books.add("contracts/CON-2026-001", CONTRACT.replace("2026-12-31", "2026-06-30"))
    return books


@pytest.fixture
def warned(books: BooksCase) -> BooksCase:
    """One warning, no error."""
    books.add("contracts/CON-2026-001", CONTRACT.replace("2026-12-31", "2026-06-30"))
    return books


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# -- formats -------------------------------------------------------------------------


def test_text_format(broken: BooksCase, run_cli: RunCli) -> None:
    result = run_cli(broken.root, "validate", "--today", TODAY)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == TEXT
    assert result.stderr == "5 records checked: 2 errors, 1 warning\n"


def test_text_format_is_the_default_and_explicit(broken: BooksCase, run_cli: RunCli) -> None:
    explicit = run_cli(broken.root, "validate", "--format", "text", "--today", TODAY)
    assert explicit.stdout.splitlines() == TEXT


def test_clean_text_output(books: BooksCase, run_cli: RunCli) -> None:
    result = run_cli(books.root, "validate", "--today", TODAY)
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "2 records checked: 0 errors, 0 warnings\n"


def test_json_format(broken: BooksCase, run_cli: RunCli) -> None:
    result = run_cli(broken.root, "validate", "--format", "json", "--today", TODAY)
    assert result.exit_code == 1
    assert result.stderr == ""
    assert json.loads(result.stdout) == {
        "problems": [
            {
                "path": CONTRACT_PATH,
                "line": 5,
                "column": 11,
                "severity": "warning",
                "code": "contract-ended",
                "message": "contract is active but ended on "
                "2026-06-30; set status expired or terminated, or extend end_date",
                "record": "CON-2026-001",
            },
            {
                "path": CUSTOMER_PATH,
                "line": 3,
                "column": 1,
                "severity": "error",
                "code": "unknown-field",
                "message": "unknown field 'emial'; did you mean 'email'?",
                "record": "CUS-0002",
            },
            {
                "path": DEAL_PATH,
                "line": 2,
                "column": 11,
                "severity": "error",
                "code": "ref-missing",
                "message": "customer CUS-0099 does not exist",
                "record": "DEAL-0001",
            },
        ],
        "summary": {"records": 5, "errors": 2, "warnings": 1},
    }


def test_json_of_a_clean_repository(books: BooksCase, run_cli: RunCli) -> None:
    result = run_cli(books.root, "validate", "--format", "json", "--today", TODAY)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "problems": [],
        "summary": {"records": 2, "errors": 0, "warnings": 0},
    }


def test_json_keeps_non_ascii_text(books: BooksCase, run_cli: RunCli) -> None:
    books.add("customers/CUS-0002", "name: Acme\ncountry: CZ\nmístnost: 3\n")
    result = run_cli(books.root, "validate", "--format", "json", "--today", TODAY)
    assert json.loads(result.stdout)["problems"][0]["message"].startswith(
        "unknown field 'místnost'"
    )


def test_github_format(broken: BooksCase, run_cli: RunCli) -> None:
    result = run_cli(broken.root, "validate", "--format", "github", "--today", TODAY)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"::warning file={CONTRACT_PATH},line=5,col=11,title=contract-ended::contract is active"
        " but ended on 2026-06-30; set status expired or terminated, or extend end_date",
        f"::error file={CUSTOMER_PATH},line=3,col=1,title=unknown-field::unknown field 'emial';"
        " did you mean 'email'?",
        f"::error file={DEAL_PATH},line=2,col=11,title=ref-missing::customer CUS-0099 does not"
        " exist",
    ]


def test_github_format_escapes_record_text(books: BooksCase, run_cli: RunCli) -> None:
    books.add(
        "customers/a,b:c/CUS-0002",
        'name: Acme\ncountry: CZ\n"50%\\r\\n::error file=x.yaml::pwned": 1\n',
    )
    result = run_cli(books.root, "validate", "--format", "github", "--today", TODAY)
    assert result.stdout == (
        "::error file=records/customers/a%2Cb%3Ac/CUS-0002.yaml,line=3,col=1,"
        "title=unknown-field::unknown field '50%25%0D%0A::error file=x.yaml::pwned'; put "
        "free-form data under 'meta:'\n"
    )
    assert len(result.stdout.splitlines()) == 1


def test_an_unknown_format_is_a_usage_error(books: BooksCase, run_cli: RunCli) -> None:
    result = run_cli(books.root, "validate", "--format", "xml")
    assert result.exit_code == 2
    assert "xml" in result.stderr


# -- exit codes ----------------------------------------------------------------------


def test_exit_0_on_a_clean_repository(books: BooksCase, run_cli: RunCli) -> None:
    assert run_cli(books.root, "validate", "--strict", "--today", TODAY).exit_code == 0


def test_warnings_pass_unless_strict(warned: BooksCase, run_cli: RunCli) -> None:
    relaxed = run_cli(warned.root, "validate", "--today", TODAY)
    strict = run_cli(warned.root, "validate", "--strict", "--today", TODAY)
    assert (relaxed.exit_code, strict.exit_code) == (0, 1)
    assert relaxed.stdout == strict.stdout
    assert strict.stdout.startswith(f"{CONTRACT_PATH}:5:11: warning contract-ended: ")


def test_today_decides_the_warning(warned: BooksCase, run_cli: RunCli) -> None:
    early = run_cli(warned.root, "validate", "--strict", "--today", "2026-06-30")
    assert (early.exit_code, early.stdout) == (0, "")


def test_exit_1_on_errors(broken: BooksCase, run_cli: RunCli) -> None:
    assert run_cli(broken.root, "validate", "--today", TODAY).exit_code == 1


@pytest.mark.parametrize(
    "args",
    [
        ("--bogus",),
        ("--today", "2026-02-30"),
        ("--today", "tomorrow"),
        ("--today",),
        ("--format",),
        ("--format", "xml"),
    ],
)
def test_exit_2_on_bad_flags(books: BooksCase, run_cli: RunCli, args: tuple[str, ...]) -> None:
    result = run_cli(books.root, "validate", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_exit_2_without_officectl_yaml(tmp_path: Path, run_cli: RunCli) -> None:
    result = run_cli(tmp_path, "validate", "--today", TODAY)
    assert result.exit_code == 2
    assert "officectl.yaml" in result.stderr


def test_exit_2_without_a_root_above(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("validate", "--today", TODAY)
    assert result.exit_code == 2
    assert "no officectl.yaml" in result.stderr


def test_exit_2_for_a_root_that_is_no_folder(tmp_path: Path) -> None:
    result = invoke("-C", str(tmp_path / "nowhere"), "validate", "--today", TODAY)
    assert result.exit_code == 2


# -- PATH arguments --------------------------------------------------------------------


@pytest.fixture
def inside(broken: BooksCase, monkeypatch: pytest.MonkeyPatch) -> BooksCase:
    monkeypatch.chdir(broken.root)
    return broken


def test_paths_report_only_those_records(inside: BooksCase) -> None:
    result = invoke("validate", "--today", TODAY, "records/deals/DEAL-0001.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [TEXT[2]]


def test_folder_paths(inside: BooksCase) -> None:
    result = invoke("validate", "--today", TODAY, "records/customers", "records/contracts/")
    assert result.stdout.splitlines() == TEXT[:2]


def test_paths_still_resolve_references_against_the_whole_repository(
    books: BooksCase,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    books.add("deals/DEAL-0001", DEAL)
    books.add("customers/CUS-0002", "name: Acme\ncountry: CZ\nemial: x\n")
    monkeypatch.chdir(books.root / "records" / "deals")
    result = invoke("validate", "--strict", "--today", TODAY, "DEAL-0001.yaml")
    assert (result.exit_code, result.stdout) == (0, "")


def test_paths_scope_the_exit_code(inside: BooksCase) -> None:
    result = invoke("validate", "--strict", "--today", TODAY, "records/staff")
    assert (result.exit_code, result.stdout) == (0, "")


def test_absolute_paths_with_root_option(broken: BooksCase) -> None:
    result = invoke(
        "-C", str(broken.root), "validate", "--today", TODAY, str(broken.root / DEAL_PATH)
    )
    assert result.stdout.splitlines() == [TEXT[2]]


def test_a_path_that_does_not_exist(inside: BooksCase) -> None:
    result = invoke("validate", "records/deals/DEAL-0404.yaml")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_a_path_outside_the_repository(inside: BooksCase, tmp_path: Path) -> None:
    result = invoke("validate", str(tmp_path))
    assert result.exit_code == 2
    assert "outside the repository" in result.stderr


# -- finding the root ------------------------------------------------------------------


@pytest.mark.parametrize("option", ["-C", "--root"])
def test_root_option(
    broken: BooksCase, option: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(option, str(broken.root), "validate", "--today", TODAY)
    assert result.stdout.splitlines() == TEXT


def test_root_found_from_a_sub_folder(broken: BooksCase, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(broken.root / "records" / "customers")
    result = invoke("validate", "--today", TODAY)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == TEXT  # paths stay relative to the root


def test_the_nearest_root_wins(broken: BooksCase, monkeypatch: pytest.MonkeyPatch) -> None:
    inner = BooksCase(broken.root / "records" / "customers" / "nested")
    monkeypatch.chdir(inner.root / "records")
    result = invoke("validate", "--today", TODAY)
    assert (result.exit_code, result.stdout) == (0, "")


def test_text_format_is_one_line_per_problem(books: BooksCase, run_cli: RunCli) -> None:
    books.add(
        "customers/CUS-0002",
        'name: Acme\ncountry: CZ\n"x\\nrecords/a.yaml:1:1: error fake: injected": 1\n',
    )
    result = run_cli(books.root, "validate", "--today", TODAY)
    assert result.stdout == (
        "records/customers/CUS-0002.yaml:3:1: error unknown-field: unknown field "
        "'x\\nrecords/a.yaml:1:1: error fake: injected'; put free-form data under 'meta:'\n"
    )


# -- the golden repository: one defect of every kind validate checks ------------------

GOLDEN = Path(__file__).parent / "cases" / "broken-books"


@pytest.mark.parametrize("extra", [(), ("--no-cache",)])
def test_every_defect_of_every_kind_at_its_place(
    tmp_path: Path, run_cli: RunCli, extra: tuple[str, ...]
) -> None:
    """``cases/broken-books/expected.txt`` lists, reviewed line by line, what validate must
    say: each defect once, at the offending value, and nothing else."""
    root = tmp_path / "broken-books"
    shutil.copytree(GOLDEN, root, ignore=shutil.ignore_patterns("expected.txt"))
    result = run_cli(root, "validate", "--today", TODAY, *extra)
    assert result.exit_code == 1
    assert result.stdout == (GOLDEN / "expected.txt").read_text("utf-8")
    assert result.stderr == "41 records checked: 40 errors, 5 warnings\n"
    again = run_cli(root, "validate", "--today", TODAY, *extra)
    assert again.stdout == result.stdout


def test_paths_after_dash_c_start_at_the_root_like_git(
    broken: BooksCase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = invoke(
        "-C", str(broken.root), "validate", "--today", TODAY, "records/deals/DEAL-0001.yaml"
    )
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [TEXT[2]]
