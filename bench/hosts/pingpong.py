"""Benchmark (not a test): the ping-pong of PingPong.java with mpi4py and numpy arrays.
No arguments: the median round trips (s) of 8 bytes and 1 MiB (bench/hosts/run). With arguments
SIZE:ITERATIONS ...: rank 0 prints `SIZE MEDIAN` per size (bench/run's figure 8)."""
import sys
import time

import numpy as np
from mpi4py import MPI


def ping_pong(comm, rank, size, iterations):
    buf = np.zeros(size, dtype=np.uint8)
    times = []
    for i in range(-max(1, iterations // 10), iterations):
        t0 = time.perf_counter()
        if rank == 0:
            comm.Send([buf, MPI.BYTE], dest=1, tag=1)
            comm.Recv([buf, MPI.BYTE], source=1, tag=1)
        else:
            comm.Recv([buf, MPI.BYTE], source=0, tag=1)
            comm.Send([buf, MPI.BYTE], dest=0, tag=1)
        if i >= 0:
            times.append(time.perf_counter() - t0)
    times.sort()
    return times[len(times) // 2]


comm = MPI.COMM_WORLD
rank = comm.Get_rank()
if len(sys.argv) == 1:
    print(ping_pong(comm, rank, 8, 2000), ping_pong(comm, rank, 1 << 20, 50))
else:
    for arg in sys.argv[1:]:
        size, iterations = (int(x) for x in arg.split(":"))
        t = ping_pong(comm, rank, size, iterations)
        if rank == 0:
            print(size, t, flush=True)
