# install.sh steps: Open MPI and its Java bindings (mpi.jar). Sourced; sets MPIRUN,
# OMPI_VERSION, OMPI_LIBDIR, MPI_JAR, MPI_JAR_ORIGIN.

OMPI_PACKAGES=(openmpi-bin libopenmpi-dev)

# Prints why the Open MPI on PATH cannot serve Java engines; returns 1 then.
openmpi_problem() {
  local run
  run=$(command -v mpirun || true)
  if [ -z "$run" ]; then printf 'mpirun not found on PATH'; return 1; fi
  if ! "$run" --version 2>&1 | grep -q 'Open MPI\|OpenRTE'; then
    printf 'mpirun at %s is not Open MPI (the Java bindings used here are Open MPI'"'"'s; select Open MPI with update-alternatives --config mpirun)' "$run"; return 1
  fi
  if ! command -v ompi_info >/dev/null 2>&1; then printf 'ompi_info not found next to %s' "$run"; return 1; fi
  if [ -z "$(find_libmpi_java)" ]; then
    printf 'libmpi_java.so (the native half of the Java bindings, in libopenmpi-dev) not found'; return 1
  fi
  return 0
}

ompi_libdir() { ompi_info --path libdir 2>/dev/null | sed -n 's/^ *Libdir: *//p' | head -n 1; }

# The unversioned libmpi_java.so that System.loadLibrary("mpi_java") needs.
find_libmpi_java() {
  local d f
  d=$(ompi_libdir)
  for f in "$d/libmpi_java.so" /usr/lib/*/libmpi_java.so /usr/lib64/libmpi_java.so /usr/lib64/openmpi/lib/libmpi_java.so /usr/local/lib/libmpi_java.so; do
    if [ -e "$f" ]; then printf '%s\n' "$f"; return 0; fi
  done
  return 0
}

step_openmpi() {
  step "Open MPI: checking mpirun and libmpi_java.so"
  local why
  if ! why=$(openmpi_problem); then
    if can_apt && [ "${why#mpirun at}" = "$why" ]; then
      info "$why: installing ${OMPI_PACKAGES[*]}"
      apt_install "${OMPI_PACKAGES[@]}"
      hash -r
      why=$(openmpi_problem) || die "Open MPI is still unusable after '$(apt_hint "${OMPI_PACKAGES[@]}")': $why."
    else
      die "$why. Install Open MPI with '$(apt_hint "${OMPI_PACKAGES[@]}")' and run ./install.sh again, or run ./install.sh --no-mpi to use only the local launcher (no mpirun, no MPI calls)."
    fi
  fi
  MPIRUN=$(command -v mpirun)
  OMPI_VERSION=$("$MPIRUN" --version 2>&1 | sed -n 's/.*(Open MPI) \([^ ]*\).*/\1/p; s/.*(OpenRTE) \([^ ]*\).*/\1/p' | head -n 1)
  OMPI_LIBDIR=$(ompi_libdir)
  info "Open MPI ${OMPI_VERSION:-?}: $MPIRUN, native bindings $(find_libmpi_java)"
}

# mpi.jar as shipped by an Open MPI built with --enable-mpi-java.
find_shipped_mpi_jar() {
  local f
  for f in "$OMPI_LIBDIR/mpi.jar" "$(dirname "$(readlink -f "$MPIRUN")")/../lib/mpi.jar" \
           /usr/lib/*/openmpi/lib/mpi.jar /usr/lib64/openmpi/lib/mpi.jar /usr/share/java/mpi.jar /usr/local/lib/mpi.jar; do
    if [ -f "$f" ]; then readlink -f "$f"; return 0; fi
  done
  return 0
}

step_mpi_jar() {
  step "mpi.jar: finding Open MPI's Java bindings"
  if [ -n "${MPI_JAR:-}" ]; then
    [ -f "$MPI_JAR" ] || die "MPI_JAR=$MPI_JAR: no such file. Point MPI_JAR at Open MPI's mpi.jar, or unset it to let install.sh find or build one."
    MPI_JAR=$(readlink -f "$MPI_JAR"); MPI_JAR_ORIGIN="from \$MPI_JAR"
  else
    MPI_JAR=$(find_shipped_mpi_jar); MPI_JAR_ORIGIN="shipped with Open MPI"
    if [ -z "$MPI_JAR" ]; then
      build_mpi_jar_from_source
    fi
  fi
  info "$MPI_JAR ($MPI_JAR_ORIGIN)"
  verify_mpi_jar
}

# Debian and Ubuntu ship libmpi_java.so but no mpi.jar: compile the jar from the Java
# sources of the very source package the installed Open MPI was built from.
build_mpi_jar_from_source() {
  local lib pkg srcpkg srcver
  lib=$(readlink -f "$(find_libmpi_java)")
  pkg=$(dpkg -S "$lib" 2>/dev/null | head -n 1 | cut -d: -f1) || true
  [ -n "$pkg" ] || die "No mpi.jar found and $lib does not belong to a Debian package, so its sources cannot be fetched with apt. Build Open MPI with --enable-mpi-java, or set MPI_JAR=/path/to/mpi.jar, or use --no-mpi."
  srcpkg=$(dpkg-query -W -f='${source:Package}' "$pkg")
  srcver=$(dpkg-query -W -f='${source:Version}' "$pkg")
  local dest="$DATA_DIR/$srcpkg-$srcver/mpi.jar"
  MPI_JAR_ORIGIN="built from the $srcpkg $srcver source package"
  if [ -f "$dest" ] && [ "${FORCE:-0}" != 1 ]; then
    MPI_JAR=$dest; return
  fi
  info "Open MPI ships no mpi.jar here; building it from the $srcpkg $srcver source package"
  if ! has_deb_src /etc/apt; then
    can_apt || die "No mpi.jar found, and building one needs 'deb-src' entries in the apt sources, which only root can add. Run ./install.sh as root (or with sudo) once, or add deb-src lines and run 'sudo apt-get update', or set MPI_JAR=/path/to/mpi.jar, or use --no-mpi."
    local added; added=$(add_deb_src /etc/apt) || die "Could not add deb-src entries: $added"
    info "added source entries in $added"
    apt_update again
  fi
  local work="$BUILD_DIR/mpi-src"
  rm -rf "$work"; mkdir -p "$work/src" "$work/classes"
  if ! (cd "$work" && apt-get source --download-only -q "$srcpkg=$srcver") >>"$LOG_DIR/mpi-jar.log" 2>&1; then
    # The deb-src entries may be there without their indexes having been downloaded yet.
    can_apt || die "'apt-get source $srcpkg=$srcver' failed (see $LOG_DIR/mpi-jar.log). Run 'sudo apt-get update' and ./install.sh again, or set MPI_JAR=/path/to/mpi.jar."
    apt_update again
    run_logged mpi-jar "Downloading the $srcpkg $srcver source package" sh -c "cd '$work' && apt-get source --download-only -q '$srcpkg=$srcver'"
  fi
  local tarballs tarball
  tarballs=("$work/${srcpkg}_"*.orig.tar.*)
  tarball=${tarballs[0]}
  [ -f "$tarball" ] || die "The $srcpkg source package has no orig tarball in $work."
  need_decompressor "$tarball"
  run_logged mpi-jar "Extracting the Java sources from $tarball" \
    tar -xf "$tarball" -C "$work/src" --wildcards '*/ompi/mpi/java/java/*.java'
  find "$work/src" -name '*.java' | LC_ALL=C sort >"$work/sources.txt"
  [ -s "$work/sources.txt" ] || die "$tarball holds no ompi/mpi/java/java/*.java sources."
  run_logged mpi-jar "Compiling Open MPI's Java bindings ($(wc -l <"$work/sources.txt") files)" \
    "$JAVA_HOME/bin/javac" --release 17 -nowarn -encoding UTF-8 -d "$work/classes" "@$work/sources.txt"
  run_logged mpi-jar "Packing mpi.jar" "$JAVA_HOME/bin/jar" --create --file "$work/mpi.jar" -C "$work/classes" .
  mkdir -p "$(dirname "$dest")"
  mv -f "$work/mpi.jar" "$dest"
  printf 'Open MPI Java bindings compiled by jparallel install.sh from the %s %s source package (ompi/mpi/java/java).\n' "$srcpkg" "$srcver" >"$(dirname "$dest")/README.txt"
  rm -rf "$work"
  MPI_JAR=$dest
}

# tar needs an external program for .xz and .bz2 archives; minimal systems lack them.
need_decompressor() {
  local prog pkg
  case $1 in
    *.xz) prog=xz; pkg=xz-utils ;;
    *.bz2) prog=bzip2; pkg=bzip2 ;;
    *.gz) prog=gzip; pkg=gzip ;;
    *) return 0 ;;
  esac
  command -v "$prog" >/dev/null 2>&1 && return 0
  can_apt || die "$prog is needed to unpack $1. Install it with '$(apt_hint $pkg)' and run ./install.sh again."
  apt_install "$pkg"
}

# True when apt has any deb-src entry (classic lists or deb822 .sources) under ETC.
has_deb_src() {
  local etc=$1
  grep -qsE '^[[:space:]]*deb-src[[:space:]]' "$etc/sources.list" "$etc"/sources.list.d/*.list && return 0
  grep -qsiE '^Types:.*[[:space:]]deb-src([[:space:]]|$)' "$etc"/sources.list.d/*.sources
}

# Copies the distribution's own binary entries as deb-src entries; prints the file written.
add_deb_src() {
  local etc=$1 f out
  mkdir -p "$etc/sources.list.d"
  out="$etc/sources.list.d/jparallel-deb-src.sources"
  : >"$out.tmp"
  for f in "$etc/sources.list.d/debian.sources" "$etc/sources.list.d/ubuntu.sources"; do
    [ -f "$f" ] || continue
    sed 's/^Types:.*/Types: deb-src/I' "$f" >>"$out.tmp"
    printf '\n' >>"$out.tmp"
  done
  if [ -s "$out.tmp" ]; then mv -f "$out.tmp" "$out"; printf '%s' "$out"; return 0; fi
  rm -f "$out.tmp"
  out="$etc/sources.list.d/jparallel-deb-src.list"
  if [ -f "$etc/sources.list" ] && grep -qE '^[[:space:]]*deb[[:space:]]' "$etc/sources.list"; then
    sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' "$etc/sources.list" >"$out"
    printf '%s' "$out"; return 0
  fi
  printf 'found neither %s/sources.list.d/debian.sources, ubuntu.sources nor deb lines in %s/sources.list' "$etc" "$etc"
  return 1
}

# Runs a 2-rank send/recv through mpi.jar under mpirun (once per jar, java and mpirun).
verify_mpi_jar() {
  local h dir out rc=0
  h=$(hash_of "$MPI_JAR" "$JAVA" "$MPIRUN" "$REPO/setup/MpiCheck.java")
  if stamp_matches mpi-check "$h"; then info "verified before (2-rank send/recv under mpirun)"; return; fi
  dir="$BUILD_DIR/mpi-check"
  rm -rf "$dir"; mkdir -p "$dir"
  run_logged mpi-check "Compiling the MPI check program against $MPI_JAR" \
    "$JAVA_HOME/bin/javac" --release 17 -cp "$MPI_JAR" -d "$dir" "$REPO/setup/MpiCheck.java"
  local args=(-n 2 --oversubscribe)
  is_root && args+=(--allow-run-as-root)
  out=$(timeout 120 "$MPIRUN" "${args[@]}" "$JAVA" -cp "$MPI_JAR:$dir" MpiCheck 2>&1 </dev/null) || rc=$?
  printf '%s\n' "$out" >>"$LOG_DIR/mpi-check.log"
  if [ "$rc" -ne 0 ] || ! grep -q 'mpi-check: rank 0 got sum 31 from rank 1' <<<"$out"; then
    printf '%s\n' "$out" | tail -n 30 | sed 's/^/    | /' >&2
    die "The 2-rank MPI check with $MPI_JAR failed (exit $rc): mpi.jar does not match this Open MPI or mpirun cannot start. Set MPI_JAR to the mpi.jar of Open MPI $OMPI_VERSION, or use --no-mpi."
  fi
  stamp_write mpi-check "$h"
  info "verified: 2 ranks exchanged messages under mpirun"
}
