package org.jparallel.cluster.launch.slurm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One look at a Slurm job, from {@code squeue} (while Slurm lists it) or {@code scontrol show job}
 * (also shortly after it ended).
 *
 * @param id        the job id
 * @param state     Slurm's state: PENDING, RUNNING, COMPLETED, TIMEOUT, CANCELLED, FAILED, NODE_FAIL, ...
 * @param reason    Slurm's reason (Resources, Priority, TimeLimit, None, ...)
 * @param elapsed   run time so far, as Slurm prints it ("0:12", "1:02:03")
 * @param timeLeft  time left, as Slurm prints it ("3:59:48"; empty when unknown)
 * @param nodes     the nodes (compact form, "node[1-2]"); empty while pending
 * @param timeLimit the time limit, as Slurm prints it
 * @param exitCode  "exit:signal" once ended, else empty
 */
record SlurmJob(String id, String state, String reason, String elapsed, String timeLeft, String nodes, String timeLimit,
                String exitCode) {
    /** The squeue format {@link #fromSqueue} reads: STATE|REASON|TIME|TIME_LEFT|NODELIST|TIME_LIMIT. */
    static final String SQUEUE_FORMAT = "%T|%r|%M|%L|%N|%l";
    /** States in which the job waits for its allocation. */
    static final Set<String> WAITING = Set.of("PENDING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESV_DEL_HOLD",
            "CONFIGURING", "SUSPENDED", "RESIZING");
    /** States of a job that ended. */
    static final Set<String> ENDED = Set.of("COMPLETED", "CANCELLED", "FAILED", "TIMEOUT", "NODE_FAIL", "PREEMPTED",
            "BOOT_FAIL", "DEADLINE", "OUT_OF_MEMORY", "SPECIAL_EXIT", "REVOKED");

    /** Parses a line of {@code squeue -h -o SQUEUE_FORMAT}; empty when it is not one. */
    static Optional<SlurmJob> fromSqueue(String id, String line) {
        String[] f = line.strip().split("\\|", -1);
        if (f.length < 6 || f[0].isEmpty()) {
            return Optional.empty();
        }
        String nodes = f[4].equals("(null)") ? "" : f[4];
        String left = f[3].equals("INVALID") || f[3].equals("NOT_SET") ? "" : f[3];
        return Optional.of(new SlurmJob(id, f[0], f[1].equals("(null)") || f[1].equals("None") ? "" : f[1], f[2], left, nodes, f[5], ""));
    }

    /** Parses {@code scontrol -o show job ID} (one line of Key=Value pairs); empty when it names no job. */
    static Optional<SlurmJob> fromScontrol(String id, String text) {
        Map<String, String> kv = keyValues(text);
        String state = kv.getOrDefault("JobState", "");
        if (state.isEmpty()) {
            return Optional.empty();
        }
        String nodes = kv.getOrDefault("NodeList", "");
        return Optional.of(new SlurmJob(id, state, kv.getOrDefault("Reason", "").equals("None") ? "" : kv.getOrDefault("Reason", ""),
                kv.getOrDefault("RunTime", ""), "", nodes.equals("(null)") ? "" : nodes, kv.getOrDefault("TimeLimit", ""),
                kv.getOrDefault("ExitCode", "")));
    }

    /** The Key=Value pairs of scontrol's one-line output (values end at the next space). */
    static Map<String, String> keyValues(String text) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String token : text.strip().split("\\s+")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                kv.putIfAbsent(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        return kv;
    }

    boolean waiting() {
        return WAITING.contains(state);
    }

    boolean running() {
        return state.equals("RUNNING");
    }

    /** Whether the job has ended (not yet while COMPLETING: Slurm then still ends its processes, and the final state follows). */
    boolean ended() {
        return ENDED.contains(state);
    }

    /** The queue line: "job 4242 PENDING (Resources) 0:12" or "job 4242 RUNNING on node[1-2]". */
    String line(String waited) {
        if (running()) {
            return "job " + id + " " + state + (nodes.isEmpty() ? "" : " on " + nodes);
        }
        return "job " + id + " " + state + (reason.isEmpty() ? "" : " (" + reason + ")") + (waited.isEmpty() ? "" : " " + waited);
    }

    /** A time limit as people write it: "04:00:00" becomes "4:00:00", "1-00:00:00" stays. */
    static String readableLimit(String limit) {
        if (limit.matches("\\d\\d:\\d\\d:\\d\\d")) {
            return Integer.parseInt(limit.substring(0, 2)) + limit.substring(2);
        }
        return limit;
    }

    /** Seconds as Slurm prints times: "0:12", "12:03", "1:02:03". */
    static String clock(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format("%d:%02d:%02d", h, m, s) : String.format("%d:%02d", m, s);
    }
}
