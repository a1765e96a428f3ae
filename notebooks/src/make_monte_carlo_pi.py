#!/usr/bin/env python3
"""Writes notebooks/monte-carlo-pi.ipynb (unexecuted) from the cells below.
Run it, then execute the notebook (bin/jp-tutorial NOTEBOOK --output NOTEBOOK) to commit it with real outputs."""
import sys
from pathlib import Path
import nbformat as nbf

md, code = nbf.v4.new_markdown_cell, nbf.v4.new_code_cell
cells = [
md("""# Estimating π with Monte Carlo and MPI

Throw points uniformly into the unit square: the fraction that lands inside the quarter circle
`x² + y² ≤ 1` tends to π/4. Every engine (one MPI rank) throws its own points with its own random
stream, and an MPI *reduce* adds the counts up on rank 0, as in any MPI program; here the program
is typed into a notebook, one step at a time.

Start two engines under `mpirun` (about two seconds):"""),
code("""%cluster start -n 2"""),
md("""## Counting on each engine

A `%%px` cell runs on every engine. This one defines a method there, and reads the engine's rank
and the number of ranks from `MPI.COMM_WORLD` (MPI is already initialised on the engines). A
`SplittableRandom` seeded with the rank gives each engine a different, reproducible stream."""),
code("""%%px
import mpi.*;

long countInside(long samples, SplittableRandom random) {
    long inside = 0;
    for (long i = 0; i < samples; i++) {
        double x = random.nextDouble(), y = random.nextDouble();
        if (x * x + y * y <= 1.0) {
            inside++;
        }
    }
    return inside;
}

int rank = MPI.COMM_WORLD.getRank();
int size = MPI.COMM_WORLD.getSize();
System.out.println("rank " + rank + " of " + size + " ready");"""),
md("""## Adding the counts with `reduce`

Open MPI's Java bindings take Java arrays as buffers:
`reduce(sendbuf, recvbuf, count, datatype, op, root)` combines `count` elements of every rank's
`sendbuf` with `op` into `recvbuf` on rank `root`. Only rank 0 has the total, so only rank 0
prints: the output comes back tagged `[stdout:0]`."""),
code("""%%px
long samplesPerRank = 5_000_000;
long[] sendbuf = { countInside(samplesPerRank, new SplittableRandom(1000 + rank)) };
long[] recvbuf = new long[1];
MPI.COMM_WORLD.reduce(sendbuf, recvbuf, 1, MPI.LONG, MPI.SUM, 0);
if (rank == 0) {
    long total = samplesPerRank * size;
    double pi = 4.0 * recvbuf[0] / total;
    System.out.println(String.format(Locale.ROOT, "pi ~ %.6f from %,d points on %d ranks (error %.1e)",
            pi, total, size, Math.abs(pi - Math.PI)));
}"""),
md("""## How fast does it converge?

The error of a Monte Carlo estimate shrinks like 1/√N: a hundred times more points for one more
correct digit. Each point lands inside with probability p = π/4, so the estimate 4·(inside/N) has
a standard deviation of 4·√(p(1−p)/N) ≈ 1.64/√N: the *typical* column. `allReduce` leaves the
sum on every rank (here in place, in `inside`), so every rank could go on with it; rank 0 prints
a line per sample size."""),
code("""%%px
for (long n = 1_000; n <= 10_000_000; n *= 10) {
    long[] inside = { countInside(n, new SplittableRandom(7 * n + rank)) };
    MPI.COMM_WORLD.allReduce(inside, 1, MPI.LONG, MPI.SUM);
    double pi = 4.0 * inside[0] / (n * size);
    double typical = 4 * Math.sqrt(Math.PI / 4 * (1 - Math.PI / 4) / (n * size));
    if (rank == 0) {
        System.out.println(String.format(Locale.ROOT, "%,12d points: pi ~ %.6f  error %.1e  typical %.1e",
                n * size, pi, Math.abs(pi - Math.PI), typical));
    }
}"""),
md("""## The same without MPI

MPI is one way to combine results; the cluster's view is another. `mapSync` sends a Java lambda
with its inputs to the engines (here one seed per task, two tasks per engine), runs it there and
returns the results to the kernel in input order, where an ordinary stream adds them up."""),
code("""var view = Cluster.active().orElseThrow().view();
long perTask = 2_500_000;
List<Long> counts = view.mapSync(seed -> {
    SplittableRandom random = new SplittableRandom(seed);
    long inside = 0;
    for (long i = 0; i < perTask; i++) {
        double x = random.nextDouble(), y = random.nextDouble();
        if (x * x + y * y <= 1.0) {
            inside++;
        }
    }
    return inside;
}, List.of(11L, 12L, 13L, 14L));
double pi = 4.0 * counts.stream().mapToLong(Long::longValue).sum() / (perTask * counts.size());
System.out.println("counts per task: " + counts);
System.out.println(String.format(Locale.ROOT, "pi ~ %.6f (error %.1e)", pi, Math.abs(pi - Math.PI)));"""),
md("""Stop the engines when done (they also stop when the kernel shuts down):"""),
code("""%cluster stop"""),
]
nb = nbf.v4.new_notebook(cells=cells, metadata={
    "kernelspec": {"name": "java-parallel", "display_name": "Java (parallel)", "language": "java"},
    "language_info": {"name": "java", "mimetype": "text/x-java", "file_extension": ".java",
                      "codemirror_mode": "text/x-java", "pygments_lexer": "java"}})
out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "monte-carlo-pi.ipynb"
nbf.write(nb, out)
print(out)
