# ruff: noqa: E501  (one official name per line, as the list spells it)
"""The VATEX code list: why a line carries no VAT (a line's ``vat_exemption``).

An invoice line at 0 % that is not reverse charge must name its legal basis
(Art. 226(11) of Directive 2006/112/EC; § 29(2)(b) of the Czech VAT Act; AVL 209 e §
in Finland), and an EN 16931 e-invoice carries it as a code of this list (BT-121).
The list is the one the CEN validation artefacts 1.3.16 accept (rule BR-CL-22), with
the names the European Commission's VATEX list gives them; the French national codes
(``VATEX-FR-…``) are part of it. The code also decides the e-invoice's VAT category
(Peppol rules P0104–P0111): ``-G`` export, ``-IC`` intra-Community supply, ``-O`` not
subject to VAT, ``-AE`` reverse charge, any other exempt.
"""

from __future__ import annotations

import re

NAMES: dict[str, str] = {
    "VATEX-EU-79-C": "Exempt based on article 79, point c of Council Directive 2006/112/EC",
    "VATEX-EU-132": "Exempt based on article 132 of Council Directive 2006/112/EC",
    "VATEX-EU-132-1A": "Exempt based on article 132, section 1 (a) of Council Directive 2006/112/EC",
    "VATEX-EU-132-1B": "Exempt based on article 132, section 1 (b) of Council Directive 2006/112/EC",
    "VATEX-EU-132-1C": "Exempt based on article 132, section 1 (c) of Council Directive 2006/112/EC",
    "VATEX-EU-132-1D": "Exempt based on article 132, section 1 (d) of Council Directive 2006/112/EC",
    "VATEX-EU-132-1E": "Exempt based on article 132, section 1 (e) of Council Directive 2006/112/EC",
    "VATEX-EU-132-1F": "Exempt based on article 132, section 1 (f) of Council Directive 2006/112/EC",
    "VATEX-EU-132-1G": "Exempt based on article 132, section 1 (g) of Council Directive 2006/112/EC",
    "VATEX-EU-132-1H": "Exempt based on article 132, section 1 (h) of Council Directive 2006/112/EC",
    "VATEX-EU-132-1I": "Exempt based on article 132, section 1 (i) of Council Directive 2006/112/EC",
    "VATEX-EU-132-1J": "Exempt based on article 132, section 1 (j) of Council Directive 2006/112/EC",
    "VATEX-EU-132-1K": "Exempt based on article 132, section 1 (k) of Council Directive 2006/112/EC",
    "VATEX-EU-132-1L": "Exempt based on article 132, section 1 (l) of Council Directive 2006/112/EC",
    "VATEX-EU-132-1M": "Exempt based on article 132, section 1 (m) of Council Directive 2006/112/EC",
    "VATEX-EU-132-1N": "Exempt based on article 132, section 1 (n) of Council Directive 2006/112/EC",
    "VATEX-EU-132-1O": "Exempt based on article 132, section 1 (o) of Council Directive 2006/112/EC",
    "VATEX-EU-132-1P": "Exempt based on article 132, section 1 (p) of Council Directive 2006/112/EC",
    "VATEX-EU-132-1Q": "Exempt based on article 132, section 1 (q) of Council Directive 2006/112/EC",
    "VATEX-EU-135-1": "Exempt based on article 135, section 1 of Council Directive 2006/112/EC",
    "VATEX-EU-143": "Exempt based on article 143 of Council Directive 2006/112/EC",
    "VATEX-EU-143-1A": "Exempt based on article 143, section 1 (a) of Council Directive 2006/112/EC",
    "VATEX-EU-143-1B": "Exempt based on article 143, section 1 (b) of Council Directive 2006/112/EC",
    "VATEX-EU-143-1C": "Exempt based on article 143, section 1 (c) of Council Directive 2006/112/EC",
    "VATEX-EU-143-1D": "Exempt based on article 143, section 1 (d) of Council Directive 2006/112/EC",
    "VATEX-EU-143-1E": "Exempt based on article 143, section 1 (e) of Council Directive 2006/112/EC",
    "VATEX-EU-143-1F": "Exempt based on article 143, section 1 (f) of Council Directive 2006/112/EC",
    "VATEX-EU-143-1FA": "Exempt based on article 143, section 1 (fa) of Council Directive 2006/112/EC",
    "VATEX-EU-143-1G": "Exempt based on article 143, section 1 (g) of Council Directive 2006/112/EC",
    "VATEX-EU-143-1H": "Exempt based on article 143, section 1 (h) of Council Directive 2006/112/EC",
    "VATEX-EU-143-1I": "Exempt based on article 143, section 1 (i) of Council Directive 2006/112/EC",
    "VATEX-EU-143-1J": "Exempt based on article 143, section 1 (j) of Council Directive 2006/112/EC",
    "VATEX-EU-143-1K": "Exempt based on article 143, section 1 (k) of Council Directive 2006/112/EC",
    "VATEX-EU-143-1L": "Exempt based on article 143, section 1 (l) of Council Directive 2006/112/EC",
    "VATEX-EU-144": "Exempt based on article 144 of Council Directive 2006/112/EC",
    "VATEX-EU-146-1E": "Exempt based on article 146 section 1 (e) of Council Directive 2006/112/EC",
    "VATEX-EU-159": "Exempt based on article 159 of Council Directive 2006/112/EC",
    "VATEX-EU-309": "Exempt based on article 309 of Council Directive 2006/112/EC",
    "VATEX-EU-148": "Exempt based on article 148 of Council Directive 2006/112/EC",
    "VATEX-EU-148-A": "Exempt based on article 148, section (a) of Council Directive 2006/112/EC",
    "VATEX-EU-148-B": "Exempt based on article 148, section (b) of Council Directive 2006/112/EC",
    "VATEX-EU-148-C": "Exempt based on article 148, section (c) of Council Directive 2006/112/EC",
    "VATEX-EU-148-D": "Exempt based on article 148, section (d) of Council Directive 2006/112/EC",
    "VATEX-EU-148-E": "Exempt based on article 148, section (e) of Council Directive 2006/112/EC",
    "VATEX-EU-148-F": "Exempt based on article 148, section (f) of Council Directive 2006/112/EC",
    "VATEX-EU-148-G": "Exempt based on article 148, section (g) of Council Directive 2006/112/EC",
    "VATEX-EU-151": "Exempt based on article 151 of Council Directive 2006/112/EC",
    "VATEX-EU-151-1A": "Exempt based on article 151, section 1 (a) of Council Directive 2006/112/EC",
    "VATEX-EU-151-1AA": "Exempt based on article 151, section 1 (aa) of Council Directive 2006/112/EC",
    "VATEX-EU-151-1B": "Exempt based on article 151, section 1 (b) of Council Directive 2006/112/EC",
    "VATEX-EU-151-1C": "Exempt based on article 151, section 1 (c) of Council Directive 2006/112/EC",
    "VATEX-EU-151-1D": "Exempt based on article 151, section 1 (d) of Council Directive 2006/112/EC",
    "VATEX-EU-151-1E": "Exempt based on article 151, section 1 (e) of Council Directive 2006/112/EC",
    "VATEX-EU-G": "Export outside the EU",
    "VATEX-EU-O": "Not subject to VAT",
    "VATEX-EU-IC": "Intra-Community supply",
    "VATEX-EU-AE": "Reverse charge",
    "VATEX-EU-D": "Intra-Community acquisition from second hand means of transport",
    "VATEX-EU-F": "Intra-Community acquisition of second hand goods",
    "VATEX-EU-I": "Intra-Community acquisition of works of art",
    "VATEX-EU-J": "Intra-Community acquisition of collectors items and antiques",
    "VATEX-FR-FRANCHISE": "France domestic VAT franchise in base",
    "VATEX-FR-CNWVAT": "France domestic Credit Notes without VAT, due to supplier forfeit of VAT for discount",
    "VATEX-EU-153": "Exempt based on article 153 of Council Directive 2006/112/EC",
    "VATEX-FR-CGI261-1": "Exempt based on 1 of article 261 of the Code Général des Impôts (CGI ; General tax code)",
    "VATEX-FR-CGI261-2": "Exempt based on 2 of article 261 of the Code Général des Impôts (CGI ; General tax code)",
    "VATEX-FR-CGI261-3": "Exempt based on 3 of article 261 of the Code Général des Impôts (CGI ; General tax code)",
    "VATEX-FR-CGI261-4": "Exempt based on 4 of article 261 of the Code Général des Impôts (CGI ; General tax code)",
    "VATEX-FR-CGI261-5": "Exempt based on 5 of article 261 of the Code Général des Impôts (CGI ; General tax code)",
    "VATEX-FR-CGI261-7": "Exempt based on 7 of article 261 of the Code Général des Impôts (CGI ; General tax code)",
    "VATEX-FR-CGI261-8": "Exempt based on 8 of article 261 of the Code Général des Impôts (CGI ; General tax code)",
    "VATEX-FR-CGI261A": "Exempt based on article 261 A of the Code Général des Impôts (CGI ; General tax code)",
    "VATEX-FR-CGI261B": "Exempt based on article 261 B of the Code Général des Impôts (CGI ; General tax code)",
    "VATEX-FR-CGI261C-1": "Exempt based on 1° of article 261 C of the Code Général des Impôts (CGI ; General tax code)",
    "VATEX-FR-CGI261C-2": "Exempt based on 2° of article 261 C of the Code Général des Impôts (CGI ; General tax code)",
    "VATEX-FR-CGI261C-3": "Exempt based on 3° of article 261 C of the Code Général des Impôts (CGI ; General tax code)",
    "VATEX-FR-CGI261D-1": "Exempt based on 1° of article 261 D of the Code Général des Impôts (CGI ; General tax code)",
    "VATEX-FR-CGI261D-1BIS": "Exempt based on 1°bis of article 261 D of the Code Général des Impôts (CGI ; General tax code)",
    "VATEX-FR-CGI261D-2": "Exempt based on 2° of article 261 D of the Code Général des Impôts (CGI ; General tax code)",
    "VATEX-FR-CGI261D-3": "Exempt based on 3° of article 261 D of the Code Général des Impôts (CGI ; General tax code)",
    "VATEX-FR-CGI261D-4": "Exempt based on 4° of article 261 D of the Code Général des Impôts (CGI ; General tax code)",
    "VATEX-FR-CGI261E-1": "Exempt based on 1° of article 261 E of the Code Général des Impôts (CGI ; General tax code)",
    "VATEX-FR-CGI261E-2": "Exempt based on 2° of article 261 E of the Code Général des Impôts (CGI ; General tax code)",
    "VATEX-FR-CGI277A": "Exempt based on article 277 A of the Code Général des Impôts (CGI ; General tax code)",
    "VATEX-FR-CGI275": "Exempt based on article 275 of the Code Général des Impôts (CGI ; General tax code)",
    "VATEX-FR-298SEXDECIESA": "Exempt based on article 298 sexdecies A of the Code Général des Impôts (CGI ; General tax code)",
    "VATEX-FR-CGI295": "Exempt based on article 295 of the Code Général des Impôts (CGI ; General tax code)",
    "VATEX-FR-AE": "Exempt based on 2 of article 283 of the Code Général des Impôts (CGI ; General tax code)",
}
"""Code → its official English name, in the order of the list."""

CATEGORIES = {
    "VATEX-EU-G": "G",
    "VATEX-EU-IC": "K",
    "VATEX-EU-O": "O",
    "VATEX-EU-AE": "AE",
    "VATEX-FR-AE": "AE",
}
"""The EN 16931 VAT category (UNCL 5305) a code forces; every other code is ``E``."""

_ARTICLE = re.compile(r"VATEX-EU-([0-9]+)(?:-([0-9]*)([A-Z]*))?")


def category(code: str) -> str:
    """The VAT category of a line exempt under ``code``: E, G, K, O or AE."""
    return CATEGORIES.get(code, "E")


def article(code: str) -> tuple[str, str, str] | None:
    """(article, paragraph, point) of the VAT Directive a ``VATEX-EU-<number>…`` code
    cites, empty where the code names none: ``VATEX-EU-132-1I`` → ("132", "1", "i"),
    ``VATEX-EU-148-A`` → ("148", "", "a"); None for the other codes."""
    match = _ARTICLE.fullmatch(code)
    if match is None:
        return None
    return match[1], match[2] or "", (match[3] or "").lower()
