package org.jparallel.magics;

import org.jparallel.support.ShellWords;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the argument text of the parallel magics into their option objects, with picocli. Every bad
 * input becomes a {@link UsageError} whose message names the problem; nothing else escapes.
 */
public final class MagicParser {
    /** A parse that may have asked for help instead: then help is the usage text and options are unset. */
    record Parsed<T>(T options, String help) {
        boolean isHelp() {
            return help != null;
        }
    }

    /** %px's options and the statement after them. */
    record PxLine(Parsed<PxOptions> parsed, String code) {
    }

    /** Which %cluster sub-command was given, with its options. */
    record ClusterCall(String action, Object options, String help) {
    }

    private MagicParser() {
    }

    /** The argument text of {@code %%px}: options only, the code is the cell body. */
    static Parsed<PxOptions> pxCell(String args) {
        Parsed<PxOptions> p = parse(new PxOptions(), "%%px", words(nullToEmpty(args)));
        return p;
    }

    /**
     * The argument text of {@code %px}: leading options, then the statement, taken verbatim (its quotes
     * and spacing are Java's). "--" ends the options, for a statement that starts with '-'.
     */
    static PxLine pxLine(String args) {
        String text = nullToEmpty(args);
        CommandSpec spec = new CommandLine(new PxOptions()).getCommandSpec();
        List<String> optionWords = new ArrayList<>();
        int pos = 0;
        while (true) {
            int start = ShellWords.skipBlanks(text, pos);
            if (start >= text.length() || text.charAt(start) != '-') {
                pos = start;
                break;
            }
            ShellWords.Token t = token(text, start);
            if (t.text().equals("--")) {
                pos = t.end();
                break;
            }
            optionWords.add(t.text());
            pos = t.end();
            if (takesSeparateValue(spec, t.text())) {
                ShellWords.Token v = token(text, pos);
                if (v == null) {
                    break; // picocli reports the missing value
                }
                optionWords.add(v.text());
                pos = v.end();
            }
        }
        Parsed<PxOptions> parsed = parse(new PxOptions(), "%px", optionWords);
        String code = text.substring(Math.min(ShellWords.skipBlanks(text, pos), text.length())).strip();
        if (!parsed.isHelp() && code.isEmpty()) {
            throw new UsageError("%px needs a statement to run on the engines, e.g. %px System.out.println(\"hi\");",
                    usage(new PxOptions(), "%px"));
        }
        return new PxLine(parsed, code);
    }

    /** Whether an option word such as "-t" or "--timeout" needs the next word as its value. */
    private static boolean takesSeparateValue(CommandSpec spec, String word) {
        if (word.startsWith("--")) {
            if (word.contains("=")) {
                return false;
            }
            OptionSpec o = spec.findOption(word);
            return o != null && o.arity().min() > 0;
        }
        // A cluster of short options such as -ba or -t0: the first one that takes a value ends it.
        for (int i = 1; i < word.length(); i++) {
            OptionSpec o = spec.findOption("-" + word.charAt(i));
            if (o == null) {
                return false;
            }
            if (o.arity().min() > 0) {
                return i == word.length() - 1;
            }
        }
        return false;
    }

    /** The argument text of {@code %pxconfig}. */
    static Parsed<PxConfigOptions> pxConfig(String args) {
        return parse(new PxConfigOptions(), "%pxconfig", words(nullToEmpty(args)));
    }

    /** The argument text of {@code %pxresult}. */
    static Parsed<PxResultOptions> pxResult(String args) {
        return parse(new PxResultOptions(), "%pxresult", words(nullToEmpty(args)));
    }

    /** The argument text of {@code %autopx}, which takes none. */
    static void autopx(String args) {
        if (!nullToEmpty(args).isBlank()) {
            throw new UsageError("%autopx takes no arguments: it turns sending every cell to the engines on or off");
        }
    }

    /** The argument text of {@code %cluster}. */
    static ClusterCall cluster(String args) {
        List<String> words = words(nullToEmpty(args));
        ClusterOptions top = new ClusterOptions();
        CommandLine cl = configure(new CommandLine(top));
        if (words.isEmpty()) {
            throw new UsageError("%cluster needs a sub-command: start, stop, status, restart or connect",
                    cl.getUsageMessage(CommandLine.Help.Ansi.OFF));
        }
        ParseResult pr;
        try {
            pr = cl.parseArgs(words.toArray(String[]::new));
        } catch (ParameterException e) {
            CommandLine where = e.getCommandLine() == null ? cl : e.getCommandLine();
            throw new UsageError(where.getCommandName().equals("%cluster") ? "%cluster: " + message(e)
                    : "%cluster " + where.getCommandName() + ": " + message(e), where.getUsageMessage(CommandLine.Help.Ansi.OFF));
        }
        if (cl.isUsageHelpRequested()) {
            return new ClusterCall("help", top, cl.getUsageMessage(CommandLine.Help.Ansi.OFF));
        }
        if (!pr.hasSubcommand()) {
            throw new UsageError("%cluster needs a sub-command: start, stop, status, restart or connect",
                    cl.getUsageMessage(CommandLine.Help.Ansi.OFF));
        }
        ParseResult sub = pr.subcommand();
        CommandLine subCl = sub.commandSpec().commandLine();
        String help = subCl.isUsageHelpRequested() ? subCl.getUsageMessage(CommandLine.Help.Ansi.OFF) : null;
        return new ClusterCall(subCl.getCommandName(), sub.commandSpec().userObject(), help);
    }

    private static <T> Parsed<T> parse(T options, String magic, List<String> words) {
        CommandLine cl = configure(new CommandLine(options));
        cl.setCommandName(magic);
        try {
            cl.parseArgs(words.toArray(String[]::new));
        } catch (ParameterException e) {
            throw new UsageError(magic + ": " + message(e), cl.getUsageMessage(CommandLine.Help.Ansi.OFF));
        }
        if (cl.isUsageHelpRequested()) {
            return new Parsed<>(options, cl.getUsageMessage(CommandLine.Help.Ansi.OFF));
        }
        return new Parsed<>(options, null);
    }

    private static CommandLine configure(CommandLine cl) {
        cl.setExpandAtFiles(false); // "@name" is a value here, never a file to read
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUnmatchedArgumentsAllowed(false);
        cl.setOverwrittenOptionsAllowed(false);
        cl.setPosixClusteredShortOptionsAllowed(true);
        cl.setUsageHelpWidth(100);
        cl.setUsageHelpAutoWidth(false);
        for (CommandLine sub : cl.getSubcommands().values()) {
            configure(sub);
        }
        return cl;
    }

    /** picocli's message, made into one sentence without its trailing hints. */
    private static String message(ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String w = u.getUnmatched().get(0);
            return w.startsWith("-") ? "unknown option '" + w + "'"
                    : "unexpected argument '" + w + "' (the magic takes options only)";
        }
        String m = e.getMessage() == null ? "bad arguments" : e.getMessage().strip();
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl).strip();
        // "Invalid value for option '--x' (LABEL): why" -> "--x: why", or just "why" when it names the option.
        java.util.regex.Matcher v = java.util.regex.Pattern
                .compile("Invalid value for option '([^']+)'(?: \\([^)]*\\))?: (.*)").matcher(m);
        if (v.matches()) {
            return v.group(2).contains(v.group(1)) ? v.group(2) : v.group(1) + ": " + v.group(2);
        }
        return m;
    }

    /** The usage text of a magic. */
    static String usage(Object options, String magic) {
        CommandLine cl = configure(new CommandLine(options));
        cl.setCommandName(magic);
        return cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static List<String> words(String text) {
        try {
            return ShellWords.split(text);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
    }

    private static ShellWords.Token token(String text, int from) {
        try {
            return ShellWords.next(text, from);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
    }

    /** The words that may come next in a magic's arguments: option names, or %cluster's subcommands first. */
    static List<String> argumentWords(String name, List<String> wordsBefore) {
        Object options = switch (name) {
            case "px" -> new PxOptions();
            case "pxconfig" -> new PxConfigOptions();
            case "pxresult" -> new PxResultOptions();
            case "cluster" -> new ClusterOptions();
            default -> null;
        };
        if (options == null) {
            return List.of();
        }
        CommandLine cl = new CommandLine(options);
        if (name.equals("cluster")) {
            if (wordsBefore.isEmpty()) {
                return new ArrayList<>(cl.getSubcommands().keySet());
            }
            CommandLine sub = cl.getSubcommands().get(wordsBefore.get(0));
            if (sub == null) {
                return List.of();
            }
            cl = sub;
        }
        List<String> out = new ArrayList<>();
        for (OptionSpec o : cl.getCommandSpec().options()) {
            for (String n : o.names()) {
                if (n.startsWith("--")) {
                    out.add(n);
                    if (o.negatable()) {
                        out.add("--no-" + n.substring(2));
                    }
                }
            }
        }
        return out;
    }
}
