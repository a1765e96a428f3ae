import mpi.MPI;

/**
 * Benchmark (not a test): MPI ping-pong between ranks 0 and 1 with Open MPI's Java bindings;
 * half the median round trip of 8 bytes, and the bandwidth of 1 MiB messages. Run by bench/hosts/run.
 */
public final class PingPong {
    public static void main(String[] args) throws Exception {
        MPI.Init(args);
        int rank = MPI.COMM_WORLD.getRank();
        System.out.println(pingPong(rank, 8, 2000) + " " + pingPong(rank, 1 << 20, 50));
        MPI.Finalize();
    }

    /** Median seconds per round trip of messages of that many bytes (ranks 0 and 1). */
    private static String pingPong(int rank, int bytes, int iterations) throws Exception {
        byte[] buf = new byte[bytes];
        double[] t = new double[iterations];
        for (int i = -iterations / 10; i < iterations; i++) {
            long t0 = System.nanoTime();
            if (rank == 0) {
                MPI.COMM_WORLD.send(buf, bytes, MPI.BYTE, 1, 1);
                MPI.COMM_WORLD.recv(buf, bytes, MPI.BYTE, 1, 1);
            } else {
                MPI.COMM_WORLD.recv(buf, bytes, MPI.BYTE, 0, 1);
                MPI.COMM_WORLD.send(buf, bytes, MPI.BYTE, 0, 1);
            }
            if (i >= 0) {
                t[i] = (System.nanoTime() - t0) / 1e9;
            }
        }
        java.util.Arrays.sort(t);
        return Double.toString(t[iterations / 2]);
    }
}
