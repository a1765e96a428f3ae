import com.google.gson.JsonObject;
import org.jparallel.cluster.Cluster;
import org.jparallel.cluster.EngineReply;
import org.jparallel.cluster.model.Profile;
import org.jparallel.notebook.Progress;
import org.jparallel.protocol.EngineProtocol;
import org.jparallel.support.Logging;
import org.jparallel.support.ShellWords;
import org.jparallel.wire.Message;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (not a test): where the milliseconds of a %px round trip go. Run by bench/px-hops
 * ({@code java -cp "kernel/target/lib/*" bench/cluster/PxHops.java REPS COUNT...}).
 *
 * <p>For each engine count it starts a cluster in this JVM (controller included, as a kernel does)
 * and times, per request and per engine, with the engine's own started/completed stamps (set when
 * its I/O thread takes the request, and when the reply is built; microseconds, one clock on one
 * machine): client to engine (client, controller, engine's socket), on the engine (the queue to
 * its execution thread and the work), engine back to the client (controller, client, delivery),
 * and the whole round trip as the caller sees it. Three kinds of request: stack_request (served on
 * the engine's control path: no JShell), an empty execute_request (no snippet to compile) and
 * {@code int x = 1;} (one JShell snippet on every engine).
 */
public final class PxHops {
    private PxHops() {
    }

    private record Sample(double total, double to, double on, double back) {
    }

    public static void main(String[] args) throws Exception {
        Logging.configure("bench");
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        List<Integer> counts = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            counts.add(Integer.parseInt(args[i]));
        }
        if (counts.isEmpty()) {
            counts = List.of(2, 4, 8);
        }
        Path dir = Files.createTempDirectory("jparallel-bench");
        System.setProperty("jparallel.runtime.dir", dir.resolve("runtime").toString());
        List<String> jvm = ShellWords.split(System.getenv().getOrDefault("BENCH_JVM_OPTIONS", ""));
        System.out.printf("%%px hops on %d cores, %d requests each (medians, ms; per engine: to = client to engine, "
                + "on = on the engine, back = engine to client)%n", Runtime.getRuntime().availableProcessors(), reps);
        System.out.printf("%8s  %-14s  %9s  %9s  %9s  %9s%n", "engines", "request", "round trip", "to", "on", "back");
        for (int n : counts) {
            Profile p = new Profile("bench-hops-" + n, n, "mpi", java.util.Map.of(), jvm, List.of(), "", "127.0.0.1",
                    Duration.ofSeconds(120));
            Cluster c = Cluster.start(p, Progress.NONE);
            try {
                for (String[] kind : new String[][] {{"stack", null}, {"empty execute", ""}, {"int x = 1;", "int x = 1;"}}) {
                    run(c, kind[1], 30); // warm-up
                    List<Sample> samples = run(c, kind[1], reps);
                    System.out.printf("%8d  %-14s  %9.2f  %9.2f  %9.2f  %9.2f%n", n, kind[0],
                            median(samples.stream().map(Sample::total).toList()),
                            median(samples.stream().map(Sample::to).toList()),
                            median(samples.stream().map(Sample::on).toList()),
                            median(samples.stream().map(Sample::back).toList()));
                }
            } finally {
                c.stop();
            }
        }
        System.exit(0);
    }

    /** reps requests to all engines, one after the other; per request and engine: the hops (ms). */
    private static List<Sample> run(Cluster c, String code, int reps) throws Exception {
        List<Integer> ids = c.ids();
        List<Sample> out = new ArrayList<>();
        for (int r = 0; r < reps; r++) {
            Instant[] arrived = new Instant[ids.size()];
            List<CompletableFuture<Message>> replies = new ArrayList<>();
            long t0 = System.nanoTime();
            Instant sent = Instant.now();
            for (int i = 0; i < ids.size(); i++) {
                int slot = i;
                JsonObject content = new JsonObject();
                String type;
                if (code == null) {
                    type = EngineProtocol.STACK_REQUEST;
                    content.addProperty("all_threads", false);
                } else {
                    type = EngineProtocol.EXECUTE_REQUEST;
                    content.addProperty("code", code);
                    content.addProperty("silent", false);
                }
                replies.add(c.request(ids.get(i), type, content, List.of(), m -> {
                    if (EngineProtocol.isReply(m.type())) {
                        arrived[slot] = Instant.now();
                    }
                }));
            }
            CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            double total = (System.nanoTime() - t0) / 1e6;
            for (int i = 0; i < ids.size(); i++) {
                Message m = replies.get(i).join();
                EngineReply reply = new EngineReply(ids.get(i), m);
                if (!reply.ok()) {
                    throw new IllegalStateException("engine " + ids.get(i) + " answered " + m.content());
                }
                Instant started = OffsetDateTime.parse(m.metadata().get("started").getAsString()).toInstant();
                Instant completed = OffsetDateTime.parse(m.metadata().get("completed").getAsString()).toInstant();
                out.add(new Sample(total, ms(sent, started), ms(started, completed), ms(completed, arrived[i])));
            }
        }
        return out;
    }

    private static double ms(Instant a, Instant b) {
        return a.until(b, ChronoUnit.MICROS) / 1000.0;
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
