import mpi.MPI;

/** Checks an mpi.jar under mpirun: rank 0 sends three ints to rank 1, which sends their sum back. */
public class MpiCheck {
    public static void main(String[] args) throws Exception {
        MPI.Init(args);
        int rank = MPI.COMM_WORLD.getRank();
        int size = MPI.COMM_WORLD.getSize();
        if (size != 2) {
            throw new IllegalStateException("MpiCheck needs exactly 2 ranks, got " + size);
        }
        int[] data = new int[3];
        int[] sum = new int[1];
        if (rank == 0) {
            data = new int[] {7, 11, 13};
            MPI.COMM_WORLD.send(data, 3, MPI.INT, 1, 42);
            MPI.COMM_WORLD.recv(sum, 1, MPI.INT, 1, 43);
            System.out.println("mpi-check: rank 0 got sum " + sum[0] + " from rank 1");
        } else {
            MPI.COMM_WORLD.recv(data, 3, MPI.INT, 0, 42);
            sum[0] = data[0] + data[1] + data[2];
            MPI.COMM_WORLD.send(sum, 1, MPI.INT, 0, 43);
        }
        MPI.Finalize();
    }
}
