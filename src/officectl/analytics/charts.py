"""Bar charts as inline SVG text: no script, no font or file to fetch, same bytes each run.

Each bar carries its exact figure in ``data-label`` and ``data-value`` (the Decimal as
written by the report), so a test reading the page can check the chart against the
report it shows; the label under the bar is the same figure grouped for reading.
Coordinates are pixels, rounded to a tenth.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 16, 16, 28, 56
COLOURS = ("#2f6f9f", "#c0504d")
"""Positive bars, negative bars."""
FONT = 'font-family="DejaVu Sans, sans-serif" font-size="12"'
TITLE = 'font-size="13" font-weight="bold"'
LABEL = 'font-size="10"'
FIGURE = 'font-size="9" fill="#444"'
"""The text's look, as attributes of the chart itself: a chart file shown on its own
(a slide, an image viewer) looks as it does in the page, with no stylesheet."""


def grouped(value: Decimal) -> str:
    """``1234567.50`` → ``1 234 567.50``: a figure grouped for reading, not localised."""
    sign, text = ("-", format(-value, "f")) if value < 0 else ("", format(value, "f"))
    whole, _, fraction = text.partition(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return sign + " ".join(groups) + (f".{fraction}" if fraction else "")


def _px(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def bar_chart(
    chart_id: str, title: str, labels: Sequence[str], values: Sequence[Decimal], unit: str
) -> str:
    """A labelled bar chart of ``values`` (one bar per label; negative bars go down)."""
    top = max([Decimal(0), *values])
    bottom = min([Decimal(0), *values])
    span = float(top - bottom) or 1.0
    plot = HEIGHT - TOP - BOTTOM
    zero = TOP + plot * float(top) / span
    slot = (WIDTH - LEFT - RIGHT) / max(len(values), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{escape(chart_id)}" '
        f'class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" role="img" aria-label="{escape(title)}" {FONT}>',
        f"<title>{escape(title)}</title>",
        f'<text x="{LEFT}" y="18" class="chart-title" {TITLE}>'
        f"{escape(title)} ({escape(unit)})</text>",
        f'<line x1="{LEFT}" y1="{_px(zero)}" x2="{WIDTH - RIGHT}" y2="{_px(zero)}" '
        'stroke="#999" stroke-width="1"/>',
    ]
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        size = plot * float(abs(value)) / span
        x = LEFT + slot * index + slot * 0.15
        y = zero - size if value >= 0 else zero
        middle = LEFT + slot * index + slot / 2
        parts.append(
            f'<g class="bar" data-label="{escape(label)}" data-value="{value}">'
            f'<rect x="{_px(x)}" y="{_px(y)}" width="{_px(slot * 0.7)}" '
            f'height="{_px(max(size, 1.0))}" fill="{COLOURS[value < 0]}"/>'
            f'<text x="{_px(middle)}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
            f'class="bar-label" {LABEL}>{escape(label)}</text>'
            f'<text x="{_px(middle)}" y="{HEIGHT - BOTTOM + 32}" text-anchor="middle" '
            f'class="bar-value" {FIGURE}>{escape(grouped(value))}</text></g>'
        )
    if not values:
        parts.append(
            f'<text x="{WIDTH // 2}" y="{HEIGHT // 2}" text-anchor="middle">nothing to show</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def svg_to_png(svg: str) -> bytes:
    """A chart's SVG as PNG, drawn by resvg at twice its size on white. The SVG is our
    own (no link, no image, no script): resvg reads nothing but the system's fonts, so
    the bytes are the same on machines with the same fonts (as with PDF)."""
    import resvg_py  # only here: --help and the page never load it

    return bytes(resvg_py.svg_to_bytes(svg_string=svg, background="#ffffff", zoom=2))
