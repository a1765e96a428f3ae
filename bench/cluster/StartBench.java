import org.jparallel.cluster.Cluster;
import org.jparallel.cluster.ExecuteResults;
import org.jparallel.cluster.host.EngineCommand;
import org.jparallel.cluster.launch.mpi.MpiLauncher;
import org.jparallel.cluster.model.Profile;
import org.jparallel.notebook.Progress;
import org.jparallel.support.ShellWords;

import org.jparallel.support.Logging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (not a test): how long Cluster.start takes until all engines are ready, and until a
 * first result from every engine, for several engine counts. Run by bench/cluster-start
 * ({@code java -cp "kernel/target/lib/*" bench/cluster/StartBench.java LAUNCHER REPS COUNT...}).
 * Arguments: launcher, repetitions, engine counts; extra engine JVM options in BENCH_JVM_OPTIONS.
 */
public final class StartBench {
    private StartBench() {
    }

    public static void main(String[] args) throws Exception {
        Logging.configure("bench");
        String launcher = args.length > 0 ? args[0] : "mpi";
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Integer> counts = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            counts.add(Integer.parseInt(args[i]));
        }
        if (counts.isEmpty()) {
            counts = List.of(2, 4, 8);
        }
        Path dir = Files.createTempDirectory("jparallel-bench");
        System.setProperty("jparallel.runtime.dir", dir.resolve("runtime").toString());
        List<String> jvm = ShellWords.split(System.getenv().getOrDefault("BENCH_JVM_OPTIONS", ""));
        System.out.printf("cluster start on %d cores (%d physical), launcher %s, %d runs each, engine JVM options %s%s%n",
                Runtime.getRuntime().availableProcessors(), MpiLauncher.cores(), launcher, reps, EngineCommand.DEFAULT_JVM_OPTIONS,
                jvm.isEmpty() ? "" : " + " + jvm);
        System.out.printf("%8s  %-28s  %-28s  %-18s  %s%n", "engines", "ready: median (min-max) s", "first result: median (min-max)",
                "CPU/engine to ready", "stop s");
        for (int n : counts) {
            List<Double> ready = new ArrayList<>();
            List<Double> first = new ArrayList<>();
            List<Double> stop = new ArrayList<>();
            List<Double> cpu = new ArrayList<>();
            for (int r = 0; r < reps; r++) {
                Profile p = new Profile("bench-" + n, n, launcher, java.util.Map.of(), jvm, List.of(), "", "127.0.0.1", Duration.ofSeconds(120));
                long t0 = System.nanoTime();
                Cluster c = Cluster.start(p, Progress.NONE);
                long t1 = System.nanoTime();
                cpu.add(c.status().engines().stream().mapToDouble(e -> cpuSeconds(e.pid())).average().orElse(0));
                ExecuteResults res = c.execute(null, "engineId").get(120, TimeUnit.SECONDS);
                long t2 = System.nanoTime();
                if (!res.ok()) {
                    throw new IllegalStateException("a first request failed: " + res.errors());
                }
                c.stop();
                long t3 = System.nanoTime();
                ready.add((t1 - t0) / 1e9);
                first.add((t2 - t0) / 1e9);
                stop.add((t3 - t2) / 1e9);
            }
            System.out.printf("%8d  %-28s  %-28s  %-18s  %.2f%n", n, summary(ready), summary(first),
                    String.format("%.2f s", median(cpu)), median(stop));
        }
        System.exit(0);
    }

    /** User + system CPU a process has used so far (Linux /proc; clock ticks of 1/100 s). */
    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (java.io.IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static String summary(List<Double> xs) {
        return String.format("%.2f (%.2f-%.2f)", median(xs), Collections.min(xs), Collections.max(xs));
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int m = s.size() / 2;
        return s.size() % 2 == 1 ? s.get(m) : (s.get(m - 1) + s.get(m)) / 2;
    }
}
