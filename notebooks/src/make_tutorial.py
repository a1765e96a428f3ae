#!/usr/bin/env python3
"""Writes notebooks/parallel-tutorial.ipynb (unexecuted) from the cells below.
Run it, then execute the notebook in place (bin/jp-tutorial NB --output NB) to commit it with real outputs."""
import sys
from pathlib import Path
import nbformat as nbf

md, code = nbf.v4.new_markdown_cell, nbf.v4.new_code_cell
cells = [
md("""# Parallel programming with Jupyter, in Java

This tutorial runs simple parallel examples from a notebook: Java cells in the kernel, a cluster
of engine JVMs started under Open MPI's `mpirun`, the `%px` magics that send code to the engines,
and MPI messages between engines with Open MPI's Java bindings.

It needs the `Java (parallel)` kernel (`./install.sh` sets it up) and nothing else: no account and
no VPN. To attach to a cluster you started yourself from a terminal, run
`bin/jpcluster start --profile example-shas -n 2` first; otherwise the first cell starts one."""),
md("""## Prepare a cluster

A *profile* names a cluster configuration: the number of engines, the launcher (`mpi` by default,
`local` for plain processes), mpirun's arguments and the engines' JVM options. The first cell
attaches to the running cluster of profile `example-shas`, or starts one with 2 engines, and
prints the engine ids. Each engine is one MPI rank; its id is its rank."""),
code("""// attach to the running cluster of profile example-shas, or start one with 2 engines
Cluster cluster = Cluster.connectOrStart("example-shas", 2);
System.out.println("profile: " + cluster.profile());
System.out.println("IDs: " + cluster.ids());  // the engines' ids (MPI ranks)"""),
md("""If no ids are listed, or the cell reports that only some engines registered, the engines are
still starting (or mpirun could not start them: the error quotes mpirun's own words). See
*Troubleshooting* in the README.

## Parallel magics

`%px` runs one line of Java on every engine and shows each engine's output tagged with its id.
`cluster.view()` covers all engines; `mapSync` splits the items over the engines, runs an ordinary
Java lambda on them, and returns the results in input order."""),
code("""// %px runs one line of Java on every engine of the cluster
%px import java.net.*;
%px System.out.println("hosts: " + InetAddress.getLocalHost().getHostName());

// calculate square numbers in parallel; print the result
List<Integer> squares = cluster.view().mapSync(x -> x * x, IntStream.range(0, 32).boxed().toList());
System.out.println("squares: " + squares);"""),
md("""## MPI in Java

A cell that starts with `%%px` runs entirely on the engines. MPI is already initialised there, so
`MPI.COMM_WORLD` is ready to use. Rank 0 shuffles an array of 100 ints and sends it to rank 1 with
`send`, tag 77; rank 1 receives it with `recv`. Any other rank stays idle."""),
code("""%%px
import mpi.*;

int rank = MPI.COMM_WORLD.getRank();

// passing MPI datatypes explicitly
if (rank == 0) {
    List<Integer> values = new ArrayList<>(IntStream.range(0, 100).boxed().toList());
    Collections.shuffle(values);
    int[] data = values.stream().mapToInt(Integer::intValue).toArray();
    MPI.COMM_WORLD.send(data, 100, MPI.INT, 1, 77);
    System.out.println(rank + ": sent data to 1: " + Arrays.toString(data));
} else if (rank == 1) {
    int[] data = new int[100];
    MPI.COMM_WORLD.recv(data, 100, MPI.INT, 0, 77);
    System.out.println(rank + ": received data from 0: " + Arrays.toString(data));
} else {
    System.out.println(rank + ": idle");
}"""),
md("""## Shutting down

A cluster this notebook started stops with `cluster.stop()` (or `%cluster stop`), and also when
the kernel shuts down or restarts. A cluster started with `bin/jpcluster` outlives the notebook:
`cluster.close()` detaches from it and `bin/jpcluster stop --profile example-shas` stops it.
Please stop what you no longer use, so that the cores are free for other work."""),
code("""if (cluster.owned()) {
    cluster.stop();
    System.out.println("cluster stopped");
} else {
    cluster.close();
    System.out.println("detached; the cluster keeps running (bin/jpcluster stop --profile example-shas)");
}"""),
]
nb = nbf.v4.new_notebook(cells=cells, metadata={
    "kernelspec": {"name": "java-parallel", "display_name": "Java (parallel)", "language": "java"},
    "language_info": {"name": "java", "mimetype": "text/x-java", "file_extension": ".java",
                      "codemirror_mode": "text/x-java", "pygments_lexer": "java"}})
out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "parallel-tutorial.ipynb"
nbf.write(nb, out)
print(out)
