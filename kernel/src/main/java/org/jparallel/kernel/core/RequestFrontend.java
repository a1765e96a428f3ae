package org.jparallel.kernel.core;

import org.jparallel.protocol.JupyterMessages;
import org.jparallel.wire.Message;

import java.io.IOException;
import java.util.Map;

/** The {@link Frontend} of one execute_request: iopub messages as its children, stdin when it allows input. */
final class RequestFrontend implements Frontend {
    private final Message request;
    private final boolean silent;
    private final boolean allowStdin;
    private final boolean storeHistory;
    private final int executionCount;
    private final IopubPublisher iopub;
    private final StdinChannel stdin;
    private final History history;

    RequestFrontend(Message request, boolean silent, boolean allowStdin, boolean storeHistory, int executionCount,
                    IopubPublisher iopub, StdinChannel stdin, History history) {
        this.request = request;
        this.silent = silent;
        this.allowStdin = allowStdin;
        this.storeHistory = storeHistory;
        this.executionCount = executionCount;
        this.iopub = iopub;
        this.stdin = stdin;
        this.history = history;
    }

    @Override
    public void stream(String name, String text) {
        if (!silent && text != null && !text.isEmpty()) {
            iopub.publish(JupyterMessages.STREAM, request,
                    Json.obj("name", "stderr".equals(name) ? "stderr" : "stdout", "text", text));
        }
    }

    @Override
    public void display(Map<String, Object> data, Map<String, Object> metadata, String displayId) {
        if (!silent) {
            iopub.publish(JupyterMessages.DISPLAY_DATA, request, Json.obj("data", Json.map(data),
                    "metadata", Json.map(metadata), "transient", Json.obj("display_id", displayId)));
        }
    }

    @Override
    public void updateDisplay(String displayId, Map<String, Object> data, Map<String, Object> metadata) {
        if (!silent) {
            iopub.publish(JupyterMessages.UPDATE_DISPLAY_DATA, request, Json.obj("data", Json.map(data),
                    "metadata", Json.map(metadata), "transient", Json.obj("display_id", displayId)));
        }
    }

    @Override
    public void clearOutput(boolean wait) {
        if (!silent) {
            iopub.publish(JupyterMessages.CLEAR_OUTPUT, request, Json.obj("wait", wait));
        }
    }

    @Override
    public void result(Map<String, Object> data, Map<String, Object> metadata) {
        if (silent) {
            return;
        }
        iopub.publish(JupyterMessages.EXECUTE_RESULT, request, Json.obj("execution_count", executionCount,
                "data", Json.map(data), "metadata", Json.map(metadata)));
        if (storeHistory) {
            history.setOutput(executionCount, String.valueOf(data.get("text/plain")));
        }
    }

    @Override
    public String readLine(String prompt, boolean password) throws IOException {
        if (!allowStdin) {
            throw new IOException("this frontend does not accept input (the request was sent with allow_stdin false),"
                    + " so the cell cannot read System.in; pass the data in code instead");
        }
        return stdin.readLine(request, prompt, password);
    }
}
