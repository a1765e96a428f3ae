package org.jparallel.magics;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever a user types after a parallel magic, the parser answers with options or a clear usage error. */
class MagicParserPropertyTest {
    private static final List<String> WORDS = List.of("-t", "--targets", "-b", "--block", "-a", "--noblock",
            "--group-outputs", "--group-outputs=", "engine", "order", "type", "--stream", "--no-stream", "--local",
            "--timeout", "--timeout=", "-o", "--out", "--verbose", "--no-verbose", "-h", "--", "-", "all", "0", "-1",
            "1:3", "::2", ":", "::0", "0,2", "[1]", "x", "'", "\"", "\\", "@f", "none", "start", "stop", "status",
            "restart", "connect", "-n", "--profile", "--launcher", "mpi", "local", "2.5", "NaN", "1e400", "=", ",",
            "System.out.println(1);", "int x = 1;", "ⅷ", "\u0000", "\t", "99999999999");

    @Provide
    Arbitrary<String> magicArgs() {
        Arbitrary<String> word = Arbitraries.oneOf(Arbitraries.of(WORDS),
                Arbitraries.strings().ofMaxLength(6).withCharRange(' ', '~'),
                Arbitraries.strings().ofMaxLength(4));
        return word.list().ofMaxSize(7).map(ws -> String.join(" ", ws));
    }

    private static void onlyUsageErrors(String args, Consumer<String> parser) {
        try {
            parser.accept(args);
        } catch (UsageError e) {
            assertThat(e.getMessage()).isNotBlank();
            assertThat(e.getMessage()).doesNotContain("Exception");
        }
    }

    @Property(tries = 1500, maxDiscardRatio = 1)
    void pxCell(@ForAll("magicArgs") String args) {
        onlyUsageErrors(args, a -> {
            MagicParser.Parsed<PxOptions> p = MagicParser.pxCell(a);
            if (!p.isHelp()) {
                p.options().over(PxSettings.initial());
            }
        });
    }

    @Property(tries = 1500)
    void pxLine(@ForAll("magicArgs") String args) {
        onlyUsageErrors(args, a -> {
            MagicParser.PxLine l = MagicParser.pxLine(a);
            if (!l.parsed().isHelp()) {
                l.parsed().options().over(PxSettings.initial());
                assertThat(l.code()).isNotBlank();
            }
        });
    }

    @Property(tries = 800)
    void pxConfigAndResult(@ForAll("magicArgs") String args) {
        onlyUsageErrors(args, a -> {
            MagicParser.Parsed<PxConfigOptions> p = MagicParser.pxConfig(a);
            if (!p.isHelp()) {
                p.options().over(PxSettings.initial());
            }
        });
        onlyUsageErrors(args, MagicParser::pxResult);
        onlyUsageErrors(args, MagicParser::autopx);
    }

    @Property(tries = 800)
    void cluster(@ForAll("magicArgs") String args) {
        onlyUsageErrors(args, MagicParser::cluster);
    }

    @Property(tries = 500)
    void anyTextAtAll(@ForAll @StringLength(max = 40) String args) {
        onlyUsageErrors(args, MagicParser::pxCell);
        onlyUsageErrors(args, MagicParser::pxLine);
        onlyUsageErrors(args, MagicParser::pxConfig);
        onlyUsageErrors(args, MagicParser::cluster);
        try {
            org.jparallel.cluster.TargetSpec.parse(args).resolve(List.of(0, 1, 2, 3));
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).containsAnyOf("targets", "target ");
        }
    }
}
