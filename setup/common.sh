# Shared helpers of install.sh: progress lines, logged commands, stamps, apt.
# Sourced, never run. Expects REPO to be set; reads QUIET, FORCE, NO_APT.
# shellcheck disable=SC2034,SC2120  # variables used by the other setup files; apt_update [again]

BUILD_DIR="$REPO/build"
LOG_DIR="$BUILD_DIR/logs"
STAMP_DIR="$BUILD_DIR/stamps"
DATA_DIR="${XDG_DATA_HOME:-$HOME/.local/share}/jparallel"
APT_UPDATED=0

# One progress line per step; quiet mode keeps only warnings, errors and the summary.
step() { [ "${QUIET:-0}" = 1 ] || printf '==> %s\n' "$*"; }
info() { [ "${QUIET:-0}" = 1 ] || printf '    %s\n' "$*"; }
warn() { printf 'install.sh: warning: %s\n' "$*" >&2; }
die() { printf 'install.sh: error: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# True when this run may install Debian packages itself.
can_apt() { is_root && [ "${NO_APT:-0}" != 1 ] && command -v apt-get >/dev/null 2>&1; }

# run_logged NAME WHAT CMD...: runs CMD with its output in build/logs/NAME.log; on failure
# shows the end of that log and stops with a sentence saying WHAT failed.
run_logged() {
  local name=$1 what=$2; shift 2
  local log="$LOG_DIR/$name.log" rc=0
  mkdir -p "$LOG_DIR"
  printf '\n$ %s\n' "$*" >>"$log"
  "$@" >>"$log" 2>&1 </dev/null || rc=$?
  if [ "$rc" -ne 0 ]; then
    printf 'install.sh: error: %s failed (exit %d). Last lines of %s:\n' "$what" "$rc" "$log" >&2
    tail -n 40 "$log" | sed 's/^/    | /' >&2
    exit 1
  fi
}

# sha256 of the given files' contents and names, plus any extra words (paths, versions).
hash_of() { { for f in "$@"; do if [ -f "$f" ]; then sha256sum "$f"; else printf '%s\n' "$f"; fi; done; } | sha256sum | cut -d' ' -f1; }

stamp_matches() { [ "${FORCE:-0}" != 1 ] && [ -f "$STAMP_DIR/$1" ] && [ "$(cat "$STAMP_DIR/$1")" = "$2" ]; }
stamp_write() { mkdir -p "$STAMP_DIR"; printf '%s\n' "$2" >"$STAMP_DIR/$1"; }

# apt-get update at most once per run, unless a new source list makes it needed again.
apt_update() {
  if [ "$APT_UPDATED" = 1 ] && [ "${1:-}" != again ]; then return 0; fi
  info "apt-get update"
  run_logged apt "apt-get update" apt-get update -q
  APT_UPDATED=1
}

apt_install() {
  apt_update
  info "apt-get install -y $*"
  run_logged apt "apt-get install $*" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

# The command a user should run to install Debian packages (with sudo when not root).
apt_hint() { if is_root; then printf 'apt-get install -y %s' "$*"; else printf 'sudo apt-get install -y %s' "$*"; fi; }
