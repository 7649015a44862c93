"""Measure officectl against its baselines, side by side, and print a PASS/FAIL table.

    python benchmarks/run.py                         # 10,000 and 100,000 invoices
    python benchmarks/run.py --invoices 10000 --repeat 5

Every figure is a ratio to a baseline measured in the same run, on the same files,
so the table means the same on a fast laptop and on a busy CI runner. Each command
runs as a child process (``os.wait4`` gives its wall time and peak memory); every
command runs once unmeasured first so both sides read from a warm OS page cache; then
baseline and target alternate ``--repeat`` times and the fastest of each is compared
(the minimum is the run least disturbed by other processes; medians are printed too).

Targets (issues 7 and 17; the limits are :data:`LIMITS`):

=================  ==========================================  =====================
target             command                                     limit
=================  ==========================================  =====================
cold validate      ``validate --no-cache``                     0.5 × load
warm, no change    ``validate`` again, nothing changed         0.05 × load
warm, 1 changed    ``validate`` after editing one invoice's    0.1 × load
                   notes (no repository rule reads them)
warm, a payment    ``validate`` after adding a payment to one  0.15 × load
                   invoice (the rules run again)
help               ``officectl --help``                        1.3 × import click
export finance     ``export finance --period 2025`` right      0.8 × load
                   after a ``validate``; on a fresh clone      1.5 × load
                   (no cache)
peak memory        ru_maxrss of the cold validate              400 MiB
PDF                ``render --all invoices`` of the sample     1.2 × WeasyPrint alone
                   company, vs WeasyPrint rendering the same
                   HTML files in a plain process
query              ``query`` of a grouped sum, warm cache      0.05 × load
                   (no cache: 1.2 × load)
forecast, kpis     ``report forecast`` / ``report kpis``, warm  0.1 × load
export parquet     ``export parquet``, warm cache              0.5 × load
e-invoices         ``export einvoice`` of a year               1.5 × cold validate
bank import        10,000 camt.053 entries, warm cache         0.3 × load
=================  ==========================================  =====================

Rows for commands that do not exist yet (query, forecast, e-invoices, bank import)
go into :data:`MORE_ROWS`.

*load* is ``yaml.load(text, Loader=yaml.CSafeLoader)`` of every record file in a
plain Python process: libyaml's floor for merely reading the repository. The
repositories come from ``benchmarks/generate.py`` (kept in ``--workdir`` and reused
while the generator is unchanged). The runner also checks that cold, warm and
one-file-changed runs print byte-identical JSON.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = "2026-11-25"
EXPORT_YEAR = "2025"
LIMITS = {
    "help": 1.3,
    "cold": 0.5,
    "warm": 0.05,
    "notes": 0.1,
    "payment": 0.15,
    "export after validate": 0.8,
    "export without cache": 1.5,
    "memory MiB": 400,
    "pdf": 1.2,
    "query warm": 0.05,
    "query without cache": 1.2,
    "forecast": 0.1,
    "kpis": 0.1,
    "parquet": 0.5,
    "bank import": 0.3,
}
"""Each row's limit: a ratio to its baseline (a size in MiB for memory)."""
PROJECT = HERE.parent

LOAD_SCRIPT = """\
import os, sys, yaml
paths = []
for folder, subfolders, files in os.walk(os.path.join(sys.argv[1], "records")):
    subfolders[:] = [s for s in subfolders if not s.startswith(".")]
    paths += [os.path.join(folder, f) for f in files
              if f.endswith((".yaml", ".yml")) and not f.startswith(".")]
for path in sorted(paths):
    with open(path, "rb") as stream:
        yaml.load(stream.read().decode("utf-8"), Loader=yaml.CSafeLoader)
"""
"""The baseline: read and load every record file, nothing else (same set as discover)."""


CHILD_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
"""Children may write bytecode, as every installed Python package has it: without it each
run would compile officectl's modules again (the unmeasured first run writes it)."""


@dataclass
class Run:
    seconds: float
    max_rss_mib: float
    returncode: int
    stdout: bytes


@dataclass
class Row:
    invoices: str
    target: str
    value: float
    median: float
    baseline: float | None
    limit: float
    unit: str = "×"
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.value / self.baseline if self.baseline else self.value

    @property
    def passed(self) -> bool:
        return self.ratio <= self.limit


def run(command: Sequence[str], *, capture: bool = False) -> Run:
    """Run ``command``; its wall time, peak resident memory and exit code."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(
            command,
            stdout=out if capture else subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=CHILD_ENV,
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        stdout = out.read() if capture else b""
    return Run(seconds, usage.ru_maxrss / 1024, process.returncode, stdout)


def officectl() -> list[str]:
    """The installed console script next to this Python, as users run it."""
    script = shutil.which("officectl", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "officectl"]


def repository(workdir: Path, invoices: int) -> Path:
    """The generated repository of ``invoices``, regenerated when the generator changed."""
    stamp = hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()[:16]
    root = workdir / f"books-{invoices}-{stamp}"
    if not (root / ".complete").exists():
        if root.exists():
            shutil.rmtree(root)
        print(f"generating {invoices:,} invoices in {root} …", file=sys.stderr)
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), "--invoices", str(invoices), str(root)],
            check=True,
        )
        (root / ".complete").touch()
    return root


class Bench:
    def __init__(self, repeat: int) -> None:
        self.repeat = repeat

    def compare(
        self,
        target: Sequence[str],
        baseline: Sequence[str],
        before: Callable[[], None] = lambda: None,
    ) -> tuple[list[Run], list[Run]]:
        """Alternate baseline and target ``repeat`` times, after one unmeasured run each;
        ``before`` runs before every run of the target."""
        run(baseline)
        before()
        run(target)
        targets, baselines = [], []
        for _ in range(self.repeat):
            baselines.append(run(baseline))
            before()
            targets.append(run(target))
        return targets, baselines


class OneFileEdit:
    """Changes one invoice each time it is called, as a user would, never to a version
    it had before: its notes (which no repository rule reads, so a warm run keeps their
    findings) or a partial payment (which they do read: the rules run again)."""

    def __init__(self, root: Path, what: str) -> None:
        self.what = what
        self.path = next(
            path
            for path in sorted((root / "records" / "invoices").rglob("*.yaml"))
            if self._suitable(path.read_bytes())
        )
        self.original = self.path.read_bytes()
        self.count = 0

    def _suitable(self, text: bytes) -> bool:
        if self.what == "notes":
            return b"\nnotes:" not in text
        return (
            b"\nstatus: issued" in text
            and b"\npayments:" not in text
            and b"credit_note_for" not in text
        )

    def __call__(self) -> None:
        self.count += 1
        if self.what == "notes":
            edit = f"notes: edited {self.count}\n"
        else:
            issued = self.original.split(b"\nissue_date: ", 1)[1][:10].decode()
            edit = (
                f"payments:\n  - date: {issued}\n    amount: {self.count}.00\n"
                f"    reference: bank {self.count}\n"
            )
        self.path.write_bytes(self.original + edit.encode())

    def restore(self) -> None:
        self.path.write_bytes(self.original)


def row(
    invoices: str,
    target: str,
    runs: list[Run],
    baselines: list[Run] | None,
    limit: float,
    note: str = "",
) -> Row:
    values = [r.seconds for r in runs]
    base = min(r.seconds for r in baselines) if baselines else None
    return Row(invoices, target, min(values), statistics.median(values), base, limit, note=note)


def measure(root: Path, invoices: int, bench: Bench) -> list[Row]:
    label = f"{invoices:,}"
    cli = [*officectl(), "-C", str(root)]
    load = [sys.executable, "-c", LOAD_SCRIPT, str(root)]
    validate = [*cli, "validate", "--today", TODAY]
    cold = [*validate, "--no-cache"]
    shutil.rmtree(root / ".officectl-cache", ignore_errors=True)
    rows = []

    cold_runs, loads = bench.compare(cold, load)
    if any(r.returncode for r in cold_runs):
        raise SystemExit(f"validate failed on {root}: the generated repository is invalid")
    rows.append(row(label, "cold validate (--no-cache)", cold_runs, loads, LIMITS["cold"]))

    run(validate)  # fill the cache
    warm_runs, loads = bench.compare(validate, load)
    rows.append(row(label, "warm validate, nothing changed", warm_runs, loads, LIMITS["warm"]))

    for what, target in (
        ("notes", "warm validate, one file changed (notes)"),
        ("payment", "warm validate, one file changed (a payment)"),
    ):
        change = OneFileEdit(root, what)
        try:
            changed_runs, loads = bench.compare(validate, load, before=change)
            rows.append(row(label, target, changed_runs, loads, LIMITS[what]))
            identical = _identical_outputs(validate, change)
        finally:
            change.restore()
        if not identical:
            rows[-1].note = "OUTPUT DIFFERS from the cold run"
            rows[-1].limit = 0.0

    rows += _exports(root, cli, load, label, bench, validate)
    rows += _bank_import(root, cli, load, label, bench)
    rows += _analytics(root, cli, load, label, bench)
    rows.append(_einvoices(cli, cold, label, bench))
    memory = max(r.max_rss_mib for r in cold_runs)
    rows.append(
        Row(
            label,
            "peak memory, cold validate",
            memory,
            memory,
            None,
            LIMITS["memory MiB"],
            unit="MiB",
        )
    )
    for more in MORE_ROWS:
        rows += more(root, label, bench)
    return rows


MORE_ROWS: list[Callable[[Path, str, Bench], list[Row]]] = []
"""Rows of commands added later (query, forecast, e-invoices, bank import): each a
function of the generated repository, its size label and the bench, returning its rows
(compare with ``bench.compare(target, [sys.executable, "-c", LOAD_SCRIPT, str(root)])``
and build them with :func:`row`, its limit in :data:`LIMITS`). Kinds defined as data
(one ticket per 10 invoices) belong in ``generate.py``, so every row sees them."""


def _identical_outputs(validate: list[str], change: OneFileEdit) -> bool:
    """One-file-changed, cold and warm runs print the same JSON, byte for byte."""
    json_args = ["--format", "json"]
    change()
    changed = run([*validate, *json_args], capture=True).stdout
    cold = run([*validate, *json_args, "--no-cache"], capture=True).stdout
    warm = run([*validate, *json_args], capture=True).stdout
    return changed == cold == warm and b'"errors": 0' in cold


def _exports(
    root: Path, cli: list[str], load: list[str], label: str, bench: Bench, validate: list[str]
) -> list[Row]:
    """``export finance`` right after a ``validate`` (untimed, before each run), and on a
    fresh clone (no cache at all)."""
    target = f"export finance --period {EXPORT_YEAR}"
    with tempfile.TemporaryDirectory() as folder:
        export = [
            *cli,
            "export",
            "finance",
            "--period",
            EXPORT_YEAR,
            "--today",
            TODAY,
            "-o",
            str(Path(folder) / "finance.xlsx"),
        ]
        if run(export).returncode != 0:
            return [
                Row(
                    label,
                    target,
                    float("nan"),
                    float("nan"),
                    None,
                    LIMITS["export after validate"],
                    note="not measurable yet (command fails)",
                )
            ]

        def validated() -> None:
            run(validate)

        warm, loads = bench.compare(export, load, before=validated)
        cold, cold_loads = bench.compare(
            export,
            load,
            before=lambda: shutil.rmtree(root / ".officectl-cache", ignore_errors=True),
        )
    return [
        row(label, f"{target}, right after validate", warm, loads, LIMITS["export after validate"]),
        row(label, f"{target}, no cache yet", cold, cold_loads, LIMITS["export without cache"]),
    ]


PDF_BASELINE = """\
import os, sys, weasyprint
source, target = sys.argv[1], sys.argv[2]
for name in sorted(os.listdir(source)):
    weasyprint.HTML(filename=os.path.join(source, name)).write_pdf(
        os.path.join(target, name[:-5] + ".pdf"))
"""
"""The baseline of the PDF row: WeasyPrint alone, on the HTML files officectl renders."""


def measure_pdf(workdir: Path, bench: Bench) -> Row:
    """Every sample invoice to PDF, against WeasyPrint rendering the same HTML files:
    what officectl adds per document (loading, templates, payment codes)."""
    root = workdir / "sample"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    shutil.copy(PROJECT / "officectl.yaml", root)
    for folder in ("records", "templates"):
        if (PROJECT / folder).is_dir():
            shutil.copytree(PROJECT / folder, root / folder)
    html, pdf, plain = root / "html", root / "pdf", root / "plain"
    render = [*officectl(), "-C", str(root), "render", "--all", "invoices"]
    if run([*render, "--format", "html", "-o", str(html)]).returncode != 0:
        return Row(
            "sample",
            "render --all invoices (PDF)",
            float("nan"),
            float("nan"),
            None,
            LIMITS["pdf"],
            note="not measurable (render fails)",
        )
    plain.mkdir()
    runs, baselines = Bench(max(1, bench.repeat // 2)).compare(
        [*render, "--format", "pdf", "-o", str(pdf)],
        [sys.executable, "-c", PDF_BASELINE, str(html), str(plain)],
    )
    count = len(list(html.iterdir()))
    return row(
        "sample",
        f"render --all invoices ({count} PDFs)",
        runs,
        baselines,
        LIMITS["pdf"],
        note="vs WeasyPrint alone",
    )


def _bank_import(
    root: Path, cli: list[str], load: list[str], label: str, bench: Bench
) -> list[Row]:
    """``bank import`` of a camt.053 statement of 10,000 entries, 9,500 paying open
    invoices (``benchmarks/bank_statement.py``), with a warm cache; before every run
    the invoices it pays are put back as they were and the unmatched report removed.
    Limit (issue 16): 0.3 × the cold load baseline."""
    target = "bank import, 10,000 camt.053 entries, warm cache"
    with tempfile.TemporaryDirectory() as folder:
        statement = Path(folder) / "statement.xml"
        made = subprocess.run(
            [sys.executable, str(HERE / "bank_statement.py"), str(root), str(statement)],
            check=True,
            capture_output=True,
            text=True,
        )
        originals = {path: (root / path).read_bytes() for path in made.stdout.split()}

        def restore() -> None:
            for path, data in originals.items():
                (root / path).write_bytes(data)
            shutil.rmtree(root / "reports" / "bank", ignore_errors=True)

        command = [*cli, "bank", "import", str(statement), "--today", TODAY]
        run([*cli, "validate", "--today", TODAY])  # fill the cache
        try:
            runs, loads = bench.compare(command, load, before=restore)
        finally:
            restore()
    if any(r.returncode for r in runs):
        return [
            Row(
                label,
                target,
                float("nan"),
                float("nan"),
                None,
                LIMITS["bank import"],
                note="not measurable (the import fails)",
            )
        ]
    return [row(label, target, runs, loads, LIMITS["bank import"])]


def _analytics(root: Path, cli: list[str], load: list[str], label: str, bench: Bench) -> list[Row]:
    """``query``, ``report forecast``/``kpis`` and ``export parquet`` (issue 15): warm
    after a validate, and a cold query on a fresh clone."""
    grouped = [
        *cli,
        "query",
        "--today",
        TODAY,
        "SELECT customer, sum(net_base) FROM invoices GROUP BY customer",
    ]
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        targets = (
            ("query grouped sum, warm cache", grouped, LIMITS["query warm"]),
            (
                "report forecast, warm cache",
                [*cli, "report", "forecast", "--today", TODAY],
                LIMITS["forecast"],
            ),
            ("report kpis, warm cache", [*cli, "report", "kpis", "--today", TODAY], LIMITS["kpis"]),
            (
                "export parquet, warm cache",
                [*cli, "export", "parquet", "--today", TODAY, "-o", str(Path(folder) / "parquet")],
                LIMITS["parquet"],
            ),
        )
        run([*cli, "validate", "--today", TODAY])  # fill the cache
        for target, command, limit in targets:
            if run(command).returncode != 0:
                rows.append(
                    Row(
                        label,
                        target,
                        float("nan"),
                        float("nan"),
                        None,
                        limit,
                        note="not measurable yet (command fails)",
                    )
                )
                continue
            runs, loads = bench.compare(command, load)
            rows.append(row(label, target, runs, loads, limit))
    cold, loads = bench.compare(
        grouped, load, before=lambda: shutil.rmtree(root / ".officectl-cache", ignore_errors=True)
    )
    rows.append(
        row(label, "query grouped sum, no cache", cold, loads, LIMITS["query without cache"])
    )
    return rows


def _einvoices(cli: list[str], cold_validate: list[str], label: str, bench: Bench) -> Row:
    """``export einvoice`` of every invoice of a year, against a cold validate."""
    target = f"export einvoice, every invoice of {EXPORT_YEAR}"
    with tempfile.TemporaryDirectory() as folder:
        export = [
            *cli,
            "export",
            "einvoice",
            "--all",
            "--where",
            f"issue_date>={EXPORT_YEAR}-01-01",
            "--where",
            f"issue_date<={EXPORT_YEAR}-12-31",
            "-o",
            folder,
        ]
        if run(export).returncode != 0:
            return Row(
                label,
                target,
                float("nan"),
                float("nan"),
                None,
                1.5,
                note="not measurable yet (command fails)",
            )
        runs, validates = bench.compare(export, cold_validate)
    return row(label, target, runs, validates, 1.5, note="baseline: cold validate")


def measure_help(bench: Bench) -> Row:
    """Runs of some 50 ms: many more of them, so the minimum is a steady figure."""
    runs, imports = Bench(max(10, 3 * bench.repeat)).compare(
        [*officectl(), "--help"], [sys.executable, "-c", "import click"]
    )
    return row("-", "officectl --help", runs, imports, LIMITS["help"])


def print_table(rows: list[Row]) -> None:
    header = ("invoices", "target", "min", "median", "baseline", "ratio", "limit", "result")
    lines = [header]
    for r in rows:
        if r.unit == "MiB":
            values = (f"{r.value:.0f} MiB", "", "", "", f"≤ {r.limit:.0f} MiB")
        elif r.value != r.value:  # NaN: not measured
            values = ("-", "-", "-", "-", f"≤ {r.limit}×")
        else:
            values = (
                f"{r.value:.3f} s",
                f"{r.median:.3f} s",
                f"{r.baseline:.3f} s",
                f"{r.ratio:.2f}×",
                f"≤ {r.limit}×",
            )
        result = "n/a" if r.value != r.value else ("PASS" if r.passed else "FAIL")
        lines.append((r.invoices, r.target, *values, f"{result} {r.note}".strip()))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for index, line in enumerate(lines):
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        )
        if index == 0:
            print("  ".join("-" * width for width in widths))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--invoices",
        default="10000,100000",
        help="comma-separated repository sizes (default: 10000,100000)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="measured runs per command")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "officectl-bench",
        help="where generated repositories are kept between runs",
    )
    parser.add_argument(
        "--skip",
        default="",
        metavar="GROUPS",
        help="comma-separated groups not to run: help, pdf, repos",
    )
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    args.workdir.mkdir(parents=True, exist_ok=True)
    bench = Bench(args.repeat)
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.2f}, --repeat {args.repeat}",
        file=sys.stderr,
    )
    rows = [] if "help" in skip else [measure_help(bench)]
    if "pdf" not in skip:
        rows.append(measure_pdf(args.workdir, bench))
    sizes = [] if "repos" in skip else [int(n) for n in args.invoices.split(",")]
    for invoices in sizes:
        rows += measure(repository(args.workdir, invoices), invoices, bench)
    print(f"load average at the end: {os.getloadavg()[0]:.2f}", file=sys.stderr)
    print_table(rows)
    return 0 if all(r.passed or r.value != r.value for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
