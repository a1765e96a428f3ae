package org.jparallel.kernel;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Load through the real kernel, 4 engines under mpirun: an output flood (every engine printing
 * as fast as it can) is cut at 4 MB per engine per cell with a notice, the kernel's memory stays
 * bounded and the engines finish; a soak of many %px cells leaves the kernel's and the engines'
 * heap, threads and open files where they were. The sizes are small in the suite; the full
 * figures (1 GB flood, 2,000 cells) come from the same test with
 * -Djparallel.flood.mb=250 -Djparallel.soak.cells=2000.
 */
@Timeout(900)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadIT {
    static final int ENGINES = 4;
    static final int FLOOD_MB = Integer.getInteger("jparallel.flood.mb", 24);
    static final int SOAK_CELLS = Integer.getInteger("jparallel.soak.cells", 200);
    static FaultKernelProcess kernel;

    @BeforeAll
    static void start() throws Exception {
        kernel = FaultKernelProcess.start("load", Map.of());
        FaultKernelProcess.Cell started = kernel.run("%cluster start -n " + ENGINES, Duration.ofMinutes(3));
        assertThat(started.status()).as(started.error() + kernel.logText()).isEqualTo("ok");
    }

    @AfterAll
    static void stop() throws Exception {
        if (kernel != null) {
            kernel.close();
        }
    }

    @Test
    @Order(1)
    void anOutputFloodIsCutWithANoticeAndTheKernelsMemoryStaysBounded() throws Exception {
        long hwmBefore = FaultKernelProcess.statusKb(kernel.pid(), "VmHWM");
        long lines = FLOOD_MB * 10_486L; // 100-byte lines: FLOOD_MB MB per engine
        FaultKernelProcess.Cell c = kernel.run("%%px\nString line = \"x\".repeat(99) + \"\\n\";\n"
                + "for (long i = 0; i < " + lines + "L; i++) System.out.print(line);\nSystem.err.println(\"finished\");",
                Duration.ofMinutes(10));
        long hwmAfter = FaultKernelProcess.statusKb(kernel.pid(), "VmHWM");
        double mb = lines * 100.0 * ENGINES / (1 << 20);
        System.out.printf("flood: %d engines printed %.0f MB in %.1f s (%.0f MB/s); kernel VmHWM %d MB -> %d MB%n",
                ENGINES, mb, c.millis() / 1000.0, mb / (c.millis() / 1000.0), hwmBefore / 1024, hwmAfter / 1024);
        assertThat(c.status()).as(c.error()).isEqualTo("ok");
        String text = c.text();
        // (assertions on booleans and numbers: a failure must not print the 16 MB shown)
        for (int e = 0; e < ENGINES; e++) {
            // what each engine showed: at most the 4 MB limit, then the notice with what was dropped
            Matcher m = Pattern.compile("\\[stdout:" + e + "] \\[output truncated: (\\d+\\.\\d) MB of stdout from engine " + e
                    + " not shown; at most 4\\.0 MB of each stream per engine per cell reaches the notebook"
                    + " \\(JPARALLEL_OUTPUT_LIMIT_MB\\)]\n").matcher(text);
            assertThat(m.find()).as("the notice of engine %d", e).isTrue();
            assertThat(Double.parseDouble(m.group(1))).isCloseTo(FLOOD_MB - 4.0, org.assertj.core.data.Offset.offset(0.2));
            assertThat(text.contains("[stderr:" + e + "] finished\n")).as("engine %d's stderr after the flood", e).isTrue();
        }
        long shownX = text.chars().filter(ch -> ch == 'x').count();
        assertThat(shownX).as("characters shown").isLessThanOrEqualTo(ENGINES * (4L << 20));
        assertThat(shownX).isGreaterThan(ENGINES * (4L << 20) * 95 / 100);
        assertThat(text.contains("xx\n\n")).as("a blank line before the notice").isFalse();
        // bounded: the flood's MBs never pile up in the kernel (4 x 4 MB shown, a few copies of each)
        assertThat((hwmAfter - hwmBefore) / 1024).as("kernel VmHWM growth (MB)").isLessThan(400);
        assertThat(kernel.run("%px engineId").text()).contains("Out[3:");
    }

    /** Used heap after a full GC, in the kernel and in each engine, in kB. */
    private static List<Long> heapsAfterGc() {
        String gc = "System.gc(); (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1024";
        List<Long> out = new ArrayList<>();
        out.add(Long.parseLong(kernel.run(gc).execution().result()));
        Matcher m = Pattern.compile("Out\\[\\d+:\\d+]: (\\d+)").matcher(kernel.run("%px " + gc).text());
        while (m.find()) {
            out.add(Long.parseLong(m.group(1)));
        }
        assertThat(out).hasSize(1 + ENGINES);
        return out;
    }

    private static List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        pids.add(kernel.pid());
        pids.addAll(kernel.enginePids());
        return pids;
    }

    private static void cells(int n, String label) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            FaultKernelProcess.Cell c = kernel.run("%px soak = soak + engineId + " + i + ";");
            if (!c.status().equals("ok")) {
                throw new AssertionError(label + " cell " + i + " failed: " + c.error());
            }
        }
        System.out.printf("soak: %d %%px cells (%s) in %.1f s%n", n, label, (System.nanoTime() - t0) / 1e9);
    }

    @Test
    @Order(2)
    void manyPxCellsLeaveMemoryThreadsAndFilesFlat() throws Exception {
        FaultKernelProcess.Cell declared = kernel.run("%px long soak = 0;");
        assertThat(declared.status()).as(declared.evalue() + "\n" + declared.error()).isEqualTo("ok");
        cells(30, "warm-up");
        List<Long> pids = pids();
        List<Integer> threads = new ArrayList<>();
        List<Integer> fds = new ArrayList<>();
        for (long pid : pids) {
            threads.add(FaultKernelProcess.threads(pid));
            fds.add(FaultKernelProcess.fds(pid));
        }
        List<Long> heapBefore = heapsAfterGc();
        cells(SOAK_CELLS, "measured");
        List<Long> heapAfter = heapsAfterGc();
        for (int i = 0; i < pids.size(); i++) {
            long pid = pids.get(i);
            String who = i == 0 ? "kernel" : "engine " + (i - 1);
            int t = FaultKernelProcess.threads(pid);
            int f = FaultKernelProcess.fds(pid);
            long growth = heapAfter.get(i) - heapBefore.get(i);
            System.out.printf("soak: %s threads %d -> %d, fds %d -> %d, heap after GC %d kB -> %d kB (%+.1f kB per cell),"
                            + " RSS %d MB%n", who, threads.get(i), t, fds.get(i), f, heapBefore.get(i), heapAfter.get(i),
                    growth / (double) SOAK_CELLS, FaultKernelProcess.statusKb(pid, "VmRSS") / 1024);
            assertThat(t - threads.get(i)).as("%s threads", who).isLessThanOrEqualTo(3);
            assertThat(f - fds.get(i)).as("%s open files", who).isLessThanOrEqualTo(3);
            // JShell keeps every snippet an engine ran (its history): a few kB per cell; the kernel keeps nothing per %px
            long perCellLimit = i == 0 ? 8 : 24;
            assertThat(growth).as("%s heap growth (kB) over %d cells", who, SOAK_CELLS)
                    .isLessThan(2048 + perCellLimit * SOAK_CELLS);
        }
        assertThat(kernel.run("%px soak").text()).containsPattern("Out\\[3:\\d+]: \\d+");
    }
}
