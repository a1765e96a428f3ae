"""Figures 9 and 10: compute-bound cells on engines.
9: a Monte Carlo estimate of pi on 1 and 2 engines (Java's SplittableRandom, ipyparallel with numpy),
   the speed-up of 2 engines over 1.
10: engines with today's default JVM options (C1 only) against a bench-private profile with C2
   (-XX:TieredStopAtLevel=4): the Monte Carlo cell, a sum of squares over a double[], cluster start
   and the trivial round trip, so the trade is in one table."""
import math
import re
import time

from jpbench.context import Ctx
from jpbench.ipp_side import NAME as IPP
from jpbench.kernel_session import BenchError
from jpbench.ours_side import CLUSTER, PROFILE
from jpbench.results import OURS

FIG9, FIG10 = "9 Monte Carlo pi", "10 C1 / C2"
C2_PROFILE = "bench-c2"
C2_OPTIONS = "-XX:TieredStopAtLevel=4"
C2 = f"{OURS}, C2 profile ({C2_OPTIONS})"
DEFAULT_NOTE = "default: C1 only"
STEP = 1e-7  # benchArr[i] = i * STEP
WARM_CALLS, TIMED_CALLS = 2, 3  # figure 10's compute calls per cluster

# Defined on every engine once (a %%px cell); each engine has its own seeded generator.
JAVA_DEFS = """long benchHits(long n, long seed) {
    var rnd = new java.util.SplittableRandom(seed);
    long hits = 0;
    for (long i = 0; i < n; i++) {
        double x = rnd.nextDouble(), y = rnd.nextDouble();
        if (x * x + y * y <= 1.0) hits++;
    }
    return hits;
}
double benchSumSquares(double[] a, int passes) {
    double s = 0;
    for (int p = 0; p < passes; p++) for (double v : a) s += v * v;
    return s;
}
String benchTimed(java.util.function.Supplier<Object> f) {
    long s = System.nanoTime();
    Object v = f.get();
    return v + "@" + (System.nanoTime() - s) / 1e6;
}
"""
TIMED = re.compile(r"ms (\S+) values (.*)")


def np_hits(n: int, seed: int) -> int:
    """Runs on an ipyparallel engine: points of n in the quarter circle, numpy, in bounded chunks."""
    import numpy as np  # noqa: PLC0415 - imported on the engine

    rng = np.random.default_rng(seed)
    hits, left = 0, n
    while left > 0:
        m = min(left, 1 << 22)
        x, y = rng.random(m), rng.random(m)
        hits += int(np.count_nonzero(x * x + y * y <= 1.0))
        left -= m
    return hits


def check_pi(hits: int, samples: int, who: str) -> float:
    """The estimate 4 hits / samples, within 6 standard deviations of pi (else a BenchError)."""
    p = math.pi / 4
    tol = 6 * 4 * math.sqrt(p * (1 - p) / samples)
    est = 4 * hits / samples
    if abs(est - math.pi) > tol:
        raise BenchError(f"{who}: pi estimated as {est:.6f} from {samples:,} samples, "
                         f"more than {tol:.6f} from {math.pi:.6f}")
    return est


def sum_squares(n: int, passes: int) -> float:
    """What benchSumSquares(benchArr, passes) must return: sum of (i * STEP)^2 for i < n, passes times."""
    return passes * STEP * STEP * (n - 1) * n * (2 * n - 1) / 6


def split(samples: int, engines: int) -> int:
    if samples % engines:
        raise ValueError(f"{samples} samples do not split evenly over {engines} engines")
    return samples // engines


def timed_execute(side, targets: str, code: str, what: str) -> tuple[float, list[str], float]:
    """view(targets).execute(code) timed in our kernel: (ms, each engine's value text, the slowest
    engine's ms in code alone, without the cell's compilation and the trip to the engines)."""
    cell = (f'var benchV = {CLUSTER}.view("{targets}");\n'
            "long benchS = System.nanoTime();\n"
            f"var benchR = benchV.execute({java_string(f'benchTimed(() -> {code})')});\n"
            "long benchD = System.nanoTime() - benchS;\n"
            'System.out.println("ms " + benchD / 1e6 + " values " + String.join(";", benchR));\n')
    text = side.cell(cell, what, timeout=900).text
    m = TIMED.search(text)
    try:
        pairs = [v.strip().strip('"').rsplit("@", 1) for v in m.group(2).strip().split(";")]
        return float(m.group(1)), [v for v, _ in pairs], max(float(t) for _, t in pairs)
    except (AttributeError, ValueError):
        raise BenchError(f"{what} printed {text.strip()[:300]!r}") from None


def java_string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def ours_pi(side, samples: int, engines: int, seed: int) -> tuple[float, float]:
    """ms of the Monte Carlo cell on engines 0..engines-1 of a cluster of ours, its estimate checked,
    and ms of the slowest engine's loop alone."""
    targets = "0" if engines == 1 else f"0:{engines}"
    ms, vals, engine_ms = timed_execute(side, targets, f"benchHits({split(samples, engines)}L, {seed}L + engineId)",
                             f"Monte Carlo pi on {engines} engine(s)")
    try:
        hits = sum(int(v.strip().rstrip("L")) for v in vals)
    except ValueError:
        raise BenchError(f"the engines returned {vals!r}, not counts") from None
    check_pi(hits, samples, f"{OURS}, {engines} engine(s)")
    return ms, engine_ms


def ipp_pi(side, samples: int, engines: int, seed: int) -> float:
    rc = side.cluster.client
    t = time.perf_counter()
    if engines == 1:
        hits = rc[0].apply_sync(np_hits, samples, seed)
    else:
        per = split(samples, engines)
        hits = sum(rc[:engines].map_sync(np_hits, [per] * engines, [seed + e for e in range(engines)]))
    ms = (time.perf_counter() - t) * 1000
    check_pi(hits, samples, f"{IPP}, {engines} engine(s)")
    return ms


def _define(side) -> None:
    side.cell("%%px\n" + JAVA_DEFS, "the benchmark's methods on the engines")


def run_pi(ctx: Ctx) -> None:
    sz = ctx.sizes
    n = sz.pi_samples
    one = ctx.run.measure(FIG9, f"pi from {n:,} samples, 1 engine", "ms")
    two = ctx.run.measure(FIG9, f"pi from {n:,} samples, 2 engines", "ms")
    up = ctx.run.measure(FIG9, "speed-up: 1-engine time / 2-engine time", "x", lower_better=False)
    for name, factory in ctx.sides:
        system = name if name != IPP else f"{IPP} + numpy"
        side = factory()
        try:
            side.start(2)
            if name == OURS:
                _define(side)
                pi = lambda e, seed: ours_pi(side, n, e, seed)[0]  # noqa: E731
            else:
                pi = lambda e, seed: ipp_pi(side, n, e, seed)  # noqa: E731
            pi(1, 1)  # warm-up: the JIT, numpy's first calls
            pi(2, 1)
            for rep in range(sz.compute_reps):
                ctx.log(f"figure 9: {system}, run {rep + 1}/{sz.compute_reps}")
                t1, t2 = pi(1, 100 + rep), pi(2, 200 + rep)
                one.add(system, t1)
                two.add(system, t2)
                up.add(system, t1 / t2)
        except BenchError as e:
            for m in (one, two, up):
                m.fail(system, str(e))
            ctx.run.errors.append(f"figure 9, {system}: {e}")
        finally:
            side.stop()
            ctx.reap(f"figure 9 ({system})")
    for name, why in ctx.cluster_unavailable.items():
        for m in (one, two, up):
            m.fail(name, why)


def write_c2_profile(ctx: Ctx) -> None:
    """The C2 profile in the bench's private JPARALLEL_CONFIG_DIR (never the user's profiles)."""
    d = ctx.paths.out / "jparallel-config" / "profiles"
    d.mkdir(parents=True, exist_ok=True)
    (d / f"{C2_PROFILE}.properties").write_text(
        "# written by bench/run (figure 10): engines with C2, the JVM's default JIT\n"
        f"jvm.options={C2_OPTIONS}\n")


def run_jit(ctx: Ctx) -> None:
    sz = ctx.sizes
    n, length, passes = sz.pi_samples, sz.array_len, sz.array_passes
    r = ctx.run
    ms = {
        "start": r.measure(FIG10, "2 engines ready", "s"),
        "px": r.measure(FIG10, "trivial round trip, 2 engines (in-process API)", "ms"),
        "pi": r.measure(FIG10, f"Monte Carlo pi, {n:,} samples, 2 engines", "ms"),
        "pi-engine": r.measure(FIG10, "the same, the engine's loop alone (slowest engine)", "ms"),
        "sum": r.measure(FIG10, f"sum of squares, {length:,} doubles x {passes} passes on each of 2 engines", "ms"),
        "sum-engine": r.measure(FIG10, "the same, the engine's loop alone (slowest engine)", "ms"),
    }
    for m in ms.values():
        m.notes[OURS] = DEFAULT_NOTE
    factory = dict(ctx.sides).get(OURS)
    if factory is None:
        for m in ms.values():
            m.fail(OURS, ctx.cluster_unavailable.get(OURS, "no cluster of ours"))
        return
    write_c2_profile(ctx)
    expect = sum_squares(length, passes)
    failed: set[str] = set()
    for rep in range(sz.compute_reps):
        for system, profile in ((OURS, PROFILE), (C2, C2_PROFILE)):
            if system in failed:
                continue
            ctx.log(f"figure 10: {system}, run {rep + 1}/{sz.compute_reps}")
            side = factory()
            try:
                start = side.start(2, profile=profile)
                lat = side.execute_loop(sz.roundtrips)
                _define(side)
                side.cell(f"%%px\ndouble[] benchArr = new double[{length}];\n"
                          f"java.util.Arrays.setAll(benchArr, i -> i * {STEP});\n", "filling the arrays")
                for w in range(WARM_CALLS):  # untimed: C2 compiles in the background, after C1 with profiling
                    ours_pi(side, n, 2, 1 + w)
                    timed_execute(side, "all", "benchSumSquares(benchArr, 1)", "warming the sum of squares")
                ms["start"].add(system, start)
                ms["px"].add(system, *lat)
                for call in range(TIMED_CALLS):
                    t_pi, e_pi = ours_pi(side, n, 2, 300 + 10 * rep + call)
                    t_sum, vals, e_sum = timed_execute(side, "all", f"benchSumSquares(benchArr, {passes})",
                                                       "the sum of squares")
                    for v in vals:
                        if not math.isclose(float(v), expect, rel_tol=1e-6):
                            raise BenchError(f"the sum of squares returned {v}, not {expect:.9g}")
                    ms["pi"].add(system, t_pi)
                    ms["pi-engine"].add(system, e_pi)
                    ms["sum"].add(system, t_sum)
                    ms["sum-engine"].add(system, e_sum)
            except BenchError as e:
                failed.add(system)
                for m in ms.values():
                    m.fail(system, str(e))
                r.errors.append(f"figure 10, {system}: {e}")
            finally:
                side.stop()
                ctx.reap(f"figure 10 ({system})")
