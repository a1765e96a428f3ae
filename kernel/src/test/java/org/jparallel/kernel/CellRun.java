package org.jparallel.kernel;

import java.time.Duration;

/** A cell run through a kernel client: its reply, and what the notebook shows for it. */
record CellRun(KernelClient.Execution execution, OutputArea view) {
    static CellRun run(KernelClient client, String code, Duration limit) {
        KernelClient.Execution e = client.execute(code, limit);
        return new CellRun(e, OutputArea.of(e.outputs()));
    }

    String status() {
        return execution.status();
    }

    /**
     * What the cell shows, without the "2/2 engines done in 2.3 s" line a cell gets when it takes
     * over 2 s (on a loaded machine a quick cell may; a test of that line reads the view itself).
     */
    String text() {
        return view.text().replaceAll("(?m)^\\d+/\\d+ engines done.*\n", "");
    }

    String ename() {
        return execution.reply().contentString("ename", "");
    }

    String evalue() {
        return execution.reply().contentString("evalue", "");
    }
}
