#!/usr/bin/env bash
# The project's one test command. Sets up what the tests need (./install.sh, idempotent, with
# the browser test's tools and Slurm), runs the install and tutorial-runner tests, Maven's unit and
# integration tests (mvn verify), then the benchmark suite's smoke test (bench/smoke). Works on a
# fresh Debian/Ubuntu machine (as root) and from any directory. Extra arguments go to Maven, e.g.
# ./test.sh -pl engines -Dtest=WireCodecTest (then the benchmark smoke test is left out).
set -uo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
cd "$REPO" || exit 1

echo "==> Set-up: ./install.sh --quiet --with-browser --with-slurm"
if ! ./install.sh --quiet --with-browser --with-slurm; then
  echo "test.sh: set-up failed (see the error above); no tests were run." >&2
  exit 1
fi
# What the tests need to find: the JDK, mpi.jar, the Python tools, Chromium.
# shellcheck source=/dev/null
. build/install.env
export JAVA_HOME MPI_JAR JPARALLEL_VENV
export JPARALLEL_CHROMIUM=$CHROMIUM
PATH="$JAVA_HOME/bin:$PATH"

echo "==> Install and tutorial-runner tests (tests/install/run.sh)"
tests/install/run.sh
install_rc=$?

echo "==> Unit and integration tests (mvn verify)"
# Maven 3.8's console library still writes colour resets; strip them for plain logs.
mvn -B -ntp -Dstyle.color=never verify "$@" 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g'
mvn_rc=${PIPESTATUS[0]}

# The newest other JDK 21+ on the machine (JPARALLEL_SECOND_JDK=DIR names one, =none skips): the unit
# tests and the ITs that lean on the JDK most (JShell, interrupts, Thread.stop's absence, engines
# under mpirun) run again on it, so the kernel keeps working beyond JDK 17.
second_jdk() {
  if [ -n "${JPARALLEL_SECOND_JDK:-}" ]; then
    [ "$JPARALLEL_SECOND_JDK" = none ] || echo "$JPARALLEL_SECOND_JDK"
    return
  fi
  local mine best="" best_major=0 d major
  mine=$(cd "$JAVA_HOME" && pwd -P)
  for d in /usr/lib/jvm/*/; do
    d=$(cd "$d" && pwd -P) || continue
    [ -x "$d/bin/javac" ] && [ -x "$d/bin/java" ] && [ "$d" != "$mine" ] || continue
    major=$("$d/bin/javac" -version 2>&1 | sed -n 's/^javac \([0-9][0-9]*\).*/\1/p')
    [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ] || continue
    best=$d best_major=$major
  done
  echo "$best"
}
jdk2_rc=0
jdk2=""
[ $# -eq 0 ] && jdk2=$(second_jdk)
if [ -n "$jdk2" ]; then
  echo "==> The unit tests and the kernel and cluster ITs again on $("$jdk2/bin/java" -version 2>&1 | head -n 1) ($jdk2)"
  JAVA_HOME=$jdk2 PATH="$jdk2/bin:$PATH" mvn -B -ntp -Dstyle.color=never verify \
    -Dit.test='ProtocolIT,CellsIT,JupyterKernelTestIT,ParallelMagicsIT,EngineFaultsIT,MpiClusterIT' \
    -Dfailsafe.failIfNoSpecifiedTests=false 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g'
  jdk2_rc=${PIPESTATUS[0]}
  # leave target/ as the main JDK builds it (the bench and later runs use it)
  mvn -B -ntp -q -DskipTests package >/dev/null 2>&1
elif [ $# -eq 0 ]; then
  echo "==> No second JDK (21 or newer) under /usr/lib/jvm: the tests ran on JDK 17 only"
fi

bench_rc=0
if [ $# -eq 0 ]; then
  echo "==> Benchmark smoke test: a tiny run of every figure, ours and the peers (bench/smoke)"
  bench/smoke
  bench_rc=$?
else
  echo "==> Benchmark smoke test skipped: Maven arguments were given (run bench/smoke alone for it)"
fi

failed=()
[ "$install_rc" -ne 0 ] && failed+=("the install tests (see 'FAIL' lines above)")
[ "$mvn_rc" -ne 0 ] && failed+=("the Maven tests (see the surefire/failsafe summary above)")
[ "$jdk2_rc" -ne 0 ] && failed+=("the tests on $jdk2 (see the summary above)")
[ "$bench_rc" -ne 0 ] && failed+=("the benchmark smoke test (see the figures it could not measure above)")
if [ ${#failed[@]} -gt 0 ]; then
  printf 'test.sh: failed: %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "test.sh: all tests passed (install, Maven${jdk2:+, Maven on a second JDK}, benchmark smoke)"
