"""The server side's view of the Java clusters: one `jpcluster watch --json` helper and the
actions (start, stop, restart) run as `jpcluster ... --json` commands.

Nothing here knows how a cluster works: the state comes from the helper's lines, the actions'
outcomes from jpcluster's JSON, errors are jpcluster's own sentences.
"""

import asyncio
import json
import os
import shutil
import time

#: Longest a panel's request waits for a change before it gets the unchanged state back.
LONG_POLL_SECONDS = 25.0
#: The helper stops after this long without a panel asking (it starts again on the next request).
IDLE_SECONDS = 300.0
#: Longest line the helper may print (bounded before it is read as JSON).
MAX_LINE = 4 * 1024 * 1024
#: How much of a command's output is kept.
MAX_OUTPUT = 1024 * 1024
ACTIONS = ("start", "stop", "restart")


def find_jpcluster(configured):
    """The jpcluster command: JPARALLEL_JPCLUSTER, else the configured path (install.sh sets it), else jpcluster on PATH."""
    for candidate in (os.environ.get("JPARALLEL_JPCLUSTER", ""), configured):
        if candidate:
            return candidate
    return shutil.which("jpcluster") or ""


class Clusters:
    """The state the panels see, versioned: each change of state or of an action bumps the version."""

    def __init__(self, jpcluster, log):
        self.jpcluster = jpcluster
        self.log = log
        self.version = 0
        self.snapshot = {"profiles": [], "clusters": []}
        self.actions = {}
        self.helper_error = ""
        self._changed = asyncio.Condition()
        self._helper = None
        self._helper_task = None
        self._last_request = time.monotonic()
        self._idle_task = None
        self._action_tasks = {}

    # ---- what the panels read --------------------------------------------------------------

    def state(self):
        return {
            "version": self.version,
            "profiles": self.snapshot.get("profiles", []),
            "clusters": self.snapshot.get("clusters", []),
            "actions": self.actions,
            "error": self.helper_error,
            "ready": self._helper is not None and self.version > 0,
        }

    async def wait_for_change(self, since, timeout=LONG_POLL_SECONDS):
        """The state once its version passes `since`, or after `timeout` seconds unchanged."""
        self._last_request = time.monotonic()
        self._ensure_helper()
        if since > self.version:
            return self.state()  # a version of an earlier server: the panel needs this one's now
        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(lambda: self.version > since), timeout)
            except asyncio.TimeoutError:
                pass
        self._last_request = time.monotonic()
        return self.state()

    async def _bump(self):
        async with self._changed:
            self.version += 1
            self._changed.notify_all()

    # ---- the helper: jpcluster watch --json ------------------------------------------------

    def _ensure_helper(self):
        if self._helper_task is None or self._helper_task.done():
            self._helper_task = asyncio.ensure_future(self._run_helper())
        if self._idle_task is None or self._idle_task.done():
            self._idle_task = asyncio.ensure_future(self._stop_when_idle())

    async def _run_helper(self):
        if not self.jpcluster:
            self.helper_error = ("jpcluster was not found: run ./install.sh of Java (parallel), or set JPARALLEL_JPCLUSTER "
                                 "to its bin/jpcluster")
            await self._bump()
            return
        try:
            proc = await asyncio.create_subprocess_exec(
                self.jpcluster, "watch", "--json", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE, limit=MAX_LINE, start_new_session=True)
        except OSError as e:
            self.helper_error = f"cannot run {self.jpcluster} watch --json: {e.strerror or e}"
            await self._bump()
            return
        self._helper = proc
        self.log.info("jparallel_lab: watching the Java clusters (%s watch --json, pid %d)", self.jpcluster, proc.pid)
        stderr_task = asyncio.ensure_future(_read_capped(proc.stderr))
        try:
            while True:
                try:
                    line = await proc.stdout.readline()
                except ValueError:  # longer than MAX_LINE
                    self.helper_error = "jpcluster watch printed a line longer than %d bytes; the panel stopped reading it" % MAX_LINE
                    break
                if not line:
                    break
                try:
                    snap = json.loads(line)
                except ValueError:
                    continue
                if isinstance(snap, dict):
                    self.snapshot = snap
                    self.helper_error = ""
                    await self._bump()
        finally:
            if proc.returncode is None and proc.stdin is not None:
                proc.stdin.close()
            try:
                rc = await asyncio.wait_for(proc.wait(), 10)
            except asyncio.TimeoutError:
                proc.kill()
                rc = await proc.wait()
            err = (await stderr_task).decode("utf-8", "replace").strip()
            self._helper = None
            if self._stopping_idle:
                self._stopping_idle = False
            elif rc != 0 or err:
                last = err.splitlines()[-1] if err else ""
                self.helper_error = (f"jpcluster watch stopped (exit {rc})" + (f": {last}" if last else "")
                                     + "; the panel starts it again on its next request")
                self.log.warning("jparallel_lab: %s\n%s", self.helper_error, err)
            await self._bump()

    _stopping_idle = False

    async def _stop_when_idle(self):
        while True:
            await asyncio.sleep(IDLE_SECONDS / 5)
            if self._helper is not None and time.monotonic() - self._last_request > IDLE_SECONDS:
                self.log.info("jparallel_lab: no panel asked for %d s; stopping the watch", IDLE_SECONDS)
                self._stopping_idle = True
                if self._helper.stdin is not None:
                    self._helper.stdin.close()
                return

    async def close(self):
        if self._helper is not None and self._helper.stdin is not None:
            self._stopping_idle = True
            self._helper.stdin.close()
        if self._helper_task is not None:
            try:
                await asyncio.wait_for(self._helper_task, 12)
            except (asyncio.TimeoutError, asyncio.CancelledError):
                pass

    # ---- actions ---------------------------------------------------------------------------

    def busy(self, profile):
        t = self._action_tasks.get(profile)
        return t is not None and not t.done()

    async def act(self, profile, action, engines=None):
        """Starts an action in the background; its progress and outcome show in the state."""
        args = [action, "--profile", profile, "--json"]
        if engines is not None and action in ("start", "restart"):
            args[1:1] = ["-n", str(engines)]
        self.actions[profile] = {"action": action, "engines": engines, "running": True, "error": "", "message": "",
                                 "at": time.time()}
        self._ensure_helper()
        await self._bump()
        self._action_tasks[profile] = asyncio.ensure_future(self._run_action(profile, action, args))

    async def _run_action(self, profile, action, args):
        record = self.actions[profile]
        if not self.jpcluster:
            record.update(running=False, error="jpcluster was not found: run ./install.sh of Java (parallel), or set "
                                               "JPARALLEL_JPCLUSTER to its bin/jpcluster")
            await self._bump()
            return
        try:
            # Its own session: the cluster's daemon must outlive this server (jpcluster detaches it too).
            proc = await asyncio.create_subprocess_exec(
                self.jpcluster, *args, stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE, start_new_session=True)
            out, err = await asyncio.gather(_read_capped(proc.stdout), _read_capped(proc.stderr))
            rc = await proc.wait()
        except OSError as e:
            record.update(running=False, error=f"cannot run {self.jpcluster}: {e.strerror or e}")
            await self._bump()
            return
        result = _last_json(out.decode("utf-8", "replace"))
        if rc == 0:
            record.update(running=False, message=(result or {}).get("message", ""))
        else:
            error = (result or {}).get("error", "")
            if not error:
                text = err.decode("utf-8", "replace").strip()
                error = text.removeprefix("jpcluster: ") if text else f"jpcluster {action} failed (exit {rc})"
            record.update(running=False, error=error)
        self.log.info("jparallel_lab: jpcluster %s: exit %d", " ".join(args), rc)
        await self._bump()


async def _read_capped(stream):
    """Everything a stream gives, keeping at most MAX_OUTPUT bytes (the rest is read and dropped)."""
    kept = bytearray()
    while True:
        chunk = await stream.read(65536)
        if not chunk:
            return bytes(kept)
        if len(kept) < MAX_OUTPUT:
            kept += chunk[: MAX_OUTPUT - len(kept)]


def _last_json(text):
    for line in reversed(text.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                value = json.loads(line)
            except ValueError:
                continue
            if isinstance(value, dict):
                return value
    return None
