"""Peppol electronic address schemes (EAS, code list CL008 of Peppol BIS Billing 3.0,
release 2026.5): what a customer's ``einvoice.endpoint`` scheme may be.

0037, 0212 and 0213 (old Finnish schemes) were dropped in 2026.5: a Finnish
participant is ``0216`` (OVT code). ``EM`` (e-mail) is not a Peppol scheme.
"""

from __future__ import annotations

SCHEMES = frozenset(
    """
0002 0007 0009 0060 0088 0096 0097 0106 0130 0135 0142 0147 0151 0154 0158 0170 0177
0183 0184 0188 0190 0191 0192 0193 0194 0195 0196 0198 0199 0200 0201 0202 0203 0204
0205 0208 0209 0210 0211 0215 0216 0217 0218 0221 0225 0230 0235 0240 0242 0244 0246
9901 9910 9913 9914 9915 9918 9919 9920 9922 9923 9924 9925 9926 9927 9928 9929 9930
9931 9932 9933 9934 9935 9936 9937 9938 9939 9940 9941 9942 9943 9944 9945 9946 9947
9948 9949 9950 9951 9952 9953 9957 9959
""".split()  # noqa: SIM905 - a list as its source prints it
)

VAT_SCHEMES = {
    "HU": "9910",
    "AT": "9914",
    "ES": "9920",
    "AD": "9922",
    "AL": "9923",
    "BA": "9924",
    "BE": "9925",
    "BG": "9926",
    "CH": "9927",
    "CY": "9928",
    "CZ": "9929",
    "DE": "9930",
    "EE": "9931",
    "GB": "9932",
    "GR": "9933",
    "EL": "9933",
    "HR": "9934",
    "IE": "9935",
    "LI": "9936",
    "LT": "9937",
    "LU": "9938",
    "LV": "9939",
    "MC": "9940",
    "ME": "9941",
    "MK": "9942",
    "MT": "9943",
    "NL": "9944",
    "PL": "9945",
    "PT": "9946",
    "RO": "9947",
    "RS": "9948",
    "SI": "9949",
    "SK": "9950",
    "SM": "9951",
    "TR": "9952",
    "VA": "9953",
    "FR": "9957",
}
"""The scheme of a country's VAT number as a Peppol endpoint (none for FI or SE)."""

REGISTRY_SCHEMES = {"NO": "0192", "SE": "0007", "DK": "0184"}
"""Countries whose Peppol participants are addressed by their company register number
(Norway's organisasjonsnummer, Sweden's organisationsnummer, Denmark's CVR)."""

REGISTRY_PREFIXES = {"DK": "DK"}
"""What goes before the register number's digits in such an address: a Danish CVR is
written ``DK12345678``, the one form rule PEPPOL-COMMON-R042 accepts in every release
(until 3.0.20 it refused the bare eight digits)."""
