"""Unit tests of the bench's own logic (no kernels, no clusters): python -m unittest discover bench/tests."""
import tempfile
import unittest
from pathlib import Path

from jpbench import report, stats
from jpbench.cli import chosen
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


class ChosenTest(unittest.TestCase):
    def test_numbers_and_names(self):
        self.assertEqual(chosen(["3,map", "1"]), ["px", "map", "kernel"])
        self.assertEqual(len(chosen([])), 7)

    def test_unknown_figure(self):
        with self.assertRaises(SystemExit) as e:
            chosen(["speed"])
        self.assertIn("unknown figure 'speed'", str(e.exception))


if __name__ == "__main__":
    unittest.main()
