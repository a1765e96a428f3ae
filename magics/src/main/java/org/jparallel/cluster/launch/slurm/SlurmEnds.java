package org.jparallel.cluster.launch.slurm;

import java.util.List;

/** The end of a Slurm job in the words Slurm's users know, with the tail of the job's output. */
final class SlurmEnds {
    private SlurmEnds() {
    }

    /** One sentence for the job's end state (TIMEOUT, CANCELLED, FAILED, NODE_FAIL, ...). */
    static String sentence(SlurmJob job) {
        String j = "Slurm job " + job.id();
        return switch (job.state()) {
            case "TIMEOUT" -> j + " reached its time limit" + (job.timeLimit().isEmpty() ? "" : " (" + SlurmJob.readableLimit(job.timeLimit()) + ")");
            case "CANCELLED" -> j + " was cancelled (scancel by its owner or an administrator)";
            case "FAILED" -> j + " failed" + exit(job);
            case "NODE_FAIL" -> "a node of " + j + " failed" + (job.nodes().isEmpty() ? "" : " (" + job.nodes() + ")")
                    + ", and Slurm ended the job";
            case "PREEMPTED" -> j + " was preempted (Slurm gave its nodes to another job)";
            case "OUT_OF_MEMORY" -> j + " ran out of memory (raise --mem in slurm.sbatch.args)";
            case "BOOT_FAIL" -> j + " could not start: its nodes failed to boot";
            case "DEADLINE" -> j + " passed its deadline and was ended by Slurm";
            case "COMPLETED", "COMPLETING" -> j + " ended: its batch script (the engines' mpirun) finished" + exit(job);
            default -> j + " ended (" + job.state() + (job.reason().isEmpty() ? "" : ", " + job.reason()) + ")";
        };
    }

    /** The sentence, then the last lines of the job's output when there are any. */
    static String describe(SlurmJob job, List<String> outputTail, String outputFile) {
        String s = sentence(job);
        if (outputTail.isEmpty()) {
            return s;
        }
        return s + "; the end of its output (" + outputFile + "):\n  " + String.join("\n  ", outputTail);
    }

    private static String exit(SlurmJob job) {
        String e = job.exitCode();
        if (e.isEmpty() || e.equals("0:0")) {
            return "";
        }
        String[] p = e.split(":");
        if (p.length == 2 && !p[1].equals("0")) {
            return " (killed by signal " + p[1] + ")";
        }
        return " (exit code " + p[0] + ")";
    }
}
