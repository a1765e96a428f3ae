package org.jparallel.magics;

import org.jparallel.cluster.TargetSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MagicParserTest {
    private static PxSettings cell(String args) {
        MagicParser.Parsed<PxOptions> p = MagicParser.pxCell(args);
        assertThat(p.isHelp()).isFalse();
        return p.options().over(PxSettings.initial());
    }

    @Test
    void noOptionsGiveTheDefaults() {
        assertThat(cell("")).isEqualTo(PxSettings.initial());
        assertThat(cell("   ")).isEqualTo(PxSettings.initial());
        assertThat(MagicParser.pxCell(null).options().over(PxSettings.initial())).isEqualTo(PxSettings.initial());
    }

    @Test
    void everyOptionOfPxCell() {
        PxSettings s = cell("-t 1:3 --noblock --group-outputs=type --no-stream --local --timeout 2.5 -o ar --verbose");
        assertThat(s.targets()).isEqualTo(TargetSpec.parse("1:3"));
        assertThat(s.block()).isFalse();
        assertThat(s.groupOutputs()).isEqualTo(GroupOutputs.TYPE);
        assertThat(s.stream()).isFalse();
        assertThat(s.local()).isTrue();
        assertThat(s.timeoutSeconds()).isEqualTo(2.5);
        assertThat(s.out()).isEqualTo("ar");
        assertThat(s.verbose()).isTrue();
    }

    @Test
    void longAndShortSpellings() {
        assertThat(cell("--targets 0,2").targets()).isEqualTo(TargetSpec.parse("0,2"));
        assertThat(cell("--targets=::2").targets()).isEqualTo(TargetSpec.parse("::2"));
        assertThat(cell("-t3").targets()).isEqualTo(TargetSpec.parse("3"));
        assertThat(cell("-t -1").targets()).isEqualTo(TargetSpec.parse("-1"));
        assertThat(cell("-a").block()).isFalse();
        assertThat(cell("-b").block()).isTrue();
        assertThat(cell("--block").block()).isTrue();
        assertThat(cell("--group-outputs order").groupOutputs()).isEqualTo(GroupOutputs.ORDER);
        assertThat(cell("--group-outputs ENGINE").groupOutputs()).isEqualTo(GroupOutputs.ENGINE);
        assertThat(cell("--stream").stream()).isTrue();
        assertThat(cell("--out r").out()).isEqualTo("r");
        assertThat(cell("--timeout=3").timeoutSeconds()).isEqualTo(3.0);
        assertThat(cell("--no-verbose").verbose()).isFalse();
        assertThat(cell("-t '0, 2'").targets()).isEqualTo(TargetSpec.parse("0,2"));
    }

    @Test
    void optionsOverrideConfiguredDefaultsAndOnlyThose() {
        PxSettings d = new PxSettings(TargetSpec.parse("0"), false, GroupOutputs.ORDER, false, false, 9, null, true);
        PxSettings s = MagicParser.pxCell("-b").options().over(d);
        assertThat(s).isEqualTo(new PxSettings(TargetSpec.parse("0"), true, GroupOutputs.ORDER, false, false, 9, null, true));
        assertThat(MagicParser.pxCell("").options().over(d)).isEqualTo(d);
        assertThat(MagicParser.pxCell("--stream --no-verbose").options().over(d).stream()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--foo|unknown option '--foo'",
            "-x|unknown option '-x'",
            "-t|Missing required parameter for option '--targets'",
            "-t abc|'abc' is not an engine id",
            "-t 1:2:3:4|more than two colons",
            "-t ::0|step cannot be zero",
            "--group-outputs=bogus|--group-outputs must be engine, order or type, not 'bogus'",
            "--group-outputs|Missing required parameter",
            "--timeout=-1|--timeout must be a positive number of seconds",
            "--timeout 0|--timeout must be a positive number of seconds",
            "--timeout soon|--timeout must be a number of seconds, not 'soon'",
            "--timeout NaN|--timeout must be a positive number",
            "--timeout Infinity|--timeout must be a positive number",
            "-o 1abc|'1abc' is not a valid Java variable name",
            "-o class|'class' is not a valid Java variable name",
            "-o a.b|'a.b' is not a valid Java variable name",
            "-b -a|--block and --noblock contradict each other",
            "-t 0 -t 1|should be specified only once",
            "code here|unexpected argument 'code'",
            "--stream=maybe|--stream",
            "-t \"0|unterminated double quote",
            "-t @file|'@file' is not an engine id",
    })
    void badCellOptionsAreUsageErrorsNamingTheProblem(String args, String message) {
        assertThatThrownBy(() -> cell(args).block())
                .isInstanceOf(UsageError.class)
                .hasMessageContaining(message);
    }

    @Test
    void usageErrorsCarryTheUsage() {
        assertThatThrownBy(() -> MagicParser.pxCell("--nope"))
                .isInstanceOfSatisfying(UsageError.class, e -> {
                    assertThat(e.getMessage()).startsWith("%%px: ");
                    assertThat(e.usage()).contains("Usage: %%px").contains("--group-outputs").contains("--timeout");
                });
    }

    @Test
    void helpIsNotAnError() {
        MagicParser.Parsed<PxOptions> p = MagicParser.pxCell("--help");
        assertThat(p.isHelp()).isTrue();
        assertThat(p.help()).contains("--targets=SPEC").contains("--no-stream").contains("--local");
        assertThat(MagicParser.pxLine("-h").parsed().help()).contains("Usage: %px");
    }

    @Test
    void pxLineSplitsLeadingOptionsFromTheStatementVerbatim() {
        MagicParser.PxLine l = MagicParser.pxLine("System.out.println(\"a  'b\");");
        assertThat(l.code()).isEqualTo("System.out.println(\"a  'b\");");
        assertThat(l.parsed().options().over(PxSettings.initial())).isEqualTo(PxSettings.initial());

        l = MagicParser.pxLine("  -t 1 --no-stream   int x = -1;  ");
        assertThat(l.code()).isEqualTo("int x = -1;");
        PxSettings s = l.parsed().options().over(PxSettings.initial());
        assertThat(s.targets()).isEqualTo(TargetSpec.parse("1"));
        assertThat(s.stream()).isFalse();

        assertThat(MagicParser.pxLine("--targets=0,1 -ba x = 1").code()).isEqualTo("x = 1");
        assertThat(MagicParser.pxLine("-t0 x++").code()).isEqualTo("x++");
        assertThat(MagicParser.pxLine("--timeout 5 -o r Thread.sleep(10)").parsed().options().out).isEqualTo("r");
        assertThat(MagicParser.pxLine("-- --i;").code()).isEqualTo("--i;");
        assertThat(MagicParser.pxLine("-t 0 -- -x").code()).isEqualTo("-x");
    }

    @Test
    void pxLineBadInput() {
        assertThatThrownBy(() -> MagicParser.pxLine("")).isInstanceOf(UsageError.class)
                .hasMessageContaining("%px needs a statement");
        assertThatThrownBy(() -> MagicParser.pxLine("-t 0")).isInstanceOf(UsageError.class)
                .hasMessageContaining("%px needs a statement");
        assertThatThrownBy(() -> MagicParser.pxLine("--i;")).isInstanceOf(UsageError.class)
                .hasMessageContaining("%px: unknown option '--i;'");
        assertThatThrownBy(() -> MagicParser.pxLine("-t 9x foo()")).isInstanceOf(UsageError.class)
                .hasMessageContaining("'9x' is not an engine id");
        assertThatThrownBy(() -> MagicParser.pxLine("--timeout")).isInstanceOf(UsageError.class)
                .hasMessageContaining("Missing required parameter");
    }

    @Test
    void pxConfigSetsDefaultsAndClearsTheTimeout() {
        MagicParser.Parsed<PxConfigOptions> p = MagicParser.pxConfig("");
        assertThat(p.options().any()).isFalse();
        p = MagicParser.pxConfig("-t ::2 --noblock --group-outputs order --no-stream --timeout 4 --verbose");
        assertThat(p.options().any()).isTrue();
        PxSettings s = p.options().over(PxSettings.initial());
        assertThat(s).isEqualTo(new PxSettings(TargetSpec.parse("::2"), false, GroupOutputs.ORDER, false, false, 4, null, true));
        assertThat(MagicParser.pxConfig("--timeout none").options().over(s).timeoutSeconds()).isZero();
        assertThat(MagicParser.pxConfig("--timeout 0").options().over(s).hasTimeout()).isFalse();
        assertThat(MagicParser.pxConfig("--block").options().over(s).block()).isTrue();
        assertThat(s.describe()).isEqualTo("targets=::2 block=false group-outputs=order stream=false timeout=4 s verbose=true");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--local|unknown option '--local'",
            "-o x|unknown option '-o'",
            "--timeout never|--timeout must be a number of seconds, not 'never' (or none)",
            "-t 1,x|'x' is not an engine id",
            "all|unexpected argument 'all'",
            "--block --noblock|contradict",
    })
    void pxConfigBadInput(String args, String message) {
        assertThatThrownBy(() -> MagicParser.pxConfig(args).options().over(PxSettings.initial()))
                .isInstanceOf(UsageError.class).hasMessageContaining(message);
    }

    @Test
    void pxResultAndAutopx() {
        assertThat(MagicParser.pxResult("").options().groupOutputs).isNull();
        assertThat(MagicParser.pxResult("--group-outputs=type").options().groupOutputs).isEqualTo(GroupOutputs.TYPE);
        assertThatThrownBy(() -> MagicParser.pxResult("--group-outputs=x")).isInstanceOf(UsageError.class)
                .hasMessageContaining("%pxresult: ").hasMessageContaining("not 'x'");
        assertThatThrownBy(() -> MagicParser.pxResult("-t 0")).isInstanceOf(UsageError.class)
                .hasMessageContaining("unknown option '-t'");
        MagicParser.autopx("");
        MagicParser.autopx("  ");
        assertThatThrownBy(() -> MagicParser.autopx("on")).isInstanceOf(UsageError.class)
                .hasMessageContaining("%autopx takes no arguments");
    }

    @Test
    void clusterSubcommands() {
        MagicParser.ClusterCall c = MagicParser.cluster("start -n 4 --profile mpi2 --launcher LOCAL");
        assertThat(c.action()).isEqualTo("start");
        ClusterOptions.Start st = (ClusterOptions.Start) c.options();
        assertThat(st.engines).isEqualTo(4);
        assertThat(st.profile).isEqualTo("mpi2");
        assertThat(st.launcher).isEqualTo("local");
        st = (ClusterOptions.Start) MagicParser.cluster("start --engines=2").options();
        assertThat(st.profile).isNull();
        assertThat(st.launcher).isNull();
        for (String a : List.of("stop", "status", "restart")) {
            assertThat(MagicParser.cluster(a).action()).isEqualTo(a);
        }
        c = MagicParser.cluster("connect --profile p");
        assertThat(((ClusterOptions.Connect) c.options()).profile).isEqualTo("p");
        assertThat(MagicParser.cluster("start --help").help()).contains("--launcher=LAUNCHER");
        assertThat(MagicParser.cluster("--help").help()).contains("start").contains("restart");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|%cluster needs a sub-command",
            "--profile x|%cluster: unknown option '--profile'",
            "launch|%cluster: unexpected argument 'launch'",
            "start|Missing required option: '--engines=N'",
            "start -n|Missing required parameter",
            "start -n two|the number of engines must be a whole number, not 'two'",
            "start -n 0|the number of engines must be between 1 and 4096, not 0",
            "start -n 5000|between 1 and 4096",
            "start -n 2 --launcher pbs|mpi or slurm, not 'pbs'",
            "start -n 2 --profile _x|'_x' is not a profile name",
            "start -n 2 extra|%cluster start: unexpected argument 'extra'",
            "stop now|%cluster stop: unexpected argument 'now'",
            "status -v|%cluster status: unknown option '-v'",
            "connect --profile|Missing required parameter",
            "start -n 2 stop|unexpected argument 'stop'",
    })
    void clusterBadInput(String args, String message) {
        assertThatThrownBy(() -> MagicParser.cluster(args)).isInstanceOf(UsageError.class)
                .hasMessageContaining(message);
    }
}
