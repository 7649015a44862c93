"""The validation cache, with its record shards written by a forked process.

A cold ``query`` loads every record through the validation cache, which then writes
them to its shards (pickling each record twice: a fifth of a cold query at 100,000
invoices), although the query itself never reads them back. So here that writing is
handed to a forked child while this process builds the views from the records, on
another core, and the view tables are stored when both are done
(:meth:`ShardsAside.wait`). The files are the same ones, written the same way (each
renamed into place whole); where ``fork`` is missing or fails, they are written here.
"""

from __future__ import annotations

import os
import warnings
from contextlib import suppress
from typing import Any

from officectl.cache import Cache


class ShardsAside(Cache):
    """A :class:`~officectl.cache.Cache` whose shard writing runs in a child process."""

    child: int | None = None

    def _write_shards(self, *args: Any, **kwargs: Any) -> None:
        self.wait()  # one writer at a time
        fork = getattr(os, "fork", None)
        try:
            with warnings.catch_warnings():
                # Python 3.12 warns of forking a process with threads (DuckDB's): the
                # child runs none of their code, only pickling and writing files.
                warnings.simplefilter("ignore", DeprecationWarning)
                pid = fork() if fork is not None else -1
        except OSError:
            pid = -1
        if pid < 0:
            super()._write_shards(*args, **kwargs)
            return
        if pid == 0:  # the child: write, and leave without running the parent's exit code
            code = 1
            try:
                super()._write_shards(*args, **kwargs)
                code = 0
            finally:
                os._exit(code)
        self.child = pid

    def wait(self) -> None:
        """Until the shards handed to the child are written (or it has failed: then
        the next run parses those files again)."""
        if self.child is not None:
            child, self.child = self.child, None
            with suppress(ChildProcessError):
                os.waitpid(child, 0)
