"""The table of medians, spreads and ratios; RESULTS.md with its history; the plot of figures 2-3."""
import datetime
import platform
import re
import subprocess
from pathlib import Path

from jpbench import stats
from jpbench.results import OURS, Measure, Run

START, END = "<!-- latest run: start -->", "<!-- latest run: end -->"
HISTORY = "## Earlier runs"


def fmt(v: float) -> str:
    a = abs(v)
    if a >= 10000:
        return f"{v:,.0f}"
    if a >= 100:
        return f"{v:.0f}"
    if a >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def ratio_text(m: Measure, ours: list[float] | None, peer: list[float]) -> str:
    if not ours:
        return ""
    o, p = stats.median(ours), stats.median(peer)
    if p == 0 or o == 0:
        return ""
    r = o / p
    if abs(r - 1) < 0.005:
        return "1.00x (same)"
    better = r < 1 if m.lower_better else r > 1
    if m.unit in ("s", "ms"):
        word = "faster" if better else "slower"
    else:
        word = "better" if better else "worse"
    return f"{r:.2f}x (ours {word})"


def table(run: Run) -> str:
    rows = ["| figure | measure | system | median | spread | n | ours / this | target |",
            "|---|---|---|---:|---|---:|---|---|"]
    for m in run.measures:
        systems = list(m.values) + [s for s in m.failures if s not in m.values]
        systems.sort(key=lambda s: (s != OURS, s))
        ours = m.values.get(OURS)
        for s in systems:
            vals = m.values.get(s)
            target = m.target if s == OURS else ""
            if not vals:
                rows.append(f"| {m.figure} | {m.name} | {s} | not measured | {m.failures.get(s, '')} | 0 | | {target} |")
                continue
            lo, hi = m.fixed_spread.get(s) or stats.spread(vals)
            label = "bootstrap p10-p90" if s in m.fixed_spread else stats.spread_label(len(vals))
            sp = f"{fmt(lo)}-{fmt(hi)} ({label})" if len(vals) > 1 or s in m.fixed_spread else ""
            ratio = "" if s == OURS else ratio_text(m, ours, vals)
            note = f" ({m.notes[s]})" if s in m.notes else ""
            rows.append(f"| {m.figure} | {m.name} | {s}{note} | {fmt(stats.median(vals))} {m.unit} | {sp} "
                        f"| {len(vals)} | {ratio} | {target} |")
    return "\n".join(rows)


def _cmd(args: list[str]) -> str:
    try:
        r = subprocess.run(args, capture_output=True, text=True, timeout=30)
        return (r.stdout + r.stderr).strip()
    except (OSError, subprocess.SubprocessError):
        return "absent"


def machine(peers: dict[str, str]) -> str:
    mem_kb = 0
    try:
        with open("/proc/meminfo") as f:
            mem_kb = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
    except (OSError, StopIteration, ValueError):
        pass
    osname = platform.platform()
    try:
        osname = re.search(r'PRETTY_NAME="([^"]+)"', Path("/etc/os-release").read_text()).group(1)
    except (OSError, AttributeError):
        pass
    java = _cmd(["java", "-version"]).splitlines()
    mpi = _cmd(["mpirun", "--version"]).splitlines()
    import os  # noqa: PLC0415
    lines = [f"- cores (nproc): {os.cpu_count()}, memory: {mem_kb / 1024 / 1024:.1f} GiB, OS: {osname}, "
             f"kernel {platform.release()}",
             f"- JDK: {java[0] if java else 'absent'}; {java[1] if len(java) > 1 else ''}".rstrip("; "),
             f"- Open MPI: {mpi[0] if mpi else 'absent'}; Python {platform.python_version()}",
             "- peers: " + ", ".join(f"{k} {v}" for k, v in peers.items())]
    return "\n".join(lines)


def section(run: Run, peers: dict[str, str], command: str, plot: str | None) -> str:
    date = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    parts = [f"### Run of {date}", "", f"Command: `{command}`", "", machine(peers), "", table(run), ""]
    if run.errors:
        parts += ["Failures:", ""] + [f"- {e}" for e in run.errors] + [""]
    if run.orphans:
        parts += ["Processes left behind and ended by the bench:", ""] + [f"- `{o}`" for o in run.orphans] + [""]
    if plot:
        parts += [f"![figures 2 and 3 against the number of engines]({plot})", ""]
    return "\n".join(parts)


def write_results(path: Path, text: str) -> None:
    """The latest run on top; the previous latest moves to the top of the history below it."""
    head = ("# Benchmark results\n\n"
            "Written by `bench/run` (see bench/README.md). Medians with their spread; the ratio is ours divided "
            "by the peer's median, measured side by side in the same run on the same machine. Targets are "
            "the project's aims, printed, never enforced.\n\n")
    old_latest, history = "", ""
    if path.exists():
        old = path.read_text()
        if START in old and END in old:
            old_latest = old.split(START, 1)[1].split(END, 1)[0].strip()
            # the plot shows only the latest run: earlier runs keep their tables, not the picture
            old_latest = "\n".join(line for line in old_latest.splitlines() if not line.startswith("!["))
        if HISTORY in old:
            history = old.split(HISTORY, 1)[1].strip()
    hist = "\n\n".join(h for h in (old_latest, history) if h)
    path.write_text(f"{head}{START}\n{text.strip()}\n{END}\n\n{HISTORY}\n\n{hist}\n")


def plot(run: Run, png: Path, python: str) -> bool:
    """Plots the series (figures 2 and 3) with matplotlib from the venv; False if it has no series."""
    import json  # noqa: PLC0415
    data = []
    for s in run.series:
        data.append({"title": s.title, "unit": s.unit, "systems": {
            sys_: sorted((n, stats.median(v), *stats.spread(v)) for n, v in pts.items())
            for sys_, pts in s.points.items()}})
    if not any(d["systems"] for d in data):
        return False
    script = (Path(__file__).parent / "plot.py").read_text()
    r = subprocess.run([python, "-c", script, str(png)], input=json.dumps(data), text=True,
                       capture_output=True, timeout=120)
    if r.returncode != 0:
        raise RuntimeError(f"the plot failed: {r.stderr.strip()[-400:]}")
    return True
