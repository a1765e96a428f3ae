import org.jparallel.cluster.Cluster;
import org.jparallel.cluster.ExecuteResults;
import org.jparallel.cluster.model.Profile;
import org.jparallel.notebook.Progress;
import org.jparallel.support.Logging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (not a test): the slurm launcher on the test Slurm of tests/slurm/slurm-up.sh. For each
 * engine count, the time from Cluster.start to all engines ready, and from stop() to the job gone
 * from squeue. Prints one line per run: "ours N ready_s stop_s". Run by bench/slurm-start
 * ({@code java -cp "kernel/target/lib/*" bench/slurm/SlurmBench.java SLURM_CONF REPS COUNT...}).
 */
public final class SlurmBench {
    private SlurmBench() {
    }

    public static void main(String[] args) throws Exception {
        Logging.configure("bench");
        String conf = args[0];
        int reps = Integer.parseInt(args[1]);
        Path dir = Files.createTempDirectory("jparallel-slurm-bench");
        System.setProperty("jparallel.runtime.dir", dir.resolve("runtime").toString());
        for (int i = 2; i < args.length; i++) {
            int n = Integer.parseInt(args[i]);
            for (int r = 0; r < reps; r++) {
                Profile p = new Profile("bench-slurm-" + n, n, "slurm", Map.of("slurm.conf", conf), List.of(), List.of(), "",
                        "10.77.0.1", Duration.ofSeconds(120));
                long t0 = System.nanoTime();
                Cluster c = Cluster.start(p, Progress.NONE);
                long t1 = System.nanoTime();
                ExecuteResults res = c.execute(null, "engineId").get(120, TimeUnit.SECONDS);
                if (!res.ok() || res.results().size() != n) {
                    throw new IllegalStateException("a first request failed: " + res.errors());
                }
                String job = c.status().launch().replaceAll("Slurm job (\\d+).*", "$1");
                long t2 = System.nanoTime();
                c.stop();
                long end = t2 + TimeUnit.SECONDS.toNanos(60);
                while (queued(conf, job) && System.nanoTime() < end) {
                    Thread.sleep(50);
                }
                long t3 = System.nanoTime();
                System.out.printf("ours %d %.2f %.2f%n", n, (t1 - t0) / 1e9, (t3 - t2) / 1e9);
            }
        }
        System.exit(0);
    }

    private static boolean queued(String conf, String job) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("squeue", "-h", "-j", job, "-o", "%i").redirectErrorStream(true);
        pb.environment().put("SLURM_CONF", conf);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor(30, TimeUnit.SECONDS);
        return out.equals(job);
    }
}
