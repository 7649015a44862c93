"""The layers stay apart: the library never tunes the process (garbage collector, fast
exit) — the command line does —, every git command goes through one runner, which
never lets a repository's own configuration run a program, and one pipeline
interface loads the records for every command."""

from __future__ import annotations

import ast
import gc
import stat
from datetime import date
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY, RunCli, git
from officectl.config import load_config

SOURCES = PROJECT / "src" / "officectl"


def _library_modules() -> list[Path]:
    return [p for p in sorted(SOURCES.rglob("*.py")) if "cli" not in p.relative_to(SOURCES).parts]


def _uses(path: Path) -> set[str]:
    """Imported modules and ``os._exit`` calls in a source file."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Attribute) and node.attr == "_exit":
            found.add("os._exit")
    return found


def test_only_the_command_line_tunes_the_process() -> None:
    offenders = {
        str(p.relative_to(SOURCES)): _uses(p) & {"gc", "os._exit"} for p in _library_modules()
    }
    # A forked rendering worker ends with os._exit: it must not run the parent's
    # clean-up (atexit, buffered output) a second time.
    offenders["documents/limits.py"] -= {"os._exit"}
    # So does the forked child that writes the validation cache's shards while a cold
    # query builds its views.
    offenders["analytics/shards_aside.py"] -= {"os._exit"}
    # And the forked workers of the per-file stage.
    offenders["parallel.py"] -= {"os._exit"}
    # The console script's launcher is the command line too (outside cli/ so that a
    # warm validate answers before click loads): it exits and pauses the collector as
    # officectl.cli does.
    offenders["launch.py"] -= {"os._exit", "gc"}
    assert {path: used for path, used in offenders.items() if used} == {}


def test_every_git_command_goes_through_gitutil() -> None:
    offenders = [
        str(p.relative_to(SOURCES))
        for p in sorted(SOURCES.rglob("*.py"))
        if "subprocess" in _uses(p) and p.name != "gitutil.py"
    ]
    assert offenders == []


def test_loading_and_validating_leave_the_collector_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from officectl.validation import load_repository, validate

    def refuse() -> None:
        raise AssertionError("library code changed the garbage collector")

    for name in ("disable", "enable", "freeze"):
        monkeypatch.setattr(gc, name, refuse)
    config = load_config(PROJECT)
    loaded = load_repository(config, today=date(2026, 11, 25))
    assert loaded.result() == validate(config, today=date(2026, 11, 25))
    assert gc.isenabled()


def test_a_command_runs_with_the_collector_paused(
    sample_repo: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from officectl import validation

    seen: list[bool] = []
    real = validation._validate

    def watched(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(validation, "_validate", watched)
    assert run_cli(sample_repo, "validate", "--today", TODAY).exit_code == 0
    assert seen == [False]
    assert gc.isenabled()  # and on again afterwards


def test_export_and_validate_apply_the_records_rules_alike(sample_repo: Path) -> None:
    """One pipeline: ``export`` refuses exactly when ``validate`` finds errors."""
    from officectl.exports.finance import checked_repository
    from officectl.validation import load_repository, validate

    config = load_config(sample_repo)
    today = date(2026, 11, 25)
    assert load_repository(config, use_cache=True, today=today).result() == validate(
        config, today=today, use_cache=True
    )
    assert checked_repository(config, today).records


def _fsmonitor_trap(root: Path) -> Path:
    """A repository whose own configuration names an fsmonitor hook (an unpacked
    archive, a shared folder): git runs that program on status and diff."""
    marker = root.parent / "fsmonitor-ran"
    hook = root.parent / "hook.sh"
    hook.write_text(f"#!/bin/sh\ntouch '{marker}'\n", encoding="utf-8")
    hook.chmod(hook.stat().st_mode | stat.S_IEXEC)
    git(root, "config", "core.fsmonitor", str(hook))
    return marker


def test_git_never_runs_a_repositorys_fsmonitor_hook(sample_repo: Path, run_cli: RunCli) -> None:
    marker = _fsmonitor_trap(sample_repo)
    (sample_repo / "records/customers/CUS-0001.yaml").touch()
    result = run_cli(sample_repo, "validate", "--changed-since", "HEAD", "--today", TODAY)
    assert result.exit_code == 0, result.output
    out = sample_repo.parent / "out.xlsx"
    result = run_cli(
        sample_repo, "export", "finance", "--period", "2026", "-o", str(out), "--today", TODAY
    )
    assert result.exit_code == 0, result.output
    assert not marker.exists()
    assert out.exists()


@pytest.mark.parametrize(
    "command",
    [
        ("list", "custmers"),
        ("new", "custmers"),
        ("schema", "custmers"),
        ("render", "--all", "custmers", "--format", "md"),
    ],
)
def test_a_mistyped_kind_gets_one_message_everywhere(
    sample_repo: Path, run_cli: RunCli, command: tuple[str, ...]
) -> None:
    result = run_cli(sample_repo, *command)
    assert result.exit_code == 2
    assert "unknown kind 'custmers'" in result.output
    assert "did you mean 'customers'?" in result.output
    assert "Traceback" not in result.output


def test_a_kind_is_named_by_folder_or_singular(sample_repo: Path, run_cli: RunCli) -> None:
    for name in ("customers", "customer"):
        assert run_cli(sample_repo, "schema", name).exit_code == 0


def test_the_command_line_reaches_the_pipeline_through_its_interface() -> None:
    """Discovery, parsing, the cache, the warm run, parallel loading and the
    ``--changed-since`` scope stay behind ``officectl.validation``."""
    internals = {
        "officectl.loader",
        "officectl.cache",
        "officectl.cache_shards",
        "officectl.incremental",
        "officectl.parallel",
        "officectl.changes",
    }
    offenders = {
        str(p.relative_to(SOURCES)): _uses(p) & internals
        for p in sorted((SOURCES / "cli").rglob("*.py"))
    }
    assert {path: used for path, used in offenders.items() if used} == {}
