"""ipyparallel's side: `ipcluster start --engines=MPI -n N` in a private profile, timed to N engines."""
import os
import subprocess
import time

from jpbench.env import Paths, child_env
from jpbench.kernel_session import BenchError
from jpbench.procs import Tracker, rss_mb

PROFILE = "jpbench"


class IpCluster:
    """One ipcluster run; use as a context manager so it is always stopped."""

    def __init__(self, paths: Paths, n: int, tracker: Tracker, profile: str = PROFILE) -> None:
        self.paths, self.n, self.tracker, self.profile = paths, n, tracker, profile
        self.proc: subprocess.Popen | None = None
        self.client = None
        self.log = paths.out / f"ipcluster-{n}.log"

    @property
    def client_file(self) -> str:
        return str(self.paths.ipython_dir / f"profile_{self.profile}" / "security" / "ipcontroller-client.json")

    def start(self, timeout: float = 180) -> float:
        """Starts the cluster; returns seconds from launching ipcluster to N engines registered."""
        import ipyparallel  # noqa: PLC0415 - the peer is imported only when measured

        if os.path.exists(self.client_file):
            os.remove(self.client_file)  # a stale file would connect us to a dead controller
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(
            [self.paths.vbin("ipcluster"), "start", f"-n={self.n}", "--engines=MPI",
             f"--profile={self.profile}", "--log-level=WARN"],
            env=child_env(self.paths), stdout=open(self.log, "w"), stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL)
        self.tracker.watch(self.proc.pid)
        deadline = t0 + timeout
        while self.client is None:
            if time.perf_counter() > deadline or self.proc.poll() is not None:
                raise BenchError(f"ipcluster -n {self.n} did not start a controller (see {self.log})")
            if os.path.exists(self.client_file):
                try:
                    self.client = ipyparallel.Client(self.client_file, timeout=10)
                except Exception:  # noqa: BLE001 - the file may be half written; try again
                    time.sleep(0.02)
            else:
                time.sleep(0.02)
        try:
            self.client.wait_for_engines(self.n, timeout=max(1.0, deadline - time.perf_counter()),
                                         block=True, widget=False)
        except TimeoutError as e:
            raise BenchError(f"ipcluster -n {self.n}: engines not registered in {timeout:.0f} s: {e}") from e
        took = time.perf_counter() - t0
        self.tracker.watch(self.proc.pid)
        return took

    def engine_pids(self) -> list[int]:
        return list(self.client[:].apply_sync(os.getpid))

    def engine_rss_mb(self) -> tuple[list[float], list[float]]:
        """RSS of each engine, and of each engine's nanny (its child process), in MB."""
        import psutil  # noqa: PLC0415

        eng, nanny = [], []
        for pid in self.engine_pids():
            eng.append(rss_mb(pid) or 0.0)
            kids = psutil.Process(pid).children()
            nanny.append(sum(rss_mb(k.pid) or 0.0 for k in kids))
        return eng, nanny

    def cluster_rss_mb(self) -> float:
        """Whole cluster: ipcluster, controller processes, mpiexec, engines, nannies."""
        from jpbench.procs import tree  # noqa: PLC0415

        return sum(rss_mb(p.pid) or 0.0 for p in tree(self.proc.pid))

    def stop(self, timeout: float = 60) -> None:
        if self.client is not None:
            try:
                self.client.close()
            except Exception:  # noqa: BLE001
                pass
            self.client = None
        if self.proc is None:
            return
        self.tracker.watch(self.proc.pid)
        subprocess.run([self.paths.vbin("ipcluster"), "stop", f"--profile={self.profile}",
                        "--log-level=ERROR"], env=child_env(self.paths), stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=timeout)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.proc = None

    def __enter__(self) -> "IpCluster":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
