"""Unit tests of the bench's own logic (no kernels, no clusters): python -m unittest discover bench/tests."""
import tempfile
import unittest
from pathlib import Path

from jpbench import report, stats
from jpbench.cli import chosen, parse, sizes
from jpbench.figures import compute, mpi
from jpbench.figures.cluster import growth
from jpbench.figures.output import count_lines
from jpbench.kernel_session import BenchError
from jpbench.results import OURS, Run


class StatsTest(unittest.TestCase):
    def test_percentiles_interpolate(self):
        vals = list(range(11))
        self.assertEqual(stats.percentile(vals, 10), 1)
        self.assertEqual(stats.percentile(vals, 95), 9.5)
        self.assertEqual(stats.spread(vals), (1, 9))
        self.assertEqual(stats.spread([3, 1, 2]), (1, 3))
        self.assertEqual(stats.spread_label(3), "min-max")

    def test_line_fit(self):
        a, b = stats.linear_fit([2, 4, 8, 16], [3 + 0.5 * n for n in (2, 4, 8, 16)])
        self.assertAlmostEqual(a, 3)
        self.assertAlmostEqual(b, 0.5)
        with self.assertRaises(ValueError):
            stats.linear_fit([2, 2], [1, 2])

    def test_growth_of_exactly_linear_samples(self):
        slope, (lo, hi) = growth({n: [1 + 0.6 * n] * 5 for n in (2, 4, 8, 16)})
        self.assertAlmostEqual(slope, 0.6)
        self.assertAlmostEqual(lo, 0.6)
        self.assertAlmostEqual(hi, 0.6)


class CountLinesTest(unittest.TestCase):
    def test_ipyparallel_displays_and_inline_labels(self):
        shown = ["[stdout:0] 0\n1\n2\n", "[stdout:1] \n0\n1\n2\n"]
        self.assertEqual(count_lines(shown, 3, 2), 6)

    def test_each_line_labelled(self):
        shown = ["".join(f"[stdout:{e}] {i}\n" for i in range(4)) for e in range(3)]
        self.assertEqual(count_lines(shown, 4, 3), 12)

    def test_a_lost_line_fails(self):
        with self.assertRaises(BenchError) as e:
            count_lines(["[stdout:0] 0\n2\n", "[stdout:1] 0\n1\n2\n"], 3, 2)
        self.assertIn("5 of 6 lines", str(e.exception))

    def test_a_doubled_line_fails(self):
        with self.assertRaises(BenchError):
            count_lines(["0\n1\n1\n", "0\n2\n"], 3, 2)


class ReportTest(unittest.TestCase):
    def run_with(self, ours, peer):
        r = Run()
        m = r.measure("1 kernel", "cold start", "s", target="<= 0.8 s")
        m.add(OURS, *ours)
        m.add("ipykernel", *peer)
        return r

    def test_table_ratio_and_target(self):
        t = report.table(self.run_with([0.5, 0.5, 0.6], [1.0, 1.0, 1.1]))
        self.assertIn("| 1 kernel | cold start | Java (parallel) | 0.50 s | 0.50-0.60 (min-max) | 3 |  | <= 0.8 s |", t)
        self.assertIn("0.50x (ours faster)", t)

    def test_higher_is_better_ratio(self):
        r = Run()
        m = r.measure("5", "lines", "lines/s", lower_better=False)
        m.add(OURS, 300.0)
        m.add("peer", 100.0)
        self.assertIn("3.00x (ours better)", report.table(r))

    def test_unmeasured_system_says_why(self):
        r = Run()
        m = r.measure("2", "start", "s")
        m.add("ipyparallel", 7.0)
        m.fail(OURS, "no cluster")
        self.assertIn("| Java (parallel) | not measured | no cluster |", report.table(r))

    def test_results_keep_history_newest_first(self):
        with tempfile.TemporaryDirectory() as d:
            f = Path(d) / "RESULTS.md"
            report.write_results(f, "### run A\n![plot](x.png)\n")
            report.write_results(f, "### run B\n")
            report.write_results(f, "### run C\n")
            text = f.read_text()
            latest = text.split(report.START)[1].split(report.END)[0]
            self.assertIn("run C", latest)
            history = text.split(report.HISTORY)[1]
            self.assertLess(history.index("run B"), history.index("run A"))
            self.assertNotIn("x.png", history)
            self.assertEqual(text.count("run A"), 1)


class StartSessionTest(unittest.TestCase):
    """start_session's retries, with a stand-in for KernelSession (no kernel is started)."""

    def run_with(self, hangs: int, tries: int = 3):
        from unittest import mock
        from jpbench import kernel_session
        calls = []

        class Fake:
            def __init__(self, *a, **kw):
                self.down = False

            def start(self, timeout, quiet_s=0.0):
                calls.append(quiet_s)
                if len(calls) <= hangs:
                    raise BenchError("kernel x sent no kernel_info_reply within 30 s")
                return 1.25 + quiet_s

            def shutdown(self):
                self.down = True

        with mock.patch.object(kernel_session, "KernelSession", Fake):
            return kernel_session.start_session("x", None, {}, None, tries=tries), calls

    def test_a_first_start_is_a_figure(self):
        (k, took, hung), calls = self.run_with(hangs=0)
        self.assertEqual((took, hung, calls), (1.25, 0, [0.0]))

    def test_a_retry_waits_before_asking_and_gives_no_figure(self):
        (k, took, hung), calls = self.run_with(hangs=2)
        self.assertIsNone(took)
        self.assertEqual(hung, 2)
        self.assertEqual(calls, [0.0, 3.0, 3.0])

    def test_every_start_hanging_is_an_error_that_says_so(self):
        with self.assertRaisesRegex(BenchError, "3 starts tried"):
            self.run_with(hangs=3)


class ChosenTest(unittest.TestCase):
    def test_numbers_and_names(self):
        self.assertEqual(chosen(["3,map", "1"]), ["px", "map", "kernel"])
        self.assertEqual(len(chosen([])), 10)
        self.assertEqual(chosen(["mpi", "9", "jit"]), ["mpi", "pi", "jit"])

    def test_unknown_figure(self):
        with self.assertRaises(SystemExit) as e:
            chosen(["speed"])
        self.assertIn("unknown figure 'speed'", str(e.exception))


class MpiFigureTest(unittest.TestCase):
    def test_units(self):
        self.assertAlmostEqual(mpi.latency_us(2e-6), 1.0)
        self.assertAlmostEqual(mpi.bandwidth_mbs(1 << 20, 2 * (1 << 20) / 1e9), 1000.0)
        self.assertEqual([mpi.label(s) for s in mpi.ROUND_TRIPS], ["8 B", "1 KB", "64 KB", "1 MB", "16 MB"])

    def test_plan_scales_with_a_floor(self):
        self.assertEqual(mpi.plan(1.0), mpi.ROUND_TRIPS)
        quick = mpi.plan(0.05)
        self.assertEqual(quick[8], 250)
        self.assertEqual(quick[16 << 20], 3)

    def test_parse_pairs(self):
        text = "8 1.5e-06\n1024 3.2e-06\n"
        self.assertEqual(mpi.parse_pairs(text, [8, 1024], "C"), {8: 1.5e-06, 1024: 3.2e-06})
        with self.assertRaises(BenchError) as e:
            mpi.parse_pairs("8 1.5e-06\n", [8, 1024], "C")
        self.assertIn("not a median per size", str(e.exception))
        with self.assertRaises(BenchError):
            mpi.parse_pairs("8 0\n", [8], "C")

    def test_peers_fill_both_buffer_kinds_ours_only_its_own(self):
        from jpbench.context import Ctx, Sizes
        from jpbench.env import find_paths
        from jpbench.procs import Tracker
        ctx = Ctx(paths=find_paths(), tracker=Tracker(), sizes=Sizes.quick(), run=Run())
        t = mpi.Table(ctx)
        rt = {s: 1e-3 for s in mpi.ROUND_TRIPS}
        t.add("C", rt)
        t.add(OURS, rt, "direct ByteBuffer")
        self.assertEqual(len(ctx.run.measures), 10)
        for m in ctx.run.measures:
            self.assertIn("C", m.values)
            self.assertEqual(OURS in m.values, "direct ByteBuffer" in m.name)
            self.assertEqual(m.unit == "µs", "latency" in m.name)
            self.assertEqual(m.lower_better, m.unit == "µs")


class ComputeFigureTest(unittest.TestCase):
    def test_pi_within_tolerance(self):
        n = 1_000_000
        self.assertAlmostEqual(compute.check_pi(round(n * 3.1416 / 4), n, "x"), 3.1416, places=6)
        with self.assertRaises(BenchError) as e:
            compute.check_pi(round(n * 3.16 / 4), n, "ours")
        self.assertIn("ours: pi estimated as 3.160000", str(e.exception))

    def test_numpy_hits_estimate_pi(self):
        try:
            import numpy  # noqa: F401
        except ImportError:
            self.skipTest("numpy is not in this venv")
        n = 3_000_000  # more than one chunk
        compute.check_pi(compute.np_hits(n, 5), n, "numpy")
        self.assertEqual(compute.np_hits(1000, 5), compute.np_hits(1000, 5))

    def test_sum_of_squares_closed_form(self):
        n = 1000
        direct = sum((i * compute.STEP) ** 2 for i in range(n)) * 3
        self.assertAlmostEqual(compute.sum_squares(n, 3) / direct, 1.0, places=12)

    def test_split_evenly(self):
        self.assertEqual(compute.split(20_000_000, 2), 10_000_000)
        with self.assertRaises(ValueError):
            compute.split(5, 2)

    def test_java_string_escapes(self):
        self.assertEqual(compute.java_string('a "b" \\ c'), '"a \\"b\\" \\\\ c"')

    def test_reps_option_reaches_the_new_figures(self):
        sz = sizes(parse(["--reps", "4"]))
        self.assertEqual((sz.mpi_reps, sz.compute_reps), (4, 4))
        q = sizes(parse(["--quick"]))
        self.assertLess(q.pi_samples, sz.pi_samples)
        self.assertEqual(q.pi_samples % 2, 0)


if __name__ == "__main__":
    unittest.main()
