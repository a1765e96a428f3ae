#!/usr/bin/env bash
# Sets up Java (parallel) on Debian/Ubuntu: JDK check, Maven build, Open MPI and its Java
# bindings, Jupyter, the java-parallel kernelspec. Idempotent: steps already done are skipped.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)

usage() {
  cat <<'USAGE'
Usage: ./install.sh [OPTIONS]

Sets up the Java (parallel) Jupyter kernel on Debian or Ubuntu and, with --tutorial, runs the
tutorial notebook headless. Safe to run again: finished steps are skipped.

Steps: check the JDK (17+; JAVA_HOME or PATH) and Maven; install Open MPI when missing (as root);
find or build Open MPI's mpi.jar and check it with a 2-rank send/recv under mpirun; build the
project with Maven; set up <repo>/.venv (test tools, plus Jupyter when none is on PATH);
install the "java-parallel" kernelspec; build and install the "Java clusters" panel of
JupyterLab (labextension/) into <repo>/.venv when its Jupyter is the one used (needs Node.js).

Options:
  --tutorial        after set-up, run notebooks/parallel-tutorial.ipynb headless (bin/jp-tutorial)
                    and print each cell's output
  --no-mpi          skip Open MPI and mpi.jar: only the "local" engine launcher will work
  --user            install the kernelspec for the current user (default)
  --sys-prefix      install the kernelspec into the Python environment of the jupyter used
  --prefix DIR      install the kernelspec under DIR/share/jupyter/kernels
  --with-browser    also install Chromium and playwright-core (node_modules) for the browser tests,
                    and the Java clusters panel into <repo>/.venv's Jupyter
  --with-peers      also install ipyparallel, mpi4py, numpy and ipykernel into .venv (benchmarks)
  --with-slurm      also install Slurm and munge (slurmctld slurmd slurm-client munge; the slurm
                    launcher's tests run them as a two-node cluster on this machine)
  --no-apt          never run apt-get, even as root: print the command to run instead
  --force           redo every step, ignoring what earlier runs recorded
  -q, --quiet       print only warnings, errors and the final summary
  -h, --help        show this help

Environment:
  JAVA_HOME         the JDK to use (17 or newer); default: javac on PATH, else /usr/lib/jvm
  MPI_JAR           an Open MPI mpi.jar to use instead of finding or building one
  JPARALLEL_VENV    the Python virtual environment to use (default: <repo>/.venv)
  XDG_DATA_HOME     where a built mpi.jar is kept (default: ~/.local/share, in jparallel/)

Without root, missing system packages are not installed: install.sh names the apt-get command.
Logs of every step: <repo>/build/logs/. Settings found: <repo>/build/install.env.
USAGE
}

TUTORIAL=0 NO_MPI=0 WITH_BROWSER=0 WITH_PEERS=0 WITH_SLURM=0 NO_APT=0 FORCE=0 QUIET=0
KERNELSPEC_MODE=(--user)
while [ $# -gt 0 ]; do
  case $1 in
    --tutorial) TUTORIAL=1 ;;
    --no-mpi) NO_MPI=1 ;;
    --user) KERNELSPEC_MODE=(--user) ;;
    --sys-prefix) KERNELSPEC_MODE=(--sys-prefix) ;;
    --prefix)
      if [ $# -lt 2 ] || [ -z "$2" ]; then echo "install.sh: --prefix needs a directory (see ./install.sh --help)" >&2; exit 2; fi
      mkdir -p "$2"; KERNELSPEC_MODE=(--prefix "$(cd "$2" && pwd -P)"); shift ;;
    --prefix=*)
      mkdir -p "${1#--prefix=}"; KERNELSPEC_MODE=(--prefix "$(cd "${1#--prefix=}" && pwd -P)") ;;
    --with-browser) WITH_BROWSER=1 ;;
    --with-peers) WITH_PEERS=1 ;;
    --with-slurm) WITH_SLURM=1 ;;
    --no-apt) NO_APT=1 ;;
    --force) FORCE=1 ;;
    -q|--quiet) QUIET=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown option '$1' (see ./install.sh --help)" >&2; exit 2 ;;
  esac
  shift
done

. "$REPO/setup/common.sh"
. "$REPO/setup/java.sh"
. "$REPO/setup/mpi.sh"
. "$REPO/setup/jupyter.sh"
. "$REPO/setup/browser.sh"
. "$REPO/setup/slurm.sh"
. "$REPO/setup/labextension.sh"

mkdir -p "$LOG_DIR" "$STAMP_DIR"
rm -f "$LOG_DIR"/*.log
START=$(date +%s)
MPIRUN='' OMPI_VERSION='' MPI_JAR_ORIGIN='' CHROMIUM=''
if [ "$NO_MPI" = 1 ]; then MPI_JAR=''; fi

step_java
step_maven
if [ "$NO_MPI" = 0 ]; then
  step_openmpi
  step_mpi_jar
fi
step_build
step_python_env
step_kernelspec
if [ "$WITH_BROWSER" = 1 ]; then step_browser; fi
if [ "$WITH_SLURM" = 1 ]; then step_slurm; fi
# The panel goes where the kernelspec's Jupyter is the venv's, or the browser tests need it.
if [ "$WITH_BROWSER" = 1 ] || { [ "$JUPYTER" = "$VENV/bin/jupyter" ] && command -v node >/dev/null 2>&1; }; then
  step_labextension
fi

# What later commands (bin/jp-tutorial, test.sh) read instead of searching again.
{
  printf '# Written by install.sh on %s; read by bin/jp-tutorial and test.sh.\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  for v in JAVA_HOME JAVA MPIRUN MPI_JAR JUPYTER KERNELSPEC_DIR CHROMIUM; do
    printf '%s=%q\n' "$v" "${!v:-}"
  done
  printf 'JPARALLEL_VENV=%q\n' "$VENV"
} >"$BUILD_DIR/install.env"

summary() {
  local mpi_line jar_line
  if [ "$NO_MPI" = 1 ]; then
    mpi_line="skipped (--no-mpi: the local launcher only)"; jar_line="skipped (--no-mpi)"
  else
    mpi_line="$MPIRUN (Open MPI $OMPI_VERSION)"; jar_line="$MPI_JAR ($MPI_JAR_ORIGIN; 2-rank check passed)"
  fi
  printf 'Java (parallel) is set up (%ss):\n' "$(( $(date +%s) - START ))"
  printf '  java        %s (%s)\n' "$JAVA" "$JAVA_VERSION"
  printf '  mpirun      %s\n' "$mpi_line"
  printf '  mpi.jar     %s\n' "$jar_line"
  printf '  jupyter     %s (%s)\n' "$JUPYTER" "$JUPYTER_ORIGIN"
  printf '  kernelspec  %s (%s)\n' "$KERNELSPEC_DIR" "$KERNEL_NAME"
  [ -n "$CHROMIUM" ] && printf '  chromium    %s\n' "$CHROMIUM"
  [ -n "${SLURM_VERSION:-}" ] && printf '  slurm       %s\n' "$SLURM_VERSION"
  [ -n "$LABEXTENSION" ] && printf '  lab panel   %s\n' "$LABEXTENSION"
  if [ "$QUIET" = 0 ] && [ "$TUTORIAL" = 0 ]; then
    printf 'Next: %s lab  (choose "Java (parallel)"), or %s/bin/jp-tutorial\n' "$JUPYTER" "$REPO"
  fi
  return 0
}
summary

if [ "$TUTORIAL" = 1 ]; then
  exec "$REPO/bin/jp-tutorial"
fi
