"""Our side: the Java (parallel) kernel built from this tree, driven over the Jupyter protocol."""
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from jpbench.env import Paths, child_env, which_java
from jpbench.kernel_session import BenchError

TRIVIAL = "int x = 1;"
SPEC = "bench-java-parallel"


@dataclass
class OursInfo:
    spec: str
    tutorial: Path
    tutorial_expect: tuple[str, ...]


def _install_env(paths: Paths) -> dict[str, str]:
    """What install.sh found (build/install.env: JAVA_HOME, MPI_JAR, ...), if it ran."""
    f = paths.repo / "build" / "install.env"
    out: dict[str, str] = {}
    if f.is_file():
        for line in f.read_text().splitlines():
            name, sep, value = line.partition("=")
            if sep and name.strip().isidentifier():
                out[name.strip()] = value.strip().strip("'\"")
    return out


def _newest_source(repo: Path) -> float:
    newest = 0.0
    for module in ("engines", "magics", "kernel"):
        for root in (repo / module / "src" / "main", repo / module / "pom.xml"):
            files = [root] if root.is_file() else root.rglob("*") if root.is_dir() else []
            for f in files:
                newest = max(newest, f.stat().st_mtime)
    return max(newest, (repo / "pom.xml").stat().st_mtime)


def ensure_built(paths: Paths, log) -> Path:
    """kernel/target/lib holds the kernel's jar and its runtime jars; builds them when stale."""
    lib = paths.repo / "kernel" / "target" / "lib"
    jars = sorted(lib.glob("jparallel-kernel*.jar")) if lib.is_dir() else []
    if not (paths.repo / "kernel" / "src" / "main" / "java" / "org" / "jparallel" / "kernel" / "KernelMain.java").is_file():
        raise BenchError("this tree has no kernel (kernel/src/main/java/org/jparallel/kernel/KernelMain.java)")
    if not jars or jars[0].stat().st_mtime < _newest_source(paths.repo):
        log("building the kernel (mvn -B -q -DskipTests package)")
        r = subprocess.run(["mvn", "-B", "-q", "-ntp", "-DskipTests", "package"], cwd=paths.repo,
                           capture_output=True, text=True, timeout=1800)
        jars = sorted(lib.glob("jparallel-kernel*.jar")) if lib.is_dir() else []
        if r.returncode != 0 or not jars:
            raise BenchError("the kernel does not build: " + (r.stdout + r.stderr).strip()[-800:])
    return lib


def write_spec(paths: Paths, lib: Path) -> None:
    """The project's own kernelspec template, filled for this tree's build (not an installed copy)."""
    tmpl = paths.repo / "kernelspec" / "kernel.json.in"
    if not tmpl.is_file():
        raise BenchError(f"{tmpl} is missing")
    found = _install_env(paths)
    java = found.get("JAVA") if "JAVA_HOME" not in os.environ and found.get("JAVA") else which_java()
    text = tmpl.read_text()
    for key, value in (("@JAVA@", java), ("@CLASSPATH@", str(lib / "*"))):
        text = text.replace(key, json.dumps(value)[1:-1])
    spec = json.loads(text)
    env = spec.setdefault("env", {})
    mpi_jar = os.environ.get("MPI_JAR") or found.get("MPI_JAR")
    if mpi_jar:
        env["MPI_JAR"] = mpi_jar
    spec["display_name"] = "Java (parallel), bench"
    d = paths.jupyter_path / "kernels" / SPEC
    d.mkdir(parents=True, exist_ok=True)
    (d / "kernel.json").write_text(json.dumps(spec, indent=1))


def tutorial(paths: Paths) -> tuple[Path, tuple[str, ...]]:
    """The project's tutorial notebook, and what its outputs must show (as the seed tutorial's do)."""
    nb = paths.repo / "notebooks" / "parallel-tutorial.ipynb"
    if not nb.is_file():
        raise BenchError(f"the tutorial notebook {nb} is missing")
    return nb, ("IDs: [0, 1]", "squares: [0, 1, 4", "received data from 0")


def with_archive(paths: Paths, lib: Path, log) -> None:
    """As install.sh does for the installed kernel: a class-data archive trained by a short session
    of this build's kernel (setup/train_kernel.py), made again when the jars are newer, and the
    kernelspec starts the JVM from it. Without it (training failed) the kernel runs as it is."""
    d = paths.jupyter_path / "kernels" / SPEC
    spec_file, archive = d / "kernel.json", d / "kernel.jsa"
    newest = max(f.stat().st_mtime for f in lib.glob("*.jar"))
    if not archive.is_file() or archive.stat().st_mtime < newest:
        log("training the kernel's class-data archive (setup/train_kernel.py)")
        r = subprocess.run([paths.vbin("python"), str(paths.repo / "setup" / "train_kernel.py"), str(spec_file), str(archive)],
                           capture_output=True, text=True, timeout=300, env=child_env(paths))
        if r.returncode != 0 or not archive.is_file():
            log("no class-data archive for our kernel (it runs without): " + (r.stdout + r.stderr).strip()[-400:])
            return
    spec = json.loads(spec_file.read_text())
    spec["argv"].insert(1, "-XX:SharedArchiveFile=" + str(archive))
    spec_file.write_text(json.dumps(spec, indent=1))


def prepare(paths: Paths, log) -> OursInfo:
    lib = ensure_built(paths, log)
    write_spec(paths, lib)
    with_archive(paths, lib, log)
    nb, expect = tutorial(paths)
    return OursInfo(SPEC, nb, expect)


def cluster_missing(paths: Paths) -> str | None:
    """Why our cluster figures cannot run in this tree, or None when the cluster API is there."""
    cluster = paths.repo / "magics" / "src" / "main" / "java" / "org" / "jparallel" / "cluster" / "Cluster.java"
    if not cluster.is_file():
        return "this tree has no cluster yet (magics/src/main/java/org/jparallel/cluster/Cluster.java)"
    return None
