package org.jparallel.kernel.core;

import com.google.gson.JsonObject;
import org.jparallel.protocol.JupyterMessages;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One open comm as the kernel core holds it: an id shared with the frontend, the target it was
 * opened for, what to call when the frontend sends on it or closes it, and sending and closing
 * from the kernel side (iopub messages, children of the request the kernel handles now). Any
 * thread may send; the listeners run on the shell thread.
 */
public final class KernelComm {

    /** What one comm message carried: its data (a JSON object), the message's metadata and its buffers. */
    public record Payload(JsonObject data, JsonObject metadata, List<byte[]> buffers) {
        public Payload {
            data = data == null ? new JsonObject() : data;
            metadata = metadata == null ? new JsonObject() : metadata;
            buffers = buffers == null ? List.of() : List.copyOf(buffers);
        }
    }

    /** Called with a comm message from the frontend (comm_msg), or with the comm_close's payload. */
    @FunctionalInterface
    public interface Listener {
        void received(Payload payload) throws Exception;
    }

    private final String id;
    private final String targetName;
    private final CommManager manager;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private volatile Listener onMessage;
    private volatile Listener onClose;

    KernelComm(String id, String targetName, CommManager manager) {
        this.id = id;
        this.targetName = targetName;
        this.manager = manager;
    }

    /** The comm_id both sides know this comm by. */
    public String id() {
        return id;
    }

    /** The target the comm was opened for. */
    public String targetName() {
        return targetName;
    }

    /** False once either side has closed it. */
    public boolean isOpen() {
        return open.get();
    }

    /** Sets what runs for each comm_msg the frontend sends on this comm (null: nothing). */
    public void onMessage(Listener listener) {
        this.onMessage = listener;
    }

    /** Sets what runs when the frontend closes this comm (null: nothing). */
    public void onClose(Listener listener) {
        this.onClose = listener;
    }

    /**
     * Sends a comm_msg to the frontend. Throws IllegalStateException when the comm is closed and
     * IllegalArgumentException when the message is over the kernel's message limit.
     */
    public void send(Payload payload) {
        if (!open.get()) {
            throw new IllegalStateException("comm " + id + " (target '" + targetName + "') is closed: open a new one to send");
        }
        manager.publish(JupyterMessages.COMM_MSG, Json.obj("comm_id", id, "data", payload.data()), payload);
    }

    /** Closes the comm and tells the frontend (comm_close); does nothing when already closed. Its onClose does not run. */
    public void close(Payload payload) {
        if (open.compareAndSet(true, false)) {
            manager.forget(this);
            manager.publish(JupyterMessages.COMM_CLOSE, Json.obj("comm_id", id, "data", payload.data()), payload);
        }
    }

    Listener messageListener() {
        return onMessage;
    }

    /** The frontend closed it: marks it closed and returns its close listener. */
    Listener closedByFrontend() {
        open.set(false);
        return onClose;
    }

    @Override
    public String toString() {
        return "comm " + id + " (target '" + targetName + "'" + (isOpen() ? "" : ", closed") + ")";
    }
}
