package org.jparallel.kernel;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a cell holds, the kernel's cell splitter accounts for every line: each is part of a
 * Java chunk (in order, unchanged) or a line magic, never lost, never an exception.
 */
class CellParserPropertyTest {
    private static final List<String> TOKENS = List.of("%px", "%%px", "%time", "%", "%%", "% x", "%1", "/*", "*/", "//",
            "\"\"\"", "\"", "'", "\\", "{", "}", ";", "x", "int a = 1", " ", "\t", "\n", "\n", "\n", "\r", "\u0000", "é",
            "𝄞", "--targets 1");

    @Provide
    Arbitrary<String> cells() {
        return Arbitraries.oneOf(Arbitraries.of(TOKENS), Arbitraries.strings().ofMaxLength(5)).list().ofMaxSize(40)
                .map(ts -> String.join("", ts));
    }

    @Property(tries = 3000)
    void everyLineIsJavaOrAMagic(@ForAll("cells") String cell) {
        String[] lines = cell.split("\n", -1);
        boolean[] seen = new boolean[lines.length];
        for (CellParser.Part p : CellParser.parts(cell)) {
            if (p instanceof CellParser.LineMagic m) {
                assertThat(lines[m.line()].strip()).startsWith("%" + m.name());
                seen[m.line()] = true;
            } else if (p instanceof CellParser.JavaChunk j) {
                String[] chunk = j.code().split("\n", -1);
                for (int k = 0; k < chunk.length; k++) {
                    assertThat(lines[j.firstLine() + k]).isEqualTo(chunk[k]);
                    seen[j.firstLine() + k] = true;
                }
            }
        }
        for (int i = 0; i < lines.length; i++) {
            if (!seen[i]) {
                assertThat(lines[i]).as("line %d, in no part", i).isBlank();
            }
        }
        CellParser.CellMagic cm = CellParser.cellMagic(cell);
        if (cm != null) {
            assertThat(cell.strip()).startsWith("%%" + cm.name());
            assertThat(cell).endsWith(cm.body());
        }
    }
}
