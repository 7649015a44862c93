"""The console script: a warm ``validate`` answered before the command line loads.

Run right after another one with nothing changed, ``validate`` prints what the last
run printed (:mod:`officectl.warm_answer`). Importing click and officectl's command line took as
long as that whole answer, so the console script first looks whether its arguments
are one of the plain forms of such a run (``[-C DIR | --root DIR] validate`` with
``--today``, ``--format``, ``--strict`` only) and whether the cache answers it; a
plain form the cache cannot answer (or with ``--no-cache``) runs through the library
without the command line; anything else runs the command line
(:func:`officectl.cli.main`), which parses the arguments and reports their errors
as ever. What it prints is the same, byte for byte, either way (tests compare them).
"""

from __future__ import annotations

import os
import sys
from datetime import date

TYPE_CHECKING = False  # not typing's, and no pathlib or contextlib: each costs a warm
if TYPE_CHECKING:  # run several milliseconds, a tenth of it together
    from collections.abc import Sequence

FORMATS = ("text", "json", "github")


def main() -> None:
    """``officectl``: the warm answer if there is one, a plain ``validate`` run through
    the library, else the command line."""
    code = quick_validate(sys.argv[1:])
    if code is None:
        code = library_validate(sys.argv[1:])
    if code is None:
        from officectl.cli import main as command_line

        command_line()
        return
    for stream in (sys.stdout, sys.stderr):
        try:  # noqa: SIM105 - importing contextlib costs more than this
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (| head)
            pass
    os._exit(code)  # as officectl.cli.main: no interpreter teardown


def quick_validate(args: Sequence[str]) -> int | None:
    """Print a warm ``validate``'s report and return its exit code, or None (nothing
    printed) unless ``args`` are a plain ``validate`` the cache answers unchanged."""
    options = _parse(list(args))
    if options is None or options[4] or not _utf8_streams():  # --no-cache: no answer
        return None
    root_option, today, output_format, strict, _ = options
    root = _root(root_option)
    if root is None:
        return None
    from officectl.warm_answer import answered

    answer = answered(root, (today or date.today()).isoformat(), output_format)
    if answer is None:
        return None
    output, summary, code, strict_code = answer
    sys.stdout.write(output)
    if output_format == "text":
        sys.stderr.write(summary + "\n")
    return strict_code if strict else code


def library_validate(args: Sequence[str]) -> int | None:
    """A plain ``validate`` whose warm answer did not hold, or one with ``--no-cache``,
    run through the library as the command would run it (the cache, the listing and
    stats just taken, the collector paused): importing click and the command line is a
    tenth of a run that reuses the cache, and a twentieth of a cold one. None, with
    nothing printed, for any other form, an unsafe cache folder (the command warns
    about it) or a configuration or file system error (the command reports it, as
    ever)."""
    options = _parse(list(args))
    if options is None or not _utf8_streams():
        return None
    root_option, today, output_format, strict, no_cache = options
    root = _root(root_option)
    if root is None:
        return None
    import gc
    from pathlib import Path

    from officectl.cache_seal import unsafe_folder
    from officectl.errors import OfficectlError
    from officectl.reporting import REPORTERS
    from officectl.reporting.text import summary
    from officectl.validation import repository_config, validate
    from officectl.warm_answer import take_survey

    if not no_cache and unsafe_folder(root) is not None:
        return None
    gc.disable()  # as officectl.cli.memory.collector_paused; the process ends after it
    kept: list[object] = []  # alive until os._exit: nothing is freed one by one
    try:
        config = repository_config(Path(root), use_cache=not no_cache)
        result = validate(
            config,
            today=today or date.today(),
            use_cache=not no_cache,
            keep=kept,
            survey=None if no_cache else take_survey(root),
        )
    except (OfficectlError, OSError):
        gc.enable()
        return None
    sys.stdout.write(REPORTERS[output_format](result))
    if output_format == "text":
        sys.stderr.write(summary(result) + "\n")
    _kept.append(kept)
    return result.exit_code(strict=strict)


_kept: list[object] = []
"""What :func:`library_validate` loaded, alive until the process ends (``os._exit``)."""


def _parse(args: list[str]) -> tuple[str | None, date | None, str, bool, bool] | None:
    """(root option, today, format, strict, no cache) of a plain ``validate``; None for
    any other form (the command line then parses it, and reports what is wrong with it)."""
    root_option = None
    if len(args) >= 2 and args[0] in ("-C", "--root"):
        root_option, args = args[1], args[2:]
    elif args and args[0].startswith("--root="):
        root_option, args = args[0].removeprefix("--root="), args[1:]
    if not args or args[0] != "validate" or root_option == "" or _option_like(root_option):
        return None
    today, output_format, flags = None, "text", set()
    rest = args[1:]
    while rest:
        argument = rest.pop(0)
        name, given, value = argument.partition("=")
        if argument in ("--strict", "--no-cache"):
            flags.add(argument)
            continue
        if name not in ("--today", "--format"):
            return None
        if not given:
            if not rest or _option_like(rest[0]):
                return None
            value = rest.pop(0)
        if name == "--format":
            if value not in FORMATS:
                return None
            output_format = value
        else:
            try:
                today = date.fromisoformat(value)
            except ValueError:
                return None
    return root_option, today, output_format, "--strict" in flags, "--no-cache" in flags


def _utf8_streams() -> bool:
    """Whether standard output and error write UTF-8, as click makes them write even
    where the locale says otherwise (it re-wraps a misconfigured stream): only then
    is writing to them directly the same, byte for byte."""
    import codecs  # loaded at start-up already

    try:
        return all(
            codecs.lookup(stream.encoding).name == "utf-8" for stream in (sys.stdout, sys.stderr)
        )
    except (AttributeError, LookupError, TypeError):  # no stream, no or unknown encoding
        return False


def _option_like(value: str | None) -> bool:
    return value is not None and value.startswith("-")


def _root(root_option: str | None) -> str | None:
    """The repository root as :class:`officectl.cli.app.App` finds it, or None where
    that would be an error (the command line reports it)."""
    from officectl.discovery import find_root
    from officectl.errors import ConfigError

    try:
        if root_option is None:
            return str(find_root(os.getcwd()))  # noqa: PTH109
        root = os.path.realpath(root_option)  # what Path.resolve() does
    except (ConfigError, OSError):
        return None
    return root if os.path.isdir(root) else None  # noqa: PTH112
