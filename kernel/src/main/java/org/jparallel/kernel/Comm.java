package org.jparallel.kernel;

import org.jparallel.kernel.core.KernelComm;

import java.util.List;
import java.util.Map;

/**
 * One Jupyter comm between a notebook's Java code and the frontend (e.g. a widget's model): data
 * goes both ways as JSON objects, given here as Maps (see {@link Comms}). Get one from
 * {@link Comms#open} or in a target's handler ({@link Comms#registerTarget}).
 */
public final class Comm {

    /** Runs with the data of a message from the frontend: a Map of JSON values (Map, List, String, Long, Double, Boolean, null). */
    @FunctionalInterface
    public interface Handler {
        void handle(Map<String, Object> data) throws Exception;
    }

    /** Like {@link Handler}, with the message's binary buffers too. */
    @FunctionalInterface
    public interface BufferHandler {
        void handle(Map<String, Object> data, List<byte[]> buffers) throws Exception;
    }

    private final KernelComm core;

    Comm(KernelComm core) {
        this.core = core;
    }

    /** The comm_id both sides know this comm by. */
    public String id() {
        return core.id();
    }

    /** The target the comm was opened for. */
    public String targetName() {
        return core.targetName();
    }

    /** False once the kernel or the frontend has closed it. */
    public boolean isOpen() {
        return core.isOpen();
    }

    /** Sends data to the frontend's side of the comm: a Map (or an object Gson writes as a JSON object). */
    public void send(Object data) {
        send(data, List.of());
    }

    /** Sends data with binary buffers (comm_msg's buffers). */
    public void send(Object data, List<byte[]> buffers) {
        core.send(new KernelComm.Payload(CommData.toJson(data, "the data sent on " + core), null, buffers));
    }

    /** Sets what runs for each message the frontend sends on this comm; returns this comm. */
    public Comm onMessage(Handler handler) {
        core.onMessage(handler == null ? null : p -> handler.handle(CommData.toMap(p.data())));
        return this;
    }

    /** Sets what runs for each message the frontend sends, with its buffers; returns this comm. */
    public Comm onMessage(BufferHandler handler) {
        core.onMessage(handler == null ? null : p -> handler.handle(CommData.toMap(p.data()), p.buffers()));
        return this;
    }

    /** Sets what runs when the frontend closes this comm (with comm_close's data); returns this comm. */
    public Comm onClose(Handler handler) {
        core.onClose(handler == null ? null : p -> handler.handle(CommData.toMap(p.data())));
        return this;
    }

    /** Closes the comm and tells the frontend; the onClose handler (for the frontend's closing) does not run. */
    public void close() {
        close(null);
    }

    /** Closes the comm with data for the frontend (comm_close's data). */
    public void close(Object data) {
        core.close(new KernelComm.Payload(CommData.toJson(data, "the data closing " + core), null, null));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Comm c && c.core == core;
    }

    @Override
    public int hashCode() {
        return core.hashCode();
    }

    @Override
    public String toString() {
        return core.toString();
    }
}
