"""What a run needs to trust ``.officectl-cache/`` before it loads any record: the
cache key, the seals, the per-user secret and the files' stat keys.

Kept apart from :mod:`officectl.cache` (which stores records, and so imports the
schema, the checks and PyYAML) so that a warm ``validate`` with nothing changed
(:mod:`officectl.warm`) reads its answer with the standard library alone: imports were
most of such a run. Paths are handled with :mod:`os` here, and neither ``pathlib``
nor ``typing`` is imported at run time: together they cost a warm run as much as its
stats. See :mod:`officectl.cache` for the vocabulary.
"""

from __future__ import annotations

import hmac
import importlib.machinery
import os
import struct
import sys
import time
from hashlib import blake2b
from stat import S_ISREG

from officectl import __version__
from officectl.discovery import CONFIG_FILE

try:  # the C unpickler alone: the pickle module imports re, enum and functools
    from _pickle import loads
except ImportError:  # pragma: no cover - not CPython
    from pickle import loads

TYPE_CHECKING = False  # not typing's: importing typing costs a warm run 15 ms
if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from pathlib import Path
    from typing import Any

CACHE_DIR = ".officectl-cache"
FORMAT = b"officectl-cache 6"
MAGIC = b"OFCTLC1\n"
SEAL_BYTES = 32
RACY_NS = 2_000_000_000
"""Two seconds: the coarsest file time granularity in use (FAT); finer ones are safe too."""

StatKey = tuple[int, int, int, int]
ENTRY = struct.Struct("<qqqQ?16s")
"""A file's entry: its stat key; whether that key can be trusted, i.e. whether the file
was modified more than :data:`RACY_NS` before it was read (decided when it was read,
against ``time.time_ns()`` taken before); and its digest."""
TRUSTED = struct.Struct("<qqqQ?")
"""The start of an entry whose key can be trusted: one comparison per file on a warm run."""


def paths_digest(relpaths: Sequence[str]) -> bytes:
    """Digest of a list of record paths: any file added or deleted changes it."""
    return blake2b("\0".join(relpaths).encode(), digest_size=16).digest()


def seal(secret: bytes, key: bytes, label: bytes, payload: bytes | memoryview) -> bytes:
    """HMAC-SHA256 of (cache key, label, payload): where the CPU has SHA instructions
    (most made since 2017) it is three times faster than keyed BLAKE2b, and a warm run
    seals every shard."""
    mac = hmac.new(secret, key + label + b"\0", "sha256")
    mac.update(payload)
    return mac.digest()


def read_sealed(path: Path | str, secret: bytes, key: bytes, label: bytes) -> Any:
    """The payload of a sealed file, or None if it is missing, unreadable or fails its
    seal (it is unpickled only after the seal checks out)."""
    data = read_regular(path)
    if data is None:
        return None
    header = len(MAGIC) + SEAL_BYTES
    if len(data) < header or not data.startswith(MAGIC):
        return None
    payload = memoryview(data)[header:]
    if not hmac.compare_digest(data[len(MAGIC) : header], seal(secret, key, label, payload)):
        return None
    try:
        return loads(payload)
    except Exception:  # sealed by us: only a bug could get here; never trust it
        return None


def config_source(root: Path | str) -> str | None:
    """``officectl.yaml``'s text as :func:`officectl.config.load_config` keeps it
    (``Config.source``), or None where it would not load it as it is (unreadable, too
    large, not UTF-8): the caller then loads the configuration, which reports why."""
    try:
        with open(os.path.join(root, CONFIG_FILE), "rb") as stream:  # noqa: PTH118, PTH123
            data = stream.read()
    except OSError:
        return None
    if len(data) > 1024 * 1024 or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text[1:] if text.startswith("\ufeff") else text


def trusted_keys(root: Path | str, relpaths: Sequence[str]) -> bytes | None:
    """``b"".join(TRUSTED.pack(*key, True) for key in stat_keys(root, relpaths))`` in one
    pass, or None if a path has no stat key: what a warm run compares with the stored
    keys, one ``stat`` per file and nothing else."""
    base = str(root) + os.sep
    pack = TRUSTED.pack
    keys = []
    for relpath in relpaths:
        try:
            st = os.stat(base + relpath)  # noqa: PTH116 - a Path costs more than the stat
        except (OSError, ValueError):
            return None
        if not S_ISREG(st.st_mode):
            return None
        keys.append(pack(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, True))
    return b"".join(keys)


def stat_keys(root: Path | str, relpaths: Sequence[str]) -> list[StatKey | None]:
    """The stat key of every path; None where it cannot be had or the path is not a
    regular file (a FIFO, or a symbolic link to /dev/zero, is never read here)."""
    base = str(root) + os.sep
    keys: list[StatKey | None] = []
    for relpath in relpaths:
        try:
            st = os.stat(base + relpath)  # noqa: PTH116 - a Path costs more than the stat
        except (OSError, ValueError):
            keys.append(None)
        else:
            regular = S_ISREG(st.st_mode)
            keys.append(
                (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino) if regular else None
            )
    return keys


def unsafe_folder(root: Path | str) -> str | None:
    """Why the repository's cache folder must not be used (a symbolic link, or no
    folder), or None when it may be (or does not exist yet)."""
    folder = os.path.join(root, CACHE_DIR)  # noqa: PTH118
    if os.path.islink(folder):  # noqa: PTH114
        return f"{CACHE_DIR} is a symbolic link"
    if os.path.exists(folder) and not os.path.isdir(folder):  # noqa: PTH110, PTH112
        return f"{CACHE_DIR} is not a folder"
    return None


def read_regular(path: Path | str) -> bytes | None:
    """The bytes of ``path`` if it is a regular file (not a link, a FIFO, a device)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as stream:
        try:
            if not S_ISREG(os.fstat(descriptor).st_mode):
                return None
            return stream.read()
        except OSError:
            return None


def key_of(*parts: str) -> bytes:
    key = blake2b(FORMAT, digest_size=32)
    for part in (
        __version__,
        code_fingerprint(),
        sys.version,
        installed("yaml"),  # not yaml.__version__: importing PyYAML costs a warm run 12 ms
        installed("stdnum"),
        # (the pickle protocol comes with the Python version above)
        *parts,
    ):
        key.update(len(part).to_bytes(8, "big") + part.encode())
    return key.digest()


def installed(package: str) -> str:
    """Which copy of ``package`` is installed (where, size and mtime of its
    ``__init__.py``), found without importing it: importing python-stdnum costs more
    than a warm run's whole per-file stage."""
    # The path finder alone (importlib.util costs a warm run more than the lookup);
    # a package only another finder knows (an editable install's hook) is asked the
    # usual way.
    spec = importlib.machinery.PathFinder.find_spec(package)
    if spec is None:
        from importlib.util import find_spec

        spec = find_spec(package)
    if spec is None or spec.origin is None:
        return f"{package}: none"
    st = os.stat(spec.origin)  # noqa: PTH116 - origin is a str
    return f"{spec.origin}:{st.st_size}:{st.st_mtime_ns}"


_fingerprint: list[str] = []


def code_fingerprint() -> str:
    """Size and mtime of officectl's own modules: an edited check invalidates the cache
    even before the version number changes (a development checkout). Once a process."""
    if not _fingerprint:
        package = os.path.dirname(os.path.abspath(__file__))  # noqa: PTH100, PTH120
        parts = []
        for path, relative in python_files(package, ""):
            st = os.stat(path)  # noqa: PTH116
            parts.append(f"{relative}:{st.st_size}:{st.st_mtime_ns}")
        _fingerprint.append("\n".join(parts))
    return _fingerprint[0]


def python_files(folder: str, relative: str) -> Iterator[tuple[str, str]]:
    """(path, path relative to the package with ``/``) of every module below ``folder``."""
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.is_dir() and entry.name != "__pycache__":
            yield from python_files(entry.path, f"{relative}{entry.name}/")
        elif entry.name.endswith(".py"):
            yield entry.path, relative + entry.name


def write_atomically(path: Path, *parts: bytes, mode: int = 0o666) -> None:
    """Write ``path`` under a temporary name, then rename it into place."""
    path = _path(path)
    temporary = path.with_name(f".{path.name}-{os.getpid()}-{time.monotonic_ns()}")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        with os.fdopen(descriptor, "wb") as stream:
            for part in parts:
                stream.write(part)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def user_secret() -> bytes | None:
    """This user's cache secret, made on first use (32 random bytes, mode 0600); None
    where there is no home to keep it in."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        home = os.path.expanduser("~")  # noqa: PTH111 - what Path.home() does
        if home.startswith("~"):  # no HOME and no password entry
            return None
        base = os.path.join(home, ".cache")  # noqa: PTH118
    name = os.path.join(base, "officectl", "secret")  # noqa: PTH118
    try:
        with open(name, "rb") as stream:  # noqa: PTH123
            secret = stream.read()
        if len(secret) == 32:
            return secret
    except OSError:
        pass
    import secrets

    path = _path(name)

    try:
        path.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
        write_atomically(path, secrets.token_bytes(32), mode=0o600)
        return path.read_bytes()  # whoever renamed last wins; all use the same from now on
    except OSError:
        return None


def _path(path: Path | str) -> Path:
    """``path`` as a Path, pathlib imported only when a cache file is written."""
    from pathlib import Path

    return Path(path)
