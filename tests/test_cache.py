"""The cache gives the output a cold run gives, byte for byte, whatever state it is in.

Every test compares ``validate``'s complete output (text and JSON, exit code) with a
``--no-cache`` run on the same files: after a fill, a change, a deletion, a touch, a
new configuration, another date, a corrupt or planted cache file.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from conftest import TODAY, RunCli, file_parser, make_repo, no_parsing
from officectl import cache as cache_module
from officectl import loader, validation
from officectl.cache import CACHE_DIR, MAGIC, SEAL_BYTES, Cache, stat_keys
from officectl.config import Config, load_config
from officectl.records import Record

BROKEN = {
    "records/customers/CUS-0099.yaml": "name: Nobody s.r.o.\ncountry: CZ\nvat_id: CZ12345678\n"
    "colour: blue\n",
    "records/invoices/2026/INV-2026-0999.yaml": (
        "customer: CUS-0404\ncurrency: CZK\nstatus: issued\nissue_date: 2026-03-01\n"
        "due_date: 2026-03-15\nlines:\n  - {description: X, quantity: 1, unit_price: 10, "
        "vat_rate: 21}\n"
    ),
    "records/deals/DEAL-0099.yaml": "title: [unclosed\n",
    "records/contracts/CON-2026-099.yaml": (
        "title: Signed one\ncustomer: CUS-0001\nstart_date: 2026-01-01\nstatus: draft\n"
        "document: signed/CON-2026-099.pdf\n"
    ),
}
"""Per-file problems (unknown field, checksum, syntax) and repository ones (reference,
numbering gap, missing document)."""


@pytest.fixture(autouse=True)
def _private_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache secret lives in a temporary home, not the developer's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


@pytest.fixture
def books(tmp_path: Path) -> Path:
    root = make_repo(tmp_path / "books", with_git=False)
    for relpath, text in BROKEN.items():
        (root / relpath).write_text(text, encoding="utf-8")
    _age(root)
    return root


def _age(root: Path, seconds: int = 60) -> None:
    """Date every file back, as files are between commits: none is racy."""
    past = time.time_ns() - seconds * 1_000_000_000
    for path in root.rglob("*"):
        if CACHE_DIR not in path.parts:
            os.utime(path, ns=(past, past))


def _output(run_cli: RunCli, root: Path, *options: str) -> tuple[int, str, str]:
    text = run_cli(root, "validate", "--today", TODAY, *options)
    json = run_cli(root, "validate", "--today", TODAY, "--format", "json", *options)
    assert text.exit_code == json.exit_code
    return text.exit_code, text.stdout, json.stdout


def _assert_same_as_cold(run_cli: RunCli, root: Path, *options: str) -> None:
    cold = _output(run_cli, root, "--no-cache", *options)
    assert _output(run_cli, root, *options) == cold  # fills or updates the cache
    assert _output(run_cli, root, *options) == cold  # reads it


def _forbid_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a warm run parsed a file")

    monkeypatch.setattr(loader, "load_text", refuse)


def test_cold_warm_and_rerun_print_the_same(books: Path, run_cli: RunCli) -> None:
    cold = _output(run_cli, books, "--no-cache")
    assert cold[0] == 1 and "ref-missing" in cold[1] and "document-missing" in cold[1]
    assert _output(run_cli, books) == cold
    assert _output(run_cli, books) == cold


def test_no_cache_leaves_no_trace(books: Path, run_cli: RunCli) -> None:
    _output(run_cli, books, "--no-cache")
    assert not (books / CACHE_DIR).exists()


def test_the_cache_folder_ignores_itself(books: Path, run_cli: RunCli) -> None:
    _output(run_cli, books)
    assert (books / CACHE_DIR / ".gitignore").read_text().splitlines()[-1] == "*"


def test_a_warm_run_parses_nothing(
    books: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = _output(run_cli, books)
    _forbid_parsing(monkeypatch)
    assert _output(run_cli, books) == cold
    assert _output(run_cli, books, "records/invoices") == _output(
        run_cli, books, "records/invoices"
    )  # per-file results serve a new scope too


def test_per_file_results_serve_another_date(
    books: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _output(run_cli, books)
    cold = _output(run_cli, books, "--no-cache", "--today", "2027-06-30")
    _forbid_parsing(monkeypatch)
    assert _output(run_cli, books, "--today", "2027-06-30") == cold
    assert "contract-ended" in cold[1]


@pytest.mark.parametrize("edit", ["break", "fix", "delete", "add", "touch", "same-size"])
def test_one_changed_file(books: Path, run_cli: RunCli, edit: str) -> None:
    _output(run_cli, books)
    invoice = books / "records/invoices/2026/INV-2026-0999.yaml"
    customer = books / "records/customers/CUS-0001.yaml"
    if edit == "break":
        customer.write_text(customer.read_text().replace("country: CZ", "country: XX"))
    elif edit == "fix":
        invoice.write_text(invoice.read_text().replace("CUS-0404", "CUS-0001"))
    elif edit == "delete":
        invoice.unlink()
    elif edit == "add":
        (books / "records/staff/EMP-999.yaml").write_text("name: New\n")
    elif edit == "touch":
        os.utime(customer)
    else:  # same size, same mtime: only the inode or ctime can tell
        mtime = customer.stat().st_mtime_ns
        customer.write_text(customer.read_text().replace("country: CZ", "country: XX"))
        os.utime(customer, ns=(mtime, mtime))
    _assert_same_as_cold(run_cli, books)


def test_a_new_configuration_invalidates(books: Path, run_cli: RunCli) -> None:
    _output(run_cli, books)
    config = books / "officectl.yaml"
    config.write_text(config.read_text().replace("vat_rates: [21, 12, 0]", "vat_rates: [21, 0]"))
    cold = _output(run_cli, books, "--no-cache")
    assert "vat-rate-not-allowed" in cold[1]
    _assert_same_as_cold(run_cli, books)


def test_a_document_appearing_invalidates_the_whole_result(books: Path, run_cli: RunCli) -> None:
    assert "document-missing" in _output(run_cli, books)[1]
    (books / "signed").mkdir()
    (books / "signed/CON-2026-099.pdf").write_bytes(b"%PDF-1.7")
    assert "document-missing" not in _output(run_cli, books)[1]
    _assert_same_as_cold(run_cli, books)


def _cache_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / CACHE_DIR).iterdir() if not p.name.startswith((".", "C")))


@pytest.mark.parametrize(
    "damage", ["truncate", "flip", "garbage", "empty", "header-only", "foreign-secret"]
)
def test_a_damaged_cache_is_ignored(
    books: Path, run_cli: RunCli, damage: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cold = _output(run_cli, books, "--no-cache")
    if damage == "foreign-secret":  # sealed by someone else: valid, but not ours
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "someone-else"))
        _output(run_cli, books)
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    else:
        _output(run_cli, books)
    for path in _cache_files(books):
        data = path.read_bytes()
        damaged = {
            "truncate": data[: len(data) // 2],
            "flip": data[:-7] + bytes([data[-7] ^ 1]) + data[-6:],
            "garbage": os.urandom(len(data)),
            "empty": b"",
            "header-only": data[: len(MAGIC) + SEAL_BYTES],
        }.get(damage, data)
        path.write_bytes(damaged)
    assert _output(run_cli, books) == cold
    assert _output(run_cli, books) == cold


class _Exploit:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch pwned",))


def test_a_planted_cache_file_is_never_unpickled(
    books: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pull request could commit .officectl-cache/: its pickles must not run."""
    cold = _output(run_cli, books, "--no-cache")
    folder = books / CACHE_DIR
    folder.mkdir()
    payload = pickle.dumps(_Exploit())
    for name in ["state", *(f"files-{n:02x}" for n in range(cache_module.SHARDS))]:
        (folder / name).write_bytes(MAGIC + bytes(SEAL_BYTES) + payload)
    monkeypatch.chdir(books)
    assert _output(run_cli, books) == cold
    assert not (books / "pwned").exists()


def test_racy_entries_are_read_again(books: Path) -> None:
    """A file changed in the same timestamp tick as it was read keeps its stat key; an
    entry verified within RACY_NS of the file's mtime is therefore not trusted."""
    config = load_config(books)
    relpath = "records/customers/CUS-0001.yaml"
    path = books / relpath
    key = stat_keys(books, [relpath])[0]
    assert key is not None
    racy_key = (key[0], time.time_ns(), key[2], key[3])  # "modified just now"

    parse = file_parser(config)

    first = Cache.open(config).load_files(config, [relpath], [racy_key], parse)  # type: ignore[union-attr]
    path.write_text(path.read_text().replace("country: CZ", "country: XX"))  # same size
    second = Cache.open(config).load_files(config, [relpath], [racy_key], parse)  # type: ignore[union-attr]
    assert second != first
    expected = loader.load_file(books, relpath, config)
    assert (second.records, second.problems) == ([expected.record], [expected.problems])


def test_trusted_entries_are_not_read_again(books: Path) -> None:
    """The other side of the racy check: an old stat key is trusted without reading."""
    config = load_config(books)
    relpath = "records/customers/CUS-0001.yaml"
    old_key = stat_keys(books, [relpath])

    parse = file_parser(config)

    first = Cache.open(config).load_files(config, [relpath], old_key, parse)  # type: ignore[union-attr]
    (books / relpath).write_text("name: changed behind the cache's back\n")
    again = Cache.open(config).load_files(config, [relpath], old_key, parse)  # type: ignore[union-attr]
    assert again == first


def test_validate_api_defaults_to_no_cache(books: Path) -> None:
    validation.validate(load_config(books), today=date(2026, 11, 25))
    assert not (books / CACHE_DIR).exists()


def test_without_a_home_for_the_secret_there_is_no_cache(
    books: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = books / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    cold = _output(run_cli, books, "--no-cache")
    assert _output(run_cli, books) == cold
    assert not (books / CACHE_DIR).exists()


@pytest.mark.parametrize("cls", [Record, loader.FileResult])
def test_pickling_keeps_every_field(cls: type) -> None:
    """Record and FileResult pickle as constructor calls: a field added to the class
    but not to its __reduce__ would come back as its default from the cache."""
    value = cls(**{f.name: f"value of {f.name}" for f in dataclasses.fields(cls)})
    assert pickle.loads(pickle.dumps(value)) == value


def test_derived_values_travel_with_the_record(books: Path) -> None:
    """An invoice's total, computed in the per-file stage, comes back from the cache."""
    config = load_config(books)
    relpath = "records/invoices/2026/INV-2026-0999.yaml"
    cache = Cache.open(config)
    assert cache is not None
    stats = stat_keys(books, [relpath])

    parse = file_parser(config)

    [fresh], *_ = cache.load_files(config, [relpath], stats, parse)
    [cached], *_ = Cache.open(config).load_files(config, [relpath], stats, parse)  # type: ignore[union-attr]
    assert cached is not fresh and cached == fresh
    assert fresh is not None and cached is not None
    assert (
        cached.derived
        == fresh.derived
        == {
            "total": Decimal("12.10"),
            "paid": Decimal("0.00"),
            "total_known": True,
            "vat": Decimal("2.10"),
            "entries": (),
            "einvoice_lines": (),
            "einvoice_buyer_needs": (),
        }
    )


def test_the_secret_is_private(books: Path, run_cli: RunCli, tmp_path: Path) -> None:
    _output(run_cli, books)
    secret = tmp_path / "user-cache/officectl/secret"
    assert secret.stat().st_mode & 0o777 == 0o600
    assert len(secret.read_bytes()) == 32
    assert not list(secret.parent.glob(".secret*")) and not list(
        (books / CACHE_DIR).glob(".files*")
    )  # no temporary file left behind


def test_an_invalid_configuration_is_never_taken_from_the_cache(
    books: Path, run_cli: RunCli
) -> None:
    _output(run_cli, books)
    config = books / "officectl.yaml"
    config.write_text(
        config.read_text().replace(
            "iban: CZ6508000000192000145399", "iban: CZ6508000000192000145398"
        )
    )
    cold = run_cli(books, "validate", "--today", TODAY, "--no-cache")
    warm = run_cli(books, "validate", "--today", TODAY)
    assert cold.exit_code == warm.exit_code == 2
    assert "invalid-iban" in cold.stderr and warm.stderr == cold.stderr


def test_a_sealed_shard_of_another_layout_is_ignored(books: Path, run_cli: RunCli) -> None:
    """Sealed by us, so never hostile, but perhaps written by an older or buggy officectl."""
    cold = _output(run_cli, books, "--no-cache")
    _output(run_cli, books)
    cache = Cache.open(load_config(books))
    assert cache is not None
    for number in range(cache_module.SHARDS):
        cache._write(f"files-{number:02x}", b"files", (["x"], b"short", [None], [()]))
    cache.write_state(("not", "a", "state"))
    assert _output(run_cli, books) == cold
    assert _output(run_cli, books) == cold


def test_without_a_home_at_all_there_is_no_cache(
    books: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    def unexpanded(path: str) -> str:
        return path  # what os.path.expanduser gives without HOME or a password entry

    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setattr(Path, "home", no_home)
    monkeypatch.setattr(os.path, "expanduser", unexpanded)
    cold = _output(run_cli, books, "--no-cache")
    assert _output(run_cli, books) == cold
    assert not (books / CACHE_DIR).exists()


def test_validate_leaves_whole_records_for_other_commands(books: Path, run_cli: RunCli) -> None:
    """validate loads records as the repository rules see them (no lines, no notes);
    what it stores must still be the whole records that show, exports and workflows
    load, after a fill, a touch, an edit and a deletion alike."""
    from officectl.checks import seen_by_repo_rules

    _output(run_cli, books)
    os.utime(books / "records/customers/CUS-0001.yaml")
    invoice = books / "records/invoices/2026/INV-2026-0999.yaml"
    invoice.write_text("notes: edited\n" + invoice.read_text())
    _output(run_cli, books)
    (books / "records/deals/DEAL-0099.yaml").unlink()
    _output(run_cli, books)
    config = load_config(books)
    relpaths = list(loader.discover(books))

    parse = no_parsing()

    stats = stat_keys(books, relpaths)
    cache = Cache.open(config)
    assert cache is not None
    whole = cache.load_files(config, relpaths, stats, parse).records
    seen = cache.load_files(config, relpaths, stats, parse, seen=True).records
    expected = [loader.load_file(books, relpath, config).record for relpath in relpaths]
    assert whole == expected
    assert seen == [seen_by_repo_rules(r) if r else None for r in expected]
    lines = [r for r in whole if r is not None and "lines" in r.data]
    assert lines and not any("lines" in r.data for r in seen if r is not None)


def test_a_file_that_cannot_be_opened_is_never_taken_as_empty(
    books: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An empty file whose permissions changed has the digest of b"" only if its
    unreadable bytes are taken as none: the loader must report it instead."""
    config = load_config(books)
    relpath = "records/customers/CUS-0001.yaml"
    (books / relpath).write_bytes(b"")
    [key] = stat_keys(books, [relpath])

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cache_module, "_read_up_to", refuse)
    result, data = Cache.read_file(config, str(books) + os.sep, relpath, key)
    assert result is not None and data == b""
    assert [p.code for p in result.problems] == ["yaml-empty"]  # the loader read it itself


@pytest.mark.parametrize("worker_fails", [False, True])
def test_shards_built_on_several_processes_serve_a_warm_run(
    books: Path,
    run_cli: RunCli,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    worker_fails: bool,
) -> None:
    """A first run over many files builds and writes the shards on every core (pickling
    each record twice was a fifth of it); a shard a worker fails on is written by the
    main process. Either way the next run parses nothing and prints the cold output."""
    from officectl import cache_shards, parallel

    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "2")
    log, parent, build = tmp_path / "shard builders", os.getpid(), cache_shards.Shard.build

    def logged(entries: dict[str, cache_shards.FileEntry], *seen: Any) -> cache_shards.Shard:
        with log.open("a") as written:
            written.write(f"{os.getpid()}\n")
        if worker_fails and os.getpid() != parent:
            raise MemoryError
        return build(entries, *seen)

    monkeypatch.setattr(cache_shards.Shard, "build", staticmethod(logged))
    cold = _output(run_cli, books, "--no-cache")
    filled = run_cli(books, "validate", "--today", TODAY)
    assert (filled.exit_code, filled.stdout) == (cold[0], cold[1])
    assert len(set(log.read_text().split())) == 2  # the main process and a worker
    _forbid_parsing(monkeypatch)
    assert _output(run_cli, books) == cold


def test_a_first_run_reads_each_new_file_where_it_is_parsed(
    books: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Files new to the cache are read and hashed by the process that parses them, not
    all by the main process before the workers start; the cache they fill serves the
    next run as ever."""
    from officectl import parallel

    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(parallel, "CHUNK", 3)
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "2")
    log, read = tmp_path / "readers", Cache.read_file

    def logged(*args: Any) -> Any:
        with log.open("a") as written:
            written.write(f"{os.getpid()}\n")
        return read(*args)

    monkeypatch.setattr(Cache, "read_file", staticmethod(logged))
    cold = _output(run_cli, books, "--no-cache")
    filled = run_cli(books, "validate", "--today", TODAY)
    assert (filled.exit_code, filled.stdout) == (cold[0], cold[1])
    assert len(set(log.read_text().split())) == 2
    _forbid_parsing(monkeypatch)
    assert _output(run_cli, books) == cold


def test_a_new_file_changed_since_its_stat_is_reported_as_read_and_not_kept(
    books: Path,
) -> None:
    config = load_config(books)
    relpath = "records/customers/CUS-0001.yaml"
    [key] = stat_keys(books, [relpath])
    assert key is not None
    (books / relpath).write_text((books / relpath).read_text() + "notes: grown since\n")
    cache = Cache.open(config)
    assert cache is not None
    loaded = cache.load_files(config, [relpath], [key], file_parser(config))
    expected = loader.load_file(books, relpath, config)
    assert (loaded.records, loaded.problems) == ([expected.record], [expected.problems])
    assert loaded.entries == [None]  # not stored: the next run reads it again


def test_a_first_run_writes_each_shard_where_its_files_were_parsed(
    books: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With nothing stored yet, each process takes whole shards: it reads and parses
    their files and writes them, and the main process never unpickles a worker's
    whole records only to pickle them again (a first run at 100,000 invoices held
    530 MiB, now 300)."""
    from officectl import cache_shards, parallel

    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "2")
    log, read, write = tmp_path / "who", Cache.read_file, Cache.write_shard

    def reading(config: Config, base: str, relpath: str, key: Any) -> Any:
        with log.open("a") as written:
            written.write(f"read {os.getpid()} {cache_shards.shard_of(relpath)}\n")
        return read(config, base, relpath, key)

    def writing(self: Cache, number: int, *args: Any) -> None:
        with log.open("a") as written:
            written.write(f"wrote {os.getpid()} {number}\n")
        write(self, number, *args)

    monkeypatch.setattr(Cache, "read_file", staticmethod(reading))
    monkeypatch.setattr(Cache, "write_shard", writing)
    cold = _output(run_cli, books, "--no-cache")
    filled = run_cli(books, "validate", "--today", TODAY)
    assert (filled.exit_code, filled.stdout) == (cold[0], cold[1])
    lines = [line.split() for line in log.read_text().splitlines()]
    readers = {(shard, pid) for what, pid, shard in lines if what == "read"}
    writers = {(shard, pid) for what, pid, shard in lines if what == "wrote"}
    assert writers and writers == readers and len({pid for _, pid in writers}) == 2
    _forbid_parsing(monkeypatch)
    assert _output(run_cli, books) == cold
