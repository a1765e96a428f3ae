"""Our cluster side, driven the way a user drives it: cells sent to our kernel over the Jupyter protocol."""
import re

import psutil

from jpbench.env import Paths, child_env
from jpbench.kernel_session import BenchError, KernelSession
from jpbench.procs import Tracker, rss_mb
from jpbench.results import OURS

# The cell's handle on the cluster (org.jparallel.cluster.* is imported in the kernel's namespace).
CLUSTER = "benchCluster"
PROFILE = "default"  # in the bench's private JPARALLEL_CONFIG_DIR: the defaults, mpi launcher
NUMBERS = re.compile(r"-?\d+(?:\.\d+)?(?:[eE]-?\d+)?")


def _floats(text: str) -> list[float]:
    return [float(x) for x in NUMBERS.findall(text)]


class OursSide:
    """A kernel of ours with a cluster of n engines started from a cell."""

    name = OURS
    cell_name = OURS

    def __init__(self, paths: Paths, tracker: Tracker, info) -> None:
        self.paths, self.tracker, self.info = paths, tracker, info
        self.kernel: KernelSession | None = None
        self.n = 0

    def _cell(self, code: str, what: str, timeout: float = 300):
        return self.kernel.execute(code, timeout=timeout).check(what)

    def cell(self, code: str, what: str, timeout: float = 300):
        """A cell of the kernel that runs this cluster (named benchCluster in it), checked; a failure
        says what the engines said (a %%px cell's errors are in its output)."""
        r = self.kernel.execute(code, timeout=timeout)
        try:
            return r.check(what)
        except BenchError as e:
            status = self.kernel.execute("%cluster status", timeout=30).text.strip()
            raise BenchError(f"{e} | {r.text.strip()[-600:]} | %cluster status: {status[-800:]}") from None

    def start(self, n: int, timeout: float = 240, profile: str = PROFILE) -> float:
        """Seconds of the cell `Cluster.start(profile, N)`, execute_request to idle: N engines ready."""
        self.n = n
        self.kernel = KernelSession(self.info.spec, self.tracker, env=child_env(self.paths), cwd=str(self.paths.out))
        self.kernel.start()
        self._cell("int warm = 1;", "a first cell")
        r = self._cell(f'Cluster {CLUSTER} = Cluster.start("{profile}", {n});', f"Cluster.start with {n} engines",
                       timeout)
        self.tracker.watch(self.kernel.pid)
        ids = self._cell(f"{CLUSTER}.ids().size()", "counting the engines").text
        if _floats(ids) != [n]:
            raise BenchError(f"Cluster.start with {n} engines left {ids.strip()!r} engines")
        return r.seconds

    def execute_loop(self, count: int, warm: int = 10) -> list[float]:
        """view().execute of a trivial statement on all engines (what %px runs), timed in the kernel, ms each."""
        code = (f"var benchView = {CLUSTER}.view();\n"
                f"long[] benchT = new long[{warm + count}];\n"
                f"for (int i = 0; i < benchT.length; i++) {{ long s = System.nanoTime(); "
                f"benchView.execute(\"int x = 1;\"); benchT[i] = System.nanoTime() - s; }}\n"
                f"for (int i = {warm}; i < benchT.length; i++) System.out.println(benchT[i] / 1e6);\n")
        vals = _floats(self._cell(code, "the execute loop").text)
        if len(vals) != count:
            raise BenchError(f"the execute loop printed {len(vals)} timings, not {count}")
        return vals

    def px_cells(self, count: int, warm: int = 5) -> list[float]:
        """`%px int x = 1;` cells over the Jupyter protocol, ms each."""
        out = []
        for i in range(warm + count):
            r = self._cell("%px int x = 1;", "%px int x = 1;")
            if i >= warm:
                out.append(r.seconds * 1000)
        return out

    def map_squares(self, count: int, reps: int) -> list[float]:
        """mapSync(x -> x * x) over count integers, timed inside the kernel and checked, ms each."""
        # squares of numbers up to 99,999 overflow an int: the lambda returns a long, as Python's ints grow
        code = (f"var benchView = {CLUSTER}.view();\n"
                f"var benchItems = java.util.stream.IntStream.range(0, {count}).boxed().toList();\n"
                "benchView.mapSync(x -> (long) x * x, java.util.List.of(1, 2, 3));\n"
                f"for (int r = 0; r < {reps}; r++) {{\n"
                "    long s = System.nanoTime();\n"
                "    java.util.List<Long> sq = benchView.mapSync(x -> (long) x * x, benchItems);\n"
                "    long d = System.nanoTime() - s;\n"
                f"    if (sq.size() != {count} || sq.get({count - 1}) != {(count - 1) ** 2}L) "
                "throw new IllegalStateException(\"wrong result: \" + sq.size() + \" items\");\n"
                "    System.out.println(d / 1e6);\n"
                "}\n")
        vals = _floats(self._cell(code, "mapSync").text)
        if len(vals) != reps:
            raise BenchError(f"the mapSync cell printed {len(vals)} timings, not {reps}")
        return vals

    def print_lines(self, lines: int, timeout: float = 600):
        """Every engine prints `lines` numbered lines through %%px; (seconds, shown text, kernel VmHWM MB)."""
        r = self.kernel.execute(f"%%px\nfor (int i = 0; i < {lines}; i++) System.out.println(i);\n",
                                timeout=timeout).check("%%px printing")
        return r.seconds, r.shown(), self.kernel.hwm_mb()

    def engine_pids(self) -> list[int]:
        r = self._cell(f"{CLUSTER}.status().engines().forEach(e -> System.out.println(\"pid=\" + e.pid()));",
                       "engine pids")
        pids = [int(p) for p in re.findall(r"pid=(\d+)", r.text)]
        if len(pids) != self.n:
            raise BenchError(f"{len(pids)} engines told their pid, not {self.n}: {r.text[:200]!r}")
        return pids

    def engine_rss(self) -> tuple[list[float], list[float]]:
        """Each engine JVM's RSS; ours has no per-engine helper process (mpirun is shared, counted below)."""
        pids = self.engine_pids()
        return [rss_mb(p) or 0.0 for p in pids], [0.0] * len(pids)

    def cluster_rss(self) -> float:
        """Engines and the processes between them and the kernel (mpirun): the cluster outside the kernel."""
        procs = set()
        for pid in self.engine_pids():
            try:
                p = psutil.Process(pid)
            except psutil.Error:
                continue
            procs.add(p.pid)
            for a in p.parents():
                if a.pid in (1, self.kernel.pid):
                    break
                procs.add(a.pid)
        return sum(rss_mb(p) or 0.0 for p in procs)

    def stop(self) -> None:
        if self.kernel is None:
            return
        try:
            self.tracker.watch(self.kernel.pid)
            self.kernel.execute(f"{CLUSTER}.stop();", timeout=60)
        except BenchError:
            pass  # the kernel's shutdown below still ends the cluster; reap() reports what is left
        finally:
            self.kernel.shutdown()
            self.kernel = None
