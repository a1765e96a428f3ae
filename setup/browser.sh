# install.sh step --with-browser: Chromium and playwright-core for the JupyterLab browser test.
# Sourced; sets CHROMIUM.

step_browser() {
  step "Browser test tools: Chromium and playwright-core"
  CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
  if [ -z "$CHROMIUM" ] || ! "$CHROMIUM" --version >/dev/null 2>&1; then
    can_apt || die "Chromium not found (needed by the JupyterLab browser test). Install it with '$(apt_hint chromium)' and run again."
    apt_install chromium
    hash -r
    CHROMIUM=$(command -v chromium || true)
    [ -n "$CHROMIUM" ] || die "Chromium is still missing after '$(apt_hint chromium)'."
  fi
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    can_apt || die "Node.js and npm not found (they run the browser test). Install them with '$(apt_hint nodejs npm)' and run again."
    apt_install nodejs npm
    hash -r
  fi
  local nm
  nm=$(node -e 'process.stdout.write(process.versions.node.split(".")[0])')
  [ "$nm" -ge 18 ] || die "Node.js $(node --version) is too old for playwright-core (18 or newer is needed): install a newer Node.js and run again."
  local h
  h=$(hash_of "$REPO/package.json" "$REPO/package-lock.json" "$(node --version)")
  if stamp_matches npm "$h" && [ -f "$REPO/node_modules/playwright-core/package.json" ]; then
    info "up to date: node_modules (playwright-core)"
  else
    run_logged npm "npm ci (playwright-core)" npm ci --prefix "$REPO" --no-audit --no-fund --loglevel=error
    stamp_write npm "$h"
  fi
  info "$($CHROMIUM --version 2>/dev/null | head -n 1) at $CHROMIUM; node $(node --version)"
}
