"""A write of many files checks the way to each for links once per folder, yet refuses
every link it refused one file at a time: a linked folder, a record file that is a
link, anywhere in the plan (first, last, among many in one folder). Nothing is
written then."""

from __future__ import annotations

from pathlib import Path

import pytest

from officectl.atomic import PlannedWrite, apply_changes
from officectl.errors import RecordError


def _books(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    root = tmp_path / "books"
    read = {}
    for number in range(30):
        path = f"records/invoices/2026/INV-2026-{number:04d}.yaml"
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(f"number: {number}\n", "utf-8")
        read[path] = (root / path).read_bytes()
    return root, read


def _plan(read: dict[str, bytes]) -> list[PlannedWrite]:
    return [PlannedWrite(path, "new: text\n") for path in read]


@pytest.mark.parametrize("which", [0, 17, 29])
def test_a_record_file_that_is_a_link_is_refused_wherever_it_is(tmp_path: Path, which: int) -> None:
    root, read = _books(tmp_path)
    outside = tmp_path / "outside.yaml"
    outside.write_text("secret: 1\n", "utf-8")
    linked = sorted(read)[which]
    (root / linked).unlink()
    (root / linked).symlink_to(outside)
    with pytest.raises(RecordError, match=r"symbolic link"):
        apply_changes(root, _plan(read), read)
    assert outside.read_text("utf-8") == "secret: 1\n"
    for path, data in read.items():
        if path != linked:
            assert (root / path).read_bytes() == data


def test_a_linked_folder_later_in_the_plan_is_refused(tmp_path: Path) -> None:
    root, read = _books(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "records/invoices/2025").symlink_to(elsewhere, target_is_directory=True)
    path = "records/invoices/2025/INV-2025-0001.yaml"
    (elsewhere / "INV-2025-0001.yaml").write_text("number: 1\n", "utf-8")
    read[path] = (root / path).read_bytes()
    with pytest.raises(RecordError, match=r"records/invoices/2025 is a symbolic link"):
        apply_changes(root, _plan(read), read)
    assert (elsewhere / "INV-2025-0001.yaml").read_text("utf-8") == "number: 1\n"
    assert all((root / p).read_bytes() == d for p, d in read.items())


def test_a_plan_without_links_is_written(tmp_path: Path) -> None:
    root, read = _books(tmp_path)
    apply_changes(root, _plan(read), read)
    assert all((root / p).read_text("utf-8") == "new: text\n" for p in read)


def test_a_journaled_write_syncs_every_folder_before_the_journal_goes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many files in one change: the folders are synced once each, not once per file,
    and all of them while the journal still stands (a crash before then is completed
    from it by the next write)."""
    from officectl import atomic
    from officectl.journal import JOURNAL_FILE

    root, read = _books(tmp_path)
    other = "records/invoices/2025/INV-2025-0001.yaml"
    (root / other).parent.mkdir(parents=True)
    (root / other).write_text("number: 1\n", "utf-8")
    read[other] = (root / other).read_bytes()
    synced: list[tuple[Path, bool]] = []
    original = atomic.sync_folder

    def watched(folder: Path) -> None:
        synced.append((folder, (root / JOURNAL_FILE).exists()))
        original(folder)

    monkeypatch.setattr(atomic, "sync_folder", watched)
    apply_changes(root, _plan(read), read)
    assert all((root / p).read_text("utf-8") == "new: text\n" for p in read)
    folders = {(root / p).parent for p in read}
    with_journal = [folder for folder, journal in synced if journal]
    assert folders <= set(with_journal)
    assert len([f for f in synced if f[0] in folders]) == len(folders)  # once each
    assert not (root / JOURNAL_FILE).exists()
