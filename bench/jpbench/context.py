"""What every figure gets: paths, the process tracker, the run's sizes, the sides to compare."""
import sys
from dataclasses import dataclass, field
from typing import Callable

from jpbench.env import Paths
from jpbench.procs import Tracker
from jpbench.results import Run


@dataclass
class Sizes:
    """How much each figure does; --quick shrinks everything to a smoke test."""
    reps: int = 5            # cold starts per kernel, and runs of the tutorial x 2/5
    cluster_reps: int = 3    # cluster starts per (system, N)
    engines: tuple[int, ...] = (2, 4, 8, 16)
    cells: int = 100         # trivial cells per kernel start
    roundtrips: int = 200    # %px / execute round trips per cluster
    px_cells: int = 50       # %px cells over the Jupyter protocol per cluster
    map_items: int = 100_000
    map_reps: int = 10
    lines: int = 100_000
    output_engines: tuple[int, ...] = (2, 4)
    output_reps: int = 3     # print cells per cluster in figure 5
    tutorial_reps: int = 2
    mpi_reps: int = 3        # ping-pong runs per system and buffer kind in figure 8
    mpi_scale: float = 1.0   # times the ping-pong's round trips per message size (figure 8)
    compute_reps: int = 3    # timed runs per system in figures 9-10 (figure 10: cluster starts)
    pi_samples: int = 50_000_000  # Monte Carlo samples in all, split over the engines
    array_len: int = 20_000_000   # doubles per engine in figure 10's sum of squares
    array_passes: int = 5         # passes over the array per timed call

    @staticmethod
    def quick() -> "Sizes":
        return Sizes(reps=1, cluster_reps=1, engines=(2,), cells=10, roundtrips=20, px_cells=5,
                     map_items=1000, map_reps=2, lines=1000, output_engines=(2,), output_reps=1, tutorial_reps=1,
                     mpi_reps=1, mpi_scale=0.05, compute_reps=1, pi_samples=1_000_000, array_len=1_000_000,
                     array_passes=2)


@dataclass
class Ctx:
    paths: Paths
    tracker: Tracker
    sizes: Sizes
    run: Run
    sides: list[tuple[str, Callable]] = field(default_factory=list)  # (name, factory of a cluster side)
    kernels: list[tuple[str, str, str]] = field(default_factory=list)  # (name, kernelspec, trivial code)
    # system -> why it cannot be measured: its kernel, or its cluster (figures 2-7 need one)
    kernel_unavailable: dict[str, str] = field(default_factory=dict)
    cluster_unavailable: dict[str, str] = field(default_factory=dict)
    hung: dict[str, int] = field(default_factory=dict)  # kernel -> starts that never answered
    tutorial: tuple | None = None  # ours: (notebook, kernelspec, strings its outputs must hold)

    def log(self, msg: str) -> None:
        print(f"[bench] {msg}", file=sys.stderr, flush=True)

    def note_hung(self, name: str, hung: int) -> None:
        self.hung[name] = self.hung.get(name, 0) + hung

    def reap(self, where: str) -> None:
        """After each figure's step: every process it started must be gone; left-overs are ended and reported."""
        self.tracker.sweep(f"JUPYTER_RUNTIME_DIR={self.paths.runtime_dir}")
        for o in self.tracker.reap():
            self.run.orphans.append(f"{where}: {o}")
            self.log(f"left behind by {where}, ended: {o}")
