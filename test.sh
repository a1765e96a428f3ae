#!/usr/bin/env bash
# The project's one test command. Sets up what the tests need (./install.sh, idempotent, with
# the browser test's tools), runs the install and tutorial-runner tests, Maven's unit and
# integration tests (mvn verify), then the benchmark suite's smoke test (bench/smoke). Works on a
# fresh Debian/Ubuntu machine (as root) and from any directory. Extra arguments go to Maven, e.g.
# ./test.sh -pl engines -Dtest=WireCodecTest (then the benchmark smoke test is left out).
set -uo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
cd "$REPO" || exit 1

echo "==> Set-up: ./install.sh --quiet --with-browser"
if ! ./install.sh --quiet --with-browser; then
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
[ "$bench_rc" -ne 0 ] && failed+=("the benchmark smoke test (see the figures it could not measure above)")
if [ ${#failed[@]} -gt 0 ]; then
  printf 'test.sh: failed: %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "test.sh: all tests passed (install, Maven, benchmark smoke)"
