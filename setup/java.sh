# install.sh steps: the JDK (17 or newer) and Maven. Sourced; sets JAVA_HOME, JAVA, JAVA_VERSION.

JDK_PACKAGE=openjdk-17-jdk-headless

# The feature release of a java or javac binary ("1.8.0_392" -> 8, "17.0.15" -> 17, "25" -> 25).
java_major() {
  local v
  v=$("$1" -version 2>&1 | sed -n 's/.*version "\([0-9][^"]*\)".*/\1/p; s/^javac \([0-9][^ ]*\).*/\1/p' | head -n 1)
  case $v in
    '') printf '0\n' ;;
    1.*) v=${v#1.}; printf '%s\n' "${v%%[._-]*}" ;;
    *) printf '%s\n' "${v%%[._-]*}" ;;
  esac
}

java_full_version() { "$1" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1; }

# Checks that DIR is a JDK 17+; prints nothing and returns 0 when it is, else prints why.
jdk_problem() {
  local home=$1
  if [ ! -x "$home/bin/java" ]; then printf 'has no bin/java'; return 1; fi
  if [ ! -x "$home/bin/javac" ]; then printf 'is a runtime without javac (a JDK is needed)'; return 1; fi
  local jm cm
  jm=$(java_major "$home/bin/java"); cm=$(java_major "$home/bin/javac")
  if [ "$jm" -lt 17 ] || [ "$cm" -lt 17 ]; then printf 'is Java %s, too old (17 or newer is needed)' "$jm"; return 1; fi
  return 0
}

# The newest JDK 17+ under /usr/lib/jvm, if any.
find_system_jdk() {
  local d best='' best_major=0 m
  for d in /usr/lib/jvm/*/; do
    d=${d%/}
    [ -L "$d" ] && continue
    jdk_problem "$d" >/dev/null || continue
    m=$(java_major "$d/bin/java")
    if [ "$m" -gt "$best_major" ]; then best=$d; best_major=$m; fi
  done
  printf '%s' "$best"
}

step_java() {
  step "Java: looking for a JDK 17 or newer"
  local home='' why
  if [ -n "${JAVA_HOME:-}" ]; then
    # The user chose this JDK: never replace it silently.
    why=$(jdk_problem "$JAVA_HOME") || die "JAVA_HOME=$JAVA_HOME $why. Point JAVA_HOME at a JDK 17 or newer (e.g. /usr/lib/jvm/java-17-openjdk-amd64, installed by '$(apt_hint $JDK_PACKAGE)'), or unset JAVA_HOME to use the java on PATH."
    home=$JAVA_HOME
  else
    local javac_bin
    javac_bin=$(command -v javac || true)
    if [ -n "$javac_bin" ]; then
      home=$(dirname "$(dirname "$(readlink -f "$javac_bin")")")
      if ! why=$(jdk_problem "$home"); then
        local other; other=$(find_system_jdk)
        if [ -n "$other" ]; then
          info "javac on PATH ($home) $why; using $other instead"
          home=$other
        else
          home=''
        fi
      fi
    fi
    if [ -z "$home" ]; then
      home=$(find_system_jdk)
    fi
    if [ -z "$home" ]; then
      if can_apt; then
        local pkg=$JDK_PACKAGE
        apt_update
        # Debian 13 and later have no Java 17 package: take the distribution's default JDK.
        apt-cache show "$pkg" >/dev/null 2>&1 || pkg=default-jdk-headless
        apt_install "$pkg"
        home=$(find_system_jdk)
      fi
      [ -n "$home" ] || die "No JDK 17 or newer found (java/javac on PATH: ${javac_bin:-none}). Install one with '$(apt_hint $JDK_PACKAGE)' and run ./install.sh again, or set JAVA_HOME to a JDK 17+."
    fi
  fi
  JAVA_HOME=$(cd "$home" && pwd -P)
  JAVA="$JAVA_HOME/bin/java"
  JAVA_VERSION=$(java_full_version "$JAVA")
  export JAVA_HOME
  PATH="$JAVA_HOME/bin:$PATH"
  info "JDK $JAVA_VERSION at $JAVA_HOME"
}

step_maven() {
  step "Maven: checking"
  if ! command -v mvn >/dev/null 2>&1; then
    if can_apt; then apt_install maven
    else die "Maven (mvn) not found. Install it with '$(apt_hint maven)' and run ./install.sh again."
    fi
  fi
  local v
  v=$(mvn -B -v 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g' | sed -n 's/^Apache Maven \([0-9.]*\).*/\1/p' | head -n 1)
  [ -n "$v" ] || die "'mvn -v' failed with JAVA_HOME=$JAVA_HOME; run it by hand to see why."
  # The build's plugins need Maven 3.6.3 or newer.
  if [ "$(printf '%s\n3.6.3\n' "$v" | sort -V | head -n 1)" != 3.6.3 ]; then
    die "Maven $v is too old (3.6.3 or newer is needed): '$(apt_hint maven)' or a newer Maven on PATH."
  fi
  info "Maven $v at $(command -v mvn)"
}

# Builds the three modules unless their sources and poms are unchanged since the last build.
step_build() {
  step "Build: mvn package (kernel, magics, engines)"
  local h inputs
  mapfile -t inputs < <(cd "$REPO" && find pom.xml engines magics kernel -path '*/target' -prune -o \( -name pom.xml -o -path '*/src/main/*' \) -type f -print | LC_ALL=C sort)
  h=$(cd "$REPO" && hash_of "$JAVA_HOME" "${inputs[@]}")
  if stamp_matches build "$h" && kernel_jars_present; then
    info "up to date (sources unchanged since the last build)"
    return
  fi
  run_logged build "The Maven build (mvn package in $REPO)" \
    mvn -B -q -ntp -Dstyle.color=never -DskipTests -f "$REPO/pom.xml" package
  kernel_jars_present || die "The Maven build finished but $REPO/kernel/target/lib has no jparallel jars; see $LOG_DIR/build.log."
  stamp_write build "$h"
  info "built $REPO/kernel/target/lib"
}

kernel_jars_present() {
  compgen -G "$REPO/kernel/target/lib/jparallel-*.jar" >/dev/null
}

# Every jar the kernel needs at run time: target/lib (where the kernel's pom puts its own jar
# too), plus target/jparallel-kernel-*.jar for a pom that leaves it there.
kernel_jars() {
  local f
  for f in "$REPO"/kernel/target/lib/*.jar; do
    [ -f "$f" ] && printf '%s\n' "$f"
  done
  if ! compgen -G "$REPO/kernel/target/lib/jparallel-kernel-*.jar" >/dev/null; then
    for f in "$REPO"/kernel/target/jparallel-kernel-*.jar; do
      case $f in *-sources.jar|*-javadoc.jar|*-tests.jar) continue ;; esac
      [ -f "$f" ] && printf '%s\n' "$f"
    done
  fi
  return 0
}
