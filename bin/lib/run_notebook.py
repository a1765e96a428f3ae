"""Runs a notebook headless on a Jupyter kernel and prints each cell's output as it finishes.

Used by bin/jp-tutorial. The executed notebook is saved (also when a cell fails) so it can be
opened in JupyterLab afterwards.
"""
import argparse
import os
import re
import sys
import time

import nbformat
from jupyter_client.kernelspec import NoSuchKernel
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def plain(text):
    """Notebook text fields may be lists of lines; escape codes are for terminals that render them."""
    if isinstance(text, list):
        text = "".join(text)
    return ANSI.sub("", text)


def emit(text):
    if text:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()


def describe_source(cell):
    lines = plain(cell.source).strip("\n").splitlines() or [""]
    more = f"   (+{len(lines) - 1} more lines)" if len(lines) > 1 else ""
    return lines[0] + more


def render_output(out):
    """The text a terminal user would want to see for one output."""
    kind = out.get("output_type")
    if kind == "stream":
        return plain(out.get("text", ""))
    if kind == "error":
        trace = "\n".join(plain(line) for line in out.get("traceback", []))
        return trace or f"{out.get('ename')}: {out.get('evalue')}"
    data = out.get("data", {})
    if "text/plain" in data:
        text = plain(data["text/plain"])
        if kind == "execute_result" and out.get("execution_count") is not None:
            return f"Out[{out['execution_count']}]: {text}"
        return text
    return " ".join(f"[{mime} output]" for mime in data) or ""


class Printer:
    """nbclient hooks that print progress and outputs as cells run."""

    def __init__(self):
        self.code_cells = 0

    def on_cell_start(self, cell, cell_index, **_):
        if cell.cell_type == "code":
            self.code_cells += 1
            emit(f"\nIn [{self.code_cells}]: {describe_source(cell)}")

    def on_cell_executed(self, cell, cell_index, **_):
        for out in cell.get("outputs", []):
            emit(render_output(out))


def print_headings(nb, index):
    """Markdown headings give the printed run the notebook's structure."""
    cell = nb.cells[index]
    if cell.cell_type == "markdown":
        for line in plain(cell.source).splitlines():
            if line.startswith("#"):
                emit("\n" + line)


def main():
    parser = argparse.ArgumentParser(prog="jp-tutorial", description=__doc__.splitlines()[0])
    parser.add_argument("notebook", nargs="?", help="the notebook to run (default: the tutorial)")
    parser.add_argument("--default", required=True, help=argparse.SUPPRESS)
    parser.add_argument("--build-dir", required=True, help=argparse.SUPPRESS)
    parser.add_argument("--kernel", default="java-parallel", help="kernelspec name (default: java-parallel)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds one cell may run (default: 600)")
    parser.add_argument("--startup-timeout", type=int, default=120, help="seconds for the kernel to start (default: 120)")
    parser.add_argument("--output", help="where to save the executed notebook (default: build/notebooks/NAME)")
    args = parser.parse_args()

    path = os.path.abspath(args.notebook or args.default)
    if not os.path.isfile(path):
        sys.exit(f"jp-tutorial: no notebook at {path}")
    output = os.path.abspath(args.output or os.path.join(args.build_dir, os.path.basename(path)))
    nb = nbformat.read(path, as_version=4)

    printer = Printer()
    client = NotebookClient(
        nb,
        kernel_name=args.kernel,
        timeout=args.timeout,
        startup_timeout=args.startup_timeout,
        resources={"metadata": {"path": os.path.dirname(path)}},
        on_cell_start=lambda cell, cell_index, **kw: (print_headings(nb, cell_index),
                                                        printer.on_cell_start(cell, cell_index)),
        on_cell_executed=printer.on_cell_executed,
    )
    emit(f"Running {path} on kernel {args.kernel}")
    started = time.monotonic()
    failure = None
    try:
        client.execute()
    except NoSuchKernel:
        failure = f"no kernel named {args.kernel} is installed; run install.sh first"
    except CellExecutionError as e:
        failure = f"a cell raised an error: {e.ename}: {e.evalue}"
    except CellTimeoutError:
        failure = f"a cell ran longer than {args.timeout} s (raise it with --timeout)"
    except DeadKernelError:
        failure = "the kernel died while running a cell"
    except RuntimeError as e:
        failure = f"the kernel could not be run: {e}"
    finally:
        os.makedirs(os.path.dirname(output), exist_ok=True)
        nbformat.write(nb, output)
    elapsed = time.monotonic() - started
    if failure:
        where = f"stopped at code cell {printer.code_cells}" if printer.code_cells else "did not run"
        print(f"\njp-tutorial: {os.path.basename(path)} {where}: {failure}. Partial results: {output}",
              file=sys.stderr)
        sys.stdout.flush()
        sys.stderr.flush()
        # nbclient has already shut the kernel down; its atexit fallback would only add noise.
        os._exit(1)
    emit(f"\nRan {printer.code_cells} code cells in {elapsed:.0f} s; executed notebook: {output}")


if __name__ == "__main__":
    main()
