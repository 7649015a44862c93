"""Rendering limits: a template from a pull request may loop for ever, build a string
of gigabytes or recurse without end. Each document is made under three limits, and
going over one is a :class:`~officectl.errors.LimitError` (exit 1) naming the
template and the limit, never a hang, a swapped-out machine or a traceback.

- *time*: wall-clock seconds per document (template and PDF);
- *memory*: MiB the rendering may grow the process's address space by;
- *output*: MiB of text (and of PDF) one document may have.

Where the platform can ``fork`` (Linux, macOS), the document is made in a child
process with the memory limit as ``RLIMIT_AS`` and killed at the time limit, so even
a single C-level operation (``10 ** 100000000``) cannot outlast it. The sandbox
(:mod:`.environment`) also refuses the known big operations up front with a clearer
message; elsewhere those checks are the only guard.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from officectl.errors import LimitError, OfficectlError

MIB = 1 << 20


@dataclass(frozen=True, slots=True)
class Limits:
    """What one document may take; the defaults are generous for real documents (a
    sample invoice takes well under a second and 100 MiB)."""

    seconds: float = 60.0
    memory_mib: int = 1024
    output_mib: int = 20

    @property
    def output_chars(self) -> int:
        return self.output_mib * MIB


DEFAULT = Limits()
OPTION_OF = {
    "time": "--time-limit SECONDS",
    "memory": "--memory-limit MIB",
    "output": "--output-limit MIB",
}


def breach(what: str, limit: str, kind: str) -> LimitError:
    """The error of ``what`` (a template and record) going over the ``kind`` limit."""
    return LimitError(
        f"{what}: stopped at the {kind} limit of {limit}",
        hint=f"a template that needs more can have it with "
        f"{OPTION_OF[kind]} (or OFFICECTL_RENDER_{kind.upper()}_LIMIT)",
    )


def run_bounded(work: Callable[[], bytes], limits: Limits, what: str) -> bytes:
    """``work()`` under ``limits``: in a child process where the platform forks, else
    in this one (where the sandbox's own checks are the guard)."""
    if not hasattr(os, "fork"):
        return _guarded(work, limits, what)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns, never runs the parent's clean-up
        try:
            os.close(read_end)
            _cap_memory(limits.memory_mib * MIB)
            _send(write_end, _outcome(work, limits, what))
        finally:
            os._exit(0)
    os.close(write_end)
    try:
        payload = _receive(read_end, pid, limits, what)
    finally:
        os.close(read_end)
    return _unpack(payload, pid, limits, what)


def _guarded(work: Callable[[], bytes], limits: Limits, what: str) -> bytes:
    try:
        return work()
    except MemoryError:
        raise breach(what, f"{limits.memory_mib} MiB", "memory") from None
    except RecursionError:
        raise LimitError(
            f"{what}: stopped at the recursion limit: the template "
            "nests too deep (a macro calling itself without end?)"
        ) from None


def _outcome(work: Callable[[], bytes], limits: Limits, what: str) -> tuple[Any, ...]:
    try:
        return ("ok", _guarded(work, limits, what))
    except OfficectlError as error:
        return ("error", type(error), error.message, error.hint)
    except MemoryError:  # while handling another error
        return (
            "error",
            LimitError,
            f"{what}: stopped at the memory limit of {limits.memory_mib} MiB",
            None,
        )
    except BaseException:
        return ("crash", traceback.format_exc())


def _cap_memory(extra: int) -> None:
    """Let the address space grow by ``extra`` bytes over what the parent had."""
    import resource  # Unix only, as is fork

    try:
        statm = Path("/proc/self/statm").read_text(encoding="ascii")
        current = int(statm.split()[0]) * resource.getpagesize()
    except OSError:
        current = 0
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = current + extra
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    # a platform without RLIMIT_AS: the sandbox's checks and the time limit guard
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def _send(fd: int, outcome: tuple[Any, ...]) -> None:
    data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _receive(fd: int, pid: int, limits: Limits, what: str) -> bytes:
    """The child's whole answer, or a kill at the deadline. The pipe is read while the
    child writes, so a big document never blocks it."""
    deadline = time.monotonic() + limits.seconds
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        ready = select.select([fd], [], [], max(left, 0))[0] if left > 0 else []
        if not ready:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise breach(what, f"{limits.seconds:g} s", "time")
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _unpack(payload: bytes, pid: int, limits: Limits, what: str) -> bytes:
    _, status = os.waitpid(pid, 0)
    if not payload:
        died = (
            f"signal {os.WTERMSIG(status)}"
            if os.WIFSIGNALED(status)
            else f"exit status {os.waitstatus_to_exitcode(status)}"
        )
        raise LimitError(
            f"{what}: stopped: rendering ended abruptly ({died}), most "
            f"likely at the memory limit of {limits.memory_mib} MiB",
            hint=f"a template that needs more can have it with {OPTION_OF['memory']}",
        )
    outcome = pickle.loads(payload)
    if outcome[0] == "ok":
        result: bytes = outcome[1]
        return result
    if outcome[0] == "error":
        error_type, message, hint = outcome[1:]
        raise error_type(message, hint=hint)
    raise RuntimeError(f"rendering failed in its worker process:\n{outcome[1]}")
