package org.jparallel.cluster.launch.mpi;

import java.util.List;
import java.util.Locale;

/**
 * What to do about a failed mpirun, read from what it said: the usual ways it refuses to start
 * (not enough slots, run as root, conflicting options, a missing executable or host) each get
 * the fix in a sentence, shown after mpirun's own words.
 */
public final class MpirunAdvice {
    private record Rule(String said, String advice) {
    }

    private MpirunAdvice() {
    }

    private static List<Rule> rules() {
        int cores = MpiLauncher.cores();
        return List.of(
                new Rule("not enough slots available", "Open MPI gives one slot per core (this machine has " + cores
                        + "): ask for at most " + cores + " engines, or let it start more ranks than cores by removing"
                        + " --nooversubscribe from the profile's mpi.args (jparallel then adds --oversubscribe);"
                        + " with a hostfile, raise the slots=N of its hosts."),
                new Rule("attempt to run as root", "mpirun refuses to run as root without --allow-run-as-root, which"
                        + " jparallel adds when it runs as root; if MPIRUN names a wrapper, make it pass the option on,"
                        + " or set OMPI_ALLOW_RUN_AS_ROOT=1 and OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 in the kernel's"
                        + " environment (kernel.json \"env\"). Better: run Jupyter as an ordinary user."),
                new Rule("conflicting directives", "the profile's mpi.args contradict an option jparallel adds"
                        + " (--oversubscribe, --bind-to none, --allow-run-as-root): remove the one from mpi.args."),
                new Rule("unable to find the specified executable", "mpirun could not run the engine's java: check the"
                        + " profile's java setting, and that the same path exists on every host."),
                new Rule("could not access or execute an executable", "mpirun could not run the engine's java: check the"
                        + " profile's java setting, and that the same path exists on every host."),
                new Rule("unable to reliably start one or more daemons", "mpirun could not start its daemon on another"
                        + " host: check that `ssh HOST true` works without a password and that Open MPI is installed"
                        + " there at the same path."),
                new Rule("unrecognized argument", "mpirun does not know one of the profile's mpi.args: fix them with"
                        + " `jpcluster profile create` (see `mpirun --help`)."),
                new Rule("open the hostfile", "the hostfile named in the profile's mpi.args cannot be read: give its"
                        + " full path."));
    }

    /** The fix for what mpirun said, or "" when it is not a known refusal. */
    static String advice(String said) {
        String s = said.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        for (Rule r : rules()) {
            if (s.contains(r.said())) {
                return r.advice();
            }
        }
        return "";
    }
}
