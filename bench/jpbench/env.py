"""Where things are: repo root, venv, bench-private Jupyter/IPython dirs, subprocess environment."""
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Paths:
    repo: Path
    venv: Path
    out: Path

    @property
    def bench(self) -> Path:
        return self.repo / "bench"

    @property
    def jupyter_path(self) -> Path:
        """Bench-private JUPYTER_PATH: kernelspecs of ours and the peers, never the user's."""
        return self.out / "jupyter"

    @property
    def ipython_dir(self) -> Path:
        """Bench-private IPYTHONDIR, so ipcluster profiles never touch ~/.ipython."""
        return self.out / "ipython"

    @property
    def runtime_dir(self) -> Path:
        return self.out / "runtime"

    def vbin(self, name: str) -> str:
        return str(self.venv / "bin" / name)

    def anchors(self) -> Path | None:
        """The shared peers' scripts, beside the repo (../shared/anchors), if present."""
        for cand in (self.repo.parent / "shared" / "anchors", Path("/work/shared/anchors")):
            if (cand / "run_ipyparallel_tutorial.sh").is_file():
                return cand
        return None


def find_paths(out: str | None = None) -> Paths:
    here = Path(__file__).resolve().parent.parent.parent
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=here, capture_output=True,
                             text=True, timeout=10).stdout.strip()
        repo = Path(top) if top else here
    except (OSError, subprocess.SubprocessError):
        repo = here
    venv = Path(os.environ.get("JPARALLEL_VENV") or repo / ".venv")
    outdir = Path(out) if out else repo / "bench" / "out"
    return Paths(repo=repo, venv=venv, out=outdir.resolve())


def child_env(paths: Paths, **extra: str) -> dict[str, str]:
    """Environment for every process the bench starts: venv first on PATH, private dirs, MPI as root."""
    env = dict(os.environ)
    env["PATH"] = f"{paths.venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["JUPYTER_PATH"] = str(paths.jupyter_path)
    env["JUPYTER_RUNTIME_DIR"] = str(paths.runtime_dir)
    env["IPYTHONDIR"] = str(paths.ipython_dir)
    # our clusters' profiles and runtime files, private like ipcluster's
    env["JPARALLEL_CONFIG_DIR"] = str(paths.out / "jparallel-config")
    env["JPARALLEL_RUNTIME_DIR"] = str(paths.out / "jparallel-runtime")
    env["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
    env["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
    # more ranks than the 2 cores: what --oversubscribe says on the mpirun command line
    env["OMPI_MCA_rmaps_base_oversubscribe"] = "1"
    env.pop("VIRTUAL_ENV", None)
    env.update(extra)
    return env


def apply_to_self(paths: Paths) -> None:
    """jupyter_client in this process must find the private kernelspecs and runtime dir too."""
    for d in (paths.jupyter_path / "kernels", paths.runtime_dir, paths.ipython_dir):
        d.mkdir(parents=True, exist_ok=True)
    os.environ.update({k: v for k, v in child_env(paths).items()
                       if k in ("PATH", "JUPYTER_PATH", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR",
                                "OMPI_ALLOW_RUN_AS_ROOT", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM",
                                "OMPI_MCA_rmaps_base_oversubscribe")})


def which_java() -> str:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java") or "java"
