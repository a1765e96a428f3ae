#!/usr/bin/env bash
# Runs one of bench/cluster/*.java with the project's jars (kernel/target/lib) and build/install.env's
# java and MPI_JAR; used by bench/cluster-start and bench/px-hops.
#   bench/cluster/run-java.sh NAME SOURCE.java ARGS...    (NAME: the calling script, for messages)
set -euo pipefail
REPO=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd -P)
name=$1 source=$2
shift 2
java_bin=java
if [ -f "$REPO/build/install.env" ]; then
  mpi_jar_override=${MPI_JAR:-}
  . "$REPO/build/install.env"
  [ -n "$mpi_jar_override" ] && MPI_JAR=$mpi_jar_override
  [ -n "${MPI_JAR:-}" ] && export MPI_JAR
  java_bin=${JAVA:-java}
elif [ -n "${JAVA_HOME:-}" ]; then
  java_bin="$JAVA_HOME/bin/java"
fi
if [ -n "${JPARALLEL_CLASSPATH:-}" ]; then
  cp=$JPARALLEL_CLASSPATH
elif compgen -G "$REPO/kernel/target/lib/*.jar" >/dev/null; then
  cp="$REPO/kernel/target/lib/*"
else
  echo "$name: build the jars first (./install.sh, or mvn -DskipTests package)" >&2
  exit 1
fi
exec "$java_bin" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$cp" "$REPO/bench/cluster/$source" "$@"
