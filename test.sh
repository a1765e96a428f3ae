#!/usr/bin/env bash
# The project's one test command. Sets up what the tests need (./install.sh, idempotent, with
# the browser test's tools), runs the install and tutorial-runner tests, then Maven's unit and
# integration tests (mvn verify). Works on a fresh Debian/Ubuntu machine (as root) and from any
# directory. Extra arguments go to Maven, e.g. ./test.sh -pl engines -Dtest=WireCodecTest
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

if [ "$install_rc" -ne 0 ]; then
  echo "test.sh: the install tests failed (see 'FAIL' lines above)." >&2
  exit 1
fi
exit "$mvn_rc"
