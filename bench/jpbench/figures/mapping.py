"""Figure 4: mapSync of 100,000 squares on 2 engines, against ipyparallel's map_sync."""
from jpbench.context import Ctx
from jpbench.kernel_session import BenchError

FIG = "4 mapSync"
ENGINES = 2


def run(ctx: Ctx) -> None:
    sz = ctx.sizes
    m = ctx.run.measure(FIG, f"map of {sz.map_items:,} squares, {ENGINES} engines", "ms")
    for name, factory in ctx.sides:
        ctx.log(f"figure 4: {name}")
        side = factory()
        try:
            side.start(ENGINES)
            m.add(name, *side.map_squares(sz.map_items, sz.map_reps))
        except BenchError as e:
            m.fail(name, str(e))
            ctx.run.errors.append(f"figure 4, {name}: {e}")
        finally:
            side.stop()
            ctx.reap(f"figure 4 ({name})")
    for name, why in ctx.cluster_unavailable.items():
        m.fail(name, why)
