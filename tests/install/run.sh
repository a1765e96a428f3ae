#!/usr/bin/env bash
# shellcheck disable=SC2030,SC2031  # the deb-src tests source the set-up files in subshells
# Tests of install.sh and bin/jp-tutorial, run by ./test.sh after ./install.sh has set up the
# repository. Each test runs in its own bash (set -e), bounded by a timeout. Scenarios that
# change what is installed work on a copy of the repository with --prefix, never on the
# user's kernelspec. Usage: tests/install/run.sh [TEST_NAME...]
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
SELF="$REPO/tests/install/run.sh"
FIXTURES="$REPO/tests/install/fixtures"

# --- helpers (used inside tests; a failing helper ends the test through set -e) -------------

contains() {
  grep -qF -- "$2" <<<"$1" && return 0
  printf 'expected the output to contain: %s\n--- output was:\n%s\n' "$2" "$1"; return 1
}
lacks() {
  grep -qF -- "$2" <<<"$1" || return 0
  printf 'expected the output NOT to contain: %s\n--- output was:\n%s\n' "$2" "$1"; return 1
}
expect_rc() {
  [ "$1" = "$2" ] && return 0
  printf 'expected exit status %s, got %s\n--- output was:\n%s\n' "$2" "$1" "$3"; return 1
}
# capture CMD...: runs CMD with stdout+stderr in $OUT and its status in $RC, never failing.
capture() { OUT=$("$@" 2>&1) && RC=0 || RC=$?; }

# A directory like /usr/bin on PATH, without Open MPI's programs.
path_without_mpi() {
  local shadow="$T/no-mpi-bin" d
  if [ ! -d "$shadow" ]; then
    mkdir -p "$shadow"
    for d in /usr/local/bin /usr/bin /bin; do
      ln -s "$d"/* "$shadow"/ 2>/dev/null || true   # names already linked from an earlier dir stay
    done
    rm -f "$shadow"/{mpirun,mpiexec,orterun,oshrun,ompi_info} "$shadow"/mpirun.* "$shadow"/mpiexec.*
  fi
  printf '%s' "$shadow"
}

# A fake JDK whose java and javac report VERSION (javac left out when NOJAVAC=1).
fake_jdk() {
  local dir="$T/fake-jdk-$1"
  mkdir -p "$dir/bin"
  printf '#!/bin/sh\necho "openjdk version \\"%s\\" 2020-01-01" >&2\n' "$1" >"$dir/bin/java"
  printf '#!/bin/sh\necho "javac %s"\n' "$1" >"$dir/bin/javac"
  chmod +x "$dir/bin/java" "$dir/bin/javac"
  [ "${NOJAVAC:-0}" = 1 ] && rm "$dir/bin/javac"
  printf '%s' "$dir"
}

kernel_json() { printf '%s/share/jupyter/kernels/java-parallel/kernel.json' "$T/prefix"; }
json_get() { "$VENV/bin/python" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, {"d": d}))' "$1" "$2"; }

# --- tests ------------------------------------------------------------------------------------

test_help_documents_every_flag() {
  capture "$REPO/install.sh" --help
  expect_rc "$RC" 0 "$OUT"
  local flags
  flags=$(sed -n '/^while \[ \$# -gt 0 \]/,/^done/p' "$REPO/install.sh" | grep -oE '^ +[-a-z|=*]+\)' | grep -oE -- '--?[a-z][a-z-]*' | sort -u)
  [ "$(wc -l <<<"$flags")" -ge 10 ] || { echo "found too few flags in install.sh: $flags"; return 1; }
  local f
  for f in $flags; do
    grep -qE -- "^ +(-[a-z], )?$f([ ,]|$)" <<<"$OUT" || { echo "install.sh --help does not document $f"; return 1; }
  done
  contains "$OUT" "MPI_JAR"; contains "$OUT" "JAVA_HOME"; contains "$OUT" "JPARALLEL_VENV"
}

test_unknown_option_is_refused() {
  capture "$REPO/install.sh" --bogus
  expect_rc "$RC" 2 "$OUT"
  contains "$OUT" "unknown option '--bogus' (see ./install.sh --help)"
}

test_second_run_skips_every_step_from_another_directory() {
  local spec before
  # The first run brings the install to these flags (it may have been run with others).
  capture "$REPO/install.sh" --with-browser
  expect_rc "$RC" 0 "$OUT"
  spec=$(sed -n 's/^KERNELSPEC_DIR=//p' "$REPO/build/install.env")/kernel.json
  before=$(stat -c %Y "$spec")
  capture bash -c "cd / && '$REPO/install.sh' --with-browser"
  expect_rc "$RC" 0 "$OUT"
  contains "$OUT" "verified before (2-rank send/recv under mpirun)"
  contains "$OUT" "up to date (sources unchanged since the last build)"
  contains "$OUT" "up to date (requirements-test.txt"
  contains "$OUT" "up to date: $(dirname "$spec")"
  contains "$OUT" "up to date: node_modules (playwright-core)"
  contains "$OUT" "up to date: the panel's build"
  contains "$OUT" "up to date: jparallel_lab in "
  lacks "$OUT" "pip install"; lacks "$OUT" "apt-get"
  [ "$(stat -c %Y "$spec")" = "$before" ] || { echo "$spec was rewritten"; return 1; }
}

test_java_home_without_java_names_the_fix() {
  capture env JAVA_HOME=/nonexistent/jdk "$REPO/install.sh"
  expect_rc "$RC" 1 "$OUT"
  contains "$OUT" "JAVA_HOME=/nonexistent/jdk has no bin/java"
  contains "$OUT" "apt-get install -y openjdk-17-jdk-headless"
}

test_java_home_too_old_is_refused() {
  local jdk; jdk=$(fake_jdk 11.0.22)
  capture env JAVA_HOME="$jdk" "$REPO/install.sh"
  expect_rc "$RC" 1 "$OUT"
  contains "$OUT" "JAVA_HOME=$jdk is Java 11, too old (17 or newer is needed)"
}

test_java_home_runtime_only_is_refused() {
  local jdk; jdk=$(NOJAVAC=1 fake_jdk 17.0.9)
  capture env JAVA_HOME="$jdk" "$REPO/install.sh"
  expect_rc "$RC" 1 "$OUT"
  contains "$OUT" "is a runtime without javac (a JDK is needed)"
}

test_missing_mpirun_without_apt_names_the_command() {
  capture env PATH="$(path_without_mpi)" "$REPO/install.sh" --no-apt
  expect_rc "$RC" 1 "$OUT"
  contains "$OUT" "mpirun not found on PATH"
  contains "$OUT" "apt-get install -y openmpi-bin libopenmpi-dev"
  contains "$OUT" "--no-mpi"
}

test_mpi_jar_override_that_does_not_exist() {
  capture env MPI_JAR=/nonexistent/mpi.jar "$REPO/install.sh"
  expect_rc "$RC" 1 "$OUT"
  contains "$OUT" "MPI_JAR=/nonexistent/mpi.jar: no such file"
}

# The next four share a copy of the repository ($T/repo) and run in this order.
test_copy_builds_mpi_jar_from_source_into_prefix() {
  capture env XDG_DATA_HOME="$T/data" "$T/repo/install.sh" --prefix "$T/prefix"
  expect_rc "$RC" 0 "$OUT"
  local OUT_INSTALL=$OUT
  contains "$OUT" "building it from the openmpi"
  contains "$OUT" "verified: 2 ranks exchanged messages under mpirun"
  local jar; jar=$(ls "$T"/data/jparallel/openmpi-*/mpi.jar)
  contains "$OUT" "mpi.jar     $jar (built from the openmpi"
  "$JAVA_HOME/bin/jar" tf "$jar" | grep -qx 'mpi/MPI.class' || { echo "$jar has no mpi/MPI.class"; return 1; }
  local spec; spec=$(kernel_json)
  [ "$(json_get "$spec" 'd["env"]["MPI_JAR"]')" = "$jar" ]
  [ "$(json_get "$spec" 'd["argv"][0]')" = "$JAVA_HOME/bin/java" ]
  [ "$(json_get "$spec" 'd["argv"][d["argv"].index("-cp") + 1]')" = "$T/prefix/share/jupyter/kernels/java-parallel/lib/*" ]
  ls "$T"/prefix/share/jupyter/kernels/java-parallel/lib/jparallel-kernel-*.jar >/dev/null
  capture env JUPYTER_PATH="$T/prefix/share/jupyter" "$VENV/bin/jupyter" kernelspec list
  contains "$OUT" "java-parallel"
  # The kernel's JVM starts from the class-data archive made by a training session of this kernel:
  # with -Xshare:on it would refuse to start if the archive did not fit this java and these jars.
  local archive="$T/prefix/share/jupyter/kernels/java-parallel/kernel.jsa"
  contains "$OUT_INSTALL" "class-data archive: $archive"
  [ "$(json_get "$spec" '[a for a in d["argv"] if a.startswith("-XX:SharedArchiveFile=")]')" = "['-XX:SharedArchiveFile=$archive']" ]
  local jvm=()
  mapfile -t jvm < <(json_get "$spec" '"\n".join(a.replace("-Xshare:auto", "-Xshare:on") for a in d["argv"][:d["argv"].index("-cp") + 2])')
  capture "${jvm[@]}" -Xlog:class+load=info org.jparallel.kernel.KernelMain
  expect_rc "$RC" 2 "$OUT"
  contains "$OUT" "org.jparallel.kernel.KernelMain source: shared objects file (top)"
  contains "$OUT" "usage: java"
}

test_copy_second_run_reuses_the_built_jar() {
  local jar before
  jar=$(ls "$T"/data/jparallel/openmpi-*/mpi.jar); before=$(stat -c %Y "$jar")
  capture env XDG_DATA_HOME="$T/data" "$T/repo/install.sh" --prefix "$T/prefix"
  expect_rc "$RC" 0 "$OUT"
  lacks "$OUT" "building it from"
  contains "$OUT" "verified before"
  contains "$OUT" "up to date: $T/prefix/share/jupyter/kernels/java-parallel"
  [ "$(stat -c %Y "$jar")" = "$before" ]
}

test_copy_mpi_jar_override_is_checked_and_recorded() {
  mkdir -p "$T/elsewhere"
  cp "$(ls "$T"/data/jparallel/openmpi-*/mpi.jar)" "$T/elsewhere/mpi.jar"
  capture env MPI_JAR="$T/elsewhere/mpi.jar" XDG_DATA_HOME="$T/data" "$T/repo/install.sh" --prefix "$T/prefix"
  expect_rc "$RC" 0 "$OUT"
  contains "$OUT" "$T/elsewhere/mpi.jar (from \$MPI_JAR)"
  contains "$OUT" "verified: 2 ranks exchanged messages under mpirun"
  [ "$(json_get "$(kernel_json)" 'd["env"]["MPI_JAR"]')" = "$T/elsewhere/mpi.jar" ]
  contains "$(cat "$T/repo/build/install.env")" "MPI_JAR=$T/elsewhere/mpi.jar"
}

test_copy_no_mpi_works_without_mpirun() {
  capture env PATH="$(path_without_mpi)" "$T/repo/install.sh" --no-mpi --no-apt --prefix "$T/prefix"
  expect_rc "$RC" 0 "$OUT"
  contains "$OUT" "mpirun      skipped (--no-mpi: the local launcher only)"
  lacks "$OUT" "Open MPI:"
  [ "$(json_get "$(kernel_json)" '"env" in d')" = False ]
}

test_deb_src_is_added_from_deb822_sources() {
  local etc="$T/apt-deb822"
  mkdir -p "$etc/sources.list.d"
  printf 'Types: deb\nURIs: http://deb.example.org/debian\nSuites: bookworm bookworm-updates\nComponents: main\n\nTypes: deb\nURIs: http://deb.example.org/debian-security\nSuites: bookworm-security\nComponents: main\n' >"$etc/sources.list.d/debian.sources"
  (
    REPO=$T; . "$REPO_REAL/setup/common.sh"; . "$REPO_REAL/setup/mpi.sh"
    if has_deb_src "$etc"; then echo "deb-src seen before adding"; exit 1; fi
    out=$(add_deb_src "$etc")
    [ "$out" = "$etc/sources.list.d/jparallel-deb-src.sources" ]
    has_deb_src "$etc"
  )
  local got; got=$(cat "$etc/sources.list.d/jparallel-deb-src.sources")
  [ "$(grep -c '^Types: deb-src$' <<<"$got")" = 2 ]
  contains "$got" "URIs: http://deb.example.org/debian-security"
  [ "$(grep -c '^Types: deb$' "$etc/sources.list.d/debian.sources")" = 2 ]
}

test_deb_src_is_added_from_classic_sources_list() {
  local etc="$T/apt-classic"
  mkdir -p "$etc/sources.list.d"
  printf '# comment\ndeb [arch=amd64] http://archive.example.com/ubuntu jammy main universe\ndeb http://archive.example.com/ubuntu jammy-updates main\n' >"$etc/sources.list"
  (
    REPO=$T; . "$REPO_REAL/setup/common.sh"; . "$REPO_REAL/setup/mpi.sh"
    if has_deb_src "$etc"; then echo "deb-src seen before adding"; exit 1; fi
    [ "$(add_deb_src "$etc")" = "$etc/sources.list.d/jparallel-deb-src.list" ]
    has_deb_src "$etc"
  )
  [ "$(cat "$etc/sources.list.d/jparallel-deb-src.list")" = "$(printf 'deb-src [arch=amd64] http://archive.example.com/ubuntu jammy main universe\ndeb-src http://archive.example.com/ubuntu jammy-updates main')" ]
}

test_deb_src_present_or_impossible() {
  local etc="$T/apt-present" empty="$T/apt-empty"
  mkdir -p "$etc/sources.list.d" "$empty/sources.list.d"
  printf 'Types: deb deb-src\nURIs: http://deb.example.org/debian\nSuites: bookworm\nComponents: main\n' >"$etc/sources.list.d/other.sources"
  (
    REPO=$T; . "$REPO_REAL/setup/common.sh"; . "$REPO_REAL/setup/mpi.sh"
    has_deb_src "$etc"
    if msg=$(add_deb_src "$empty"); then echo "add_deb_src succeeded without any source"; exit 1; fi
    [ "${msg#found neither}" != "$msg" ]
  )
}

test_fill_kernelspec_escapes_paths_and_rejects_bad_templates() {
  printf '{"argv": ["@JAVA@", "-cp", "@CLASSPATH@", "Main", "{connection_file}"], "display_name": "J"}\n' >"$T/ok.json.in"
  "$VENV/bin/python" "$REPO/setup/fill_kernelspec.py" "$T/ok.json.in" "$T/ok.json" '/opt/we"ird\jdk/bin/java' '/x/lib/*' MPI_JAR=/m/mpi.jar
  [ "$(json_get "$T/ok.json" 'd["argv"][0]')" = '/opt/we"ird\jdk/bin/java' ]
  [ "$(json_get "$T/ok.json" 'd["env"]')" = "{'MPI_JAR': '/m/mpi.jar'}" ]
  printf '{"argv": ["java"]}\n' >"$T/bad.json.in"
  capture "$VENV/bin/python" "$REPO/setup/fill_kernelspec.py" "$T/bad.json.in" "$T/bad.json" j c
  expect_rc "$RC" 1 "$OUT"
  contains "$OUT" "has no @JAVA@ placeholder"
}

test_tutorial_runner_prints_each_cells_output() {
  capture bash -c "cd '$FIXTURES' && '$REPO/bin/jp-tutorial' --kernel python3 --output '$T/ok-run.ipynb' runner-ok.ipynb"
  expect_rc "$RC" 0 "$OUT"
  contains "$OUT" "# Runner check"
  contains "$OUT" "[stdout:0] hello from engine 0"
  contains "$OUT" "[stdout:1] hello from engine 1"
  contains "$OUT" "Out[2]: 42"
  contains "$OUT" "to stderr"
  contains "$OUT" "Ran 3 code cells"
  [ "$(json_get "$T/ok-run.ipynb" '"".join(d["cells"][2]["outputs"][0]["data"]["text/plain"])')" = 42 ]
}

test_tutorial_runner_fails_on_a_cell_error() {
  capture "$REPO/bin/jp-tutorial" --kernel python3 --output "$T/err-run.ipynb" "$FIXTURES/runner-error.ipynb"
  expect_rc "$RC" 1 "$OUT"
  contains "$OUT" "before the failure"
  contains "$OUT" "ValueError: engine 1 broke"
  contains "$OUT" "runner-error.ipynb stopped at code cell 2: a cell raised an error: ValueError: engine 1 broke"
  lacks "$OUT" "never printed"
  [ -f "$T/err-run.ipynb" ]
}

test_tutorial_runner_runs_java_cells_on_the_installed_kernel() {
  capture "$REPO/bin/jp-tutorial" --output "$T/java-run.ipynb" "$FIXTURES/java-cells.ipynb"
  expect_rc "$RC" 0 "$OUT"
  contains "$OUT" "on kernel java-parallel"
  contains "$OUT" "hello from the kernel"
  contains "$OUT" "Out[2]: 42"
  contains "$OUT" "Out[3]: \"$MPI_JAR_INSTALLED\""
  contains "$OUT" "Ran 3 code cells"
}

test_tutorial_runner_needs_install_first() {
  mkdir -p "$T/bare/bin/lib"
  cp "$REPO/bin/jp-tutorial" "$T/bare/bin/"
  capture "$T/bare/bin/jp-tutorial"
  expect_rc "$RC" 1 "$OUT"
  contains "$OUT" "is not set up yet: run $T/bare/install.sh first"
}

# --- runner -----------------------------------------------------------------------------------

if [ "${1:-}" = --one ]; then
  # One test in this process: set -e makes any failing line fail the test.
  T=$2; REPO_REAL=$REPO
  unset MPI_JAR   # tests that want an override set it themselves
  set -E
  trap 'echo "test failed at line $LINENO: $BASH_COMMAND" >&2' ERR
  . "$REPO/build/install.env"
  VENV=$JPARALLEL_VENV
  MPI_JAR_INSTALLED=$MPI_JAR
  "test_$3"
  exit 0
fi

[ -f "$REPO/build/install.env" ] || { echo "tests/install: run ./install.sh first (./test.sh does)" >&2; exit 1; }
T=$(mktemp -d "${TMPDIR:-/tmp}/jparallel-install-tests.XXXXXX")
trap 'rm -rf "$T"' EXIT

# The copy keeps build outputs and stamps (so the Maven build is not redone) but no installs.
mkdir -p "$T/repo"
tar -C "$REPO" --exclude=./.venv --exclude=./node_modules --exclude=./build/notebooks --exclude=./.git -cf - . | tar -C "$T/repo" -xf -
rm -f "$T/repo/build/install.env" "$T/repo/build/stamps/kernelspec" "$T/repo/build/stamps/mpi-check"
export JPARALLEL_VENV
JPARALLEL_VENV=$(sed -n 's/^JPARALLEL_VENV=//p' "$REPO/build/install.env")

tests=("$@")
[ ${#tests[@]} -gt 0 ] || mapfile -t tests < <(sed -n 's/^test_\([a-z0-9_]*\)() {$/\1/p' "$SELF")
passed=0 failed=0
for name in "${tests[@]}"; do
  started=$(date +%s)
  if timeout 300 bash "$SELF" --one "$T" "$name" >"$T/$name.log" 2>&1 </dev/null; then
    passed=$((passed + 1)); printf 'ok   %s (%ss)\n' "$name" "$(( $(date +%s) - started ))"
  else
    failed=$((failed + 1)); printf 'FAIL %s\n' "$name"; tail -n 60 "$T/$name.log" | sed 's/^/     | /'
  fi
done
printf 'install: %d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
