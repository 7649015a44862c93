"""A change of many files (a bank statement paying hundreds of invoices) writes every
new content first and waits for the disk once, then puts each file in place: still
all or nothing, across a crash too."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TODAY, RunCli
from officectl import atomic, journal
from officectl.atomic import PlannedWrite, apply_changes

MANY = 40


def _new_customers(count: int = MANY) -> list[PlannedWrite]:
    return [
        PlannedWrite(
            f"records/customers/CUS-{9000 + n}.yaml",
            f"name: Customer {n} s.r.o.\ncountry: CZ\n",
            create=True,
        )
        for n in range(count)
    ]


def _staging_left(root: Path) -> list[str]:
    return [p.name for p in (root / "records/customers").iterdir() if p.name.startswith(".")]


@pytest.mark.skipif(sys.platform != "linux", reason="one syncfs is Linux's")
def test_many_files_wait_for_the_disk_a_few_times(
    sample_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[int] = []
    fsync = os.fsync

    def counted(descriptor: int) -> None:
        waits.append(descriptor)
        fsync(descriptor)

    monkeypatch.setattr(os, "fsync", counted)
    changes = _new_customers()
    apply_changes(sample_repo, changes)
    for change in changes:
        assert (sample_repo / change.path).read_text("utf-8") == change.text
    assert len(waits) < 10  # the journal, the folders: not one per file
    assert _staging_left(sample_repo) == [] and not journal.pending(sample_repo)


def test_a_disk_error_while_flushing_writes_nothing(
    sample_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(paths: list[Path]) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(atomic, "flush_together", failing)
    with pytest.raises(OSError, match="Input/output"):
        apply_changes(sample_repo, _new_customers())
    assert not any((sample_repo / c.path).exists() for c in _new_customers())
    assert _staging_left(sample_repo) == [] and not journal.pending(sample_repo)


KILLED = """
import os, sys
from pathlib import Path
import officectl.journal as journal
from officectl.atomic import PlannedWrite, apply_changes
real, done = journal._apply, []
def crashing(root, step, *staged):
    if len(done) == 5:
        os._exit(9)
    real(root, step, *staged)
    done.append(step)
journal._apply = crashing
apply_changes(Path(sys.argv[1]), [
    PlannedWrite(f"records/customers/CUS-{9000 + n}.yaml",
                 f"name: Customer {n} s.r.o.\\ncountry: CZ\\n", create=True)
    for n in range(int(sys.argv[2]))
])
"""


def test_a_many_file_change_killed_half_way_is_completed_and_tidied(
    sample_repo: Path, run_cli: RunCli
) -> None:
    died = subprocess.run(
        [sys.executable, "-c", KILLED, str(sample_repo), str(MANY)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert died.returncode == 9, died.stderr
    written = [c for c in _new_customers() if (sample_repo / c.path).exists()]
    assert len(written) == 5 and _staging_left(sample_repo) != []
    checked = run_cli(sample_repo, "validate", "--today", TODAY)
    assert "change-interrupted" in checked.stdout
    assert run_cli(sample_repo, "fmt").exit_code == 0  # completes the change
    for change in _new_customers():
        assert (sample_repo / change.path).read_text("utf-8") == change.text
    assert _staging_left(sample_repo) == [] and not journal.pending(sample_repo)
    assert "change-interrupted" not in run_cli(sample_repo, "validate", "--today", TODAY).stdout
