package org.jparallel.kernel;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CellParserTest {

    @Test
    void javaAndLineMagicsKeepSourceOrder() {
        List<CellParser.Part> parts = CellParser.parts("int x = 1;\n%lsmagic\nx + 1\n  %px   int y = 2;  \nx");
        assertThat(parts).containsExactly(
                new CellParser.JavaChunk("int x = 1;", 0),
                new CellParser.LineMagic("lsmagic", "", 1),
                new CellParser.JavaChunk("x + 1", 2),
                new CellParser.LineMagic("px", "int y = 2;", 3),
                new CellParser.JavaChunk("x", 4));
    }

    @Test
    void blankChunksAreLeftOut() {
        assertThat(CellParser.parts("\n%time 1 + 1\n\n   \n")).containsExactly(new CellParser.LineMagic("time", "1 + 1", 1));
    }

    @Test
    void percentInsideJavaIsNotAMagic() {
        String cell = "int r = 7\n    % 3;\nString s = \"\"\"\n%notmagic\n\"\"\";\n/*\n%alsonot\n*/\nr";
        assertThat(CellParser.parts(cell)).containsExactly(new CellParser.JavaChunk(cell, 0));
    }

    @Test
    void textBlockQuotesInsideStringsAndCommentsDoNotConfuseTheScanner() {
        String cell = "String a = \"/*\"; // \"\"\"\n%lsmagic";
        assertThat(CellParser.parts(cell)).containsExactly(
                new CellParser.JavaChunk("String a = \"/*\"; // \"\"\"", 0),
                new CellParser.LineMagic("lsmagic", "", 1));
    }

    @Test
    void cellMagicTakesTheRestOfTheCell() {
        CellParser.CellMagic m = CellParser.cellMagic("\n%%px --targets 0:2\nint x = 1;\n%notaline\n");
        assertThat(m).isEqualTo(new CellParser.CellMagic("px", "--targets 0:2", "int x = 1;\n%notaline\n"));
        assertThat(CellParser.cellMagic("int x;\n%%px")).isNull();
        assertThat(CellParser.cellMagic("%%")).isNull();
    }

    @Test
    void singleLineMagicIsRecognised() {
        assertThat(CellParser.singleLineMagic("  %autopx  \n")).isEqualTo(new CellParser.LineMagic("autopx", "", 0));
        assertThat(CellParser.singleLineMagic("%autopx\n1 + 1")).isNull();
    }
}
