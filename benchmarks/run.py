"""cmtime benchmark suite: time each stage against a baseline measured in the same run.

Benchmarks report; they never fail (exit 0 whatever the goals say). See
``benchmarks/README.md`` for what each row means.

    python benchmarks/run.py                      # 10k, 100k, 1M rows, 3 repeats
    python benchmarks/run.py --quick              # 10k and 100k, 1 repeat (smoke run)
    python benchmarks/run.py --big                # also 10M rows (peak memory only)
    python benchmarks/run.py --sizes 10000 --repeat 5 --out /tmp/results.json

Protocol: inputs are generated once into ``benchmarks/_work/`` (``cmtime sample --entries N
--format toggl``) and reused; every measurement is one untimed warm-up run and then
``--repeat`` timed runs (`time.perf_counter`, `gc.collect` before each, nothing cached
between runs); a row reports the median and the min-max of the repeats.
"""

# The table and chart print typographic signs on purpose (times, en dash, le, check).
# ruff: noqa: RUF001

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))
# before polars, as the command line does: polars' allocator gets cmtime's setting
importlib.import_module("cmtime").lean_allocator()

import polars as pl  # noqa: E402

WORK = HERE / "_work"
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
BIG = 10_000_000
GOAL_SIZE = 1_000_000  # the size the relative goals are set at
DEMO_DIR = ROOT / "data" / "sample"


# --------------------------------------------------------------------------- results


@dataclass
class Row:
    """One line of the table: a stage at one size, against its baseline."""

    size: int
    stage: str
    samples: list[float]  # seconds, or bytes for memory rows
    unit: str = "s"  # "s" or "B"
    baseline: str = ""
    baseline_value: float | None = None
    ratio: float | None = None
    goal: str = ""
    ok: bool | None = None  # None: no goal at this size, or nothing to compare
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)


def _fmt_value(x: float | None, unit: str) -> str:
    if x is None:
        return "-"
    if unit == "B":
        return f"{x / 2**20:,.0f} MiB"
    if x < 1:
        return f"{x * 1000:.1f} ms" if x < 0.1 else f"{x * 1000:.0f} ms"
    return f"{x:.2f} s"


def _fmt_size(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


def _cells(row: Row) -> list[str]:
    if row.samples:
        med = _fmt_value(row.median, row.unit)
        spread = (
            f"{_fmt_value(min(row.samples), row.unit)}–{_fmt_value(max(row.samples), row.unit)}"
        )
    else:
        med, spread = "-", "-"
    base = f"{row.baseline} {_fmt_value(row.baseline_value, row.unit)}" if row.baseline else "-"
    ratio = f"{row.ratio:.2f}×" if row.ratio is not None else "-"
    mark = {True: "✓", False: "✗", None: "–"}[row.ok]
    return [_fmt_size(row.size), row.stage, med, spread, base, ratio, row.goal or "-", mark]


HEADERS = ["size", "stage", "median", "min–max", "baseline", "ratio", "goal", "ok"]


def print_table(rows: list[Row], title: str) -> None:
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:  # pragma: no cover - rich comes with cmtime's CLI
        print(title)
        print(" | ".join(HEADERS))
        for r in rows:
            print(" | ".join(_cells(r)))
        return
    table = Table(title=title)
    for h in HEADERS:
        table.add_column(h, justify="left" if h in ("stage", "baseline", "goal") else "right")
    for r in rows:
        table.add_row(*_cells(r))
    console = Console(width=max(Console().width, 150))
    console.print(table)
    for r in rows:
        if r.note:
            console.print(f"[dim]{_fmt_size(r.size)} {r.stage}: {r.note}[/]", highlight=False)


def markdown_table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in _cells(r)) + " |" for r in rows]
    return "\n".join(lines)


# --------------------------------------------------------------------------- machine


def machine_info() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    ram = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) * 1024
                break
    except OSError:
        pass
    try:
        import pandas as pd

        pandas_version: str | None = pd.__version__
    except ImportError:
        pandas_version = None
    return {
        "cpu": cpu or platform.machine(),
        "cores": os.cpu_count(),
        "ram_bytes": ram,
        "ram_gib": round(ram / 2**30, 1) if ram else None,
        "os": platform.platform(),
        "python": platform.python_version(),
        "polars": pl.__version__,
        "polars_engine_affinity": os.environ.get("POLARS_ENGINE_AFFINITY", "auto (streaming)"),
        "pandas": pandas_version,
        "timew": shutil.which("timew"),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "loadavg_start": list(os.getloadavg()),
    }


# --------------------------------------------------------------------------- timing


def measure(fn: Callable[[], object], repeat: int) -> list[float]:
    """One untimed warm-up, then ``repeat`` timed runs; results are dropped each time."""
    fn()
    out = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        result = fn()
        out.append(time.perf_counter() - t0)
        del result
    gc.collect()
    return out


def sample_file(n: int) -> Path:
    """``benchmarks/_work/toggl_2026_N.csv``, generated once (cmtime sample --entries N)."""
    path = WORK / f"toggl_2026_{n}.csv"
    if not path.exists():
        from cmtime.sample import write_sample

        t0 = time.perf_counter()
        write_sample(WORK, entries=n, fmt="toggl")
        print(f"generated {path.relative_to(ROOT)} in {time.perf_counter() - t0:.1f} s", flush=True)
    return path


# --------------------------------------------------------------------------- stages


def _pipeline(path: Path, config: Any) -> dict[str, Any]:
    """The whole `cmtime summary --json` computation (without printing): the command's
    own steps, the scope's summary and its warnings."""
    from cmtime.analysis.scope import Scope
    from cmtime.interfaces.cli import _warnings
    from cmtime.readers import read_paths

    scope = Scope.of(read_paths([path], config=config))
    doc = scope.summary()
    doc["warnings"] = _warnings(scope, doc)
    return doc


def _ratio(value: float, base: float | None) -> float | None:
    return value / base if base else None


def bench_size(n: int, repeat: int, rows: list[Row], *, with_pandas: bool) -> None:
    from cmtime.analysis.pipeline import analyse
    from cmtime.config import Config
    from cmtime.readers import read_file, read_paths

    cfg = Config()
    path = sample_file(n)
    at_goal = n == GOAL_SIZE
    print(f"\n== {n:,} rows ({path.stat().st_size / 2**20:.0f} MiB CSV)", flush=True)

    def step(label: str) -> None:
        print(f"   {label} ...", flush=True)

    step("bare pl.read_csv")
    csv = measure(lambda: pl.read_csv(path, infer_schema=False), repeat)
    csv_med = statistics.median(csv)
    rows.append(Row(n, "pl.read_csv (baseline)", csv, note="pl.read_csv(path, infer_schema=False)"))

    # (a) each CSV reader, against a bare read of its own file
    import formats

    others = formats.write_formats(n, WORK, [f for f in formats.WRITERS if f != "toggl"])
    r_med = 0.0
    for fmt, file in [("toggl", path), *others.items()]:
        step(f"(a) {fmt} reader")
        base = csv_med if fmt == "toggl" else statistics.median(
            measure(lambda f=file: pl.read_csv(f, infer_schema=False), repeat)
        )
        reader = measure(lambda f=file: read_file(f, config=cfg), repeat)
        med = statistics.median(reader)
        if fmt == "toggl":
            r_med = med
        ratio = _ratio(med, base)
        rows.append(
            Row(
                n,
                f"a) {formats.LABELS[fmt]} reader",
                reader,
                baseline="read_csv",
                baseline_value=base,
                ratio=ratio,
                goal="≤ 1.5× at 1M",
                ok=(ratio is not None and ratio <= 1.5) if at_goal else None,
                note=f"{file.name}, {file.stat().st_size / 2**20:.0f} MiB; baseline: a bare read of this file",
            )
        )

    # (b) the off-hours split, on entries read once (outside the timing)
    step("(b) off-hours split")
    rows.append(bench_split(n, read_file(path, config=cfg).entries, cfg, repeat, r_med))

    # (c) the full summary pipeline
    step("(c) summary pipeline")
    pipe = measure(lambda: _pipeline(path, cfg), repeat)
    p_med = statistics.median(pipe)
    ratio = _ratio(p_med, csv_med)
    rows.append(
        Row(
            n,
            "c) summary pipeline",
            pipe,
            baseline="read_csv",
            baseline_value=csv_med,
            ratio=ratio,
            goal="≤ 2.5× at 1M",
            ok=(ratio is not None and ratio <= 2.5) if at_goal else None,
            note="read_paths, Scope.summary and its warnings, as `cmtime summary --json`",
        )
    )

    # (d) the pandas peer
    if with_pandas:
        step("(d) pandas peer")
        import pandas_peer

        peer = measure(lambda: pandas_peer.summary(path, config=cfg), repeat)
        speedup = _ratio(statistics.median(peer), p_med)
        rows.append(
            Row(
                n,
                "d) pandas peer",
                peer,
                baseline="cmtime (c)",
                baseline_value=p_med,
                ratio=speedup,
                goal="cmtime ≥ 10× faster at 1M",
                ok=(speedup is not None and speedup >= 10) if at_goal else None,
                note="ratio = pandas / cmtime (the speed-up of cmtime)",
            )
        )
    else:
        rows.append(Row(n, "d) pandas peer", [], note="skipped: pandas is not installed"))

    # (e) Timewarrior
    timew = shutil.which("timew")
    if timew:
        step("(e) timew summary :all vs cmtime on the same database")
        rows.extend(bench_timew(n, timew, repeat))
    else:
        rows.append(
            Row(
                n,
                "e) timew summary :all",
                [],
                note="skipped: no `timew` executable (Debian package timewarrior)",
            )
        )

    # (f) peak memory of the pipeline, in a fresh process
    step("(f) peak RSS (subprocess)")
    rows.append(bench_rss(n, path))

    # (g) one widget update: re-aggregate already-analysed entries
    step("(g) widget update")
    analysed = analyse(read_paths([path], config=cfg), config=cfg).collect()
    rows.append(bench_widget(n, analysed, cfg, repeat))
    del analysed


def bench_split(n: int, entries: pl.DataFrame, cfg: Any, repeat: int, reader: float) -> Row:
    from cmtime.analysis.worktime import split_worktime

    split = measure(lambda: split_worktime(entries.lazy(), config=cfg).collect(), repeat)
    ratio = _ratio(statistics.median(split), reader)
    return Row(
        n,
        "b) off-hours split",
        split,
        baseline="reader (a)",
        baseline_value=reader,
        ratio=ratio,
        goal="≤ 1× reader",
        ok=ratio is not None and ratio <= 1.0,
        note="split_worktime(entries.lazy(), config=...).collect()",
    )


def bench_widget(
    n: int, analysed: pl.DataFrame, cfg: Any, repeat: int, stage: str = "g) widget update"
) -> Row:
    from cmtime.analysis import metrics
    from cmtime.analysis.pipeline import workload
    from cmtime.schema import WAIT_SCHEMA

    def update() -> object:
        lf = analysed.lazy()
        period = metrics.default_period(lf, pl.DataFrame(schema=WAIT_SCHEMA), timezone=cfg.timezone, today=dt.date.today())
        return workload(lf, period=period), metrics.summary(lf, config=cfg, period=period)

    times = measure(update, repeat)
    med = statistics.median(times)
    demo = "demo year" in stage
    return Row(
        n,
        stage,
        times,
        goal="≤ 150 ms on the sample year" if demo else "",
        ok=med <= 0.150 if demo else None,
        note="workload() + metrics.summary() on the collected analysed frame",
    )


def bench_demo_widget(repeat: int) -> Row | None:
    """(g) on the bundled demo year (data/sample, with its cmtime.toml)."""
    from cmtime.analysis.pipeline import analyse
    from cmtime.readers import read_paths

    if not DEMO_DIR.is_dir():
        return None
    loaded = read_paths([DEMO_DIR])
    analysed = analyse(loaded).collect()
    return bench_widget(
        analysed.height, analysed, loaded.config, repeat, "g) widget update, demo year"
    )


# --------------------------------------------------------------------------- peak RSS


def _peak_rss() -> int:
    """This process's peak resident set, in bytes.

    ``VmHWM`` from /proc first: ``ru_maxrss`` survives ``execve`` on Linux, so a child
    spawned from a big parent would report the parent's peak.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB


def _child_rss(path: str) -> None:
    """Child process: run the pipeline once and print its own peak RSS as JSON."""
    from cmtime.analysis import metrics, pipeline  # noqa: F401 - imports count as baseline
    from cmtime.config import Config

    cfg = Config()
    import_peak = _peak_rss()
    t0 = time.perf_counter()
    _pipeline(Path(path), cfg)
    seconds = time.perf_counter() - t0
    print(json.dumps({"peak": _peak_rss(), "import_peak": import_peak, "seconds": seconds}))


def bench_rss(n: int, path: Path, *, engine: str | None = None) -> Row:
    size = path.stat().st_size
    env = dict(os.environ)
    if engine:
        env["POLARS_ENGINE_AFFINITY"] = engine
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child-rss", str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        cwd=ROOT,
    )
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return Row(n, "f) peak RSS", [], unit="B", note=f"child failed: {tail}")
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    ratio = got["peak"] / size
    return Row(
        n,
        "f) peak RSS",
        [float(got["peak"])],
        unit="B",
        baseline="CSV",
        baseline_value=size,
        ratio=ratio,
        goal="≤ 3× CSV at 1M",
        ok=(ratio <= 3) if n == GOAL_SIZE else None,
        note=(
            f"one run in a fresh process (engine {engine or 'auto = streaming'}); "
            f"after imports {got['import_peak'] / 2**20:.0f} MiB; "
            f"pipeline wall time {got['seconds']:.1f} s"
        ),
        extra={
            "import_peak": got["import_peak"],
            "seconds": got["seconds"],
            "engine": engine or "auto",
        },
    )


# --------------------------------------------------------------------------- Timewarrior


def write_timew_db(n: int, folder: Path) -> Path:
    """The bulk sample's intervals as a Timewarrior database (``data/YYYY-MM.data``)."""
    from cmtime.sample import TIMEZONE, generate

    df = generate(entries=n)
    stamp = "%Y%m%dT%H%M%SZ"

    def utc(col: str) -> pl.Expr:
        return (
            pl.col(col)
            .dt.replace_time_zone(TIMEZONE, ambiguous="earliest", non_existent="null")
            .dt.convert_time_zone("UTC")
        )

    def quote(expr: pl.Expr) -> pl.Expr:
        return pl.concat_str([pl.lit('"'), expr.str.replace_all('"', "'"), pl.lit('"')])

    lines = (
        df.select(
            utc("start_local").alias("s"),
            (utc("start_local") + pl.col("duration")).alias("e"),
            "client",
            "project",
            "description",
            "tags",
        )
        .drop_nulls("s")
        .with_columns(
            month=pl.col("s").dt.strftime("%Y-%m"),
            line=pl.concat_str(
                [
                    pl.lit("inc "),
                    pl.col("s").dt.strftime(stamp),
                    pl.lit(" - "),
                    pl.col("e").dt.strftime(stamp),
                    pl.lit(" # "),
                    quote(pl.col("description")),
                    pl.lit(" "),
                    quote(pl.lit("client:") + pl.col("client").fill_null("")),
                    pl.lit(" "),
                    quote(pl.lit("proj:") + pl.col("project")),
                    pl.col("tags").list.eval(pl.lit(" ") + quote(pl.element())).list.join(""),
                ]
            ),
        )
        .sort("s")
    )
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    (folder / "timewarrior.cfg").write_text("verbose = off\n", encoding="utf-8")
    (data / "tags.data").write_text("{}\n", encoding="utf-8")
    for (month,), part in lines.group_by("month"):
        (data / f"{month}.data").write_text("\n".join(part["line"]) + "\n", encoding="utf-8")
    return folder


def bench_timew(n: int, timew: str, repeat: int) -> list[Row]:
    """Timewarrior's own report against cmtime's summary, both on one Timewarrior database."""
    from cmtime.config import Config

    cfg = Config()
    with tempfile.TemporaryDirectory(prefix="cmtime-timew-", dir=WORK) as tmp:
        db = write_timew_db(n, Path(tmp))
        env = {**os.environ, "TIMEWARRIORDB": str(db)}

        def run() -> subprocess.CompletedProcess[bytes]:
            return subprocess.run(
                [timew, "summary", ":all"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                check=False,
            )

        ours = measure(lambda: _pipeline(db, cfg), repeat)
        theirs = measure(run, repeat)
        last = run()
    ours_med, theirs_med = statistics.median(ours), statistics.median(theirs)
    note = "timew 1.4 (Debian); ratio = timew / cmtime: above 1, cmtime is faster"
    if last.returncode != 0:
        note += f"; timew exited {last.returncode}: {last.stderr.decode(errors='replace')[:120]}"
    speedup = _ratio(theirs_med, ours_med)
    return [
        Row(
            n,
            "e) cmtime summary, Timewarrior folder",
            ours,
            note="read_paths + analyse + metrics.summary on the database folder",
        ),
        Row(
            n,
            "e) timew summary :all",
            theirs,
            baseline="cmtime (e)",
            baseline_value=ours_med,
            ratio=speedup,
            goal="cmtime faster at every size",
            ok=speedup is not None and speedup > 1,
            note=note,
        ),
    ]


# --------------------------------------------------------------------------- chart


def save_chart(rows: list[Row], out_dir: Path) -> list[Path]:
    """``results.png`` and ``results.html``: median time vs rows per stage, log-log."""
    import altair as alt

    from cmtime.outputs.export import save_chart as save

    data = pl.DataFrame(
        [
            {
                "rows": r.size,
                "stage": r.stage,
                "median_s": r.median,
                "min_s": min(r.samples),
                "max_s": max(r.samples),
            }
            for r in rows
            if r.unit == "s" and r.samples and "demo year" not in r.stage
        ]
    )
    if data.is_empty():
        return []
    # Baselines and peers dashed, cmtime's own stages solid; one colour per stage.
    peers = ("read_csv", "pandas", "timew")
    data = data.with_columns(
        who=pl.when(pl.any_horizontal([pl.col("stage").str.contains(p) for p in peers]))
        .then(pl.lit("baseline or peer"))
        .otherwise(pl.lit("cmtime"))
    )
    base = alt.Chart(data).encode(
        x=alt.X("rows:Q", scale=alt.Scale(type="log"), title="rows in the input"),
        y=alt.Y("median_s:Q", scale=alt.Scale(type="log"), title="median seconds (log)"),
        color=alt.Color(
            "stage:N",
            title="stage",
            scale=alt.Scale(scheme="tableau20"),
            legend=alt.Legend(orient="right", labelLimit=320),
        ),
        strokeDash=alt.StrokeDash(
            "who:N",
            title="",
            scale=alt.Scale(domain=["cmtime", "baseline or peer"], range=[[1, 0], [6, 3]]),
            legend=None,
        ),
        tooltip=["stage", "rows", "median_s", "min_s", "max_s"],
    )
    chart = (base.mark_line(point=True)).properties(
        title=alt.Title(
            "cmtime benchmarks: time vs size (log–log)",
            subtitle="solid: cmtime's stages; dashed: the baseline and the peers (pandas, timew)",
        ),
        width=520,
        height=360,
    )
    return save(chart, out_dir, "results", formats=("png", "html"), lang="en")


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--sizes",
        default=",".join(str(s) for s in DEFAULT_SIZES),
        help="comma-separated row counts (default %(default)s)",
    )
    p.add_argument("--big", action="store_true", help="also 10,000,000 rows (peak RSS only)")
    p.add_argument("--repeat", type=int, default=3, help="timed runs per row (default 3)")
    p.add_argument("--out", type=Path, default=HERE / "results.json", help="results JSON")
    p.add_argument("--quick", action="store_true", help="10k and 100k rows, 1 repeat (smoke run)")
    p.add_argument(
        "--replot", action="store_true", help="only redraw the chart from an existing --out JSON"
    )
    p.add_argument("--child-rss", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child_rss:
        _child_rss(args.child_rss)
        return 0
    if args.replot:
        doc = json.loads(args.out.read_text(encoding="utf-8"))
        names = Row.__dataclass_fields__
        rows = [Row(**{k: v for k, v in r.items() if k in names}) for r in doc["rows"]]
        for p in save_chart(rows, args.out.parent):
            print(f"wrote {p}")
        print_table(rows, "cmtime benchmarks (from " + str(args.out) + ")")
        return 0
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    repeat = max(1, args.repeat)
    if args.quick:
        sizes, repeat = [10_000, 100_000], 1
    sys.path.insert(0, str(HERE))  # pandas_peer
    try:
        import pandas  # noqa: F401

        with_pandas = True
    except ImportError:
        with_pandas = False
        print(
            "note: pandas is not installed; row (d) is skipped "
            "(.venv/bin/pip install pandas — benchmark only, not a cmtime dependency)"
        )
    machine = machine_info()
    print(
        f"machine: {machine['cpu']}, {machine['cores']} cores, {machine['ram_gib']} GiB RAM, "
        f"Python {machine['python']}, polars {machine['polars']}, pandas {machine['pandas']}; "
        f"load average {machine['loadavg_start'][0]:.2f}"
    )
    started = time.perf_counter()
    rows: list[Row] = []
    for n in sorted(sizes):
        bench_size(n, repeat, rows, with_pandas=with_pandas)
    if args.big:
        print(f"\n== {BIG:,} rows: peak RSS only, streaming engine", flush=True)
        rows.append(bench_rss(BIG, sample_file(BIG), engine="streaming"))
    demo = bench_demo_widget(repeat)
    if demo is not None:
        rows.append(demo)
    machine["loadavg_end"] = list(os.getloadavg())
    machine["wall_seconds"] = round(time.perf_counter() - started, 1)

    title = f"cmtime benchmarks — median of {repeat} (after 1 warm-up)"
    print()
    print_table(rows, title)
    out = args.out if args.out.is_absolute() else Path.cwd() / args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    doc = {
        "machine": machine,
        "settings": {"sizes": sizes, "repeat": repeat, "big": args.big, "warmup": 1},
        "rows": [{**asdict(r), "median": r.median if r.samples else None} for r in rows],
        "markdown": markdown_table(rows),
    }
    out.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    try:
        for p in save_chart(rows, out.parent):
            print(f"wrote {p}")
    except Exception as exc:  # a chart problem must not lose the numbers
        print(f"chart not written: {type(exc).__name__}: {exc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
