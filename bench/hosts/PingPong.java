import java.nio.ByteBuffer;

import mpi.MPI;
import mpi.MPIException;

/**
 * Benchmark (not a test): MPI ping-pong between ranks 0 and 1 with Open MPI's Java bindings.
 * {@code main} prints the median round trip (s) of 8 bytes and of 1 MiB (bench/hosts/run);
 * {@link #medians} is what bench/run's figure 8 sends to two engines in a %%px cell.
 */
public final class PingPong {
    public static void main(String[] args) throws MPIException {
        MPI.Init(args);
        double[] t = medians(MPI.COMM_WORLD.getRank(), new int[] {8, 1 << 20}, new int[] {2000, 50}, false);
        System.out.println(t[0] + " " + t[1]);
        MPI.Finalize();
    }

    /**
     * Median seconds per round trip between ranks 0 and 1 (other ranks return zeros), one per message
     * size in bytes, each after a tenth as many untimed round trips as it times; the messages are
     * byte[] or, when direct, direct ByteBuffers from MPI.newByteBuffer (no copy in the bindings).
     */
    public static double[] medians(int rank, int[] sizes, int[] iterations, boolean direct) throws MPIException {
        double[] out = new double[sizes.length];
        for (int k = 0; k < sizes.length && rank < 2; k++) {
            out[k] = median(rank, sizes[k], iterations[k], direct);
        }
        return out;
    }

    private static double median(int rank, int bytes, int iterations, boolean direct) throws MPIException {
        ByteBuffer buffer = direct ? MPI.newByteBuffer(bytes) : null;
        byte[] array = direct ? null : new byte[bytes];
        double[] t = new double[iterations];
        for (int i = -Math.max(1, iterations / 10); i < iterations; i++) {
            long t0 = System.nanoTime();
            if (rank == 0) {
                transfer(true, buffer, array, bytes, 1);
                transfer(false, buffer, array, bytes, 1);
            } else {
                transfer(false, buffer, array, bytes, 0);
                transfer(true, buffer, array, bytes, 0);
            }
            if (i >= 0) {
                t[i] = (System.nanoTime() - t0) / 1e9;
            }
        }
        java.util.Arrays.sort(t);
        return t[iterations / 2];
    }

    private static void transfer(boolean send, ByteBuffer buffer, byte[] array, int bytes, int peer) throws MPIException {
        if (send) {
            MPI.COMM_WORLD.send(buffer != null ? buffer : array, bytes, MPI.BYTE, peer, 1);
        } else {
            MPI.COMM_WORLD.recv(buffer != null ? buffer : array, bytes, MPI.BYTE, peer, 1);
        }
    }
}
