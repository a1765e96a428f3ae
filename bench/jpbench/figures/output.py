"""Figure 5: engine output into the notebook: N engines each print L lines; lines/s at the client,
every line counted over the Jupyter protocol, and the kernel's peak memory (VmHWM)."""
import re
from collections import Counter

from jpbench.context import Ctx
from jpbench.kernel_session import BenchError

FIG = "5 engine output"
# ipyparallel and our kernel put an engine label before output: "[stdout:0] " on its own line or inline
LABEL = re.compile(r"^\[(?:stdout|output):\d+\]\s?")


def count_lines(chunks: list[str], lines: int, engines: int) -> int:
    """Counts the numbered lines that arrived; raises if any line is missing, doubled or garbled."""
    seen = Counter()
    for line in "".join(chunks).splitlines():
        line = LABEL.sub("", line).strip()
        if line.isdigit():
            seen[int(line)] += 1
    got = sum(seen.values())
    bad = [i for i in range(lines) if seen[i] != engines]
    if bad or got != lines * engines:
        raise BenchError(f"{got:,} of {lines * engines:,} lines arrived at the client "
                         f"({len(bad)} numbers not seen once per engine, e.g. {bad[:5]})")
    return got


def run(ctx: Ctx) -> None:
    sz, r = ctx.sizes, ctx.run
    for n in sz.output_engines:
        rate = r.measure(FIG, f"{n} engines x {sz.lines:,} lines, all counted at the client", "lines/s",
                         lower_better=False)
        hwm = r.measure(FIG, f"kernel peak memory (VmHWM), {n} engines, after {sz.output_reps} such cells", "MB")
        for name, factory in ctx.sides:
            ctx.log(f"figure 5: {name}, {n} engines x {sz.lines} lines")
            side = factory()
            try:
                side.start(n)
                peak = None
                for _ in range(sz.output_reps):
                    secs, chunks, peak = side.print_lines(sz.lines)
                    rate.add(side.cell_name, count_lines(chunks, sz.lines, n) / secs)
                if peak is not None:
                    hwm.add(side.cell_name, peak)
            except BenchError as e:
                rate.fail(side.cell_name, str(e))
                hwm.fail(side.cell_name, str(e))
                r.errors.append(f"figure 5, {name}, {n} engines: {e}")
            finally:
                side.stop()
                ctx.reap(f"figure 5 ({name})")
        for name, why in ctx.cluster_unavailable.items():
            rate.fail(name, why)
            hwm.fail(name, why)
