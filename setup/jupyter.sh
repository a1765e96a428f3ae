# install.sh steps: the project's Python virtual environment, Jupyter, the kernelspec.
# Sourced; sets VENV, JUPYTER, JUPYTER_ORIGIN, KERNELSPEC_DIR.

KERNEL_NAME=java-parallel

# A jupyter on PATH (outside our venv) that can install kernelspecs and run nbconvert.
find_existing_jupyter() {
  local j
  j=$(command -v jupyter || true)
  [ -n "$j" ] || return 0
  if [ -d "$VENV/bin" ] && [ "$(readlink -f "$(dirname "$j")")" = "$(readlink -f "$VENV/bin")" ]; then return 0; fi
  "$j" kernelspec --version >/dev/null 2>&1 && "$j" nbconvert --version >/dev/null 2>&1 && printf '%s' "$j"
  return 0
}

# A python3 of version 3.9 or newer that can create virtual environments.
ensure_python() {
  if ! command -v python3 >/dev/null 2>&1; then
    can_apt || die "python3 not found. Install it with '$(apt_hint python3 python3-venv)' and run ./install.sh again."
    apt_install python3 python3-venv
  fi
  python3 -c 'import sys; sys.exit(sys.version_info < (3, 9))' \
    || die "$(command -v python3) is Python $(python3 -c 'import platform; print(platform.python_version())'); Jupyter needs 3.9 or newer."
  if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    can_apt || die "$(command -v python3) cannot create virtual environments (no ensurepip). Install it with '$(apt_hint python3-venv)' and run ./install.sh again."
    apt_install python3-venv
  fi
}

step_python_env() {
  VENV=${JPARALLEL_VENV:-$REPO/.venv}
  step "Python: tools in $VENV"
  local existing reqs=("$REPO/setup/requirements-test.txt")
  existing=$(find_existing_jupyter)
  if [ -n "$existing" ]; then
    JUPYTER=$existing; JUPYTER_ORIGIN="already installed"
  else
    JUPYTER="$VENV/bin/jupyter"; JUPYTER_ORIGIN="installed in $VENV"
  fi
  # The browser tests start JupyterLab and Notebook 7 from the venv, whatever jupyter is on PATH.
  if [ -z "$existing" ] || [ "${WITH_BROWSER:-0}" = 1 ]; then
    reqs+=("$REPO/setup/requirements-jupyter.txt")
  fi
  [ "$WITH_PEERS" = 1 ] && reqs+=("$REPO/setup/requirements-peers.txt")
  if [ ! -x "$VENV/bin/python" ]; then
    ensure_python
    info "creating the virtual environment $VENV"
    run_logged venv "Creating the virtual environment $VENV" python3 -m venv "$VENV"
  fi
  "$VENV/bin/python" -c 'pass' 2>/dev/null || die "$VENV/bin/python does not run; remove $VENV and run ./install.sh again."
  local h
  h=$(hash_of "${reqs[@]}" "$VENV" "$("$VENV/bin/python" -VV 2>&1)")
  if stamp_matches venv "$h"; then
    info "up to date (${reqs[*]##*/})"
  else
    local args=() r
    for r in "${reqs[@]}"; do args+=(-r "$r"); done
    info "pip install ${reqs[*]##*/}"
    run_logged pip "pip install into $VENV" "$VENV/bin/python" -m pip install -q --disable-pip-version-check "${args[@]}"
    stamp_write venv "$h"
  fi
  [ -x "$JUPYTER" ] || die "$JUPYTER is missing after the Python step."
  info "jupyter: $JUPYTER ($JUPYTER_ORIGIN)"
}

# Installs kernelspec/ (filled template, logos) with the kernel's jars copied into its lib/,
# so that `mvn clean` or moving the repository cannot break an installed kernel.
# kernel_archive TEMPLATE [NAME=VALUE...]: a short session of the installed kernel records the
# classes it loads in $KERNELSPEC_DIR/kernel.jsa (class-data sharing), and kernel.json starts
# the JVM from it: about a third less start-up CPU. Without it the kernel works, only slower.
kernel_archive() {
  local tmpl=$1; shift
  local archive="$KERNELSPEC_DIR/kernel.jsa" log="$LOG_DIR/kernel-archive.log"
  rm -f "$archive"; mkdir -p "$LOG_DIR"
  if "$VENV/bin/python" "$REPO/setup/train_kernel.py" "$KERNELSPEC_DIR/kernel.json" "$archive" >"$log" 2>&1 </dev/null; then
    "$VENV/bin/python" "$REPO/setup/fill_kernelspec.py" --archive "$archive" "$tmpl" "$KERNELSPEC_DIR/kernel.json" \
      "$JAVA" "$KERNELSPEC_DIR/lib/*" "$@" || die "Could not write $KERNELSPEC_DIR/kernel.json."
    info "class-data archive: $archive"
  else
    warn "the kernel's class-data archive could not be made (see $log); the kernel starts without it, a little slower"
  fi
}

step_kernelspec() {
  step "Kernelspec: $KERNEL_NAME (${KERNELSPEC_MODE[*]})"
  local tmpl="$REPO/kernelspec/kernel.json.in"
  [ -f "$tmpl" ] || die "$tmpl is missing: this source tree has no kernelspec template."
  local stage="$BUILD_DIR/kernelspec/$KERNEL_NAME" f env_args=()
  rm -rf "$stage"; mkdir -p "$stage/lib"
  # Only what Jupyter reads from a kernelspec directory (the folder may hold other sources).
  for f in "$REPO"/kernelspec/*; do
    case ${f##*/} in logo-*.png|logo-*.svg|kernel.js|kernel.css) cp "$f" "$stage/" ;; esac
  done
  kernel_jars | while IFS= read -r f; do cp "$f" "$stage/lib/"; done
  [ -n "${MPI_JAR:-}" ] && env_args+=("MPI_JAR=$MPI_JAR")
  local h prev
  h=$(hash_of "$tmpl" "$stage"/* "$stage"/lib/* "$JAVA" "${env_args[@]}" "${KERNELSPEC_MODE[@]}" "$JUPYTER")
  prev=$(cat "$STAMP_DIR/kernelspec" 2>/dev/null || true)
  if [ "${FORCE:-0}" != 1 ] && [ "${prev%% *}" = "$h" ]; then
    local d=${prev#* }
    if [ -f "$d/kernel.json" ] && [ "$(cat "$d/.jparallel-stamp" 2>/dev/null)" = "$h" ] &&
       { [ -f "$d/kernel.jsa" ] || ! grep -q SharedArchiveFile "$d/kernel.json"; }; then
      KERNELSPEC_DIR=$d; info "up to date: $d"; return
    fi
  fi
  printf '%s\n' "$h" >"$stage/.jparallel-stamp"
  # The destination is known only once installed; the class path is filled in after.
  "$VENV/bin/python" "$REPO/setup/fill_kernelspec.py" "$tmpl" "$stage/kernel.json" "$JAVA" "@KERNELSPEC_DIR@/lib/*" "${env_args[@]}" \
    || die "Could not fill $tmpl."
  run_logged kernelspec "jupyter kernelspec install" \
    "$JUPYTER" kernelspec install "$stage" --name "$KERNEL_NAME" --replace "${KERNELSPEC_MODE[@]}"
  KERNELSPEC_DIR=$(sed -n "s/.*Installed kernelspec $KERNEL_NAME in //p" "$LOG_DIR/kernelspec.log" | tail -n 1)
  [ -n "$KERNELSPEC_DIR" ] && [ -f "$KERNELSPEC_DIR/kernel.json" ] ||
    die "jupyter kernelspec install did not say where it installed $KERNEL_NAME; see $LOG_DIR/kernelspec.log."
  "$VENV/bin/python" "$REPO/setup/fill_kernelspec.py" "$tmpl" "$KERNELSPEC_DIR/kernel.json" "$JAVA" "$KERNELSPEC_DIR/lib/*" "${env_args[@]}" \
    || die "Could not write $KERNELSPEC_DIR/kernel.json."
  kernel_archive "$tmpl" "${env_args[@]}"
  mkdir -p "$STAMP_DIR"; printf '%s %s\n' "$h" "$KERNELSPEC_DIR" >"$STAMP_DIR/kernelspec"
  info "installed in $KERNELSPEC_DIR"
}
