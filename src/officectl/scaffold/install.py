"""Where a records repository installs officectl from: one pip requirement, pinned.

officectl is on no package index, so ``pip install officectl`` fails on a fresh
machine. ``init`` therefore writes the one place that says where officectl comes
from, ``.officectl/requirements.txt``, a pip requirements file the CI workflow
installs (``pip install -r``) and the team installs locally for the pre-commit
hooks. Its requirement is, in this order: what the user names with
``--install-source``; else the exact source of the officectl that runs ``init``
(PEP 610's ``direct_url.json``: a git URL at its commit, an archive URL with its
hash, or the published commit of the git clone it was installed from); else the
version from a package index. When none of those is reachable from another machine
(a local folder that is no published git clone) the file holds comments only, and
the workflow stops with a message that says what to put there.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from officectl.errors import UsageError

REQUIREMENTS_FILE = ".officectl/requirements.txt"
PACKAGE = "officectl"

_VCS_URL = re.compile(r"^(git|hg|svn|bzr)\+[a-z]+://", re.IGNORECASE)
_URL = re.compile(r"^(https?|file)://", re.IGNORECASE)
_SCP_LIKE = re.compile(r"^(?:[\w.-]+@)?(?P<host>[\w.-]+):(?!//)(?P<path>.+)$")


@dataclass(frozen=True)
class Pin:
    """The requirement CI installs (None: unknown) and, for the file's comment, where
    it came from."""

    requirement: str | None
    origin: str


def chosen(spec: str, target: Path) -> Pin:
    """The pin for ``--install-source SPEC``: a requirement naming officectl
    (``officectl==0.1.0``, ``officectl @ URL``), a URL (git+https://…@v0.1.0, a wheel),
    or a path to a wheel or a source folder (relative paths from the current folder;
    a path inside the repository is written relative to its root, where pip runs)."""
    spec = spec.strip()
    if not spec or any(ch in spec for ch in "\r\n\0"):
        raise UsageError("--install-source must be one line: a pip requirement, a URL or a path")
    if _VCS_URL.match(spec) or _URL.match(spec):
        return Pin(f"{PACKAGE} @ {_refuse_password(spec)}", "--install-source")
    requirement = _as_requirement(spec)
    if requirement is not None:
        return Pin(spec, "--install-source")
    return Pin(_path_requirement(Path(spec).expanduser(), target), "--install-source")


def running(target: Path) -> Pin:
    """The pin for the officectl running now: where it was installed from."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        dist = distribution(PACKAGE)
    except PackageNotFoundError:
        return Pin(None, "officectl is not installed as a package here")
    text = dist.read_text("direct_url.json")
    return from_direct_url(json.loads(text) if text else None, dist.version, target)


def from_direct_url(direct: dict[str, Any] | None, version: str, target: Path) -> Pin:
    """The pin for an install described by PEP 610 ``direct_url.json`` (None: from an
    index, so the same version from an index)."""
    if direct is None:
        return Pin(f"{PACKAGE}=={version}", f"officectl {version} from a package index")
    url = str(direct.get("url", ""))
    fragment = f"#subdirectory={direct['subdirectory']}" if direct.get("subdirectory") else ""
    vcs = direct.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and not url.startswith("file:"):
        commit = vcs.get("commit_id", "")
        return Pin(
            f"{PACKAGE} @ git+{_without_userinfo(url)}@{commit}{fragment}",
            f"officectl {version}, installed from git at commit {commit}",
        )
    archive = direct.get("archive_info")
    if isinstance(archive, dict) and not url.startswith("file:"):
        hashes = archive.get("hashes") or {}
        pinned = f"#sha256={hashes['sha256']}" if "sha256" in hashes else ""
        return Pin(
            f"{PACKAGE} @ {_without_userinfo(url)}{pinned}",
            f"officectl {version}, installed from {_without_userinfo(url)}",
        )
    if url.startswith("file:"):
        folder = Path(unquote(urlsplit(url).path))
        commit = vcs.get("commit_id") if isinstance(vcs, dict) else None
        return _published_clone(folder, commit, version, target)
    return Pin(None, f"officectl {version} from {url or 'an unknown source'}")


def requirements_text(pin: Pin, version: str) -> str:
    """``.officectl/requirements.txt``: the pin with comments that say how to change it."""
    lines = [
        "# Where officectl is installed from, for CI (.github/workflows/officectl.yml runs",
        "# `pip install -r .officectl/requirements.txt`) and for everyone who commits here",
        "# (the pre-commit hooks run the officectl on PATH: install it the same way).",
        "# One pip requirement, pinned, for example:",
        "#   officectl @ git+https://github.com/OWNER/officectl@v0.1.0     (a tag or a commit)",
        "#   officectl @ https://example.com/officectl-0.1.0-py3-none-any.whl",
        "#   ./vendor/officectl-0.1.0-py3-none-any.whl        (a wheel committed here)",
        "# A credential never goes here: pip expands ${VAR} from the environment.",
    ]
    lines += textwrap.wrap(
        f"Written by officectl {version} init: {pin.origin}.",
        width=86,
        initial_indent="# ",
        subsequent_indent="# ",
        break_long_words=False,
        break_on_hyphens=False,
    )
    if pin.requirement is None:
        lines += [
            "# NOT SET: officectl was not installed from a place another machine can",
            "# reach, so CI stops until a requirement is added below.",
        ]
        return "\n".join(lines) + "\n"
    return "\n".join(lines) + f"\n{pin.requirement}\n"


def _as_requirement(spec: str) -> str | None:
    """``spec`` if it is a PEP 508 requirement for officectl; a usage error if it names
    another package; None if it is no requirement (a path, then)."""
    from packaging.requirements import InvalidRequirement, Requirement
    from packaging.utils import canonicalize_name

    try:
        requirement = Requirement(spec)
    except InvalidRequirement:
        return None
    if "/" in spec and requirement.url is None:
        return None
    if canonicalize_name(requirement.name) != PACKAGE:
        raise UsageError(
            f"--install-source {spec!r} names the package {requirement.name!r}, not officectl",
            hint="give officectl's requirement, URL or path",
        )
    if requirement.url:
        _refuse_password(requirement.url)
    return spec


def _path_requirement(path: Path, target: Path) -> str:
    """A wheel, sdist or source folder, as pip finds it from the repository root."""
    resolved = path.resolve()
    is_project = resolved.is_dir() and any(
        (resolved / name).is_file() for name in ("pyproject.toml", "setup.py")
    )
    is_archive = resolved.is_file() and resolved.name.endswith((".whl", ".tar.gz", ".zip"))
    if not (is_project or is_archive):
        raise UsageError(
            f"--install-source {path}: no officectl there (not a wheel, an sdist or a "
            "folder with pyproject.toml), and it is no requirement or URL either",
            hint="e.g. --install-source 'git+https://github.com/OWNER/officectl@v0.1.0'",
        )
    try:
        inside = resolved.relative_to(target.resolve())
    except ValueError:
        return f"{PACKAGE} @ {resolved.as_uri()}"
    return f"./{inside.as_posix()}"


def _published_clone(folder: Path, commit: str | None, version: str, target: Path) -> Pin:
    """A local install from a git clone: its commit at the URL of a remote that has it,
    since another machine can fetch that; otherwise unknown."""
    from officectl import gitutil

    unknown = Pin(
        None,
        f"officectl {version} from the folder {folder}, which is no "
        "git clone with a remote that has its commit",
    )
    try:
        top = Path(gitutil.run(folder, "rev-parse", "--show-toplevel").decode().strip())
        commit = commit or gitutil.run(folder, "rev-parse", "HEAD").decode().strip()
        remotes = (
            gitutil.run(
                folder, "branch", "-r", "--contains", commit, "--format=%(refname:lstrip=2)"
            )
            .decode()
            .split()
        )
        names = {ref.split("/", 1)[0] for ref in remotes}
        if not names:
            return unknown
        name = "origin" if "origin" in names else sorted(names)[0]
        remote = gitutil.run(folder, "remote", "get-url", name).decode().strip()
    except (gitutil.GitError, OSError):
        return unknown
    url = _fetchable(remote)
    if url is None:
        return unknown
    sub = folder.resolve().relative_to(top.resolve()).as_posix()
    fragment = f"#subdirectory={sub}" if sub != "." else ""
    return Pin(
        f"{PACKAGE} @ git+{url}@{commit}{fragment}",
        f"officectl {version} from the git clone {folder}, at commit {commit} of {name}",
    )


def _fetchable(remote: str) -> str | None:
    """A remote's URL as another machine fetches it: https without credentials (an
    ``user@host:path`` remote becomes https, as CI has no SSH key); None for a local
    path."""
    if re.match(r"^(https?|ssh|git)://", remote):
        return _without_userinfo(remote)
    scp = _SCP_LIKE.match(remote)
    if scp and not remote.startswith(("/", ".")):
        return f"https://{scp['host']}/{scp['path']}"
    return None


def _without_userinfo(url: str) -> str:
    """``url`` without a user or token (never commit a credential); ssh keeps its user."""
    parts = urlsplit(url)
    if parts.scheme.endswith("ssh") or "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=host))


def _refuse_password(url: str) -> str:
    """A URL the user gave, unless it holds a password that would be committed."""
    netloc = urlsplit(url.split("+", 1)[1] if _VCS_URL.match(url) else url).netloc
    if "@" in netloc and ":" in netloc.rsplit("@", 1)[0] and "${" not in netloc:
        raise UsageError(
            "--install-source holds a password, which would be committed to the repository",
            hint="write a variable instead, e.g. "
            "git+https://${GITHUB_TOKEN}@github.com/OWNER/officectl@v0.1.0",
        )
    return url
