package org.jparallel.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** MPI initialisation by reflection, against a stand-in for Open MPI's mpi.MPI class compiled here. */
class MpiRuntimeTest {
    @TempDir
    Path dir;

    private ClassLoader fakeMpi(int providedLevel, boolean initFails) throws Exception {
        Path src = dir.resolve("mpi/MPI.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, """
                package mpi;
                public class MPI {
                    public static final int THREAD_SINGLE = 0, THREAD_FUNNELED = 1, THREAD_SERIALIZED = 2, THREAD_MULTIPLE = 3;
                    public static final Comm COMM_WORLD = new Comm();
                    public static int required = -1;
                    public static boolean finalized;
                    public static int InitThread(String[] args, int level) {
                        if (%s) throw new IllegalStateException("no orted to talk to");
                        required = level;
                        return %d;
                    }
                    public static boolean isFinalized() { return finalized; }
                    public static void Finalize() { finalized = true; }
                    public static class Comm {
                        public int getRank() { return 2; }
                        public int getSize() { return 4; }
                    }
                }
                """.formatted(initFails, providedLevel));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, "-d", dir.toString(), src.toString())).isZero();
        return new URLClassLoader(new URL[]{dir.toUri().toURL()}, null);
    }

    @Test
    void asksForThreadMultipleAndReadsRankAndSize() throws Exception {
        ClassLoader loader = fakeMpi(3, false);
        MpiRuntime mpi = MpiRuntime.find(loader);
        assertThat(mpi.present()).isTrue();
        MpiRuntime.Status s = mpi.initialise(new String[0]);
        assertThat(s.initialised()).isTrue();
        assertThat(s.rank()).isEqualTo(2);
        assertThat(s.size()).isEqualTo(4);
        assertThat(s.threadLevel()).isEqualTo("THREAD_MULTIPLE");
        assertThat(s.warning()).isEmpty();
        Class<?> c = Class.forName("mpi.MPI", true, loader);
        assertThat(c.getField("required").getInt(null)).isEqualTo(3);
        mpi.finalizeMpi();
        assertThat(c.getField("finalized").getBoolean(null)).isTrue();
    }

    @Test
    void aLowerThreadLevelIsWarnedAboutClearly() throws Exception {
        MpiRuntime.Status s = MpiRuntime.find(fakeMpi(1, false)).initialise(new String[0]);
        assertThat(s.initialised()).isTrue();
        assertThat(s.threadLevel()).isEqualTo("THREAD_FUNNELED");
        assertThat(s.warning()).contains("Open MPI provides only THREAD_FUNNELED, not THREAD_MULTIPLE")
                .contains("different threads");
    }

    @Test
    void aFailingInitIsReportedNotThrownAndNoMpiJarMeansNoMpi() throws Exception {
        MpiRuntime.Status s = MpiRuntime.find(fakeMpi(3, true)).initialise(new String[0]);
        assertThat(s.present()).isTrue();
        assertThat(s.initialised()).isFalse();
        assertThat(s.warning()).contains("MPI could not be initialised").contains("no orted to talk to");
        MpiRuntime none = MpiRuntime.find(new URLClassLoader(new URL[0], null));
        assertThat(none.present()).isFalse();
        assertThat(none.initialise(new String[0]).initialised()).isFalse();
        none.finalizeMpi();
    }
}
