import org.jparallel.cluster.Cluster;
import org.jparallel.cluster.model.Profile;
import org.jparallel.cluster.model.Profiles;
import org.jparallel.notebook.Progress;
import org.jparallel.support.Logging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Benchmark (not a test) of engines on other hosts: Cluster.start until all engines are ready, for
 * each engine count, and the round trip of a trivial request to every engine, on a hosts profile
 * and, for comparison, the same engines under mpirun on this machine. Run by bench/hosts/run
 * ({@code java -cp "kernel/target/lib/*" bench/hosts/HostsBench.java PROFILE REPS ROUNDTRIPS COUNT...}).
 */
public final class HostsBench {
    private HostsBench() {
    }

    public static void main(String[] args) throws Exception {
        Logging.configure("bench");
        // a loaded 2-core machine starts 8 engine JVMs slowly: give them time
        Profile hosts = Profiles.user().load(args[0]).withStartTimeout(java.time.Duration.ofSeconds(300));
        int reps = Integer.parseInt(args[1]);
        int trips = Integer.parseInt(args[2]);
        System.out.printf("%-28s %8s %8s %8s%n", "engines ready", "median", "min", "max");
        for (int i = 3; i < args.length; i++) {
            int n = Integer.parseInt(args[i]);
            List<Double> ready = new ArrayList<>();
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                Cluster c = Cluster.start(hosts.withEngines(n), Progress.NONE);
                ready.add((System.nanoTime() - t0) / 1e9);
                c.stop();
            }
            Collections.sort(ready);
            System.out.printf("%-28s %7.2fs %7.2fs %7.2fs%n", n + " engines on " + hosts.setting("hosts.list", "the hosts"),
                    ready.get(ready.size() / 2), ready.get(0), ready.get(ready.size() - 1));
        }
        System.out.printf("%n%-28s %8s %8s %8s%n", "%px round trip (2 engines)", "median", "p10", "p90");
        roundTrips("across 2 hosts", hosts.withEngines(2), trips);
        roundTrips("on this machine (mpi)", hosts.withLauncher("mpi").withSetting("hosts.list", null)
                .withSetting("hosts.rsh_agent", null).withEngines(2), trips);
    }

    private static void roundTrips(String what, Profile p, int trips) {
        Cluster c = Cluster.start(p, Progress.NONE);
        try {
            for (int i = 0; i < 50; i++) {
                c.view().execute("1"); // warm-up
            }
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < trips; i++) {
                long t0 = System.nanoTime();
                c.view().execute("1");
                ms.add((System.nanoTime() - t0) / 1e6);
            }
            Collections.sort(ms);
            System.out.printf("%-28s %6.2fms %6.2fms %6.2fms%n", what, ms.get(ms.size() / 2), ms.get(ms.size() / 10),
                    ms.get(ms.size() * 9 / 10));
        } finally {
            c.stop();
        }
    }
}
