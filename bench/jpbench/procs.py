"""Processes the bench started: memory figures, and the check that none outlives its figure."""
import os
import signal
import time

import psutil


def status_kb(pid: int, field: str) -> int | None:
    """A kB field of /proc/PID/status (VmRSS, VmHWM), or None if the process is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def rss_mb(pid: int) -> float | None:
    kb = status_kb(pid, "VmRSS")
    return None if kb is None else kb / 1024


def hwm_mb(pid: int) -> float | None:
    kb = status_kb(pid, "VmHWM")
    return None if kb is None else kb / 1024


def tree(pid: int) -> list[psutil.Process]:
    """The process and all its descendants (empty if it is gone)."""
    try:
        p = psutil.Process(pid)
        return [p] + p.children(recursive=True)
    except psutil.Error:
        return []


def is_background_job(p: psutil.Process) -> bool:
    """The engines' CDS training run (and the sh that moves its archive into place when it ends)."""
    try:
        return any("ArchiveClassesAtExit" in a for a in p.cmdline())
    except psutil.Error:
        return False


def describe(p: psutil.Process) -> str:
    try:
        return f"{p.pid} {' '.join(p.cmdline())[:160]}"
    except psutil.Error:
        return f"{p.pid} (gone)"


class Tracker:
    """Remembers every process seen under a root the bench started, and ends the ones left behind."""

    def __init__(self) -> None:
        self.seen: dict[tuple[int, float], psutil.Process] = {}

    def watch(self, pid: int) -> None:
        for p in tree(pid):
            try:
                self.seen[(p.pid, p.create_time())] = p
            except psutil.Error:
                pass

    def sweep(self, marker: str) -> None:
        """Watches every process whose environment holds marker (VAR=value set only by the bench),
        which finds daemonized ones (ipcluster --daemonize) that left our process tree."""
        me = os.getpid()
        mine = {me} | {p.pid for p in psutil.Process(me).parents()}
        needle = b"\0" + marker.encode() + b"\0"
        for pid in psutil.pids():
            if pid in mine:
                continue
            try:
                with open(f"/proc/{pid}/environ", "rb") as f:
                    if needle not in b"\0" + f.read() + b"\0":
                        continue
                p = psutil.Process(pid)
                self.seen[(pid, p.create_time())] = p
            except (OSError, psutil.Error):
                pass

    def survivors(self) -> list[psutil.Process]:
        alive = []
        for p in self.seen.values():
            try:
                if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                    alive.append(p)
            except psutil.Error:
                pass
        return alive

    def reap(self, grace_s: float = 5.0, background_s: float = 130.0) -> list[str]:
        """Waits up to grace_s for watched processes to end (background_s for the engines'
        class-data-sharing training, a bounded job meant to outlive the cluster that started it),
        then ends the rest by pid. Returns descriptions of those that had to be ended (orphans)."""
        start = time.monotonic()
        alive = self.survivors()
        while alive:
            waited = time.monotonic() - start
            if waited > background_s or (waited > grace_s and not any(map(is_background_job, alive))):
                break
            time.sleep(0.1)
            alive = self.survivors()
        orphans = [describe(p) for p in alive]
        for sig in (signal.SIGTERM, signal.SIGKILL):
            for p in alive:
                try:
                    p.send_signal(sig)
                except psutil.Error:
                    pass
            _, alive = psutil.wait_procs(alive, timeout=3)
            if not alive:
                break
        self.seen = {k: p for k, p in self.seen.items() if p in alive}
        return orphans


def kill_tree(pid: int) -> None:
    """Ends a process we started and its descendants, children first."""
    procs = tree(pid)
    for p in reversed(procs):
        try:
            p.send_signal(signal.SIGTERM)
        except psutil.Error:
            pass
    _, alive = psutil.wait_procs(procs, timeout=5)
    for p in alive:
        try:
            p.kill()
        except psutil.Error:
            pass
