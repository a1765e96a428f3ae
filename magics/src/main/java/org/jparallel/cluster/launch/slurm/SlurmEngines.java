package org.jparallel.cluster.launch.slurm;

import com.google.gson.JsonObject;
import org.jparallel.cluster.launch.LaunchedEngines;
import org.jparallel.support.Threads;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The engines of one Slurm batch job, watched through squeue (scontrol once the job has left the
 * queue): its state and reason while it waits, its nodes and time left while it runs, and how it
 * ended, in Slurm's words. Stopping it is {@code scancel}.
 */
final class SlurmEngines implements LaunchedEngines {
    private static final Logger LOG = Logger.getLogger(SlurmEngines.class.getName());
    private static final Duration COMMAND_LIMIT = Duration.ofSeconds(20);
    private static final long POLL_WAITING_MS = 1000;
    private static final long POLL_RUNNING_MS = 5000;
    private static final int TAIL_LINES = 6;
    /** How long a death report waits for the job's end once it is COMPLETING (Slurm's KillWait is 30 s by default). */
    private static final Duration END_WAIT = Duration.ofSeconds(35);

    private final SlurmCommands commands;
    private final String jobId;
    private final Path output;
    private final Path script;
    private final long submittedNanos = System.nanoTime();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final LinkedBlockingQueue<Boolean> wakeups = new LinkedBlockingQueue<>();
    private final List<Runnable> exitActions = new CopyOnWriteArrayList<>();
    private volatile SlurmJob last;
    private volatile long runningSinceNanos;
    private volatile String endSentence = "";
    private volatile String endTail = "";
    private volatile boolean cancelled;

    SlurmEngines(SlurmCommands commands, String jobId, Path script, Path output) {
        this.commands = commands;
        this.jobId = jobId;
        this.script = script;
        this.output = output;
        this.last = new SlurmJob(jobId, "PENDING", "", "", "", "", "", "");
        Threads.startDaemon("jparallel-slurm-" + jobId, this::watch);
    }

    String jobId() {
        return jobId;
    }

    /** Polls the job (each second while it waits, every few seconds while it runs) until it has ended. */
    private void watch() {
        while (ended.getCount() > 0) {
            try {
                poll();
                if (ended.getCount() == 0) {
                    return;
                }
                boolean fresh = runningSinceNanos != 0 && System.nanoTime() - runningSinceNanos < 60_000_000_000L;
                wakeups.poll(last.running() && !fresh ? POLL_RUNNING_MS : POLL_WAITING_MS, TimeUnit.MILLISECONDS);
                wakeups.clear();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "watching Slurm job " + jobId + " failed; trying again", e);
                try {
                    wakeups.poll(POLL_RUNNING_MS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Looks at the job once; on its end, records how it ended and runs the exit actions. */
    private synchronized void poll() {
        if (ended.getCount() == 0) {
            return;
        }
        SlurmCommands.Result r = commands.run("squeue", List.of("-h", "-t", "all", "-j", jobId, "-o", SlurmJob.SQUEUE_FORMAT),
                Map.of(), COMMAND_LIMIT);
        Optional<SlurmJob> seen = r.ok() ? r.stdout().lines().map(l -> SlurmJob.fromSqueue(jobId, l)).flatMap(Optional::stream)
                .findFirst() : Optional.empty();
        if (seen.isPresent() && !seen.get().ended()) {
            SlurmJob j = seen.get();
            if (j.running() && runningSinceNanos == 0) {
                runningSinceNanos = System.nanoTime();
                LOG.info(() -> "Slurm job " + jobId + " running on " + j.nodes() + " after " + waited() + " in the queue");
            }
            last = j;
            return;
        }
        // ended (or gone from squeue): scontrol still knows the exit code for a while
        SlurmCommands.Result sc = commands.run("scontrol", List.of("-o", "show", "job", jobId), Map.of(), COMMAND_LIMIT);
        Optional<SlurmJob> shown = sc.ok() ? SlurmJob.fromScontrol(jobId, sc.stdout()) : Optional.empty();
        SlurmJob j = shown.or(() -> seen).orElse(null);
        if (j != null && !j.ended()) {
            last = j; // squeue missed it for a moment
            return;
        }
        if (j == null) {
            j = new SlurmJob(jobId, "GONE", "", "", "", last.nodes(), last.timeLimit(), "");
            endSentence = "Slurm job " + jobId + " is no longer known to Slurm (it ended, and squeue and scontrol have forgotten it)";
        } else {
            endSentence = SlurmEnds.sentence(j);
        }
        endTail = tailNote();
        last = j;
        SlurmJob fin = j;
        LOG.info(() -> "Slurm job " + jobId + " ended: " + fin.state() + (fin.reason().isEmpty() ? "" : " (" + fin.reason() + ")"));
        ended.countDown();
        exitActions.forEach(a -> {
            try {
                a.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "an exit action failed", e);
            }
        });
    }

    /** The last lines of the job's output file (read from its last 16 KiB). */
    List<String> tail() {
        try (RandomAccessFile f = new RandomAccessFile(output.toFile(), "r")) {
            long len = f.length();
            long from = Math.max(0, len - 16 * 1024);
            byte[] b = new byte[(int) (len - from)];
            f.seek(from);
            f.readFully(b);
            List<String> lines = new ArrayList<>(new String(b, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList());
            List<String> tail = new ArrayList<>(lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
            // Slurm's own word on the end ("*** JOB 42 ON node1 CANCELLED AT ... DUE TO TIME LIMIT ***") stays in view
            lines.stream().filter(l -> l.contains("*** JOB ") && !tail.contains(l)).reduce((x, y) -> y).ifPresent(l -> tail.add(0, l));
            return tail;
        } catch (IOException e) {
            return List.of();
        }
    }

    private String waited() {
        return SlurmJob.clock((System.nanoTime() - submittedNanos) / 1_000_000_000L);
    }

    /** The job as last seen. */
    SlurmJob job() {
        return last;
    }

    @Override
    public String launcher() {
        return "slurm";
    }

    @Override
    public boolean anyExited() {
        return ended.getCount() == 0;
    }

    @Override
    public boolean allExited() {
        return ended.getCount() == 0;
    }

    @Override
    public void onAnyExit(Runnable action) {
        exitActions.add(action);
        if (ended.getCount() == 0) {
            action.run();
        }
    }

    @Override
    public boolean awaitExit(Duration limit) throws InterruptedException {
        if (last.waiting() && !cancelled) {
            return false; // a job in the queue has no engines that could exit by themselves
        }
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            wakeups.offer(Boolean.TRUE);
            if (ended.await(Math.min(500, Math.max(1, (end - System.nanoTime()) / 1_000_000)), TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return ended.getCount() == 0;
    }

    @Override
    public void terminate(Duration grace) {
        if (ended.getCount() == 0) {
            return;
        }
        cancelled = true;
        SlurmCommands.Result r = commands.run("scancel", List.of(jobId), Map.of(), COMMAND_LIMIT);
        if (!r.ok()) {
            LOG.warning("scancel " + jobId + " said: " + r.said());
        }
        try {
            // Slurm signals the job's processes (KillWait later SIGKILL); wait until it has left the queue
            if (!awaitExit(grace.plusSeconds(10))) {
                LOG.warning("Slurm job " + jobId + " is still " + last.state() + " after scancel");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void settle(long millis) throws InterruptedException {
        wakeups.offer(Boolean.TRUE);
        ended.await(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public DeathReport deathReport(Map<Integer, Long> dead, Map<Integer, Long> registered) {
        int first = dead.keySet().stream().min(Integer::compare).orElse(-1);
        // engines that die with their job (time limit, scancel, node failure): the job's end explains it
        // best, and Slurm tells it within KillWait; wait for it (bounded)
        long until = System.nanoTime() + END_WAIT.toNanos();
        try {
            while (ended.getCount() > 0 && System.nanoTime() < until) {
                poll();
                if (ended.getCount() > 0 && !last.state().equals("COMPLETING") && !last.waiting() && runningStillFine()) {
                    break;
                }
                ended.await(500, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "looking at Slurm job " + jobId + " failed", e);
        }
        if (ended.getCount() == 0) {
            return new DeathReport(first, endSentence + endTail);
        }
        return new DeathReport(first, "engine" + (dead.size() == 1 ? " " : "s ") + idList(dead.keySet())
                + " stopped answering while Slurm job " + jobId + " is " + last.state()
                + (last.nodes().isEmpty() ? "" : " on " + last.nodes()) + tailNote());
    }

    @Override
    public String startFailure(Set<Integer> registered, int expected, boolean timedOut, Duration waited) {
        String count = registered.size() + " of " + expected + " engines registered";
        if (ended.getCount() == 0) {
            return endSentence + " (" + count + ")" + endTail;
        }
        long ranFor = runningSinceNanos == 0 ? 0 : (System.nanoTime() - runningSinceNanos) / 1_000_000_000L;
        return "only " + count + " within " + ranFor + " s of Slurm job " + jobId + " running on " + last.nodes()
                + ": do the compute nodes reach the controller's address, and do they have the same java and jars?" + tailNote();
    }

    /** A running job whose time limit is not reached: its engines died on their own. */
    private boolean runningStillFine() {
        // squeue prints INVALID (kept as "") for the time left of a job past its limit
        return last.running() && !last.timeLeft().isEmpty() && !last.timeLeft().equals("0:00");
    }

    private String tailNote() {
        List<String> t = tail();
        return t.isEmpty() ? "" : "; the end of its output (" + output + "):\n  " + String.join("\n  ", t);
    }

    /** "Slurm job 4242 RUNNING on node[1-2], 3:59:12 left", "Slurm job 4242 PENDING (Resources)", "Slurm job 4242 TIMEOUT". */
    @Override
    public String describe() {
        SlurmJob j = last;
        if (j.running()) {
            return "Slurm job " + jobId + " RUNNING on " + j.nodes() + (j.timeLeft().isEmpty() ? "" : ", " + j.timeLeft() + " left");
        }
        return "Slurm job " + jobId + " " + j.state() + (j.reason().isEmpty() ? "" : " (" + j.reason() + ")");
    }

    @Override
    public JsonObject toJson() {
        SlurmJob j = last;
        JsonObject o = new JsonObject();
        o.addProperty("launcher", "slurm");
        o.addProperty("job", jobId);
        o.addProperty("state", j.state());
        o.addProperty("reason", j.reason());
        o.addProperty("nodes", j.nodes());
        o.addProperty("time_left", j.timeLeft());
        o.addProperty("time_limit", SlurmJob.readableLimit(j.timeLimit()));
        o.addProperty("script", script.toString());
        o.addProperty("output", output.toString());
        return o;
    }

    @Override
    public long mainPid() {
        return -1;
    }

    @Override
    public Optional<String> waiting() {
        SlurmJob j = last;
        if (ended.getCount() == 0) {
            return Optional.empty();
        }
        if (j.running()) {
            return Optional.of(j.line(""));
        }
        return Optional.of(j.line(waited()));
    }

    @Override
    public boolean queued() {
        return ended.getCount() > 0 && (last.waiting() || last.state().isEmpty());
    }

    private static String idList(java.util.Collection<Integer> ids) {
        return String.join(", ", ids.stream().sorted().map(String::valueOf).toList());
    }
}
