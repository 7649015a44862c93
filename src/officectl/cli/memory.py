"""The process's memory policy: a command line's business, never the library's.

Loading a repository allocates millions of objects and frees almost none of them, so
each pass of Python's cyclic garbage collector walks ever more live objects for
nothing: with it on, a 100,000-record load takes three times as long. So a command
runs with the collector paused (the process ends right after it, see
``officectl.cli.main``). Reference counting still frees everything that is dropped;
only cycles made meanwhile wait. A command that goes on to make much cyclic garbage
(rendering PDFs) resumes the collector once its records are loaded, freezing what it
loaded first (``gc.freeze``), or every pass would walk all of it again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_process_ends = False


def process_ends_after_command() -> None:
    """Say that the process ends as soon as the command is done (the console script,
    ``officectl.cli.main``): then :func:`collector_paused` leaves the collector off
    for the few lines left. Turning it back on made its next pass walk every object
    loaded (0.4 s after a 100,000-invoice ``bank import``), for nothing."""
    global _process_ends
    _process_ends = True


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection within; the collector as it was afterwards (unless
    the process ends right after, :func:`process_ends_after_command`)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled and not _process_ends:
            gc.enable()


def resume_collector() -> None:
    """Freeze what is loaded (the collector never walks it again) and collect on."""
    gc.freeze()
    gc.enable()
