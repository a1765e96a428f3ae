package org.jparallel.cluster.launch.mpi;

import org.jparallel.cluster.launch.LaunchedEngines;
import org.jparallel.cluster.launch.ProcessEngines;
import org.jparallel.cluster.launch.ExitStatus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The engines of one mpirun: how they are watched and how their deaths are explained. */
public final class MpiProcesses extends ProcessEngines {
    // "mpirun noticed that process rank 1 with PID 0 on node vm exited on signal 9 (Killed)."
    private static final Pattern NOTICED = Pattern.compile(
            "process rank (\\d+) with PID \\d+ on node (\\S+) exited on signal (\\d+) \\(([^)]*)\\)");
    // "Process name: [[21914,1],1]" then "Exit code:    3"
    private static final Pattern PROCESS_NAME = Pattern.compile("Process name:\\s*\\[\\[\\d+,\\d+\\],(\\d+)\\]");
    private static final Pattern EXIT_CODE = Pattern.compile("Exit code:\\s*(\\d+)");
    private static final long EXIT_AFTER_NOTE_MILLIS = 500;

    private final Process mpirun;
    private final Path executable;
    private final Thread outPump;
    private final Thread errPump;

    public MpiProcesses(Process mpirun, Path executable) {
        this.mpirun = mpirun;
        this.executable = executable;
        outPump = stdout.pump(mpirun.getInputStream(), "mpirun-stdout");
        errPump = stderr.pump(mpirun.getErrorStream(), "mpirun-stderr");
    }

    @Override
    public List<Process> processes() {
        return List.of(mpirun);
    }

    @Override
    public String launcher() {
        return "mpi";
    }

    @Override
    public String describe() {
        return "mpirun (pid " + mpirun.pid() + ")";
    }

    @Override
    public void settle(long millis) throws InterruptedException {
        // mpirun stops the other ranks, then says which rank died and how ("noticed that process
        // rank 1 ... exited on signal 9", or "Process name: ... Exit code: 3"), then exits.
        long end = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < end && mpirun.isAlive()) {
            if (stderr.awaitLine(l -> NOTICED.matcher(l).find() || EXIT_CODE.matcher(l).find(), 25)) {
                // mpirun exits right after its note: wait a little, so the report can say it did
                long left = Math.min(EXIT_AFTER_NOTE_MILLIS, (end - System.nanoTime()) / 1_000_000L);
                if (left > 0) {
                    mpirun.waitFor(left, java.util.concurrent.TimeUnit.MILLISECONDS);
                }
                return;
            }
        }
        // mpirun has exited: what it wrote last may still be on its way through the pipes
        for (Thread pump : new Thread[]{errPump, outPump}) {
            long left = (end - System.nanoTime()) / 1_000_000L;
            if (left > 0) {
                pump.join(left);
            }
        }
    }

    @Override
    public DeathReport deathReport(Map<Integer, Long> dead, Map<Integer, Long> registered) {
        String said = String.join("\n", stderr.lines());
        int first = dead.isEmpty() ? -1 : dead.keySet().stream().min(Integer::compare).get();
        String how = "is no longer running";
        Matcher m = NOTICED.matcher(said);
        Matcher pn = PROCESS_NAME.matcher(said);
        if (m.find()) {
            first = Integer.parseInt(m.group(1));
            how = "was killed by " + ExitStatus.signal(Integer.parseInt(m.group(3)))
                    + (m.group(4).isEmpty() ? "" : " [" + m.group(4) + "]");
        } else if (pn.find()) {
            first = Integer.parseInt(pn.group(1));
            Matcher ec = EXIT_CODE.matcher(said.substring(pn.end()));
            how = ec.find() ? "exited with status " + ec.group(1) : "exited";
        }
        StringBuilder sb = new StringBuilder();
        if (first < 0) {
            sb.append("mpirun (pid ").append(mpirun.pid()).append(") ");
            sb.append(mpirun.isAlive() ? "lost its engines" : "exited with status " + mpirun.exitValue());
            sb.append(" and every engine with it");
        } else {
            Long pid = registered.getOrDefault(first, dead.get(first));
            sb.append("engine ").append(first).append(pid == null ? "" : " (pid " + pid + ")").append(' ').append(how).append('.');
            Set<Integer> others = new TreeSet<>(registered.keySet());
            others.remove(first);
            if (!others.isEmpty()) {
                sb.append(" Open MPI ends the whole job when one rank dies: mpirun ")
                        .append(mpirun.isAlive() ? "is stopping" : "stopped")
                        .append(others.size() == 1 ? " engine " : " engines ").append(LaunchedEngines.idList(others));
            } else {
                sb.append(" Open MPI then ends the job");
            }
            if (!mpirun.isAlive()) {
                sb.append(" and exited with status ").append(mpirun.exitValue());
            }
        }
        sb.append('.');
        String quote = stderr.quoted("    ");
        if (!quote.isEmpty()) {
            sb.append(" mpirun said:\n").append(quote.stripTrailing());
        }
        return new DeathReport(first, sb.toString());
    }

    @Override
    public String startFailure(Set<Integer> registered, int expected, boolean timedOut, Duration waited) {
        StringBuilder sb = new StringBuilder();
        Set<Integer> missing = new TreeSet<>();
        for (int i = 0; i < expected; i++) {
            if (!registered.contains(i)) {
                missing.add(i);
            }
        }
        if (!mpirun.isAlive()) {
            sb.append("the engines failed to start: mpirun (").append(executable).append(") ")
                    .append("exited with status ").append(mpirun.exitValue()).append(" after ").append(registered.size())
                    .append(" of ").append(expected).append(" engines had registered");
        } else {
            sb.append("only ").append(registered.size()).append(" of ").append(expected)
                    .append(" engines registered within ").append(waited.toSeconds()).append(" s")
                    .append(" (missing: ").append(LaunchedEngines.idList(missing)).append("); mpirun (pid ").append(mpirun.pid())
                    .append(") is still running, so the engines may be slow to start: raise start.timeout in the profile,"
                            + " or use fewer engines");
        }
        sb.append('.');
        String err = stderr.quoted("    ");
        if (!err.isEmpty()) {
            sb.append(" mpirun's stderr:\n").append(err.stripTrailing());
        }
        String out = stdout.quoted("    ");
        if (!out.isEmpty()) {
            sb.append("\nmpirun's stdout:\n").append(out.stripTrailing());
        }
        String fix = MpirunAdvice.advice(String.join("\n", stderr.lines()) + "\n" + String.join("\n", stdout.lines()));
        if (!fix.isEmpty()) {
            sb.append("\nWhat to do: ").append(fix);
        }
        return sb.toString();
    }
}
