"""A line's unit as a UN/ECE Recommendation 20 code: its ``unit_code`` if it has one,
else the code of a common unit text (``ks`` → ``H87``), else C62 (one) for a line
without a unit. A unit text with no code is a problem the e-invoice cannot carry."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

UNIT_TEXTS: dict[str, str] = {
    **dict.fromkeys(
        ("pcs", "pc", "piece", "pieces", "ks", "kus", "kpl", "st", "stk", "ea", "each"), "H87"
    ),
    **dict.fromkeys(
        (
            "h",
            "hr",
            "hrs",
            "hour",
            "hours",
            "hod",
            "hod.",
            "hodina",
            "hodin",
            "hodiny",
            "t",
            "tunti",
            "tuntia",
            "tuntia.",
        ),
        "HUR",
    ),
    **dict.fromkeys(("min", "minute", "minutes", "minuta", "minuuttia"), "MIN"),
    **dict.fromkeys(
        (
            "day",
            "days",
            "den",
            "dny",
            "dnů",
            "dní",
            "d",
            "pv",
            "päivä",
            "päivää",
            "md",
            "člověkoden",
        ),
        "DAY",
    ),
    **dict.fromkeys(("week", "weeks", "wk", "týden", "týdny", "vk", "viikko"), "WEE"),
    **dict.fromkeys(
        ("month", "months", "mo", "měsíc", "měsíce", "měs.", "kk", "kuukausi", "kuukautta"), "MON"
    ),
    **dict.fromkeys(("quarter", "quarters", "čtvrtletí", "q", "neljännes"), "QAN"),
    **dict.fromkeys(("year", "years", "yr", "rok", "roky", "let", "v", "vuosi"), "ANN"),
    **dict.fromkeys(("kg", "kilogram"), "KGM"),
    **dict.fromkeys(("l", "litre", "liter", "litr"), "LTR"),
    **dict.fromkeys(("m", "metre", "meter", "metr"), "MTR"),
    **dict.fromkeys(("m2", "m²", "sqm"), "MTK"),
    **dict.fromkeys(("km",), "KMT"),
    **dict.fromkeys(("kwh",), "KWH"),
    **dict.fromkeys(("set", "sada", "sarja"), "SET"),
    **dict.fromkeys(("os.", "osoba", "osob", "person", "persons", "hlö", "henkilö"), "IE"),
    **dict.fromkeys(("lump sum", "paušál", "kpl-erä"), "LS"),
}
"""Unit texts invoices are written with (English, Czech, Finnish), lower case."""


def unit_code(line: Mapping[str, Any]) -> str | None:
    """The Rec 20 code of a line's unit; None when its ``unit`` text has none."""
    code = line.get("unit_code")
    if isinstance(code, str) and code:
        return code
    unit = line.get("unit")
    if unit is None or str(unit).strip() == "":
        return "C62"
    return UNIT_TEXTS.get(str(unit).strip().lower())
