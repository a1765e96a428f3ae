"""bench/run: installs the peers, runs the figures side by side, prints and records the table."""
import argparse
import shlex
import sys
import time

from jpbench import peers, report
from jpbench.context import Ctx, Sizes
from jpbench.env import apply_to_self, find_paths
from jpbench.procs import Tracker
from jpbench.results import OURS, Run

FIGURES = {  # name: (number, what)
    "kernel": ("1", "kernel cold start and trivial cell round trip"),
    "cluster": ("2", "cluster start, N engines ready"),
    "px": ("3", "%px round trip against N, growth per engine"),
    "map": ("4", "mapSync of 100,000 squares"),
    "output": ("5", "engine output throughput into the notebook"),
    "tutorial": ("6", "the seed tutorial end to end"),
    "memory": ("7", "kernel and engine memory"),
    "mpi": ("8", "MPI ping-pong between two engines, next to mpi4py and C"),
    "pi": ("9", "Monte Carlo pi on 1 and 2 engines, the speed-up"),
    "jit": ("10", "engines with C1 only (the default) against C2: compute, start, round trip"),
}


def parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="bench/run", description=(
        "Measures the Java (parallel) kernel side by side with ipykernel, rapaio-jupyter-kernel 3.0.1 and "
        "ipyparallel + mpi4py on this machine, prints medians, spreads and ratios, and records them in "
        "bench/RESULTS.md. Figures: " + ", ".join(f"{v[0]} {k} ({v[1]})" for k, v in FIGURES.items())))
    p.add_argument("--quick", action="store_true",
                   help="a tiny run of every figure (the smoke test); writes no RESULTS.md")
    p.add_argument("--only", action="append", default=[], metavar="FIGURE",
                   help="run only this figure (name or number; repeat or comma-separate for several)")
    p.add_argument("--reps", type=int, metavar="N",
                   help="repetitions: kernel cold starts, cluster starts, ping-pong and compute runs per system "
                        "(default 5 and 3)")
    p.add_argument("--engines", metavar="LIST", help="engine counts for figures 2-3, e.g. 2,4,8 (default 2,4,8,16)")
    p.add_argument("--out", metavar="DIR", help="scratch directory (default bench/out)")
    p.add_argument("--no-write", action="store_true", help="do not update bench/RESULTS.md and the plot")
    p.add_argument("--no-install", action="store_true", help="do not install missing peers")
    p.epilog = "bench/run --self-test runs the bench's own unit tests (bench/tests)."
    return p.parse_args(argv)


def chosen(only: list[str]) -> list[str]:
    if not only:
        return list(FIGURES)
    by_number = {v[0]: k for k, v in FIGURES.items()}
    names = []
    for item in ",".join(only).split(","):
        item = item.strip().lower()
        name = by_number.get(item, item)
        if name not in FIGURES:
            raise SystemExit(f"bench/run: unknown figure {item!r}; choose from "
                             + ", ".join(f"{v[0]}/{k}" for k, v in FIGURES.items()))
        if name not in names:
            names.append(name)
    return names


def sizes(args: argparse.Namespace) -> Sizes:
    sz = Sizes.quick() if args.quick else Sizes()
    if args.reps is not None:
        if not 1 <= args.reps <= 100:
            raise SystemExit("bench/run: --reps must be between 1 and 100")
        sz.reps = sz.cluster_reps = sz.tutorial_reps = sz.mpi_reps = sz.compute_reps = args.reps
    if args.engines:
        try:
            ns = tuple(sorted({int(x) for x in args.engines.split(",")}))
        except ValueError:
            raise SystemExit(f"bench/run: --engines takes numbers like 2,4,8, not {args.engines!r}")
        if not ns or ns[0] < 1 or ns[-1] > 64:
            raise SystemExit("bench/run: --engines must be between 1 and 64")
        sz.engines = ns
    return sz


def main(argv: list[str]) -> int:
    args = parse(argv)
    names = chosen(args.only)
    paths = find_paths(args.out)
    apply_to_self(paths)
    ctx = Ctx(paths=paths, tracker=Tracker(), sizes=sizes(args), run=Run())
    t0 = time.perf_counter()
    if not args.no_install:
        peers.ensure_pip_peers(paths)
    jar = peers.ensure_rapaio() if not args.no_install else peers.rapaio_jar()
    peers.write_peer_specs(paths, jar)
    from jpbench import sides  # noqa: PLC0415 - imports jupyter_client, present only after the install
    sides.configure(ctx)
    for why in {ctx.kernel_unavailable.get(OURS), ctx.cluster_unavailable.get(OURS)} - {None}:
        ctx.log(f"{OURS}: not measured where it needs this: {why}")
    from jpbench.figures import cluster, compute, kernels, mapping, memory, mpi, output, tutorial  # noqa: PLC0415
    try:
        if set(names) - {"kernel"}:
            sides.prime(ctx)
        for name in names:
            ctx.log(f"figure {FIGURES[name][0]}: {FIGURES[name][1]}")
            if name == "kernel":
                kernels.run(ctx)
            elif name == "cluster":
                cluster.run(ctx, want_start=True, want_px="px" in names)
            elif name == "px" and "cluster" not in names:
                cluster.run(ctx, want_start=False, want_px=True)
            elif name == "map":
                mapping.run(ctx)
            elif name == "output":
                output.run(ctx)
            elif name == "tutorial":
                tutorial.run(ctx)
            elif name == "memory":
                memory.run(ctx)
            elif name == "mpi":
                mpi.run(ctx)
            elif name == "pi":
                compute.run_pi(ctx)
            elif name == "jit":
                compute.run_jit(ctx)
    finally:
        ctx.reap("end of run")
    command = "bench/run " + " ".join(shlex.quote(a) for a in argv)
    text = report.section(ctx.run, peers.peer_versions(paths), command.strip(), None)
    print(f"\n{text}\n(took {time.perf_counter() - t0:.0f} s)")
    (paths.out / "latest.md").write_text(text)
    if not args.quick and not args.no_write:
        png = paths.bench / "scaling.png"
        drew = report.plot(ctx.run, png, paths.vbin("python"))
        text = report.section(ctx.run, peers.peer_versions(paths), command.strip(),
                              png.name if drew or png.exists() else None)
        report.write_results(paths.bench / "RESULTS.md", text)
        ctx.log(f"wrote {paths.bench / 'RESULTS.md'}" + (f" and {png}" if drew else ""))
    bad = len(ctx.run.errors) + len(ctx.run.orphans)
    measured = sum(1 for m in ctx.run.measures for v in m.values.values() if v)
    print(f"bench: {measured} passed, {bad} failed", file=sys.stderr)
    return 1 if bad else 0
