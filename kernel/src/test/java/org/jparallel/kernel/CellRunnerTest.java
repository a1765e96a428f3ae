package org.jparallel.kernel;

import org.jparallel.kernel.core.Frontend;
import org.jparallel.magics.MagicHandler;
import org.jparallel.notebook.CellContext;
import org.jparallel.protocol.Outcome;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Routing of cells to magic handlers (the Java side is covered by the ITs on the real kernel). */
class CellRunnerTest {

    /** A handler that records its calls, like a magics provider would receive them. */
    static final class Recording implements MagicHandler {
        final List<String> calls = new ArrayList<>();
        boolean auto;

        @Override
        public boolean handlesLine(String name) {
            return name.equals("autopx") || name.equals("boom") || name.equals("answer");
        }

        @Override
        public boolean handlesCell(String name) {
            return name.equals("px");
        }

        @Override
        public Outcome line(String name, String args, CellContext ctx) {
            calls.add("line " + name + " [" + args + "]");
            if (name.equals("boom")) {
                throw new IllegalStateException("engine table is empty");
            }
            return name.equals("answer") ? Outcome.value(42, null) : Outcome.success();
        }

        @Override
        public Outcome cell(String name, String args, String body, CellContext ctx) {
            calls.add("cell " + name + " [" + args + "] " + body.replace("\n", "|"));
            return Outcome.error("RemoteError", "rank 1 failed", List.of("[1:execute] RuntimeException: x"));
        }

        @Override
        public boolean autoRoute() {
            return auto;
        }

        @Override
        public List<String> lineMagics() {
            return List.of("autopx", "answer", "boom");
        }

        @Override
        public List<String> cellMagics() {
            return List.of("px");
        }
    }

    private final Recording handler = new Recording();
    private final MagicRegistry registry = new MagicRegistry(List.of(handler));
    private final CellRunner runner = new CellRunner(() -> registry);
    private final KernelCellContext ctx = new KernelCellContext(new NoFrontend(), null, new ShutdownHooks());

    /** A silent frontend: these cells print nothing. */
    private static final class NoFrontend implements Frontend {
        @Override
        public void stream(String name, String text) {
        }

        @Override
        public void display(Map<String, Object> data, Map<String, Object> metadata, String displayId) {
        }

        @Override
        public void updateDisplay(String displayId, Map<String, Object> data, Map<String, Object> metadata) {
        }

        @Override
        public void clearOutput(boolean wait) {
        }

        @Override
        public void result(Map<String, Object> data, Map<String, Object> metadata) {
        }

        @Override
        public String readLine(String prompt, boolean password) {
            return "";
        }
    }

    @Test
    void cellMagicGetsItsArgumentsAndBodyAndItsErrorIsTheCells() {
        Outcome o = runner.run("%%px --targets 1\nint x = 1;\nx", ctx);
        assertThat(handler.calls).containsExactly("cell px [--targets 1] int x = 1;|x");
        assertThat(o.ok()).isFalse();
        assertThat(o.ename()).isEqualTo("RemoteError");
        assertThat(o.traceback()).containsExactly("[1:execute] RuntimeException: x");
    }

    @Test
    void lineMagicValueIsTheResultWhenLast() {
        Outcome o = runner.run("%autopx\n%answer", ctx);
        assertThat(handler.calls).containsExactly("line autopx []", "line answer []");
        assertThat(o.hasValue()).isTrue();
        assertThat(o.value()).isEqualTo(42);
    }

    @Test
    void autoRouteSendsEveryCellToPxExceptTheToggle() {
        handler.auto = true;
        runner.run("int y = 2;\n%answer", ctx);
        runner.run("  %autopx  ", ctx);
        assertThat(handler.calls).containsExactly("cell px [] int y = 2;|%answer", "line autopx []");
    }

    @Test
    void aFailingHandlerBecomesASentenceAndStopsTheCell() {
        Outcome o = runner.run("%boom now\n%answer", ctx);
        assertThat(o.ok()).isFalse();
        assertThat(o.ename()).isEqualTo("MagicError");
        assertThat(o.evalue()).isEqualTo("%boom failed unexpectedly: IllegalStateException: engine table is empty");
        assertThat(handler.calls).containsExactly("line boom [now]");
    }

    @Test
    void unknownMagicsAreNamedWithTheKnownOnes() {
        Outcome o = runner.run("%pxx", ctx);
        assertThat(o.ename()).isEqualTo("UsageError");
        assertThat(o.evalue()).isEqualTo("unknown line magic %pxx; known line magics: %answer, %autopx, %boom;"
                + " known cell magics: %%px (%lsmagic lists them)");
        assertThat(handler.calls).isEmpty();
    }
}
