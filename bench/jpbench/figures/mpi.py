"""Figure 8: MPI ping-pong between two engines of ours (Open MPI's Java bindings, byte[] and direct
ByteBuffers), next to mpi4py with numpy and to C, both under mpirun -np 2 (the machine's limit).
All three run the same ping-pong: bench/hosts/PingPong.java, pingpong.py and pingpong.c."""
import re
import shutil
import subprocess

from jpbench.context import Ctx
from jpbench.env import child_env
from jpbench.kernel_session import BenchError
from jpbench.ours_side import CLUSTER
from jpbench.results import OURS

FIG = "8 MPI ping-pong"
# message size in bytes: timed round trips in a full run (a tenth as many again untimed first)
ROUND_TRIPS = {8: 5000, 1024: 2000, 64 << 10: 1000, 1 << 20: 200, 16 << 20: 30}
BUFFERS = (("byte[]", "false"), ("direct ByteBuffer", "true"))
MPI4PY = "mpi4py + numpy (mpirun -np 2)"
C = "C (mpicc -O2, mpirun -np 2)"
PAIR = re.compile(r"^(\d+) ([0-9.eE+-]+)$", re.M)


def label(size: int) -> str:
    for unit, scale in (("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size // scale} {unit}"
    return f"{size} B"


def plan(scale: float) -> dict[int, int]:
    """Round trips per size: the full counts times scale, at least 3."""
    return {size: max(3, round(n * scale)) for size, n in ROUND_TRIPS.items()}


def latency_us(round_trip_s: float) -> float:
    """Half the round trip, in microseconds."""
    return round_trip_s / 2 * 1e6


def bandwidth_mbs(size: int, round_trip_s: float) -> float:
    """Bytes moved each way per second of a round trip, in MB/s (10^6 bytes)."""
    return 2 * size / round_trip_s / 1e6


def parse_pairs(text: str, sizes: list[int], who: str) -> dict[int, float]:
    """`SIZE MEDIAN` lines (pingpong.py and pingpong.c): each size once, each median positive."""
    got = {int(s): float(t) for s, t in PAIR.findall(text)}
    if sorted(got) != sorted(sizes) or min(got.values()) <= 0:
        raise BenchError(f"{who} printed {text.strip()[:300]!r}, not a median per size {sizes}")
    return got


class Table:
    """The measures: a latency and four bandwidths per Java buffer kind, the peers beside each."""

    def __init__(self, ctx: Ctx) -> None:
        self.rows: dict[tuple[str, int], object] = {}
        for kind, _ in BUFFERS:
            for size in ROUND_TRIPS:
                if size == 8:
                    m = ctx.run.measure(FIG, f"latency of 8 B (half round trip), Java {kind}", "µs")
                else:
                    m = ctx.run.measure(FIG, f"bandwidth of {label(size)}, Java {kind}", "MB/s", lower_better=False)
                self.rows[(kind, size)] = m

    def add(self, system: str, medians: dict[int, float], kind: str | None = None) -> None:
        """One run's medians: into its kind's rows (ours), or into every kind's rows (the peers)."""
        for (k, size), m in self.rows.items():
            if kind in (None, k):
                rt = medians[size]
                m.add(system, latency_us(rt) if size == 8 else bandwidth_mbs(size, rt))

    def fail(self, system: str, why: str, kind: str | None = None) -> None:
        for (k, _), m in self.rows.items():
            if kind in (None, k):
                m.fail(system, why)


def ours(ctx: Ctx, table: Table, rounds: dict[int, int]) -> None:
    factory = dict(ctx.sides).get(OURS)
    if factory is None:
        table.fail(OURS, ctx.cluster_unavailable.get(OURS, "no cluster of ours"))
        return
    source = (ctx.paths.bench / "hosts" / "PingPong.java").read_text()
    sizes = ", ".join(str(s) for s in rounds)
    counts = ", ".join(str(n) for n in rounds.values())
    side = factory()
    try:
        side.start(2)
        side.cell("%%px\n" + source, "PingPong.java on the engines")
        for rep in range(ctx.sizes.mpi_reps):
            for kind, direct in BUFFERS:
                ctx.log(f"figure 8: {OURS}, Java {kind}, run {rep + 1}/{ctx.sizes.mpi_reps}")
                code = (f"var benchView = {CLUSTER}.view();\n"
                        "var benchPp = benchView.execute(\"java.util.Arrays.toString(PingPong.medians(engineId, "
                        f"new int[] {{{sizes}}}, new int[] {{{counts}}}, {direct}))\");\n"
                        "System.out.println(benchPp.get(benchView.targets().indexOf(0)));\n")
                text = side.cell(code, f"the ping-pong with {kind}", timeout=600).text
                vals = [float(x) for x in re.findall(r"[0-9.]+(?:E-?\d+)?", text)]
                if len(vals) != len(rounds) or min(vals) <= 0:
                    raise BenchError(f"the ping-pong with {kind} printed {text.strip()[:300]!r}")
                table.add(OURS, dict(zip(rounds, vals)), kind)
    except BenchError as e:
        table.fail(OURS, str(e))
        ctx.run.errors.append(f"figure 8, {OURS}: {e}")
    finally:
        side.stop()
        ctx.reap(f"figure 8 ({OURS})")


def mpirun(ctx: Ctx, table: Table, system: str, program: list[str], rounds: dict[int, int]) -> None:
    args = ["mpirun", "-np", "2", *program, *(f"{s}:{n}" for s, n in rounds.items())]
    shown = " ".join(args[:5]) + " ..."
    for rep in range(ctx.sizes.mpi_reps):
        ctx.log(f"figure 8: {system}, run {rep + 1}/{ctx.sizes.mpi_reps}")
        try:
            try:
                r = subprocess.run(args, env=child_env(ctx.paths), capture_output=True, text=True, timeout=600,
                                   cwd=str(ctx.paths.out))
            except (OSError, subprocess.TimeoutExpired) as e:
                raise BenchError(f"`{shown}` did not run: {e}") from None
            if r.returncode != 0:
                raise BenchError(f"`{shown}` exited with {r.returncode}: {r.stderr.strip()[-400:]}")
            table.add(system, parse_pairs(r.stdout, list(rounds), system))
        except BenchError as e:
            table.fail(system, str(e))
            ctx.run.errors.append(f"figure 8, {system}: {e}")
            return
        finally:
            ctx.reap(f"figure 8 ({system})")


def build_c(ctx: Ctx) -> str:
    """Compiles bench/hosts/pingpong.c with mpicc into the scratch dir; its path."""
    mpicc = shutil.which("mpicc")
    if mpicc is None:
        raise FileNotFoundError("mpicc is absent (Debian and Ubuntu: apt-get install libopenmpi-dev)")
    exe = ctx.paths.out / "pingpong-c"
    r = subprocess.run([mpicc, "-O2", "-o", str(exe), str(ctx.paths.bench / "hosts" / "pingpong.c")],
                       capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        raise BenchError(f"mpicc could not build bench/hosts/pingpong.c: {(r.stdout + r.stderr).strip()[-400:]}")
    return str(exe)


def run(ctx: Ctx) -> None:
    rounds = plan(ctx.sizes.mpi_scale)
    table = Table(ctx)
    ours(ctx, table, rounds)
    mpirun(ctx, table, MPI4PY, [ctx.paths.vbin("python"), str(ctx.paths.bench / "hosts" / "pingpong.py")], rounds)
    try:
        mpirun(ctx, table, C, [build_c(ctx)], rounds)
    except FileNotFoundError as e:  # the figure says so; a machine without a C compiler is no failure of ours
        table.fail(C, str(e))
    except BenchError as e:
        table.fail(C, str(e))
        ctx.run.errors.append(f"figure 8, {C}: {e}")
