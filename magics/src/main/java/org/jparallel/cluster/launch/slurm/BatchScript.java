package org.jparallel.cluster.launch.slurm;

import org.jparallel.cluster.model.ClusterException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The batch script of a slurm cluster: #SBATCH lines for the profile's settings, then one mpirun
 * starting the engines inside the allocation (one rank per task; Open MPI starts its daemons on
 * the job's nodes through Slurm). A user's template may add site lines (modules, constraints,
 * GPUs) around these; it names them by placeholders:
 * <ul>
 *   <li>{@code {{sbatch}}}: the #SBATCH lines (job name, tasks, nodes, time, partition, account, QOS, output);</li>
 *   <li>{@code {{mpirun}}}: the command that starts the engines (required);</li>
 *   <li>{@code {{engines}}}, {@code {{profile}}}, {@code {{output}}}: the engine count, the profile name, the output file.</li>
 * </ul>
 * The script holds no secret: the key and the controller's address reach the engines through the
 * environment only (sbatch passes its own on, mpirun exports them with -x).
 */
final class BatchScript {
    static final String DEFAULT_TEMPLATE = "#!/bin/bash\n{{sbatch}}\n{{mpirun}}\n";
    static final List<String> PLACEHOLDERS = List.of("sbatch", "mpirun", "engines", "profile", "output");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_]+)\\s*}}");

    /** The profile's Slurm settings the script carries (blank: left to Slurm's defaults). */
    record Options(String profile, int engines, String nodes, String time, String partition, String account, String qos,
                   String output) {
    }

    private BatchScript() {
    }

    /** The #SBATCH lines for the options. */
    static List<String> sbatchLines(Options o) {
        List<String> l = new ArrayList<>();
        l.add("#SBATCH --job-name=jparallel-" + o.profile());
        l.add("#SBATCH --ntasks=" + o.engines());
        if (!o.nodes().isBlank()) {
            l.add("#SBATCH --nodes=" + o.nodes().strip());
        }
        if (!o.time().isBlank()) {
            l.add("#SBATCH --time=" + o.time().strip());
        }
        if (!o.partition().isBlank()) {
            l.add("#SBATCH --partition=" + o.partition().strip());
        }
        if (!o.account().isBlank()) {
            l.add("#SBATCH --account=" + o.account().strip());
        }
        if (!o.qos().isBlank()) {
            l.add("#SBATCH --qos=" + o.qos().strip());
        }
        l.add("#SBATCH --output=" + o.output());
        l.add("#SBATCH --open-mode=append");
        return l;
    }

    /**
     * The mpirun line: exports each engine variable by name (-x NAME, never its value), one rank
     * per task of the allocation.
     */
    static String mpirunLine(String mpirun, boolean root, int engines, List<String> envNames, List<String> engineCommand) {
        List<String> cmd = new ArrayList<>();
        cmd.add(mpirun);
        if (root) {
            cmd.add("--allow-run-as-root");
        }
        // A JVM bound to one core sees one CPU: single-threaded GC and JIT, slow start.
        cmd.addAll(List.of("--bind-to", "none", "-np", Integer.toString(engines)));
        for (String v : new java.util.TreeSet<>(envNames)) {
            cmd.add("-x");
            cmd.add(v);
        }
        cmd.addAll(engineCommand);
        StringBuilder b = new StringBuilder("exec");
        for (String a : cmd) {
            b.append(' ').append(quote(a));
        }
        return b.toString();
    }

    /** Fills the template (the built-in one when null); throws naming an unknown or missing placeholder. */
    static String render(String template, String templateName, Options o, String mpirunLine) {
        String t = template == null ? DEFAULT_TEMPLATE : template;
        if (!t.startsWith("#!")) {
            throw new ClusterException("the batch template " + templateName + " does not start with a #! line (e.g. #!/bin/bash): "
                    + "sbatch runs only scripts that name their shell");
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("sbatch", String.join("\n", sbatchLines(o)));
        values.put("mpirun", mpirunLine);
        values.put("engines", Integer.toString(o.engines()));
        values.put("profile", o.profile());
        values.put("output", o.output());
        Matcher m = PLACEHOLDER.matcher(t);
        boolean hasMpirun = false;
        boolean hasSbatch = false;
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String v = values.get(name);
            if (v == null) {
                throw new ClusterException("the batch template " + templateName + " has an unknown placeholder {{" + name + "}}: "
                        + "use " + String.join(", ", PLACEHOLDERS.stream().map(p -> "{{" + p + "}}").toList()));
            }
            hasMpirun |= name.equals("mpirun");
            hasSbatch |= name.equals("sbatch");
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        if (!hasMpirun) {
            throw new ClusterException("the batch template " + templateName + " has no {{mpirun}} line: "
                    + "put {{mpirun}} where the engines should start");
        }
        String s = out.toString();
        if (!hasSbatch) {
            // the #SBATCH lines must come right after the #! line, before any command
            int nl = s.indexOf('\n');
            s = s.substring(0, nl + 1) + values.get("sbatch") + "\n" + s.substring(nl + 1);
        }
        return s.endsWith("\n") ? s : s + "\n";
    }

    /** The word for a POSIX shell: as is when plain, else in single quotes. */
    static String quote(String s) {
        if (!s.isEmpty() && s.matches("[A-Za-z0-9_@%+=:,./-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
