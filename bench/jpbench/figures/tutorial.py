"""Figure 6: the seed tutorial end to end, cold and headless: kernel, 2 engines, all cells, shutdown.
Ours: nbconvert on the Java notebook. The peer: the shared anchor script (ipyparallel + mpi4py), or
the same steps done here when the anchors are not beside the repo."""
import json
import subprocess
import tempfile
import time
from pathlib import Path

from jpbench.context import Ctx
from jpbench.env import child_env
from jpbench.ipp_cluster import IpCluster
from jpbench.kernel_session import BenchError
from jpbench.results import OURS

FIG = "6 tutorial"
PEER = "ipyparallel + mpi4py"
EXPECT_PEER = ("IDs: [0, 1]", "squares:", "received data from 0")


def notebook_text(nb_path: Path) -> tuple[str, list[str]]:
    """All text outputs of an executed notebook, and its error outputs."""
    nb = json.loads(nb_path.read_text())
    text, errors = [], []
    for c in nb.get("cells", []):
        for o in c.get("outputs", []):
            if o.get("output_type") == "error":
                errors.append(f"{o.get('ename')}: {o.get('evalue')}")
            t = o.get("text") or o.get("data", {}).get("text/plain", "")
            text.append("".join(t) if isinstance(t, list) else t)
    return "".join(text), errors


def run_ours(ctx: Ctx, notebook: Path, spec: str, expect: tuple[str, ...]) -> float:
    with tempfile.TemporaryDirectory(dir=ctx.paths.out) as work:
        out = Path(work) / "out.ipynb"
        t0 = time.perf_counter()
        p = subprocess.Popen([ctx.paths.vbin("jupyter"), "nbconvert", "--to", "notebook", "--execute",
                              f"--ExecutePreprocessor.kernel_name={spec}",
                              "--ExecutePreprocessor.timeout=300", str(notebook), "--output", str(out)],
                             env=child_env(ctx.paths), cwd=work, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
        ctx.tracker.watch(p.pid)
        try:
            log, _ = p.communicate(timeout=600)
        except subprocess.TimeoutExpired:
            p.kill()
            raise BenchError(f"nbconvert on {notebook.name} did not finish in 600 s")
        took = time.perf_counter() - t0
        if p.returncode != 0 or not out.exists():
            raise BenchError(f"nbconvert on {notebook.name} failed: {log.strip()[-600:]}")
        text, errors = notebook_text(out)
        missing = [e for e in expect if e not in text]
        if errors or missing:
            raise BenchError(f"{notebook.name}: errors {errors} / missing outputs {missing}")
        return took


def _peer_notebook(path: Path, client_file: str) -> None:
    """The seed tutorial's cells in Python (ipyparallel + mpi4py), written here for the fallback."""
    import nbformat  # noqa: PLC0415

    cells = [
        "import ipyparallel\n"
        f"cluster = ipyparallel.Client({client_file!r})\n"
        "cluster.wait_for_engines(2, timeout=60, widget=False)\n"
        "print('profile:', cluster.profile)\nprint('IDs:', cluster.ids)",
        "%px import socket\n%px print('hosts:', socket.gethostname())\n"
        "squares = cluster[:].map_sync(lambda x: x**2, range(32))\nprint('squares:', squares)",
        "%%px\nfrom mpi4py import MPI\nimport numpy\ncomm = MPI.COMM_WORLD\nrank = comm.Get_rank()\n"
        "if rank == 0:\n    data = numpy.arange(100, dtype='i')\n    numpy.random.shuffle(data)\n"
        "    comm.Send([data, MPI.INT], dest=1, tag=77)\n    print(f'{rank}: sent data to 1: {data}')\n"
        "elif rank == 1:\n    data = numpy.empty(100, dtype='i')\n    comm.Recv([data, MPI.INT], source=0, tag=77)\n"
        "    print(f'{rank}: received data from 0: {data}')\n",
    ]
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    nb.metadata["kernelspec"] = {"name": "bench-ipykernel", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(path))


def run_peer_builtin(ctx: Ctx) -> tuple[float, str]:
    """ipcluster start, nbconvert, ipcluster stop: the anchor's steps, timed as a whole."""
    with tempfile.TemporaryDirectory(dir=ctx.paths.out) as work:
        nb, out = Path(work) / "tutorial.ipynb", Path(work) / "out.ipynb"
        t0 = time.perf_counter()
        cl = IpCluster(ctx.paths, 2, ctx.tracker, profile="example-shas")
        try:
            cl.start()
            cl.client.close()
            cl.client = None
            _peer_notebook(nb, cl.client_file)
            p = subprocess.run([ctx.paths.vbin("jupyter"), "nbconvert", "--to", "notebook", "--execute",
                                str(nb), "--output", str(out)], env=child_env(ctx.paths), cwd=work,
                               capture_output=True, text=True, timeout=600)
        finally:
            cl.stop()
        took = time.perf_counter() - t0
        if p.returncode != 0:
            raise BenchError(f"the peer tutorial failed under nbconvert: {p.stderr.strip()[-600:]}")
        return took, notebook_text(out)[0]


def run_peer(ctx: Ctx) -> tuple[float, str]:
    anchors = ctx.paths.anchors()
    if anchors is None:
        return run_peer_builtin(ctx)
    t0 = time.perf_counter()
    p = subprocess.Popen(["bash", str(anchors / "run_ipyparallel_tutorial.sh")], env=child_env(ctx.paths),
                         cwd=str(ctx.paths.out), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    ctx.tracker.watch(p.pid)
    try:
        out, _ = p.communicate(timeout=600)
    except subprocess.TimeoutExpired:
        p.kill()
        raise BenchError("the anchor tutorial did not finish in 600 s")
    took = time.perf_counter() - t0
    if p.returncode != 0:
        raise BenchError(f"the anchor tutorial exited with {p.returncode}: {out.strip()[-600:]}")
    return took, out


def run(ctx: Ctx) -> None:
    m = ctx.run.measure(FIG, "tutorial end to end, cold (kernel, 2 engines, all cells, shutdown)", "s",
                        target="<= 5 s")
    ours = ctx.tutorial  # (notebook path, kernelspec, expected strings) or None
    for rep in range(ctx.sizes.tutorial_reps):
        if ours is not None and OURS not in m.failures:
            ctx.log(f"figure 6: {OURS} ({ours[0].name}), run {rep + 1}")
            try:
                m.add(OURS, run_ours(ctx, *ours))
            except BenchError as e:
                m.fail(OURS, str(e))
                ctx.run.errors.append(f"figure 6, {OURS}: {e}")
            finally:
                ctx.reap(f"figure 6 ({OURS})")
        if PEER not in m.failures:
            ctx.log(f"figure 6: {PEER}, run {rep + 1}")
            try:
                took, text = run_peer(ctx)
                missing = [e for e in EXPECT_PEER if e not in text]
                if missing:
                    raise BenchError(f"the peer tutorial's output lacks {missing}; it ends: {text.strip()[-300:]!r}")
                m.add(PEER, took)
            except BenchError as e:
                m.fail(PEER, str(e))
                ctx.run.errors.append(f"figure 6, {PEER}: {e}")
            finally:
                ctx.reap(f"figure 6 ({PEER})")
    for name, why in ctx.cluster_unavailable.items():
        m.fail(name, why)
