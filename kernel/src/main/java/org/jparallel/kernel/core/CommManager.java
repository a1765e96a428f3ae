package org.jparallel.kernel.core;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.jparallel.protocol.JupyterMessages;
import org.jparallel.wire.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Jupyter comms on the kernel side (the messaging spec's "custom messages"): targets registered by
 * name, the comms open now, comm_open/comm_msg/comm_close from the frontend (on shell) handed to
 * them, comm_info_request answered, and comms the kernel opens itself. Kernel messages go out on
 * iopub as children of the request being handled (a cell or a comm message). A target or listener
 * that throws is logged and reported under the last cell; the kernel keeps running.
 */
public final class CommManager {
    private static final Logger LOG = Logger.getLogger(CommManager.class.getName());
    /** More open comms than this (a frontend opening without end) are refused. */
    static final int MAX_OPEN = 100_000;

    /** What runs when the frontend opens a comm to a registered target (comm_open). */
    @FunctionalInterface
    public interface Target {
        void opened(KernelComm comm, KernelComm.Payload open) throws Exception;
    }

    private final IopubPublisher iopub;
    private final Map<String, Target> targets = new ConcurrentHashMap<>();
    private final Map<String, KernelComm> comms = new ConcurrentHashMap<>();
    private volatile Message parent;
    private volatile Message lastCell;

    CommManager(IopubPublisher iopub) {
        this.iopub = iopub;
    }

    /** Registers (or replaces) the target of that name; a blank name is refused. */
    public void registerTarget(String targetName, Target target) {
        if (targetName == null || targetName.isBlank()) {
            throw new IllegalArgumentException("a comm target needs a name, e.g. \"my.widget\"");
        }
        if (target == null) {
            throw new IllegalArgumentException("the comm target '" + targetName + "' needs a handler");
        }
        targets.put(targetName, target);
    }

    /** Removes the target; comms already open to it stay open. True when it was registered. */
    public boolean unregisterTarget(String targetName) {
        return targetName != null && targets.remove(targetName) != null;
    }

    /** The registered target names. */
    public List<String> targetNames() {
        return List.copyOf(targets.keySet());
    }

    /**
     * Opens a comm from the kernel to a target of the frontend: publishes comm_open (comm_id,
     * target_name, data; the payload's metadata and buffers) and returns the comm, open until
     * either side closes it. Throws IllegalArgumentException for a blank target or a message over the limit.
     */
    public KernelComm open(String targetName, KernelComm.Payload payload) {
        if (targetName == null || targetName.isBlank()) {
            throw new IllegalArgumentException("opening a comm needs the frontend target's name, e.g. \"jupyter.widget\"");
        }
        if (comms.size() >= MAX_OPEN) {
            throw new IllegalStateException(MAX_OPEN + " comms are open already: close some before opening more");
        }
        KernelComm comm = new KernelComm(UUID.randomUUID().toString().replace("-", ""), targetName, this);
        // known before the frontend can answer on it
        comms.put(comm.id(), comm);
        try {
            publish(JupyterMessages.COMM_OPEN, Json.obj("comm_id", comm.id(), "target_name", targetName,
                    "data", payload.data()), payload);
        } catch (RuntimeException e) {
            comms.remove(comm.id());
            throw e;
        }
        return comm;
    }

    /** The comms open now, in no particular order. */
    public List<KernelComm> openComms() {
        return new ArrayList<>(comms.values());
    }

    /** The request the kernel handles now: kernel comm messages become its children. */
    void handling(Message request, boolean visibleCell) {
        parent = request;
        if (visibleCell) {
            lastCell = request;
        }
    }

    /** comm_info_reply's content: the open comms, only those of target_name when the request names one. */
    JsonObject info(Message request) {
        String only = request.contentString("target_name", "");
        JsonObject list = new JsonObject();
        for (KernelComm c : comms.values()) {
            if (only.isEmpty() || only.equals(c.targetName())) {
                list.add(c.id(), Json.obj("target_name", c.targetName()));
            }
        }
        return Json.obj("status", "ok", "comms", list);
    }

    /** comm_open from the frontend: a comm for a registered target, else (or when the target fails) comm_close back. */
    void frontendOpened(Message request) {
        String id = commId(request);
        if (id == null) {
            return;
        }
        String targetName = request.contentString("target_name", "");
        KernelComm.Payload payload = payload(request);
        if (payload == null) {
            LOG.log(Level.WARNING, "closing comm {0}: its comm_open had data that is not a JSON object", id);
            refuse(request, id);
            return;
        }
        if (comms.containsKey(id)) {
            LOG.log(Level.WARNING, "comm_open for comm {0}, which is open already: ignored", id);
            return;
        }
        Target target = targets.get(targetName);
        if (target == null) {
            LOG.log(Level.WARNING, "comm_open for target ''{0}'', which no code in this kernel has registered: closing comm {1}"
                    + " (register it with Comms.registerTarget before the frontend opens it)", new Object[] {targetName, id});
            refuse(request, id);
            return;
        }
        if (comms.size() >= MAX_OPEN) {
            LOG.log(Level.WARNING, "comm_open refused: {0} comms are open already", MAX_OPEN);
            refuse(request, id);
            return;
        }
        KernelComm comm = new KernelComm(id, targetName, this);
        comms.put(id, comm);
        if (!call("the comm target '" + targetName + "'", () -> target.opened(comm, payload))) {
            // as ipykernel: a comm whose target failed to take it is closed on both sides
            comm.close(new KernelComm.Payload(null, null, null));
        }
    }

    /** comm_msg from the frontend: to the comm's message listener. */
    void frontendMessage(Message request) {
        KernelComm comm = known(request);
        if (comm == null) {
            return;
        }
        KernelComm.Payload payload = payload(request);
        if (payload == null) {
            LOG.log(Level.WARNING, "comm_msg for {0} whose data is not a JSON object (the messaging spec asks for one): ignored",
                    comm);
            return;
        }
        KernelComm.Listener listener = comm.messageListener();
        if (listener == null) {
            LOG.log(Level.FINE, "comm_msg for {0}, which has no message handler", comm);
            return;
        }
        call("the message handler of " + comm, () -> listener.received(payload));
    }

    /** comm_close from the frontend: the comm is closed, then its close listener runs. */
    void frontendClosed(Message request) {
        KernelComm comm = known(request);
        if (comm == null) {
            return;
        }
        comms.remove(comm.id());
        KernelComm.Listener listener = comm.closedByFrontend();
        KernelComm.Payload payload = payload(request);
        if (listener != null) {
            KernelComm.Payload given = payload == null ? new KernelComm.Payload(null, null, null) : payload;
            call("the close handler of " + comm, () -> listener.received(given));
        }
    }

    void forget(KernelComm comm) {
        comms.remove(comm.id());
    }

    /** Publishes a kernel comm message with the payload's metadata and buffers, refused with a sentence when too large. */
    void publish(String msgType, JsonObject content, KernelComm.Payload payload) {
        String refusal = iopub.publish(msgType, parent, content, payload.metadata(), payload.buffers());
        if (refusal != null) {
            throw new IllegalArgumentException(refusal);
        }
    }

    private String commId(Message request) {
        JsonElement id = request.content().get("comm_id");
        if (id == null || !id.isJsonPrimitive() || !id.getAsJsonPrimitive().isString() || id.getAsString().isBlank()) {
            LOG.log(Level.WARNING, "{0} without a comm_id (a non-empty string): ignored", request.type());
            return null;
        }
        return id.getAsString();
    }

    private KernelComm known(Message request) {
        String id = commId(request);
        if (id == null) {
            return null;
        }
        KernelComm comm = comms.get(id);
        if (comm == null) {
            LOG.log(Level.WARNING, "{0} for comm {1}, which is not open in this kernel: ignored", new Object[] {request.type(), id});
        }
        return comm;
    }

    /** The message's data (absent: empty), or null when it is not a JSON object. */
    private static KernelComm.Payload payload(Message request) {
        JsonElement data = request.content().get("data");
        if (data != null && !data.isJsonNull() && !data.isJsonObject()) {
            return null;
        }
        return new KernelComm.Payload(data == null || data.isJsonNull() ? null : data.getAsJsonObject(),
                request.metadata(), request.buffers());
    }

    private void refuse(Message request, String id) {
        iopub.publish(JupyterMessages.COMM_CLOSE, request, Json.obj("comm_id", id, "data", new JsonObject()));
    }

    /** Runs a target or listener; a failure is logged and shown on stderr under the last visible cell (then false). */
    private boolean call(String what, Callback callback) {
        try {
            callback.run();
            return true;
        } catch (Exception | LinkageError | StackOverflowError e) {
            String trace = trace(e);
            LOG.log(Level.WARNING, "{0} failed: {1}", new Object[] {what, trace.strip()});
            LOG.log(Level.FINE, what + " failed", e);
            Message cell = lastCell;
            if (cell != null) {
                iopub.publish(JupyterMessages.STREAM, cell, Json.obj("name", "stderr",
                        "text", what + " failed: " + trace));
            }
            return false;
        }
    }

    /** The error and the frames of the code that threw: the kernel's own frames above and below them left out. */
    static String trace(Throwable e) {
        StringBuilder sb = new StringBuilder(e.toString()).append('\n');
        boolean theirs = false;
        for (StackTraceElement f : e.getStackTrace()) {
            boolean ours = f.getClassName().startsWith("org.jparallel.");
            if (ours && theirs) {
                break;
            }
            if (!ours) {
                theirs = true;
                sb.append("\tat ").append(f).append('\n');
            }
        }
        return sb.toString();
    }

    @FunctionalInterface
    private interface Callback {
        void run() throws Exception;
    }
}
