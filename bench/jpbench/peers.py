"""Installs the peers the bench compares against, and writes their kernelspecs privately."""
import json
import os
import subprocess
import sys
from pathlib import Path

from jpbench.env import Paths, which_java

RAPAIO = ("io.github.padreati", "rapaio-jupyter-kernel", "3.0.1")
RAPAIO_SPEC = "bench-rapaio"
IPYKERNEL_SPEC = "bench-ipykernel"


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def missing_modules(paths: Paths) -> list[str]:
    """Which peer Python packages the venv lacks (asked of the venv's own interpreter)."""
    mods = {"ipyparallel": "ipyparallel", "mpi4py": "mpi4py", "numpy": "numpy",
            "ipykernel": "ipykernel", "matplotlib": "matplotlib"}
    probe = ("import importlib.util,sys;"
             "print(' '.join(n for n in sys.argv[1:] if importlib.util.find_spec(n) is None))")
    r = subprocess.run([paths.vbin("python"), "-c", probe, *mods.values()], capture_output=True,
                       text=True, timeout=120)
    if r.returncode != 0:
        raise RuntimeError(f"the venv at {paths.venv} does not run Python: {r.stderr.strip()}")
    return r.stdout.split()


def ensure_pip_peers(paths: Paths) -> None:
    missing = missing_modules(paths)
    if not missing:
        return
    log(f"installing peers into {paths.venv}: {' '.join(missing)}")
    reqs = paths.repo / "setup" / "requirements-peers.txt"  # the versions install.sh --with-peers pins
    args = ["-r", str(reqs)] if reqs.is_file() else [m for m in missing if m != "matplotlib"]
    if "matplotlib" in missing:
        args.append("matplotlib")
    r = subprocess.run([paths.vbin("python"), "-m", "pip", "install", "-q", *args], timeout=1800)
    if r.returncode != 0:
        raise RuntimeError(f"pip could not install {' '.join(missing)} into {paths.venv}")


def rapaio_jar() -> Path:
    g, a, v = RAPAIO
    repo = Path(os.environ.get("MAVEN_REPO", Path.home() / ".m2" / "repository"))
    return repo / Path(*g.split(".")) / a / v / f"{a}-{v}.jar"


def ensure_rapaio() -> Path:
    jar = rapaio_jar()
    if jar.is_file():
        return jar
    log(f"fetching {':'.join(RAPAIO)} from Maven Central")
    r = subprocess.run(["mvn", "-B", "-q", "dependency:get", f"-Dartifact={':'.join(RAPAIO)}",
                        "-Dtransitive=false"], timeout=900, cwd=str(Path.home()))
    if r.returncode != 0 or not jar.is_file():
        raise RuntimeError(f"mvn could not fetch {':'.join(RAPAIO)} (expected {jar})")
    return jar


def write_spec(paths: Paths, name: str, spec: dict) -> None:
    d = paths.jupyter_path / "kernels" / name
    d.mkdir(parents=True, exist_ok=True)
    (d / "kernel.json").write_text(json.dumps(spec, indent=1))


def write_peer_specs(paths: Paths, jar: Path) -> None:
    """ipykernel from the venv, and rapaio as its own docs install it (java -jar JAR connection_file)."""
    write_spec(paths, IPYKERNEL_SPEC, {
        "argv": [paths.vbin("python"), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (ipykernel, bench)", "language": "python"})
    write_spec(paths, RAPAIO_SPEC, {
        "argv": [which_java(), "-jar", str(jar), "{connection_file}"],
        "display_name": "Java (rapaio 3.0.1, bench)", "language": "java", "interrupt_mode": "message",
        "env": {"RJK_CLASSPATH": "", "RJK_COMPILER_OPTIONS": "", "RJK_INIT_SCRIPT": "",
                "RJK_TIMEOUT_MILLIS": "-1", "RJK_MIMA_CACHE": str(paths.out / "rapaio-mima")}})


def peer_versions(paths: Paths) -> dict[str, str]:
    probe = ("import importlib.metadata as m\n"
             "for n in ('ipyparallel','mpi4py','numpy','ipykernel','jupyter_client','nbconvert'):\n"
             "    try: print(n, m.version(n))\n"
             "    except Exception: print(n, 'absent')\n")
    r = subprocess.run([paths.vbin("python"), "-c", probe], capture_output=True, text=True, timeout=60)
    out = dict(line.split(" ", 1) for line in r.stdout.splitlines() if " " in line)
    out["rapaio-jupyter-kernel"] = RAPAIO[2] if rapaio_jar().is_file() else "absent"
    return out
