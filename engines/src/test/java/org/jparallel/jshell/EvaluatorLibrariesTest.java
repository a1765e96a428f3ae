package org.jparallel.jshell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.jparallel.protocol.Outcome;
import org.jparallel.protocol.Outcome.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A notebook's own version of a library the host runs on (ASM 9.6 here; the engines run on 9.8) wins. */
@Timeout(120)
class EvaluatorLibrariesTest {
    private static final Path ASM_96 = Path.of("target/test-libraries/asm-9.6.jar");
    private Evaluator ev;

    @BeforeEach
    void start() {
        ev = new Evaluator(EvaluatorOptions.defaults());
    }

    @AfterEach
    void stop() {
        ev.close();
    }

    private String value(String code) {
        FakeSink sink = new FakeSink();
        Outcome r = ev.eval(code, sink);
        assertThat(r.status()).as("%s: %s", code, r.failure()).isEqualTo(Status.OK);
        return r.valueText();
    }

    @Test
    void theHostVersionServesUntilTheNotebookAddsItsOwn() {
        assertThat(value("org.objectweb.asm.Opcodes.V25")).isEqualTo("69");
        // a class the host has loaded already is the host's: the notebook's version serves classes loaded afterwards
        ev.eval("var before = org.objectweb.asm.ClassReader.class;", new FakeSink());

        assertThat(ev.addLibraries(List.of(ASM_96))).containsExactly(ASM_96.toAbsolutePath());

        assertThat(value("org.objectweb.asm.ClassWriter.class.getProtectionDomain().getCodeSource().getLocation().getPath()"))
                .endsWith("asm-9.6.jar\"");
        assertThat(value("org.objectweb.asm.ClassWriter.class.getPackage().getImplementationVersion()")).isEqualTo("\"9.6\"");
        // compiled against 9.6 too: V25 arrived in ASM 9.8, so the compiler no longer knows it
        Outcome r = ev.eval("org.objectweb.asm.Opcodes.V25", new FakeSink());
        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(r.evalue()).contains("V25");
        assertThat(value("org.objectweb.asm.Opcodes.V22")).isEqualTo("66");
        assertThat(value("new org.objectweb.asm.ClassWriter(0).getClass().getClassLoader().getName()"))
                .isEqualTo("\"" + LibraryClassLoader.NAME + "\"");
        assertThat(value("Thread.currentThread().getContextClassLoader().getResource(\"org/objectweb/asm/Opcodes.class\").getPath()"))
                .contains("asm-9.6.jar");
        // the notebook API and the JDK stay the host's own classes
        assertThat(value("org.jparallel.jshell.Evaluator.class.getClassLoader() == ClassLoader.getSystemClassLoader()")).isEqualTo("true");
        assertThat(value("String.class.getClassLoader() == null")).isEqualTo("true");
    }

    @Test
    void addingTwiceAddsOnceAndAMissingFileIsNamed() {
        assertThat(ev.addLibraries(List.of(ASM_96))).hasSize(1);
        assertThat(ev.addLibraries(List.of(ASM_96, ASM_96))).isEmpty();
        assertThat(ev.libraries()).containsExactly(ASM_96.toAbsolutePath());
        assertThatThrownBy(() -> ev.addLibraries(List.of(Path.of("target/no-such.jar"))))
                .hasMessageContaining("no-such.jar");
        assertThat(value("1 + 1")).isEqualTo("2");
    }
}
