"""Drives one kernel over the real Jupyter protocol (jupyter_client), as a frontend would."""
import queue
import time
from dataclasses import dataclass, field

from jupyter_client.manager import KernelManager

from jpbench.procs import Tracker, hwm_mb, rss_mb

RESEND_S = 1.0


class BenchError(RuntimeError):
    """A measurement could not be taken; the message says which and why."""


@dataclass
class ExecResult:
    status: str
    seconds: float
    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)
    results: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    displays: dict[str, str] = field(default_factory=dict)  # display_id -> latest text/plain
    messages: int = 0

    def shown(self) -> list[str]:
        """The text a notebook shows for the cell: streams, results, and each display as last updated."""
        return self.stdout + self.results + list(self.displays.values())

    @property
    def text(self) -> str:
        return "".join(self.shown())

    def check(self, what: str) -> "ExecResult":
        if self.status != "ok" or self.errors:
            raise BenchError(f"{what}: the cell failed ({self.status}): "
                             + " | ".join(self.errors + self.stderr)[:800])
        return self


class KernelSession:
    """One kernel started from a kernelspec in the bench's JUPYTER_PATH."""

    def __init__(self, kernel_name: str, tracker: Tracker, env: dict[str, str] | None = None,
                 cwd: str | None = None) -> None:
        self.name = kernel_name
        self.tracker = tracker
        self.env = env
        self.cwd = cwd
        self.km: KernelManager | None = None
        self.kc = None

    def start(self, timeout: float = 120, quiet_s: float = 0.0) -> float:
        """Launches the kernel; returns seconds from launch to its kernel_info_reply. With quiet_s,
        the first kernel_info_request goes that long after the launch (a kernel that dies on an
        early request gets time to set up; the seconds returned then include the wait)."""
        t0 = time.perf_counter()
        self.km = KernelManager(kernel_name=self.name)
        kw = {}
        if self.env is not None:
            kw["env"] = self.env
        if self.cwd is not None:
            kw["cwd"] = self.cwd
        self.km.start_kernel(**kw)
        self.tracker.watch(self.pid)
        self.kc = self.km.client()
        self.kc.start_channels()
        if quiet_s > 0:
            time.sleep(quiet_s)
        # Asked again every RESEND_S, as jupyter_client's wait_for_ready does: some kernels (rapaio)
        # drop a kernel_info_request that arrives before their handlers are ready.
        sent = {self.kc.kernel_info()}
        next_send = time.perf_counter() + RESEND_S
        deadline = t0 + timeout
        while True:
            now = time.perf_counter()
            if now > deadline or not self.km.is_alive():
                raise BenchError(f"kernel {self.name} sent no kernel_info_reply within {timeout:.0f} s"
                                 + ("" if self.km.is_alive() else " (it exited)"))
            if now >= next_send:
                sent.add(self.kc.kernel_info())
                next_send = now + RESEND_S
            try:
                m = self.kc.get_shell_msg(timeout=max(0.001, min(next_send, deadline) - now))
            except queue.Empty:
                continue
            if m["parent_header"].get("msg_id") in sent and m["msg_type"] == "kernel_info_reply":
                started = time.perf_counter() - t0
                break
        self._await_iopub(sent)
        return started

    def _await_iopub(self, sent: set[str], limit_s: float = 10) -> None:
        """Waits until iopub carries a status of one of our requests, so no output of the first cell
        is lost to a subscription still connecting; then drops the start-up replies."""
        end = time.perf_counter() + limit_s
        while time.perf_counter() < end:
            try:
                m = self.kc.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                sent.add(self.kc.kernel_info())
                continue
            if m["parent_header"].get("msg_id") in sent:
                break
        self._drain(0.1)

    @property
    def pid(self) -> int:
        return self.km.provisioner.process.pid

    def rss_mb(self) -> float | None:
        return rss_mb(self.pid)

    def hwm_mb(self) -> float | None:
        return hwm_mb(self.pid)

    def _drain(self, wait: float) -> None:
        """Drops the replies to the extra kernel_info_requests, and start-up iopub messages."""
        for get in (self.kc.get_shell_msg, self.kc.get_iopub_msg):
            end = time.perf_counter() + wait
            for _ in range(100000):
                left = end - time.perf_counter()
                if left <= 0:
                    break
                try:
                    get(timeout=left)
                except queue.Empty:
                    break

    def execute(self, code: str, timeout: float = 120) -> ExecResult:
        """Runs a cell; the clock runs from execute_request to both its reply and its idle status."""
        t0 = time.perf_counter()
        msg_id = self.kc.execute(code, store_history=False, allow_stdin=False)
        deadline = t0 + timeout
        res = ExecResult(status="?", seconds=0.0)
        idle = False
        while not idle:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise BenchError(f"kernel {self.name}: cell did not finish within {timeout:.0f} s: {code[:80]!r}")
            try:
                m = self.kc.get_iopub_msg(timeout=min(left, 1.0))
            except queue.Empty:
                if not self.km.is_alive():
                    raise BenchError(f"kernel {self.name} died while running {code[:80]!r}")
                continue
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            res.messages += 1
            t, c = m["msg_type"], m["content"]
            if t == "stream":
                (res.stdout if c.get("name") == "stdout" else res.stderr).append(c.get("text", ""))
            elif t in ("execute_result", "display_data", "update_display_data"):
                text = c.get("data", {}).get("text/plain", "")
                did = (c.get("transient") or {}).get("display_id")
                if did:
                    res.displays[did] = text
                elif t != "update_display_data":
                    res.results.append(text)
            elif t == "error":
                res.errors.append(f"{c.get('ename')}: {c.get('evalue')}")
            elif t == "status" and c.get("execution_state") == "idle":
                idle = True
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise BenchError(f"kernel {self.name}: no execute_reply within {timeout:.0f} s")
            try:
                m = self.kc.get_shell_msg(timeout=left)
            except queue.Empty:
                continue
            if m["parent_header"].get("msg_id") == msg_id:
                res.status = m["content"].get("status", "?")
                if res.status == "error" and not res.errors:
                    res.errors.append(f"{m['content'].get('ename')}: {m['content'].get('evalue')}")
                break
        res.seconds = time.perf_counter() - t0
        return res

    def shutdown(self, timeout: float = 30) -> None:
        """Asks the kernel to shut down (as a frontend does), then makes sure it is gone."""
        if self.km is None:
            return
        try:
            self.tracker.watch(self.pid)
            if self.kc is not None:
                self.kc.stop_channels()
            self.km.shutdown_kernel(now=False)
        except Exception:  # noqa: BLE001 - a kernel that fails its shutdown is still ended below
            try:
                self.km.shutdown_kernel(now=True)
            except Exception:  # noqa: BLE001
                pass
        finally:
            self.km = None
            self.kc = None

    def __enter__(self) -> "KernelSession":
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()


RETRY_QUIET_S = 3.0


def start_session(spec: str, tracker: Tracker, env: dict[str, str], cwd: str | None,
                  tries: int = 3, timeout: float = 30) -> tuple[KernelSession, float | None, int]:
    """Starts a kernel, trying again if it never answers (rapaio 3.0.1's shell thread can die on a
    kernel_info_request that arrives early): a retry sends its first request RETRY_QUIET_S after
    the launch. Returns (session, start seconds or None for a retried start, whose time includes
    that wait and is no start figure, starts that hung)."""
    hung = 0
    last: BenchError | None = None
    for attempt in range(tries):
        k = KernelSession(spec, tracker, env=env, cwd=cwd)
        try:
            took = k.start(timeout=timeout, quiet_s=RETRY_QUIET_S if attempt else 0.0)
            return k, (took if attempt == 0 else None), hung
        except BenchError as e:
            k.shutdown()
            hung += 1
            last = e
    raise BenchError(f"{last}; {tries} starts tried")
