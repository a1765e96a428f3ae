#!/usr/bin/env python3
"""Writes notebooks/magics-tour.ipynb (unexecuted) from the cells below.
Run it, then execute the notebook (bin/jp-tutorial NOTEBOOK --output NOTEBOOK) to commit it with real outputs."""
import sys
from pathlib import Path
import nbformat as nbf

md, code = nbf.v4.new_markdown_cell, nbf.v4.new_code_cell


def failing(source):
    """A cell that is meant to fail: the tag lets Run All and nbconvert go on past it."""
    return code(source, metadata={"tags": ["raises-exception"]})


cells = [
md("""# A tour of the parallel magics

The magics send Java code from the notebook to a cluster of engines (one JVM per MPI rank) and
show what comes back in ipyparallel's conventions: `[stdout:2] text` is what engine 2 printed,
`Out[2:5]: 42` is engine 2's value of its 5th execution, `[2:execute] ...` is its error.
This notebook goes through their options; `%lsmagic` lists them all.

Four engines, so that the targets below have something to choose from:"""),
code("""%cluster start -n 4"""),
code("""%cluster status"""),
md("""## `%px`: one line on every engine

A line that starts with `%px` runs on the engines instead of the kernel. Each engine has its own
JShell, so what is declared there stays there for the next `%px`:"""),
code("""%px import mpi.*;
%px int rank = MPI.COMM_WORLD.getRank();
%px rank * rank"""),
md("""## `--targets`: which engines

`-t`/`--targets` takes an engine id, a list, or Python-style slices over the ids (`-1` is the
last engine, `::2` every other one):"""),
code("""%px --targets 0,2 System.out.println("hello from engine " + rank);"""),
code("""%px -t ::2 rank * 10"""),
code("""%px -t -1 "the last engine is " + rank"""),
md("""## `%%px`: a whole cell

A cell that starts with `%%px` runs entirely on the engines; options go on the first line."""),
code("""%%px --targets 1:3
String greeting = "engine " + rank + " of " + MPI.COMM_WORLD.getSize();
System.out.println(greeting);
greeting.length()"""),
md("""## `--group-outputs`: how the outputs are laid out

By default the output is grouped by engine: all of engine 0's, then engine 1's... With
`--group-outputs=type` all the stdout comes first, then all the stderr, then the values;
`--group-outputs=order` shows everything in the order it arrived."""),
code("""%%px --group-outputs=type
System.out.println("out from " + rank);
System.err.println("err from " + rank);
rank + 100"""),
md("""## `--noblock` and `%pxresult`: run in the background

With `--noblock` the cell returns at once with an `AsyncResult`, and the kernel is free for other
cells while the engines work. `%pxresult` waits for the last such run and shows its output."""),
code("""%%px --noblock
Thread.sleep(1000);
System.out.println("engine " + rank + " slept for a second");
rank"""),
code("""System.out.println("the kernel is free meanwhile: " + (6 * 7));"""),
code("""%pxresult"""),
md("""`-o NAME` keeps the `AsyncResult` in a kernel variable instead, to wait for and use later from
Java: `get()` returns each engine's value (as text), in engine order."""),
code("""%%px --noblock -o squares
rank * rank"""),
code("""squares.get()"""),
md("""## An error on one engine

When an engine fails, the others' output still shows; the error names the engine
(`[2:execute]`), with the exception and its trace on that engine, and the cell fails with
`ParallelError` saying how many engines failed."""),
failing("""%%px
if (rank == 2) {
    throw new IllegalStateException("engine " + rank + " refuses");
}
System.out.println("engine " + rank + " is fine");"""),
md("""## `--timeout`: do not wait forever

`--timeout SECONDS` interrupts engines still running after that long; the error says which
engines were running and where. Here engine 1 sleeps for a minute and is interrupted after two
seconds; the engines are ready for the next `%px` straight after."""),
failing("""%%px --timeout 2
if (rank == 1) {
    Thread.sleep(60_000);
}
System.out.println("engine " + rank + " finished");"""),
code("""%px System.out.println("engine " + rank + " is ready again");"""),
md("""## `%pxconfig`: change the defaults

`%pxconfig` with no options prints the defaults of later `%px` and `%%px` cells; with options
it changes them (`--targets`, `--block`/`--noblock`, `--group-outputs`, `--timeout`,
`--verbose`...)."""),
code("""%pxconfig"""),
code("""%pxconfig --targets 0:2 --verbose"""),
code("""%px rank"""),
code("""%pxconfig --targets all --no-verbose"""),
md("""## `%autopx`: every cell on the engines

`%autopx` sends every following cell to the engines, as if it started with `%%px`, until
`%autopx` again."""),
code("""%autopx"""),
code("""long ones = Long.bitCount(rank);
System.out.println("engine " + rank + " in binary: " + Integer.toBinaryString(rank));
ones"""),
code("""%autopx"""),
md("""Stop the engines (they also stop when the kernel shuts down):"""),
code("""%cluster stop"""),
]
nb = nbf.v4.new_notebook(cells=cells, metadata={
    "kernelspec": {"name": "java-parallel", "display_name": "Java (parallel)", "language": "java"},
    "language_info": {"name": "java", "mimetype": "text/x-java", "file_extension": ".java",
                      "codemirror_mode": "text/x-java", "pygments_lexer": "java"}})
out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "magics-tour.ipynb"
nbf.write(nb, out)
print(out)
