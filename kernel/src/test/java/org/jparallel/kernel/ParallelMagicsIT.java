package org.jparallel.kernel;


import com.google.gson.JsonObject;
import org.jparallel.wire.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parallel magics and the data API as a user drives them: the real kernel over the Jupyter
 * protocol, a cluster of 2 engines under mpirun started with %cluster, what the notebook shows.
 */
@Timeout(600)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ParallelMagicsIT {
    static final Duration T = Duration.ofSeconds(120);
    /** The kernel's cluster; profiles and runtime files live in a directory of this test's own. */
    static final String PROFILE = "default";
    static final String OTHER = "magics-connect-it";
    static java.nio.file.Path dirs;
    static KernelProcess kernel;
    static KernelClient client;

    @BeforeAll
    static void start() throws Exception {
        kernel = KernelProcess.start("parallel-magics");
        client = kernel.client();
        // Cluster profiles and runtime files apart from the user's (and from other tests'), as a user could set them.
        dirs = java.nio.file.Files.createTempDirectory("magics-it");
        CellRun isolate = run("System.setProperty(\"jparallel.config.dir\", \"" + dirs.resolve("config") + "\");\n"
                + "System.setProperty(\"jparallel.runtime.dir\", \"" + dirs.resolve("runtime") + "\");");
        assertThat(isolate.status()).isEqualTo("ok");
        CellRun none = run("%px 1 + 1");
        assertThat(none.status()).isEqualTo("error");
        assertThat(none.ename()).isEqualTo("UsageError");
        assertThat(none.evalue()).isEqualTo("no cluster: start one with %cluster start -n 2 or Cluster.start(...)");
        CellRun started = run("%cluster start -n 2");
        assertThat(started.status()).as(started.view().error() + "\n" + kernel.logText()).isEqualTo("ok");
        assertThat(started.text()).contains("Started cluster '" + PROFILE + "': 2 engines (mpi), ids 0, 1");
        assertThat(run("import java.util.*; import java.util.stream.*; import org.jparallel.cluster.*;").status()).isEqualTo("ok");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (client != null) {
                CellRun stopped = run("%cluster stop");
                assertThat(stopped.text()).contains("Stopped cluster '" + PROFILE + "' (2 engines)");
                client.close();
            }
        } finally {
            if (kernel != null) {
                kernel.close();
            }
            if (dirs != null) {
                try (var walk = java.nio.file.Files.walk(dirs)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    static CellRun run(String code) {
        return CellRun.run(client, code, T);
    }

    @Test
    @Order(1)
    void pxLineRunsOnEveryEngineWithPrefixedOutput() {
        CellRun c = run("%px System.out.println(\"hello from \" + engineId)");
        assertThat(c.status()).isEqualTo("ok");
        assertThat(c.text()).isEqualTo("[stdout:0] hello from 0\n[stdout:1] hello from 1\n");
        assertThat(c.view().clears).isZero();
    }

    @Test
    @Order(2)
    void cellMagicShowsOutputsAndValuesGroupedByEngine() {
        CellRun c = run("%%px\nSystem.out.println(\"out\");\nSystem.err.println(\"err\");\nengineId * 10");
        assertThat(c.status()).isEqualTo("ok");
        assertThat(c.text()).matches("\\[stdout:0] out\n\\[stderr:0] err\nOut\\[0:\\d+]: 0\n"
                + "\\[stdout:1] out\n\\[stderr:1] err\nOut\\[1:\\d+]: 10\n");
    }

    @Test
    @Order(3)
    void groupOutputsTypeAndOrderWithoutStreaming() {
        CellRun type = run("%%px --no-stream --group-outputs=type\nSystem.out.println(\"a\" + engineId);\n"
                + "System.err.println(\"b\" + engineId);\nengineId");
        assertThat(type.text()).matches("\\[stdout:0] a0\n\\[stdout:1] a1\n\\[stderr:0] b0\n\\[stderr:1] b1\n"
                + "Out\\[0:\\d+]: 0\nOut\\[1:\\d+]: 1\n");
        assertThat(type.view().updates).isZero();
        // Engine 1 prints first, then engine 0: in arrival order.
        CellRun order = run("%%px --group-outputs=order --no-stream\nif (engineId == 0) Thread.sleep(1500);\n"
                + "System.out.println(\"e\" + engineId);");
        assertThat(order.text()).isEqualTo("[stdout:1] e1\n[stdout:0] e0\n");
        CellRun engine = run("%%px --group-outputs=engine\nif (engineId == 0) Thread.sleep(1500);\n"
                + "System.out.println(\"e\" + engineId);");
        assertThat(engine.text()).isEqualTo("[stdout:0] e0\n[stdout:1] e1\n");
    }

    @Test
    @Order(4)
    void targetsSelectEngines() {
        assertThat(run("%px -t 1 System.out.println(engineId)").text()).isEqualTo("[stdout:1] 1\n");
        assertThat(run("%%px --targets ::2\nSystem.out.println(engineId);").text()).isEqualTo("[stdout:0] 0\n");
        CellRun bad = run("%px -t 5 System.out.println(engineId)");
        assertThat(bad.ename()).isEqualTo("UsageError");
        assertThat(bad.evalue()).isEqualTo("target 5 is out of range: the engines are 0, 1");
        CellRun garbage = run("%%px --targets=zero\nSystem.out.println(1);");
        assertThat(garbage.evalue()).isEqualTo("%%px: --targets: 'zero' is not an engine id; use all, an engine id (3),"
                + " a list (0,2) or a slice (1:3, ::2)");
        CellRun unknown = run("%%px --frobnicate\nSystem.out.println(1);");
        assertThat(unknown.evalue()).isEqualTo("%%px: unknown option '--frobnicate'");
        assertThat(unknown.view().error()).contains("Usage: %%px");
    }

    @Test
    @Order(5)
    void errorsOnSomeEnginesAndCompileErrors() {
        CellRun c = run("%%px\nSystem.out.println(\"before \" + engineId);\nint z = 10 / engineId;");
        assertThat(c.status()).isEqualTo("error");
        assertThat(c.ename()).isEqualTo("ParallelError");
        assertThat(c.evalue()).isEqualTo("1 of 2 engines failed");
        assertThat(c.view().error()).startsWith("[0:execute] java.lang.ArithmeticException: / by zero\n");
        assertThat(c.view().error()).endsWith("ParallelError: 1 of 2 engines failed");
        assertThat(c.text()).isEqualTo("[stdout:0] before 0\n[stdout:1] before 1\n");
        CellRun compile = run("%%px\nint y = undefinedVar + 1;");
        assertThat(compile.evalue()).isEqualTo("2 of 2 engines failed");
        String tb = compile.view().error();
        assertThat(tb).contains("[0:execute] CompilationError: cannot find symbol").contains("[1:execute] CompilationError");
        assertThat(tb.split("undefinedVar \\+ 1", -1)).hasSize(3); // the source line once per engine
    }

    @Test
    @Order(6)
    void noblockThenPxresultAndAStoredResult() {
        CellRun c = run("%%px --noblock -o ar\nThread.sleep(1000);\nSystem.out.println(\"late \" + engineId);\nengineId + 100");
        assertThat(c.status()).isEqualTo("ok");
        assertThat(c.text()).startsWith("<AsyncResult(%px): pending");
        CellRun r = run("%pxresult");
        assertThat(r.text()).matches("\\[stdout:0] late 0\nOut\\[0:\\d+]: 100\n\\[stdout:1] late 1\nOut\\[1:\\d+]: 101\n");
        CellRun got = run("ar.get()");
        assertThat(got.execution().result()).isEqualTo("[100, 101]");
        assertThat(run("ar.stdout()").execution().result()).isEqualTo("[late 0\n, late 1\n]");
    }

    @Test
    @Order(7)
    void pxconfigAndVerboseAndLocal() {
        assertThat(run("%pxconfig").text())
                .isEqualTo("%pxconfig: targets=all block=true group-outputs=engine stream=true timeout=none verbose=false\n");
        assertThat(run("%pxconfig --targets 1 --verbose").status()).isEqualTo("ok");
        assertThat(run("%px System.out.println(engineId)").text())
                .isEqualTo("Parallel execution on engine 1\n[stdout:1] 1\n");
        assertThat(run("%pxconfig --targets all --no-verbose").status()).isEqualTo("ok");
        CellRun local = run("%%px --local\nint here = 7;\nSystem.out.println(\"ran\");");
        assertThat(local.text()).isEqualTo("ran\n[stdout:0] ran\n[stdout:1] ran\n");
        assertThat(run("here").execution().result()).isEqualTo("7");
    }

    @Test
    @Order(8)
    void autopxSendsEveryCellUntilTurnedOff() {
        assertThat(run("%autopx").text()).isEqualTo("%autopx enabled\n");
        assertThat(run("System.out.println(\"auto \" + engineId);").text()).isEqualTo("[stdout:0] auto 0\n[stdout:1] auto 1\n");
        assertThat(run("%autopx").text()).isEqualTo("%autopx disabled\n");
        CellRun local = run("engineId");
        assertThat(local.status()).as("engineId exists only on the engines").isEqualTo("error");
    }

    @Test
    @Order(9)
    void aLongWaitShowsProgress() {
        CellRun c = run("%%px\nThread.sleep(engineId == 0 ? 200 : 3500);\nSystem.out.println(\"done\");");
        assertThat(c.view().text()).matches("\\[stdout:0] done\n\\[stdout:1] done\n2/2 engines done in \\d+\\.\\d s\n");
        assertThat(c.view().updates).isPositive();
    }

    @Test
    @Order(10)
    void interruptingTheCellStopsEveryEngine() {
        Message req = client.executeAsync("%%px\nlong i = 0; while (true) { i++; }");
        sleep(1500);
        Message interrupt = client.send(client.control, "interrupt_request", new JsonObject());
        assertThat(client.controlReply(interrupt, T)).isNotNull();
        KernelClient.Execution e = client.collect(req, T);
        CellRun c = new CellRun(e, OutputArea.of(e.outputs()));
        assertThat(c.ename()).isEqualTo("Interrupted");
        assertThat(c.evalue()).isEqualTo("the cell was interrupted; engines 0, 1 stopped");
        assertThat(run("%px 2 + 2").text()).matches("Out\\[0:\\d+]: 4\nOut\\[1:\\d+]: 4\n");
    }

    @Test
    @Order(11)
    void dataApiFromJavaCells() {
        CellRun sq = run("var view = Cluster.active().get().view();\n"
                + "view.mapSync(x -> x * x, IntStream.range(0, 32).boxed().toList())");
        assertThat(sq.execution().result()).isEqualTo("[0, 1, 4, 9, 16, 25, 36, 49, 64, 81, 100, 121, 144, 169, 196, 225,"
                + " 256, 289, 324, 361, 400, 441, 484, 529, 576, 625, 676, 729, 784, 841, 900, 961]");
        assertThat(run("int factor = 3;\nview.mapSync(x -> x * factor, List.of(1, 2, 3))").execution().result()).isEqualTo("[3, 6, 9]");
        assertThat(run("factor = 5;\nview.mapSync(x -> x * factor, List.of(1, 2, 3))").execution().result()).isEqualTo("[5, 10, 15]");
        assertThat(run("view.push(Map.of(\"n\", 5, \"xs\", List.of(1, 2, 3)));\nview.pull(\"n\")").execution().result())
                .isEqualTo("[5, 5]");
        assertThat(run("%px n + xs.size()").text()).matches("Out\\[0:\\d+]: 8\nOut\\[1:\\d+]: 8\n");
        assertThat(run("view.scatter(\"part\", IntStream.range(0, 10).boxed().toList());\nview.gather(\"part\")").execution().result())
                .isEqualTo("[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]");
        assertThat(run("%px part").text()).matches("Out\\[0:\\d+]: \\[0, 1, 2, 3, 4]\nOut\\[1:\\d+]: \\[5, 6, 7, 8, 9]\n");
        CellRun printed = run("view.applySync(() -> { System.out.println(\"on \" + System.getenv(\"OMPI_COMM_WORLD_RANK\")); return 1; })");
        assertThat(printed.text()).as(printed.view().error()).isEqualTo("[stdout:0] on 0\n[stdout:1] on 1\n[1, 1]\n");
        CellRun bad = run("Thread worker = new Thread(() -> {});\nview.applySync(() -> worker.getName())");
        assertThat(bad.evalue()).isEqualTo("the notebook variable worker cannot be sent to the engines: it holds a"
                + " java.lang.Thread, which is not Serializable; create such values inside the function, on the engines");
        CellRun failing = run("view.mapSync(x -> 10 / x, List.of(1, 0, 2, 3))");
        assertThat(failing.ename()).isEqualTo("org.jparallel.cluster.ParallelException");
        assertThat(failing.evalue()).startsWith("1 of 2 engines failed\n[0:map] java.lang.ArithmeticException: / by zero");
    }

    @Test
    @Order(15)
    void connectToAClusterStartedByJpcluster() throws Exception {
        try {
            jpcluster("profile", "create", OTHER, "-n", "2");
            String started = jpcluster("start", "--profile", OTHER);
            assertThat(started).contains(OTHER);
            CellRun c = run("%cluster connect --profile " + OTHER);
            assertThat(c.text()).as(c.view().error()).contains("Connected to cluster '" + OTHER + "': 2 engines (mpi), ids 0, 1");
            assertThat(run("%px System.out.println(\"connected \" + engineId)").text())
                    .isEqualTo("[stdout:0] connected 0\n[stdout:1] connected 1\n");
            assertThat(run("%cluster status").text()).startsWith("Cluster '" + OTHER + "': running: 2/2 engines (mpi, hosted by jpcluster");
            assertThat(run("%cluster stop").text()).contains("Stopped cluster '" + OTHER + "' (2 engines)");
            // The kernel's own cluster is the active one again.
            assertThat(run("%cluster status").text()).startsWith("Cluster '" + PROFILE + "': running: 2/2 engines");
        } finally {
            jpcluster("stop", "--profile", OTHER);
        }
    }

    /** Runs bin/jpcluster on the built jars (bounded: 180 s); returns its stdout and stderr. */
    private static String jpcluster(String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(KernelSpecFixtures.repoRoot().resolve("bin/jpcluster").toString());
        cmd.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("JPARALLEL_CLASSPATH", KernelProcess.classPath());
        pb.environment().put("JPARALLEL_CONFIG_DIR", dirs.resolve("config").toString());
        pb.environment().put("JPARALLEL_RUNTIME_DIR", dirs.resolve("runtime").toString());
        pb.environment().put("JAVA_HOME", java.nio.file.Path.of(KernelSpecFixtures.java()).getParent().getParent().toString());
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(180, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("jpcluster " + String.join(" ", args) + " did not finish in 180 s");
        }
        return new String(out, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    @Order(20)
    void aTimeoutOnADeadlockShowsWhereTheEnginesAreAndTheWayOut() {
        CellRun c = run("%%px --timeout 3\nint[] buf = new int[1];\nint other = 1 - mpi.MPI.COMM_WORLD.getRank();\n"
                + "mpi.MPI.COMM_WORLD.recv(buf, 1, mpi.MPI.INT, other, 0);");
        assertThat(c.ename()).isEqualTo("TimeoutError");
        assertThat(c.evalue()).isEqualTo("engines 0, 1 were still running after 3 s");
        String tb = c.view().error();
        assertThat(tb).contains("[0:execute] still running after 3 s, at:\n    at mpi.Comm.recv(Native Method)")
                .contains("[1:execute] still running after 3 s, at:")
                .contains("Engines 0, 1 did not stop when interrupted: stuck in native code")
                .contains("Run %cluster restart to replace the engines.");
        CellRun next = run("%px 1 + 1");
        assertThat(next.evalue()).startsWith("engines 0, 1 are still stuck in an earlier %px");
        CellRun restarted = run("%cluster restart");
        assertThat(restarted.text()).as(restarted.view().error()).contains("Restarted cluster '" + PROFILE + "': 2 engines (mpi), ids 0, 1");
        assertThat(run("%px 1 + 1").text()).matches("Out\\[0:\\d+]: 2\nOut\\[1:\\d+]: 2\n");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * mpirun rewrites the command line of a program called java (library path, its working
     * directory first on the class path), which made every engine refuse its class-data archive;
     * engines with an archive are handed to mpirun through sh. An engine whose archive is in use
     * has it mapped, and MPI still works in it. The first start of a build trains the archive in
     * the background; a later start uses it.
     */
    @Test
    @Order(30)
    void enginesUnderMpirunStartFromTheirClassDataArchive() throws Exception {
        String check = "%px System.out.println(java.nio.file.Files.readString(java.nio.file.Path.of(\"/proc/self/maps\"))"
                + ".contains(\"/jparallel/cds/engine-\") + \" \" + mpi.MPI.COMM_WORLD.getRank())";
        String seen = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        for (int attempt = 0; attempt < 8 && System.nanoTime() < deadline; attempt++) {
            CellRun c = run(check);
            assertThat(c.status()).as(c.view().error()).isEqualTo("ok");
            seen = c.text();
            if (seen.equals("[stdout:0] true 0\n[stdout:1] true 1\n")) {
                return;
            }
            assertThat(run("%cluster stop").status()).isEqualTo("ok");
            Thread.sleep(5_000);
            CellRun started = run("%cluster start -n 2");
            assertThat(started.status()).as(started.view().error()).isEqualTo("ok");
        }
        assertThat(seen).isEqualTo("[stdout:0] true 0\n[stdout:1] true 1\n");
    }
}
