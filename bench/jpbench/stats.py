"""Medians, spreads and a least-squares line, without numpy (the orchestrator needs only the stdlib)."""
import statistics


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile, q in [0, 100]."""
    s = sorted(values)
    if not s:
        raise ValueError("no values")
    k = (len(s) - 1) * q / 100
    lo = int(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def median(values: list[float]) -> float:
    return statistics.median(values)


def spread(values: list[float]) -> tuple[float, float]:
    """p10-p90 when there are at least 10 values, else min-max."""
    if len(values) >= 10:
        return percentile(values, 10), percentile(values, 90)
    return min(values), max(values)


def spread_label(n: int) -> str:
    return "p10-p90" if n >= 10 else "min-max"


def linear_fit(xs: list[float], ys: list[float]) -> tuple[float, float]:
    """Least squares y = a + b x; returns (a, b)."""
    if len(xs) != len(ys) or len(xs) < 2:
        raise ValueError("a line needs two points or more")
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        raise ValueError("all x are equal")
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    return my - b * mx, b
