"""Concurrent writers and crashes: every write command holds the repository's lock,
plans from what it read inside it, never replaces a file it did not read, and a
change of several files is all or nothing even when the process dies half way."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY, RunCli, issued_invoices, make_repo, next_invoice

ENV = {**os.environ, "PYTHONPATH": str(PROJECT / "src"), "OFFICECTL_LOCK_TIMEOUT": "900"}
PAID = "records/invoices/2026/INV-2026-0021.yaml"


def start(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "officectl", *args],
        cwd=root,
        env=env or ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=900)
    return process.returncode, out, err


def payments_of(text: str, amount: str) -> int:
    return len(re.findall(rf"^ +amount: {re.escape(amount)}$", text, flags=re.MULTILINE))


def _statement(folder: Path) -> Path:
    """A camt.053 statement paying 10.00 of the invoice the parallel payments pay."""
    from bank_samples import Ntry, Tx, camt

    path = folder / "statement.xml"
    path.write_bytes(
        camt(
            [
                Ntry(
                    "PARALLEL-1",
                    "10.00",
                    TODAY,
                    [
                        Tx(
                            "10.00",
                            end_to_end="VS"
                            + PAID.rsplit("/", 1)[1][4:-5].replace("-", "").lstrip("0"),
                        )
                    ],
                )
            ]
        )
    )
    return path


def test_parallel_writers_of_every_kind_lose_nothing(tmp_path: Path, run_cli: RunCli) -> None:
    root = make_repo(tmp_path / "books")
    before = (root / PAID).read_text("utf-8")
    first, second = next_invoice(root), next_invoice(root, offset=2)
    issued_before = [n for n in issued_invoices(root) if n.startswith("INV-2026-")]
    pays = [("invoice", "pay", "INV-2026-0021", "--amount", "10.00", "--date", TODAY)] * 6
    customers = [
        ("new", "customer", "--set", f"name=Parallel {n} s.r.o.", "--set", "country=CZ")
        for n in range(3)
    ]
    others = [
        ("invoice", "issue", "INV-DRAFT-0001", "--date", "2026-12-01"),
        ("invoice", "issue", "INV-DRAFT-0002", "--date", "2026-12-01"),
        ("invoice", "recurring", "--period", "2027-01"),
        ("deal", "won", "DEAL-0012", "--date", TODAY, "--start", "2027-01-01"),
        (
            "new",
            "contract",
            "--set",
            "title=Hosting",
            "--set",
            "customer=CUS-0001",
            "--set",
            "start_date=2027-01-01",
            "--today",
            TODAY,
        ),
        ("deal", "lost", "DEAL-0010", "--reason", "budget", "--date", TODAY),
        ("fmt",),
        ("bank", "import", str(_statement(tmp_path)), "--today", TODAY),
    ]
    commands = [*pays, *customers, *others]
    processes = [start(root, *command) for command in commands]
    results = dict(zip(range(len(commands)), map(finish, processes), strict=True))
    for index, (code, _out, err) in results.items():
        assert code == 0, (commands[index], err)
    out = {commands[i]: results[i][1] for i in range(len(pays), len(commands))}

    # every payment reported is in the file
    text = (root / PAID).read_text("utf-8")
    assert payments_of(text, "10.00") == payments_of(before, "10.00") + len(pays) + 1
    assert "entry: PARALLEL-1" in text  # the bank import's payment, by its entry
    # every new customer has its own file, with its name
    paths = [results[len(pays) + n][1].strip() for n in range(len(customers))]
    assert len(set(paths)) == len(customers)
    for n, path in enumerate(paths):
        assert f"name: Parallel {n} s.r.o." in (root / path).read_text("utf-8")
    # both drafts issued, under two numbers that follow the last one; no draft left
    numbers = sorted(re.findall(r"issued as (INV-2026-\d{4})", out[others[0]] + out[others[1]]))
    assert numbers == [first, second]
    issued = sorted(p.stem for p in (root / "records/invoices/2026").glob("INV-*.yaml"))
    assert issued == [*issued_before, first, second]
    assert issued == [f"INV-2026-{n:04d}" for n in range(1, len(issued) + 1)]
    # every draft recurring reported exists and bills its contract
    drafted = re.findall(
        r"^(INV-DRAFT-\d{4}): (CON-\S+) \S+ — (\S+)$", out[others[2]], flags=re.MULTILINE
    )
    assert len(drafted) == 3
    for _draft, contract, path in drafted:
        assert f"contract: {contract}\n" in (root / path).read_text("utf-8")
    drafts = sorted(p.name for p in (root / "records/invoices").glob("INV-DRAFT-*.yaml"))
    assert drafts == sorted(Path(path).name for _d, _c, path in drafted)
    # the won deal's contract and the new contract are two files
    won = re.search(r"draft contract (CON-2026-\d{3}): (\S+)", out[others[3]])
    assert won is not None
    assert "deal: DEAL-0012" in (root / won.group(2)).read_text("utf-8")
    created = out[others[4]].strip()
    assert created != won.group(2)
    assert "title: Hosting" in (root / created).read_text("utf-8")
    assert "stage: lost" in (root / "records/deals/DEAL-0010.yaml").read_text("utf-8")
    assert "stage: won" in (root / "records/deals/DEAL-0012.yaml").read_text("utf-8")

    checked = run_cli(root, "validate", "--today", "2026-12-01")
    assert checked.exit_code == 0, checked.output
    assert not (root / ".officectl-lock/journal.json").exists()


def test_a_waiting_writer_gives_up_naming_the_holder(sample_repo: Path) -> None:
    from officectl.lock import locked

    before = (sample_repo / PAID).read_bytes()
    with locked(sample_repo):
        code, _out, err = finish(
            start(
                sample_repo,
                "invoice",
                "pay",
                "INV-2026-0021",
                "--amount",
                "10.00",
                "--date",
                TODAY,
                env={**ENV, "OFFICECTL_LOCK_TIMEOUT": "0.2"},
            )
        )
    assert code == 1
    assert "the repository is busy" in err
    assert f"pid {os.getpid()} on " in err  # the holder
    assert "gave up after waiting 0.2 s" in err
    assert "Traceback" not in err
    assert (sample_repo / PAID).read_bytes() == before


def test_a_bad_lock_timeout_is_a_usage_error(
    sample_repo: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OFFICECTL_LOCK_TIMEOUT", "soon")
    result = run_cli(
        sample_repo, "invoice", "pay", "INV-2026-0021", "--amount", "10.00", "--date", TODAY
    )
    assert result.exit_code == 2
    assert "OFFICECTL_LOCK_TIMEOUT='soon' is not a number of seconds" in result.stderr


def test_the_lock_folder_ignores_itself(sample_repo: Path, run_cli: RunCli) -> None:
    from conftest import git

    assert run_cli(sample_repo, "fmt").exit_code == 0
    assert (sample_repo / ".officectl-lock").is_dir()
    git(sample_repo, "add", "-A")
    assert git(sample_repo, "status", "--short") == ""


# -- never replace what was not read -----------------------------------------------


def test_a_file_changed_after_it_was_read_is_not_replaced(
    sample_repo: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from officectl.workflows import WriteBooks

    read = WriteBooks.document
    edited = "# edited meanwhile by hand\n"

    def read_then_edit(self: WriteBooks, record: object) -> object:
        document = read(self, record)  # type: ignore[arg-type]
        path = sample_repo / PAID
        path.write_text(edited + path.read_text("utf-8"), encoding="utf-8")
        return document

    monkeypatch.setattr(WriteBooks, "document", read_then_edit)
    result = run_cli(
        sample_repo, "invoice", "pay", "INV-2026-0021", "--amount", "10.00", "--date", TODAY
    )
    assert result.exit_code == 1
    assert f"{PAID} was changed by someone else since it was read" in result.stderr
    assert (sample_repo / PAID).read_text("utf-8").startswith(edited)


def test_a_new_record_never_replaces_a_file(
    sample_repo: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import officectl.workflows.new as new_workflow

    plan = new_workflow.new
    number = max(int(p.stem[4:]) for p in (sample_repo / "records/customers").glob("CUS-*.yaml"))
    squatter = sample_repo / f"records/customers/CUS-{number + 1:04d}.yaml"

    def plan_then_squat(*args: object) -> object:
        planned = plan(*args)  # type: ignore[arg-type]
        squatter.write_text("name: there first\n", encoding="utf-8")
        return planned

    monkeypatch.setattr(new_workflow, "new", plan_then_squat)
    result = run_cli(
        sample_repo, "new", "customer", "--set", "name=Late s.r.o.", "--set", "country=CZ"
    )
    assert result.exit_code == 1
    assert f"records/customers/{squatter.name} exists already" in result.stderr
    assert squatter.read_text("utf-8") == "name: there first\n"


def test_an_exclusive_write_never_replaces(tmp_path: Path) -> None:
    from officectl.atomic import atomic_write

    target = tmp_path / "a.yaml"
    target.write_text("mine\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        atomic_write(target, "theirs\n", exclusive=True)
    assert target.read_text("utf-8") == "mine\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]
    atomic_write(tmp_path / "b.yaml", "new\n", exclusive=True)
    assert (tmp_path / "b.yaml").read_text("utf-8") == "new\n"


# -- all or nothing across a crash -------------------------------------------------

CRASH = """
import os, sys
import officectl.journal as journal
real, done = journal._apply, []
def crashing(root, step, *staged):
    if len(done) == {after}:
        os._exit(9)
    real(root, step, *staged)
    done.append(step)
journal._apply = crashing
sys.argv = ["officectl", *sys.argv[1:]]
from officectl.cli import main
main()
"""


def crash(root: Path, after: int, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CRASH.format(after=after), *args],
        cwd=root,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )


DRAFT = "records/invoices/INV-DRAFT-0002.yaml"
ISSUED = f"records/invoices/2026/{next_invoice(PROJECT)}.yaml"  # the next number


@pytest.mark.parametrize("after", [0, 1])
def test_an_issue_killed_half_way_is_completed_by_the_next_write(
    sample_repo: Path, run_cli: RunCli, after: int
) -> None:
    died = crash(sample_repo, after, "invoice", "issue", "INV-DRAFT-0002", "--date", "2026-12-01")
    assert died.returncode == 9, died.stderr
    assert (sample_repo / DRAFT).exists()
    assert (sample_repo / ISSUED).exists() == (after == 1)  # killed between the two
    # validate says so (both files at once would otherwise pass)
    checked = run_cli(sample_repo, "validate", "--today", "2026-12-01")
    assert checked.exit_code == 1
    assert ".officectl-lock/journal.json:1:1: error change-interrupted" in checked.stdout
    # the next write completes the issue before it does its own work
    paid = run_cli(
        sample_repo, "invoice", "pay", "INV-2026-0021", "--amount", "10.00", "--date", TODAY
    )
    assert paid.exit_code == 0, paid.output
    assert not (sample_repo / DRAFT).exists()
    issued = (sample_repo / ISSUED).read_text("utf-8")
    assert "status: issued\nissue_date: 2026-12-01\ndue_date: 2026-12-22\n" in issued
    assert run_cli(sample_repo, "validate", "--today", "2026-12-01").exit_code == 0
    again = run_cli(sample_repo, "invoice", "issue", "INV-DRAFT-0002")
    assert again.exit_code == 2  # the draft is gone (an unknown ID): not billed twice


def test_a_recurring_run_killed_half_way_creates_all_its_drafts(
    sample_repo: Path, run_cli: RunCli
) -> None:
    died = crash(sample_repo, 1, "invoice", "recurring", "--period", "2027-01")
    assert died.returncode == 9
    drafts = sorted((sample_repo / "records/invoices").glob("INV-DRAFT-*.yaml"))
    assert len(drafts) == 3  # two of old, one of the three new ones
    assert run_cli(sample_repo, "fmt").exit_code == 0
    drafts = sorted((sample_repo / "records/invoices").glob("INV-DRAFT-*.yaml"))
    assert [p.name for p in drafts] == [f"INV-DRAFT-{n:04d}.yaml" for n in range(1, 6)]
    again = run_cli(sample_repo, "invoice", "recurring", "--period", "2027-01")
    assert again.stdout.startswith("nothing to bill for 2027-01")


def test_a_hand_edit_after_the_crash_stops_the_recovery(sample_repo: Path, run_cli: RunCli) -> None:
    assert (
        crash(
            sample_repo, 1, "invoice", "issue", "INV-DRAFT-0002", "--date", "2026-12-01"
        ).returncode
        == 9
    )
    draft = sample_repo / DRAFT
    draft.write_text(draft.read_text("utf-8") + "# touched\n", encoding="utf-8")
    result = run_cli(
        sample_repo, "invoice", "pay", "INV-2026-0021", "--amount", "10.00", "--date", TODAY
    )
    assert result.exit_code == 1
    assert (
        "an interrupted change cannot be completed: "
        f"{DRAFT} was changed by someone else since it was read"
    ) in result.stderr
    assert "journal.json lists the change" in result.stderr
    assert draft.read_text("utf-8").endswith("# touched\n")  # nothing more was done
    assert (sample_repo / ".officectl-lock/journal.json").exists()


# -- what the operating system refuses ---------------------------------------------


@pytest.mark.parametrize(
    ("number", "words"), [(28, "the disk is full"), (30, "the file system is read-only")]
)
def test_a_write_the_system_refuses_is_a_message(
    sample_repo: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, number: int, words: str
) -> None:
    import tempfile

    assert run_cli(sample_repo, "fmt").exit_code == 0  # the lock folder exists
    before = (sample_repo / PAID).read_bytes()

    def refuse(*args: object, **kwargs: object) -> object:
        raise OSError(number, os.strerror(number), str(kwargs.get("dir", "")))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = run_cli(
        sample_repo, "invoice", "pay", "INV-2026-0021", "--amount", "10.00", "--date", TODAY
    )
    assert result.exit_code == 1
    assert words in result.stderr
    assert "invoices/2026" in result.stderr  # where
    assert (sample_repo / PAID).read_bytes() == before


def test_a_repository_that_cannot_be_locked_is_a_message(
    sample_repo: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    def read_only(self: Path, *args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "mkdir", read_only)
    result = run_cli(
        sample_repo, "new", "customer", "--set", "name=X s.r.o.", "--set", "country=CZ"
    )
    assert result.exit_code == 1
    assert "cannot lock the repository for writing" in result.stderr
    assert "the file system is read-only" in result.stderr


def test_a_deleted_working_folder_is_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from officectl.cli import cli

    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    for args in (["validate"], ["new", "customer", "--set", "name=X"], ["fmt"]):
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
        assert result.exit_code == 2
        assert "the current folder no longer exists" in result.stderr


def test_schema_files_are_written_by_the_atomic_writer(
    sample_repo: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    out = sample_repo / "schemas"
    assert run_cli(sample_repo, "schema", "--all", "-o", str(out)).exit_code == 0
    invoices = out / "invoices.schema.json"
    invoices.chmod(0o640)
    text = invoices.read_text("utf-8")
    assert run_cli(sample_repo, "schema", "--all", "-o", str(out)).exit_code == 0
    assert invoices.stat().st_mode & 0o777 == 0o640  # the mode is kept
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = run_cli(sample_repo, "schema", "--all", "-o", str(out))
    assert result.exit_code in (1, 2)  # a message, never a traceback
    assert "the disk is full" in result.stderr
    assert invoices.read_text("utf-8") == text  # whole, as before
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []


def test_a_disk_that_fills_half_way_is_said_and_completed_later(
    sample_repo: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    import officectl.journal as journal

    real = journal._apply

    def second_fails(root: Path, step: journal.Step, *staged: object) -> None:
        if step.text is None:  # removing the draft, after the invoice was written
            raise OSError(errno.ENOSPC, "No space left on device")
        real(root, step, *staged)  # type: ignore[arg-type]

    monkeypatch.setattr(journal, "_apply", second_fails)
    result = run_cli(sample_repo, "invoice", "issue", "INV-DRAFT-0002", "--date", "2026-12-01")
    assert result.exit_code == 1
    assert f"{DRAFT}: the disk is full; the change is half written" in result.stderr
    assert "it completes the change" in result.stderr
    monkeypatch.setattr(journal, "_apply", real)
    assert run_cli(sample_repo, "fmt").exit_code == 0
    assert not (sample_repo / DRAFT).exists()
    assert (sample_repo / ISSUED).exists()


def test_a_disk_full_before_the_first_file_leaves_nothing_to_complete(
    sample_repo: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    import officectl.journal as journal

    def full(root: Path, step: journal.Step, *staged: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(root / step.path))

    monkeypatch.setattr(journal, "_apply", full)
    result = run_cli(sample_repo, "invoice", "issue", "INV-DRAFT-0002", "--date", "2026-12-01")
    assert result.exit_code == 1
    assert "the disk is full" in result.stderr
    assert not journal.pending(sample_repo)
    assert (sample_repo / DRAFT).exists()
    assert not (sample_repo / ISSUED).exists()


@pytest.mark.parametrize(
    "command",
    [
        ("render", "INV-2026-0021", "--format", "html", "-o", "out/"),
        ("export", "finance", "--today", TODAY, "-o", "out/finance.xlsx"),
        ("schema", "--all", "-o", "out"),
    ],
)
def test_documents_and_exports_on_a_full_disk_are_a_message(
    sample_repo: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    import errno
    import tempfile

    def full(*args: object, **kwargs: object) -> object:
        raise OSError(errno.ENOSPC, "No space left on device", str(kwargs.get("dir", "")))

    monkeypatch.setattr(tempfile, "mkstemp", full)
    args = [str(sample_repo / a) if a.startswith("out") else a for a in command]
    result = run_cli(sample_repo, *args)
    assert result.exit_code in (1, 2), result.output
    assert "the disk is full" in result.stderr
    assert str(sample_repo / "out") in result.stderr


def test_a_committed_lock_folder_symlink_is_refused(sample_repo: Path, run_cli: RunCli) -> None:
    (sample_repo / "elsewhere").mkdir()
    (sample_repo / ".officectl-lock").symlink_to(sample_repo / "elsewhere")
    result = run_cli(sample_repo, "fmt")
    assert result.exit_code == 1
    assert (
        ".officectl-lock is a symbolic link; officectl writes nothing through one" in result.stderr
    )
    assert list((sample_repo / "elsewhere").iterdir()) == []
