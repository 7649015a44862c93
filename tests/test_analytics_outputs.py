"""``export parquet`` and ``report dashboard``: files other tools and a browser read."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from analytics_helpers import records, revenue_by_month, total
from conftest import TODAY, RunCli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def export(run_cli: RunCli, root: Path, *args: str) -> Path:
    result = run_cli(root, "export", "parquet", "--today", TODAY, *args)
    assert result.exit_code == 0, result.output
    return Path(result.stdout.strip())


def test_parquet_is_partitioned_exact_and_deterministic(
    sample_repo: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    import pyarrow as pa
    import pyarrow.dataset as ds

    folder = export(run_cli, sample_repo)
    assert folder == sample_repo / "reports" / "parquet"
    years = sorted(p.name for p in (folder / "invoices").iterdir())
    assert "year=2025" in years and "year=2026" in years
    table = ds.dataset(folder / "invoices", format="parquet", partitioning="hive").to_table()
    assert table.schema.field("total").type == pa.decimal128(38, 2)
    assert table.schema.field("exchange_rate").type == pa.decimal128(27, 12)
    invoices = records(sample_repo, "invoices")
    assert sum(table.column("total").to_pylist(), Decimal(0)) == sum(
        (total(i) for i in invoices.values()), Decimal(0)
    )
    assert {p.name for p in folder.iterdir()} >= {
        "customers",
        "deals",
        "staff",
        "contracts",
        "invoices",
        "invoice_lines",
        "payments",
        "credit_notes",
        "officectl_schema",
    }
    first = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    export(run_cli, sample_repo)  # replaces the earlier export
    again = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert first == again
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".parquet")]


def test_parquet_is_read_by_duckdb_with_hive_years(sample_repo: Path, run_cli: RunCli) -> None:
    import duckdb

    folder = export(run_cli, sample_repo)
    found = dict(
        duckdb.sql(
            f"SELECT year, sum(net_base) FROM read_parquet('{folder}/invoices/*/*.parquet', "
            "hive_partitioning = true) WHERE status <> 'draft' GROUP BY year"
        ).fetchall()
    )
    assert found[2026] == sum(revenue_by_month(sample_repo, 2026).values(), Decimal(0))


def test_parquet_never_writes_through_a_link_or_over_other_files(
    sample_repo: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (sample_repo / "reports").symlink_to(elsewhere)
    refused = run_cli(sample_repo, "export", "parquet", "--today", TODAY)
    assert refused.exit_code == 2
    assert "symbolic link" in refused.stderr
    assert list(elsewhere.iterdir()) == []
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.txt").write_text("keep me", encoding="utf-8")
    refused = run_cli(sample_repo, "export", "parquet", "-o", str(mine), "--today", TODAY)
    assert refused.exit_code == 2
    assert (mine / "thesis.txt").read_text(encoding="utf-8") == "keep me"


def test_dashboard_is_self_contained_and_the_same_every_run(
    sample_repo: Path, run_cli: RunCli
) -> None:
    result = run_cli(sample_repo, "report", "dashboard", "--today", TODAY, "--images")
    assert result.exit_code == 0, result.output
    page = sample_repo / "reports" / "dashboard.html"
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html)
    assert "<svg" in html
    charts = sorted(p.name for p in (sample_repo / "reports" / "dashboard").iterdir())
    assert {
        "revenue-by-month.svg",
        "receivables-ageing.svg",
        "top-customers.svg",
        "forecast-CZK.svg",
        "pipeline-CZK.svg",
    } <= set(charts)
    first = page.read_bytes()
    run_cli(sample_repo, "report", "dashboard", "--today", TODAY)
    assert page.read_bytes() == first


class _Figures(HTMLParser):
    """The KPI tiles and chart bars of a (rendered) dashboard DOM."""

    def __init__(self) -> None:
        super().__init__()
        self.kpis: dict[str, str] = {}
        self.bars: dict[str, list[tuple[str, str]]] = {}
        self.rects = 0
        self._chart = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "svg" and "id" in values:
            self._chart = values["id"]
        elif tag == "div" and "data-kpi" in values:
            self.kpis[values["data-kpi"]] = values["data-value"]
        elif tag == "g" and "data-label" in values:
            self.bars.setdefault(self._chart, []).append(
                (values["data-label"], values["data-value"])
            )
        elif tag == "rect":
            self.rects += 1


@pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (apt-get install chromium); tests/run-all installs it",
)
def test_dashboard_in_chromium_draws_the_kpis_numbers(
    sample_repo: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    from PIL import Image

    assert CHROMIUM is not None
    run_cli(sample_repo, "report", "dashboard", "--today", TODAY)
    page = (sample_repo / "reports" / "dashboard.html").as_uri()
    flags = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--disable-extensions",
        "--window-size=900,2600",
    ]
    dom = subprocess.run(
        [*flags, "--dump-dom", page], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    figures = _Figures()
    figures.feed(dom)
    kpis = json.loads(
        run_cli(sample_repo, "report", "kpis", "--today", TODAY, "--format", "json").stdout
    )
    for name, value in figures.kpis.items():
        assert value == ("" if kpis[name] is None else str(kpis[name])), name
    assert {"revenue", "growth_percent", "dso_days", "win_rate_percent"} <= set(figures.kpis)
    months = dict(figures.bars["revenue-by-month"])
    expected = revenue_by_month(sample_repo, 2026)
    assert {m: Decimal(v) for m, v in months.items() if m in expected} == expected
    assert sum(Decimal(v) for m, v in months.items() if m.startswith("2026")) == Decimal(
        kpis["revenue"]
    )
    assert figures.rects >= sum(len(b) for b in figures.bars.values())
    shot = tmp_path / "dashboard.png"
    subprocess.run(
        [*flags, f"--screenshot={shot}", page], capture_output=True, timeout=120, check=True
    )
    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    bar_blue = sum(count for count, pixel in colours if pixel == (0x2F, 0x6F, 0x9F))
    assert bar_blue > 5000, "the bars are drawn in the page's bar colour"


def _value_labels_apart(image: object, zoom: int) -> bool:
    """Whether each figure under a bar of a rendered chart stays in its bar's slot: the
    figure row (22–36 px above the bottom at zoom 1) is blank where two slots meet."""
    from PIL import Image

    assert isinstance(image, Image.Image)
    rgb = image.convert("RGB")
    width, height = rgb.size
    slot = (width / zoom - 32) / 12  # 16 px margins, twelve months
    edges = [round((16 + slot * i) * zoom) for i in range(1, 12)]
    return all(
        rgb.getpixel((x, y)) == (255, 255, 255)
        for edge in edges
        for x in (edge - 1, edge, edge + 1)
        for y in range(height - 36 * zoom, height - 22 * zoom)
    )


def test_a_chart_file_is_styled_on_its_own(sample_repo: Path, run_cli: RunCli) -> None:
    """The SVG files for slides took their fonts from the page's stylesheet, so any
    viewer showed them in its default 16 px serif and the figures under the bars ran
    into each other. A file renders as on the page (checked with resvg, an SVG client)."""
    import io

    import resvg_py
    from PIL import Image

    result = run_cli(sample_repo, "report", "dashboard", "--today", TODAY, "--images")
    assert result.exit_code == 0, result.output
    svg = (sample_repo / "reports" / "dashboard" / "revenue-by-month.svg").read_text("utf-8")
    png = resvg_py.svg_to_bytes(svg_string=svg, background="#ffffff")
    assert _value_labels_apart(Image.open(io.BytesIO(bytes(png))), 1)


def test_charts_as_png_for_slides(sample_repo: Path, run_cli: RunCli) -> None:
    """``--images png``: each chart as a PNG at twice the page's size, the bars in their
    colour, the figures legible, the same bytes on every run."""
    from PIL import Image

    result = run_cli(sample_repo, "report", "dashboard", "--today", TODAY, "--images", "png")
    assert result.exit_code == 0, result.output
    folder = sample_repo / "reports" / "dashboard"
    assert {p.suffix for p in folder.iterdir()} == {".png"}
    chart = folder / "revenue-by-month.png"
    first = chart.read_bytes()
    image = Image.open(chart)
    assert image.format == "PNG" and image.size == (1440, 560)
    colours = image.convert("RGB").getcolors(maxcolors=1 << 20) or []
    assert sum(n for n, pixel in colours if pixel == (0x2F, 0x6F, 0x9F)) > 20000
    assert _value_labels_apart(image, 2)
    again = run_cli(sample_repo, "report", "dashboard", "--today", TODAY, "--images", "png")
    assert again.exit_code == 0 and chart.read_bytes() == first
