"""The peer's cluster side: ipyparallel measured from a Python client and from ipykernel's %px."""
import time

from jpbench.env import Paths, child_env
from jpbench.ipp_cluster import IpCluster
from jpbench.kernel_session import BenchError, KernelSession
from jpbench.peers import IPYKERNEL_SPEC
from jpbench.procs import Tracker

NAME = "ipyparallel"
NAME_PX_CELL = "ipyparallel %px in ipykernel"


class IppSide:
    """A running ipcluster of n MPI engines, with an ipykernel attached to it when a figure needs one."""

    name = NAME
    cell_name = NAME_PX_CELL  # its %px cells run in ipykernel

    def __init__(self, paths: Paths, tracker: Tracker) -> None:
        self.paths, self.tracker = paths, tracker
        self.cluster: IpCluster | None = None
        self.kernel: KernelSession | None = None
        self.n = 0

    def start(self, n: int, timeout: float = 240) -> float:
        self.n = n
        self.cluster = IpCluster(self.paths, n, self.tracker)
        return self.cluster.start(timeout=timeout)

    def execute_loop(self, count: int, warm: int = 10) -> list[float]:
        """DirectView.execute('x=1', block=True) round trips, ms each."""
        dv = self.cluster.client[:]
        out = []
        for i in range(warm + count):
            t = time.perf_counter()
            dv.execute("x=1", block=True)
            if i >= warm:
                out.append((time.perf_counter() - t) * 1000)
        return out

    def map_squares(self, count: int, reps: int) -> list[float]:
        """map_sync(lambda x: x*x, range(count)), ms each, checked."""
        dv = self.cluster.client[:]
        dv.map_sync(lambda x: x * x, range(10))
        out = []
        for _ in range(reps):
            t = time.perf_counter()
            r = dv.map_sync(lambda x: x * x, range(count))
            out.append((time.perf_counter() - t) * 1000)
            if len(r) != count or r[-1] != (count - 1) ** 2:
                raise BenchError(f"ipyparallel map_sync returned a wrong result ({len(r)} items)")
        return out

    def attach_kernel(self) -> KernelSession:
        """An ipykernel whose cells use this cluster through ipyparallel's %px magic."""
        if self.kernel is None:
            k = KernelSession(IPYKERNEL_SPEC, self.tracker, env=child_env(self.paths))
            k.start()
            self.kernel = k
            k.execute("import ipyparallel as ipp\n"
                      f"rc = ipp.Client({self.cluster.client_file!r})\n"
                      f"rc.wait_for_engines({self.n}, timeout=60, widget=False)\n"
                      "view = rc[:]\nview.block = True\nview.activate()\n", timeout=120).check("ipykernel connecting to ipcluster")
        return self.kernel

    def px_cells(self, count: int, warm: int = 5) -> list[float]:
        """`%px x=1` cells in ipykernel, over the Jupyter protocol, ms each."""
        k = self.attach_kernel()
        out = []
        for i in range(warm + count):
            r = k.execute("%px x=1").check("ipykernel %px x=1")
            if i >= warm:
                out.append(r.seconds * 1000)
        return out

    def print_lines(self, lines: int, timeout: float = 600) -> tuple[float, list[str], float | None]:
        """Every engine prints `lines` numbered lines through %%px; returns (seconds, stdout, kernel VmHWM MB)."""
        k = self.attach_kernel()
        r = k.execute(f"%%px\nfor i in range({lines}):\n    print(i)\n", timeout=timeout)
        r.check("ipykernel %%px printing")
        return r.seconds, r.shown(), k.hwm_mb()

    def engine_rss(self) -> tuple[list[float], list[float]]:
        return self.cluster.engine_rss_mb()

    def cluster_rss(self) -> float:
        return self.cluster.cluster_rss_mb()

    def stop(self) -> None:
        try:
            if self.kernel is not None:
                self.kernel.shutdown()
        finally:
            self.kernel = None
            if self.cluster is not None:
                self.cluster.stop()
            self.cluster = None

