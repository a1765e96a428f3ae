"""Which systems each figure compares: our kernel and cluster, and the peers."""
from jpbench import ours
from jpbench.ours_side import OursSide
from jpbench.context import Ctx
from jpbench.ipp_side import NAME_PX_CELL, IppSide
from jpbench.kernel_session import BenchError
from jpbench.peers import IPYKERNEL_SPEC, RAPAIO_SPEC
from jpbench.results import OURS


def configure(ctx: Ctx) -> None:
    def ipp_factory() -> IppSide:
        side = IppSide(ctx.paths, ctx.tracker)
        side.cell_name = NAME_PX_CELL
        return side

    ctx.kernels = [("ipykernel", IPYKERNEL_SPEC, "x = 1"), ("rapaio 3.0.1", RAPAIO_SPEC, "int x = 1;")]
    ctx.sides = [(IppSide.name, ipp_factory)]
    try:
        info = ours.prepare(ctx.paths, ctx.log)
    except BenchError as e:
        ctx.kernel_unavailable[OURS] = ctx.cluster_unavailable[OURS] = str(e)
        ctx.run.errors.append(f"{OURS}: {e}")
        return
    ctx.kernels.insert(0, (OURS, info.spec, ours.TRIVIAL))
    why = ours.cluster_missing(ctx.paths)
    if why:
        ctx.cluster_unavailable[OURS] = why
        ctx.run.errors.append(f"{OURS}: {why}")
        return
    ctx.sides.insert(0, (OURS, lambda: OursSide(ctx.paths, ctx.tracker, info)))
    ctx.tutorial = (info.tutorial, info.spec, info.tutorial_expect)


def prime(ctx: Ctx) -> None:
    """One untimed start of each cluster before the figures: our engines' class-data-sharing archive
    is made once per build after a first start, so the figures show what a user gets from then on
    (ipcluster gets the same chance to fill its caches)."""
    for name, factory in ctx.sides:
        ctx.log(f"priming: one untimed 2-engine start of {name}")
        side = factory()
        try:
            side.start(2)
        except BenchError as e:
            ctx.log(f"priming {name} failed (the figures will say why): {e}")
        finally:
            side.stop()
            ctx.reap(f"priming ({name})")
