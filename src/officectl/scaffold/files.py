"""The files ``init`` writes besides the records: git, CI and editor settings."""

from __future__ import annotations

import json

from officectl.schema import Kind

SCHEMA_DIR = ".officectl/schemas"

GITIGNORE = """\
# officectl output: documents and exports are made from the records, not kept
reports/
.officectl-cache/
"""

TEMPLATES_README = """\
# Templates

A file here overrides the built-in template of the same name (`officectl templates`
lists them and where each comes from). Start from a copy of the built-in one; the
templates are Jinja, sandboxed, and an undefined variable is an error.
"""

WORKFLOW = """\
# Checks every pull request and every push to the main branch; there, it also exports
# the books for the accountant.
name: officectl

on:
  push:
    branches: [main, master]
  pull_request:

permissions:
  contents: read

jobs:
  records:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0        # the base branch for --changed-since, the history for audit
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
          cache: pip
          cache-dependency-path: .officectl/requirements.txt
      - name: Install officectl (the version .officectl/requirements.txt names)
        run: |
          if ! grep -Eq '^[[:space:]]*[^#[:space:]]' .officectl/requirements.txt; then
            msg="add one pip requirement for officectl to it (its comments show how)"
            echo "::error file=.officectl/requirements.txt,line=1,title=no install source::$msg"
            exit 1
          fi
          pip install -r .officectl/requirements.txt
      - name: Validate what the pull request changes
        if: github.event_name == 'pull_request'
        env:
          BASE_REF: ${{ github.base_ref }}
        run: officectl validate --changed-since "origin/$BASE_REF" --format github
      - name: Validate every record
        if: github.event_name == 'push'
        run: officectl validate --format github
      - name: Check the layout
        run: officectl fmt --check
      - name: Audit the pull request's commits
        if: github.event_name == 'pull_request'
        env:
          BASE_REF: ${{ github.base_ref }}
        run: officectl audit --since "origin/$BASE_REF" --format github
      - name: Audit the pushed commits (all history on a first push)
        if: github.event_name == 'push'
        env:
          BEFORE: ${{ github.event.before }}
        run: |
          if git cat-file -e "$BEFORE^{commit}" 2>/dev/null; then
            officectl audit --since "$BEFORE" --format github
          else
            officectl audit --format github
          fi
      - name: Export the books
        if: github.event_name == 'push'
        run: officectl export finance --today "$(date -u +%F)" -o reports/finance.xlsx
      - uses: actions/upload-artifact@v4
        if: github.event_name == 'push'
        with:
          name: finance
          path: reports/finance.xlsx
"""


PRE_COMMIT_CONFIG = """\
# Hooks for pre-commit (https://pre-commit.com): records are checked before a commit,
# and issued invoices are audited before a push. They run the officectl on your PATH;
# install it as CI does: `pip install -r .officectl/requirements.txt`, then
# `pre-commit install` once per clone (it sets up the pre-commit and pre-push hooks).
minimum_pre_commit_version: "3.2.0"
default_install_hook_types: [pre-commit, pre-push]
repos:
  - repo: local
    hooks:
      - id: officectl-validate
        name: officectl validate (changed records)
        # What the commit adds, changes or deletes, and what that involves: older
        # problems elsewhere never block a commit. `officectl validate` checks all.
        entry: officectl validate --changed-since HEAD
        language: system
        files: ^records/.*\\.ya?ml$
        pass_filenames: false
        always_run: true
        require_serial: true
        stages: [pre-commit]
      - id: officectl-fmt
        name: officectl fmt --check
        entry: officectl fmt --check
        language: system
        files: ^records/.*\\.ya?ml$
        stages: [pre-commit]
      - id: officectl-audit
        name: officectl audit (the commits being pushed)
        # An issued invoice edited, deleted or renumbered in the pushed commits (all
        # of the history on a first push) stops the push, before CI fails on it.
        entry: >-
          sh -c 'if [ -n "${PRE_COMMIT_FROM_REF:-}" ];
          then exec officectl audit --since "$PRE_COMMIT_FROM_REF";
          else exec officectl audit; fi'
        language: system
        pass_filenames: false
        always_run: true
        require_serial: true
        stages: [pre-push]
"""


def vscode_settings(kinds: dict[str, Kind]) -> str:
    """``.vscode/settings.json``: each kind's JSON Schema for its records, for the YAML
    language server (completion and checks while typing)."""
    schemas = {
        f"{SCHEMA_DIR}/{name}.schema.json": [
            f"records/{name}/**/*.yaml",
            f"records/{name}/**/*.yml",
        ]
        for name in kinds
    }
    settings = {
        "yaml.schemas": schemas,
        "files.insertFinalNewline": True,
        "[yaml]": {"editor.tabSize": 2, "editor.insertSpaces": True},
    }
    return json.dumps(settings, indent=2, ensure_ascii=False) + "\n"


def schema_file(kind: Kind, kinds: dict[str, Kind]) -> str:
    from officectl.jsonschema_export import kind_schema

    return json.dumps(kind_schema(kind, kinds), indent=2, ensure_ascii=False) + "\n"
