"""Our side: the Java (parallel) kernel built from this tree, driven over the Jupyter protocol."""
from dataclasses import dataclass
from pathlib import Path

from jpbench.env import Paths
from jpbench.kernel_session import BenchError

TRIVIAL = "int x = 1;"


@dataclass
class OursInfo:
    spec: str
    tutorial: Path
    tutorial_expect: tuple[str, ...]


def prepare(paths: Paths) -> OursInfo:
    main = paths.repo / "kernel" / "src" / "main" / "java" / "org" / "jparallel" / "kernel" / "KernelMain.java"
    if not main.is_file():
        raise BenchError("this tree has no kernel yet (kernel/src/main/java/org/jparallel/kernel/KernelMain.java)")
    raise BenchError("the bench does not drive this tree's kernel yet")
