"""Makes the kernel's class-data-sharing archive: runs the installed kernel once, as Jupyter would,
with -XX:ArchiveClassesAtExit, through a short session (kernel_info, cells, a magic, completion,
inspection, is_complete, history, shutdown), so later kernels start from the classes it loaded.

Usage: train_kernel.py KERNEL_JSON ARCHIVE
The archive is written next to a temporary name and moved into place only when the kernel exited
cleanly; exits non-zero (and leaves no archive) otherwise.
"""
import json
import os
import sys
import tempfile

from jupyter_client.manager import KernelManager
from jupyter_client.kernelspec import KernelSpec

CELLS = [
    "int x = 1;",
    "x + 1",
    'String s = "training"; s.length()',
    "var xs = new java.util.ArrayList<Integer>(); for (int i = 0; i < 10; i++) xs.add(i); xs",
    "int twice(int a) { return 2 * a; }\ntwice(x)",
    'System.out.println("out"); System.err.println("err");',
    "%lsmagic",
    'display(java.util.Map.of("text/html", "<b>b</b>"))',
    "throw new IllegalStateException(\"training\");",
]


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    spec_file, archive = argv[1], argv[2]
    with open(spec_file, encoding="utf-8") as f:
        spec = json.load(f)
    tmp = archive + f".{os.getpid()}.tmp"
    argv_ = [a for a in spec["argv"] if not a.startswith("-XX:SharedArchiveFile=")]
    argv_.insert(1, "-XX:ArchiveClassesAtExit=" + tmp)
    env = dict(os.environ, **spec.get("env", {}), JPARALLEL_HISTORY="0")
    with tempfile.TemporaryDirectory(prefix="jp-train-") as runtime:
        km = KernelManager(connection_file=os.path.join(runtime, "kernel-train.json"))
        km._kernel_spec = KernelSpec(argv=argv_, display_name="training", language="java",
                                     env=env, interrupt_mode=spec.get("interrupt_mode", "signal"))
        km.start_kernel(env=env)
        proc = km.provisioner.process
        kc = km.client()
        kc.start_channels()
        status = None
        try:
            kc.wait_for_ready(timeout=120)
            for code in CELLS:
                reply = kc.execute_interactive(code, timeout=120, output_hook=lambda m: None)
                if reply["content"]["status"] not in ("ok", "error"):
                    raise SystemExit(f"training cell {code!r}: {reply['content']}")
            for send in (lambda: kc.complete("Str", 3), lambda: kc.inspect("String", 3),
                         lambda: kc.is_complete("int y = "), lambda: kc.history(hist_access_type="tail", n=5)):
                msg_id = send()
                while kc.get_shell_msg(timeout=60)["parent_header"].get("msg_id") != msg_id:
                    pass
            kc.shutdown()
            status = proc.wait(timeout=120)  # the JVM writes the archive as it exits
        finally:
            kc.stop_channels()
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=30)
            km.cleanup_resources()
    if status != 0 or not os.path.isfile(tmp) or os.path.getsize(tmp) == 0:
        if os.path.exists(tmp):
            os.remove(tmp)
        sys.exit(f"the training kernel exited with status {status} and wrote no archive")
    os.replace(tmp, archive)


if __name__ == "__main__":
    main(sys.argv)
