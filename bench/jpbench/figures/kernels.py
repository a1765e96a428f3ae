"""Figure 1: kernel cold start (launch to kernel_info_reply) and trivial cell round trip."""
from jpbench.context import Ctx
from jpbench.env import child_env
from jpbench.kernel_session import BenchError, start_session

FIG = "1 kernel"


def run(ctx: Ctx) -> None:
    r = ctx.run
    start = r.measure(FIG, "cold start, launch to kernel_info_reply", "s", target="<= 0.8 s")
    first = r.measure(FIG, "first cell after start", "ms")
    ready = r.measure(FIG, "launch to the first cell's reply (start + first cell)", "s")
    cell = r.measure(FIG, "trivial cell round trip (warm)", "ms", target="<= 5 ms")
    failed: set[str] = set()
    warm = 5
    for rep in range(ctx.sizes.reps):
        for name, spec, code in ctx.kernels:
            if name in failed:
                continue
            ctx.log(f"figure 1: {name}, start {rep + 1}/{ctx.sizes.reps}")
            k = None
            try:
                k, took, hung = start_session(spec, ctx.tracker, child_env(ctx.paths), str(ctx.paths.out))
                ctx.note_hung(name, hung)
                cell1 = k.execute(code).check(f"{name} first cell").seconds
                if took is not None:  # a retried start waited on purpose: not a start figure
                    start.add(name, took)
                    first.add(name, cell1 * 1000)
                    ready.add(name, took + cell1)
                lat = [k.execute(code).check(f"{name} trivial cell").seconds * 1000
                       for _ in range(warm + ctx.sizes.cells)]
                cell.add(name, *lat[warm:])
            except BenchError as e:
                failed.add(name)
                for m in (start, first, ready, cell):
                    m.fail(name, str(e))
                r.errors.append(f"figure 1, {name}: {e}")
            finally:
                if k is not None:
                    k.shutdown()
                ctx.reap(f"figure 1 ({name})")
    for name, why in ctx.kernel_unavailable.items():
        for m in (start, first, ready, cell):
            m.fail(name, why)
    for name, hung in ctx.hung.items():
        if hung:
            start.notes[name] = f"{hung} more start(s) never answered and were retried"
            for m in (start, first, ready):
                if not m.values.get(name) and name not in m.failures:
                    m.fail(name, "every start hung and was retried with a wait before its first request, "
                                 "which is no start figure (see bench/README.md, Known peer quirks)")
