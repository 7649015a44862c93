"""Running git for ``validate --changed-since`` and ``audit``.

git runs as a subprocess with an argument list (never a shell), in the records
root, with paths printed relative to it (``--relative``), so a records root may
sit in a sub-folder of a larger repository. Output is read NUL-separated (``-z``)
so no file name needs unquoting. A revision the user names is checked before use
and can never be taken for an option. What fails becomes a :class:`GitError`
(a :class:`~officectl.errors.UsageError`, exit 2) saying what to do about it,
e.g. in a shallow CI clone that lacks the base branch.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path

from officectl.errors import UsageError

_ENV = {"GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0"}
"""Read-only commands must not take ``index.lock`` (pre-commit and editors run git
at the same time) nor ever wait for a password."""


class GitError(UsageError):
    """A git command failed; ``returncode`` and ``stderr`` say how."""

    def __init__(
        self, message: str, *, returncode: int = 1, stderr: str = "", hint: str | None = None
    ) -> None:
        super().__init__(message, hint=hint)
        self.returncode = returncode
        self.stderr = stderr


class GitMissing(GitError):
    """There is no ``git`` to run: said as such, not as "not a repository"."""


_SAFE = ("-c", "core.fsmonitor=false")
"""A repository's own configuration may name an fsmonitor hook, a program git would
run on every status or diff: records from an untrusted clone must never run code."""


def run(root: Path, *args: str, input: bytes | None = None, timeout: float | None = None) -> bytes:
    """Run ``git -C root ARGS…`` and return its stdout; raise :class:`GitError` on failure.

    Every git command officectl runs goes through here."""
    try:
        done = subprocess.run(
            ["git", *_SAFE, "-C", str(root), *args],
            input=input,
            capture_output=True,
            check=False,
            timeout=timeout,
            env={**os.environ, **_ENV},
        )
    except FileNotFoundError:
        raise GitMissing(
            "git is not installed (or not on PATH)",
            hint="--changed-since and audit read the git history of the "
            "records: install git, or put it on PATH",
        ) from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} took longer than {timeout:g} s") from None
    if done.returncode != 0:
        stderr = done.stderr.decode("utf-8", "replace").strip()
        first = stderr.splitlines()[0] if stderr else f"exit status {done.returncode}"
        raise GitError(f"git {args[0]} failed: {first}", returncode=done.returncode, stderr=stderr)
    return done.stdout


def zsplit(output: bytes) -> list[str]:
    """NUL-separated git output as text items (paths are UTF-8 in practice)."""
    return [item.decode("utf-8", "surrogateescape") for item in output.split(b"\0") if item]


def toplevel(root: Path) -> Path:
    """The work tree that holds ``root``, or a :class:`GitError` saying there is none."""
    try:
        out = run(root, "rev-parse", "--show-toplevel")
    except GitMissing:
        raise
    except GitError as error:
        raise GitError(
            f"{root} is not inside a git repository",
            stderr=error.stderr,
            hint="--changed-since and audit read the git history of the "
            "records; run them in a clone of the records repository",
        ) from None
    return Path(out.decode().strip())


def head(root: Path) -> str | None:
    """The commit checked out, or None in a repository without commits."""
    try:
        return run(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}").decode().strip()
    except GitError:
        return None


def is_shallow(root: Path) -> bool:
    return run(root, "rev-parse", "--is-shallow-repository").decode().strip() == "true"


def missing_history(root: Path, base: str | None) -> str | None:
    """In a shallow clone, a commit of ``base..HEAD`` (all of HEAD's history without a
    base) whose parents were not fetched; None when the clone holds that history whole."""
    if not is_shallow(root):
        return None
    shallow_file = Path(run(root, "rev-parse", "--git-path", "shallow").decode().strip())
    if not shallow_file.is_absolute():
        shallow_file = toplevel(root) / shallow_file
    try:
        boundary = set(shallow_file.read_text().split())
    except OSError:
        return "HEAD"  # shallow, but no record of where: assume the worst
    walked = run(root, "rev-list", f"{base}..HEAD" if base else "HEAD").decode().split()
    return next((commit for commit in walked if commit in boundary), None)


def resolve(root: Path, ref: str) -> str:
    """The full hash of the commit ``ref`` names (a branch, tag, hash or ``HEAD~2``)."""
    toplevel(root)
    if not ref or ref.startswith("-"):
        raise GitError(f"{ref!r} is not a git revision")
    try:
        out = run(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    except GitError:
        shallow = " (this clone is shallow)" if is_shallow(root) else ""
        raise GitError(f"{ref} not found{shallow}", hint=_fetch_hint(root, ref)) from None
    return out.decode().strip()


def empty_tree(root: Path) -> str:
    """The hash of the empty tree (in this repository's hash format): the base a
    repository without commits is compared with, where every file is new."""
    return run(root, "hash-object", "-t", "tree", "--stdin", input=b"").decode().strip()


def _fetch_hint(root: Path, ref: str) -> str:
    remote, _, branch = ref.partition("/")
    if any(mark in ref for mark in "~^@:"):
        fetch = "git fetch --unshallow origin"
    elif branch and (remote == "origin" or remote in run(root, "remote").decode().split()):
        fetch = f"git fetch --depth=1 {remote} {branch}:refs/remotes/{ref}"
    else:
        fetch = f"git fetch --depth=1 origin {ref}"
    return (
        f"fetch it ({fetch}) or, in GitHub Actions, check out with "
        "actions/checkout's fetch-depth: 0"
    )


def is_ancestor(root: Path, commit: str, descendant: str) -> bool:
    """Whether ``commit`` is in the history of ``descendant`` (not after a force-push)."""
    try:
        run(root, "merge-base", "--is-ancestor", commit, descendant)
    except GitError as error:
        if error.returncode == 1:
            return False
        raise
    return True


def merge_base(root: Path, first: str, second: str) -> str | None:
    """Their best common ancestor, or None when the history in this clone has none."""
    try:
        return run(root, "merge-base", first, second).decode().strip() or None
    except GitError:
        return None


def short_hashes(root: Path, commits: Iterable[str]) -> dict[str, str]:
    """Full hash → git's unique abbreviation, for many commits in one call."""
    wanted = list(dict.fromkeys(commits))
    if not wanted:
        return {}
    out = run(
        root,
        "log",
        "--no-walk=unsorted",
        "--stdin",
        "--format=%H %h",
        input="\n".join(wanted).encode() + b"\n",
    )
    pairs = (line.split() for line in out.decode().splitlines() if line.strip())
    return {full: short for full, short in pairs}


def read_objects(root: Path, names: Sequence[str]) -> list[bytes | None]:
    """The contents of many objects (blob hashes, ``REV:./PATH``) from one ``git cat-file
    --batch`` process, in the order asked; None for what does not exist."""
    if not names:
        return []
    out = run(root, "cat-file", "--batch", input="\n".join(names).encode() + b"\n")
    found: list[bytes | None] = []
    position = 0
    while position < len(out):
        end = out.index(b"\n", position)
        header = out[position:end].split()
        position = end + 1
        if len(header) != 3 or header[1] not in (b"blob", b"tree", b"commit", b"tag"):
            found.append(None)  # "<name> missing" or "<name> ambiguous"
            continue
        size = int(header[2])
        found.append(out[position : position + size])
        position += size + 1
    return found
