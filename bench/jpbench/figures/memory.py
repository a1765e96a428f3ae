"""Figure 7: resident memory of an idle kernel and of one idle engine, against ipykernel and ipengine."""
import time

from jpbench.context import Ctx
from jpbench.env import child_env
from jpbench.kernel_session import BenchError, start_session

FIG = "7 memory"
SETTLE_S = 1.0  # let start-up garbage settle before reading RSS
# An idle kernel does idle-time work: ours builds JShell's completion index after a second without
# cells (about 0.5 s on 2 cores). Its RSS is read once that is done, so the figure includes it.
KERNEL_SETTLE_S = 4.0


def run(ctx: Ctx) -> None:
    r = ctx.run
    kern = r.measure(FIG, "idle kernel RSS (after start and one cell)", "MB")
    for rep in range(ctx.sizes.reps if ctx.sizes.reps < 3 else 3):
        for name, spec, code in ctx.kernels:
            if name in kern.failures:
                continue
            ctx.log(f"figure 7: {name} kernel")
            k = None
            try:
                k, _, hung = start_session(spec, ctx.tracker, child_env(ctx.paths), str(ctx.paths.out))
                ctx.note_hung(name, hung)
                k.execute(code).check(f"{name} trivial cell")
                time.sleep(KERNEL_SETTLE_S)
                kern.add(name, k.rss_mb())
            except BenchError as e:
                kern.fail(name, str(e))
                r.errors.append(f"figure 7, {name} kernel: {e}")
            finally:
                if k is not None:
                    k.shutdown()
                ctx.reap(f"figure 7 ({name} kernel)")
    eng = r.measure(FIG, "idle engine RSS, one engine of 2", "MB", target="<= 120 MB")
    helper = r.measure(FIG, "idle engine RSS with its helper process (ipyparallel: nanny)", "MB")
    whole = r.measure(FIG, "2-engine cluster, all its processes (ours: mpirun + engines)", "MB")
    for name, factory in ctx.sides:
        ctx.log(f"figure 7: {name} engines")
        side = factory()
        try:
            side.start(2)
            time.sleep(SETTLE_S)
            engines, helpers = side.engine_rss()
            eng.add(name, *engines)
            helper.add(name, *[e + h for e, h in zip(engines, helpers)])
            whole.add(name, side.cluster_rss())
        except BenchError as e:
            for m in (eng, helper, whole):
                m.fail(name, str(e))
            r.errors.append(f"figure 7, {name} engines: {e}")
        finally:
            side.stop()
            ctx.reap(f"figure 7 ({name} engines)")
    for name, why in ctx.kernel_unavailable.items():
        kern.fail(name, why)
    for name, why in ctx.cluster_unavailable.items():
        for m in (eng, helper, whole):
            m.fail(name, why)
