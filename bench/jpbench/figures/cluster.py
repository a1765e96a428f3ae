"""Figures 2 and 3: cluster start with N engines ready, and the %px round trip against N."""
import random

from jpbench import stats
from jpbench.context import Ctx
from jpbench.kernel_session import BenchError

FIG2, FIG3 = "2 cluster start", "3 %px round trip"


def growth(points: dict[int, list[float]], rounds: int = 300) -> tuple[float, tuple[float, float]]:
    """Slope of the median round trip against N (ms per engine), with a bootstrap p10-p90."""
    ns = sorted(points)
    slope = stats.linear_fit(ns, [stats.median(points[n]) for n in ns])[1]
    rnd = random.Random(7)
    boot = []
    for _ in range(rounds):
        meds = [stats.median([rnd.choice(points[n]) for _ in points[n]]) for n in ns]
        boot.append(stats.linear_fit(ns, meds)[1])
    return slope, (stats.percentile(boot, 10), stats.percentile(boot, 90))


def run(ctx: Ctx, want_start: bool = True, want_px: bool = True) -> None:
    r, sz = ctx.run, ctx.sizes
    starts, px, cells = {}, {}, {}
    for n in sz.engines:
        if want_start:
            starts[n] = r.measure(FIG2, f"{n} engines ready", "s", target="<= 2 s" if n == 4 else "")
        if want_px:
            px[n] = r.measure(FIG3, f"execute round trip, {n} engines (in-process API)", "ms",
                              target="no slower than ipyparallel" if n == 2 else "")
    if want_px:
        for n in sz.engines:
            cells[n] = r.measure(FIG3, f"%px cell over Jupyter, {n} engines", "ms")
    s_start = r.series_for("Figure 2: cluster start, N engines ready", "s") if want_start else None
    s_px = r.series_for("Figure 3: %px / execute round trip", "ms") if want_px else None
    failed: set[str] = set()
    for n in sz.engines:
        for rep in range(sz.cluster_reps):
            for name, factory in ctx.sides:
                if name in failed:
                    continue
                ctx.log(f"figures 2-3: {name}, {n} engines, run {rep + 1}/{sz.cluster_reps}")
                side = factory()
                try:
                    t = side.start(n)
                    if want_start:
                        starts[n].add(name, t)
                        s_start.add(name, n, t)
                    if want_px:
                        lat = side.execute_loop(sz.roundtrips)
                        px[n].add(name, *lat)
                        s_px.add(name, n, *lat)
                        if rep == 0 and side.cell_name not in cells[n].failures:
                            try:
                                cells[n].add(side.cell_name, *side.px_cells(sz.px_cells))
                            except BenchError as e:  # the magic alone failing leaves the API figures
                                cells[n].fail(side.cell_name, str(e))
                                r.errors.append(f"figure 3, {side.cell_name}, %px cells, {n} engines: {e}")
                except BenchError as e:
                    failed.add(name)
                    r.errors.append(f"figures 2-3, {name}, {n} engines: {e}")
                    for m in list(starts.values()) + list(px.values()) + list(cells.values()):
                        m.fail(name, str(e))
                finally:
                    side.stop()
                    ctx.reap(f"figures 2-3 ({name}, {n} engines)")
    for name, why in ctx.cluster_unavailable.items():
        for m in list(starts.values()) + list(px.values()):
            m.fail(name, why)
    if want_px and len(sz.engines) >= 2:
        g = r.measure(FIG3, "growth per engine (slope of the median)", "ms/engine",
                      target="half of ipyparallel's")
        for name, pts in s_px.points.items():
            if len(pts) >= 2 and name not in failed:
                slope, (lo, hi) = growth(pts)
                g.add(name, slope)
                g.fixed_spread[name] = (lo, hi)
        for name, why in ctx.cluster_unavailable.items():
            g.fail(name, why)
