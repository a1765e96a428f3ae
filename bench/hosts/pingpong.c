/* Benchmark (not a test): the ping-pong of PingPong.java in C, the machine's limit for MPI.
 * Built by bench/run's figure 8 with mpicc; run under mpirun -np 2 with SIZE:ITERATIONS arguments,
 * rank 0 prints `SIZE MEDIAN` (median seconds per round trip) per size. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

static int by_value(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

static double ping_pong(int rank, int bytes, int iterations) {
    char *buf = calloc(bytes > 0 ? bytes : 1, 1);
    double *t = malloc(sizeof(double) * iterations);
    int warm = iterations / 10 > 1 ? iterations / 10 : 1;
    for (int i = -warm; i < iterations; i++) {
        double t0 = MPI_Wtime();
        if (rank == 0) {
            MPI_Send(buf, bytes, MPI_BYTE, 1, 1, MPI_COMM_WORLD);
            MPI_Recv(buf, bytes, MPI_BYTE, 1, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        } else {
            MPI_Recv(buf, bytes, MPI_BYTE, 0, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            MPI_Send(buf, bytes, MPI_BYTE, 0, 1, MPI_COMM_WORLD);
        }
        if (i >= 0) {
            t[i] = MPI_Wtime() - t0;
        }
    }
    qsort(t, iterations, sizeof(double), by_value);
    double median = t[iterations / 2];
    free(t);
    free(buf);
    return median;
}

int main(int argc, char **argv) {
    int rank;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    for (int a = 1; a < argc; a++) {
        int bytes, iterations;
        if (sscanf(argv[a], "%d:%d", &bytes, &iterations) != 2 || bytes < 0 || iterations < 1) {
            if (rank == 0) fprintf(stderr, "pingpong: %s is not SIZE:ITERATIONS\n", argv[a]);
            MPI_Abort(MPI_COMM_WORLD, 2);
        }
        double median = rank < 2 ? ping_pong(rank, bytes, iterations) : 0;
        if (rank == 0) {
            printf("%d %.9g\n", bytes, median);
            fflush(stdout);
        }
    }
    MPI_Finalize();
    return 0;
}
