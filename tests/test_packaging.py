"""The package builds without deprecation warnings that would one day stop the build."""

from __future__ import annotations

import tomllib

from packaging.requirements import Requirement
from packaging.version import Version

from conftest import PROJECT


def test_the_licence_is_an_spdx_expression_setuptools_understands() -> None:
    """``license = {text = ...}`` makes setuptools warn that builds stop on 2027-02-18;
    the SPDX string (PEP 639) needs setuptools 77 or later to build."""
    pyproject = tomllib.loads((PROJECT / "pyproject.toml").read_text("utf-8"))
    assert pyproject["project"]["license"] == "MIT"
    (setuptools,) = [
        Requirement(r)
        for r in pyproject["build-system"]["requires"]
        if Requirement(r).name == "setuptools"
    ]
    assert not setuptools.specifier.contains(Version("76.9"))
    assert setuptools.specifier.contains(Version("77.0"))
