"""A record file that links out of the repository is reported and never read, with or
without the cache: a pull request must not make CI print files of the machine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import TODAY, RunCli

SECRET = "name: top-secret-value\ncountry: CZ\n"


@pytest.fixture
def linked_out(sample_repo: Path, tmp_path: Path) -> Path:
    outside = tmp_path / "outside.yaml"
    outside.write_text(SECRET, encoding="utf-8")
    (sample_repo / "records" / "customers" / "CUS-0777.yaml").symlink_to(outside)
    return sample_repo


@pytest.mark.parametrize("cache", [[], ["--no-cache"]])
def test_a_link_out_of_the_repository_is_one_problem_and_never_read(
        linked_out: Path, run_cli: RunCli, cache: list[str]) -> None:
    for _ in range(2):  # the second run may come from the cache
        result = run_cli(linked_out, "validate", "--format", "json", "--today", TODAY, *cache)
        document = json.loads(result.stdout)
        assert result.exit_code == 1
        assert [(p["path"], p["line"], p["code"]) for p in document["problems"]] == [
            ("records/customers/CUS-0777.yaml", 1, "path-outside-repo")]
        assert "top-secret" not in result.output


def test_a_link_to_another_record_inside_the_repository_is_fine(sample_repo: Path,
                                                               run_cli: RunCli) -> None:
    customers = sample_repo / "records" / "customers"
    (customers / "CUS-0777.yaml").symlink_to(customers / "CUS-0001.yaml")
    result = run_cli(sample_repo, "validate", "--today", TODAY)
    assert result.exit_code == 0
    assert "warning duplicate-vat-id" in result.stdout  # read as a record of its own
    assert "path-outside-repo" not in result.output
