# install.sh step --with-slurm: Debian's Slurm (slurmctld, slurmd, sbatch ...) and munge, which the
# slurm launcher's tests run as a two-node cluster on this machine (tests/slurm/slurm-up.sh).
# Sourced; sets SLURM_VERSION.

step_slurm() {
  step "Slurm and munge for the slurm launcher's tests"
  local missing=() c
  for c in slurmctld slurmd sbatch squeue scancel scontrol munged mungekey; do
    command -v "$c" >/dev/null 2>&1 || missing+=("$c")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    can_apt || die "Slurm's commands (${missing[*]}) not found. Install them with '$(apt_hint slurmctld slurmd slurm-client munge)' and run again."
    apt_install slurmctld slurmd slurm-client munge
    hash -r
    command -v slurmctld >/dev/null 2>&1 && command -v sbatch >/dev/null 2>&1 \
      || die "Slurm is still missing after '$(apt_hint slurmctld slurmd slurm-client munge)'."
  fi
  # sbatch --version needs a configuration (without SLURM_CONF it asks DNS and fails): ask dpkg
  SLURM_VERSION=$(dpkg-query -W -f='${Version}' slurm-client 2>/dev/null || true)
  info "Slurm ${SLURM_VERSION:-?} (sbatch at $(command -v sbatch)), munge $(command -v munged)"
}
