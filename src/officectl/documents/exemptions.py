"""A 0 % line's legal basis (its ``vat_exemption``) as a document prints it, in the
document's language.

Art. 226(11) of Directive 2006/112/EC asks an exempt line for a reference to the
provision of the Directive or of national law, or any other indication that it is
exempt; § 29(2)(b) of the Czech VAT Act and AVL 209 e § in Finland accept a reference
to the Directive as well. So a ``VATEX-EU-<article>…`` code prints as its article of
the Directive, cited the way each language cites it; the lettered codes print their
words from the label catalogues (``vat_exempt_G`` …); a national code (``VATEX-FR-…``)
its official name. The code itself follows in brackets, and the line's own text last.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from officectl.codelists import vatex

_LETTERED = {
    "VATEX-EU-G": "G",
    "VATEX-EU-IC": "IC",
    "VATEX-EU-O": "O",
    "VATEX-EU-AE": "AE",
    "VATEX-EU-D": "D",
    "VATEX-EU-F": "F",
    "VATEX-EU-I": "I",
    "VATEX-EU-J": "J",
}
_ARTICLE_OF = {"G": ("146", "1", "a"), "IC": ("138", "1", "")}
"""The Directive's article behind a lettered code, where one article is the basis:
exports of goods (Art. 146(1)(a)) and intra-Community supplies (Art. 138(1))."""


def exemption_text(exemption: Mapping[str, Any], labels: Mapping[str, str], lang: str) -> str:
    """``Osvobozeno od daně: čl. 132 odst. 1 písm. i) směrnice Rady 2006/112/ES
    (VATEX-EU-132-1I) – text``, in ``lang`` (cs, fi or en)."""
    code = str(exemption["code"])
    letter = _LETTERED.get(code)
    if letter is not None:
        words = labels[f"vat_exempt_{letter}"]
        if letter in _ARTICLE_OF:
            words += f" ({directive_reference(_ARTICLE_OF[letter], lang)})"
    elif (parts := vatex.article(code)) is not None:
        words = f"{labels['vat_exempt']}: {directive_reference(parts, lang)}"
    else:
        words = f"{labels['vat_exempt']}: {vatex.NAMES.get(code, code)}"
    text = exemption.get("text")
    return f"{words} ({code})" + (f" – {text}" if text else "")


def directive_reference(parts: tuple[str, str, str], lang: str) -> str:
    """An article of Directive 2006/112/EC as ``lang`` cites it: (132, 1, i) is
    "čl. 132 odst. 1 písm. i) směrnice Rady 2006/112/ES", "neuvoston direktiivin
    2006/112/EY 132 artiklan 1 kohdan i alakohta", "Article 132(1)(i) of Council
    Directive 2006/112/EC"."""
    article, paragraph, point = parts
    if lang == "cs":
        cited = (
            f"čl. {article}"
            + (f" odst. {paragraph}" if paragraph else "")
            + (f" písm. {point})" if point else "")
        )
        return f"{cited} směrnice Rady 2006/112/ES"
    if lang == "fi":
        pieces = [f"{article} artikla"]
        if paragraph:
            pieces.append(f"{paragraph} kohta")
        if point:
            pieces.append(f"{point} alakohta")
        # Every part but the last in the genitive: "132 artiklan 1 kohdan i alakohta".
        genitive = {"artikla": "artiklan", "kohta": "kohdan"}
        cited = " ".join([*(_genitive(p, genitive) for p in pieces[:-1]), pieces[-1]])
        return f"neuvoston direktiivin 2006/112/EY {cited}"
    cited = (
        f"Article {article}"
        + (f"({paragraph})" if paragraph else "")
        + (f"({point})" if point else "")
    )
    return f"{cited} of Council Directive 2006/112/EC"


def _genitive(piece: str, forms: Mapping[str, str]) -> str:
    number, word = piece.split(" ")
    return f"{number} {forms[word]}"
