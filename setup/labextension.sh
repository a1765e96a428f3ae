# install.sh step: the "Java clusters" panel of JupyterLab (labextension/): its TypeScript build
# (jlpm from the venv's JupyterLab, @jupyterlab/builder from npm) and the jparallel_lab package
# (server extension plus the prebuilt lab extension) installed into the venv's Jupyter.
# Sourced; reads VENV, JUPYTER, REPO; sets LABEXTENSION (a line for the summary).

LABEXTENSION=''

step_labextension() {
  local dir="$REPO/labextension" jlpm="$VENV/bin/jlpm" py="$VENV/bin/python"
  step "JupyterLab: the Java clusters panel ($dir)"
  [ -x "$jlpm" ] || die "$jlpm is missing: the panel is built with the venv's JupyterLab (setup/requirements-jupyter.txt)."
  command -v node >/dev/null 2>&1 || die "Node.js is needed to build the Java clusters panel. Install it with '$(apt_hint nodejs npm)' and run again."
  node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)' \
    || die "Node.js $(node --version) is too old to build the Java clusters panel (18 or newer is needed): install a newer Node.js and run again."

  # The JavaScript build, again only when its sources (or the tools) changed.
  local sources h
  sources=$(cd "$dir" && find src style -type f | sort)
  h=$(hash_of "$dir/package.json" "$dir/yarn.lock" "$dir/tsconfig.json" "$dir/.yarnrc.yml" \
    $(printf "$dir/%s " $sources) "$REPO/kernelspec/logo-64x64.png" "$(node --version)" "$("$jlpm" --version 2>&1)")
  if stamp_matches labext-build "$h" && [ -f "$dir/jparallel_lab/labextension/package.json" ]; then
    info "up to date: the panel's build"
  else
    info "jlpm install and build (npm packages into $dir/node_modules)"
    run_logged labextension "jlpm install (the panel's npm packages)" env -C "$dir" "$jlpm" install --immutable
    run_logged labextension "jlpm build (the Java clusters panel)" env -C "$dir" PATH="$VENV/bin:$PATH" "$jlpm" build
    stamp_write labext-build "$h"
  fi

  # The Python package: the server extension and the built lab extension, in the venv.
  local p
  p=$(hash_of "$h" "$dir/pyproject.toml" "$dir"/jparallel_lab/*.py "$dir"/jupyter-config/server-config/*.json \
    "$dir/jparallel_lab/labextension/package.json" "$VENV")
  if stamp_matches labext-pip "$p" && [ -f "$VENV/share/jupyter/labextensions/jparallel-lab/package.json" ] \
    && "$py" -c 'import jparallel_lab' 2>/dev/null; then
    info "up to date: jparallel_lab in $VENV"
  else
    run_logged labextension "pip install $dir" "$py" -m pip install -q --disable-pip-version-check --no-deps --force-reinstall "$dir"
    stamp_write labext-pip "$p"
  fi

  # Where the server extension finds jpcluster (JPARALLEL_JPCLUSTER replaces it).
  local conf="$VENV/etc/jupyter/jupyter_server_config.d/jparallel_lab_jpcluster.json"
  mkdir -p "${conf%/*}"
  "$py" -c 'import json, sys; json.dump({"JParallelLab": {"jpcluster": sys.argv[2]}}, open(sys.argv[1], "w"), indent=2)' \
    "$conf" "$REPO/bin/jpcluster"
  LABEXTENSION="jparallel_lab in $VENV (the Java clusters panel of $VENV/bin/jupyter lab)"
  info "installed: $LABEXTENSION"
}
