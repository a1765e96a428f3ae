"""ipyparallel's own Slurm launcher on the test Slurm (bench/slurm-start): for each engine count,
the time from start to all engines ready (Client.wait_for_engines) and from stop to the job gone
from squeue. Prints one line per run: "ipyparallel N ready_s stop_s". Benchmark, not a test."""
import os
import subprocess
import sys
import tempfile
import time

import ipyparallel as ipp


def queued(job):
    out = subprocess.run(["squeue", "-h", "-j", str(job), "-o", "%i"], capture_output=True, text=True, timeout=30)
    return out.stdout.strip() != ""


def main():
    reps = int(sys.argv[1])
    counts = [int(a) for a in sys.argv[2:]] or [2, 4]
    base = tempfile.mkdtemp(prefix="ipp-slurm-bench-")
    for n in counts:
        for r in range(reps):
            prof = os.path.join(base, f"profile_{n}_{r}")
            cluster = ipp.Cluster(n=n, engines="slurm", controller_ip="10.77.0.1", profile_dir=prof, log_level=40)
            t0 = time.monotonic()
            cluster.start_cluster_sync()
            rc = cluster.connect_client_sync()
            rc.wait_for_engines(n, timeout=180)
            t1 = time.monotonic()
            assert rc[:].apply_sync(lambda: 1) == [1] * n
            job = next(iter(cluster.engines.values())).job_id
            rc.close()
            t2 = time.monotonic()
            cluster.stop_cluster_sync()
            deadline = t2 + 60
            while queued(job) and time.monotonic() < deadline:
                time.sleep(0.05)
            t3 = time.monotonic()
            print(f"ipyparallel {n} {t1 - t0:.2f} {t3 - t2:.2f}", flush=True)


if __name__ == "__main__":
    main()
