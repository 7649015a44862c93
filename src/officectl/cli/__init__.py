"""The ``officectl`` command line: a thin layer over the library.

Commands are imported only when they run (or when ``--help`` lists them), and a
command module imports heavy libraries (pandas, openpyxl, WeasyPrint) inside its
function, so ``officectl --help`` stays fast. Every user-facing error becomes a
message and an exit code here, in one place.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from typing import Any, NoReturn

import click

from officectl import __version__
from officectl.cli.app import App
from officectl.errors import OfficectlError

COMMANDS: dict[str, str] = {
    "validate": "officectl.cli.validate_cmd:validate",
    "schema": "officectl.cli.schema_cmd:schema",
    "render": "officectl.cli.render_cmd:render",
    "templates": "officectl.cli.render_cmd:templates",
    "export": "officectl.cli.export_cmd:export",
    "list": "officectl.cli.records_cmd:list_records",
    "show": "officectl.cli.records_cmd:show",
    "new": "officectl.cli.new_cmd:new",
    "fmt": "officectl.cli.fmt_cmd:fmt",
    "init": "officectl.cli.init_cmd:init",
    "invoice": "officectl.cli.workflow_cmd:invoice",
    "deal": "officectl.cli.workflow_cmd:deal",
    "report": "officectl.cli.report_cmd:report",
    "audit": "officectl.cli.audit_cmd:audit",
    "bank": "officectl.cli.bank_cmd:bank",
    "remind": "officectl.cli.remind_cmd:remind",
    "query": "officectl.cli.query_cmd:query",
    "import": "officectl.cli.import_cmd:import_group",
}
"""Command name → ``module:attribute``; adding a command is one entry here."""


class _Failure(click.ClickException):
    def __init__(self, error: OfficectlError) -> None:
        from officectl.terminal import visible  # a message may quote record text

        super().__init__(visible(str(error), keep="\n"))
        self.exit_code = error.exit_code  # type: ignore[misc]


class LazyGroup(click.Group):
    """A group whose subcommands come from :data:`COMMANDS`, imported on use."""

    def __init__(
        self, *args: Any, commands_map: dict[str, str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.commands_map = commands_map or {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.commands_map})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands_map and cmd_name not in self.commands:
            module_name, attribute = self.commands_map[cmd_name].split(":")
            command = getattr(importlib.import_module(module_name), attribute)
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OfficectlError as error:
            raise _Failure(error) from None
        except BrokenPipeError:
            raise
        except OSError as error:  # a full disk, a read-only or vanished folder
            raise _Failure(_os_error(error)) from None


def _os_error(error: OSError) -> OfficectlError:
    """What the operating system refused, as a message naming the file (exit 1)."""
    from officectl.errors import RecordError, os_reason

    where = f"{error.filename}: " if error.filename else ""
    if isinstance(error, FileNotFoundError) and not error.filename:
        return RecordError(
            "the current folder no longer exists",
            hint="cd into the repository again, or pass -C PATH",
        )
    return RecordError(
        f"{where}{os_reason(error)}; the command stopped",
        hint="fix this, then run the command again (every file it wrote is whole: old or new)",
    )


@click.group(
    cls=LazyGroup, commands_map=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.option(
    "-C",
    "--root",
    "root",
    type=click.Path(file_okay=False, path_type=str),
    help="The records repository (default: the nearest folder above the current "
    "one holding officectl.yaml).",
)
@click.version_option(__version__, prog_name="officectl")
@click.pass_context
def cli(ctx: click.Context, root: str | None) -> None:
    """Run a small company's front and back office from YAML records in git.

    \b
    Examples:
      officectl validate                  check every record
      officectl -C ~/books validate --format github
    """
    from officectl.cli.memory import collector_paused

    ctx.obj = App(root)
    ctx.with_resource(collector_paused())


def main() -> None:
    """The console script. It ends the process as soon as the command is done, without
    the interpreter's teardown: freeing a loaded repository object by object took a
    tenth of a warm ``validate`` (the operating system reclaims it at once). Commands
    hold what they loaded until then; output is flushed first."""
    from officectl.cli.memory import process_ends_after_command

    process_ends_after_command()
    try:
        cli(prog_name="officectl")
    except SystemExit as done:
        _exit_now(done.code)


def _exit_now(code: object) -> NoReturn:
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)  # sys.exit("message") semantics
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (| head)
            stream.flush()
    os._exit(code or 0)
