package org.jparallel.kernel;

import org.jparallel.kernel.core.CommManager;
import org.jparallel.kernel.core.KernelComm;

import java.util.List;
import java.util.Map;

/**
 * Jupyter comms from notebook code, the base of widgets: {@code Comms.registerTarget(name, (comm, data) -> ...)}
 * lets the frontend open comms to the kernel, {@code Comms.open(target, data)} opens one to a
 * frontend target, and each {@link Comm} sends and receives JSON objects. Java values go out as
 * JSON through Gson (Map, List, String, Number, Boolean); data from the frontend arrives as a
 * Map. Handlers run on the kernel's request thread between cells, one message at a time; one
 * that throws is reported on the last cell's stderr and the kernel keeps running.
 */
public final class Comms {
    private static volatile CommManager manager;

    /** Runs when the frontend opens a comm to this target, with comm_open's data. */
    @FunctionalInterface
    public interface Target {
        void opened(Comm comm, Map<String, Object> data) throws Exception;
    }

    private Comms() {
    }

    /** The kernel binds the API to its comms at start. */
    static void attach(CommManager comms) {
        manager = comms;
    }

    private static CommManager manager() {
        CommManager m = manager;
        if (m == null) {
            throw new IllegalStateException("comms need the Jupyter kernel: this code does not run in a java-parallel kernel");
        }
        return m;
    }

    /** Registers (or replaces) a target the frontend can open comms to, e.g. {@code registerTarget("my.counter", (comm, data) -> ...)}. */
    public static void registerTarget(String targetName, Target target) {
        if (target == null) {
            throw new IllegalArgumentException("the comm target '" + targetName + "' needs a handler, e.g. (comm, data) -> ...");
        }
        manager().registerTarget(targetName, (core, open) -> target.opened(new Comm(core), CommData.toMap(open.data())));
    }

    /** Removes a target; comms open to it stay open. True when it was registered. */
    public static boolean unregisterTarget(String targetName) {
        return manager().unregisterTarget(targetName);
    }

    /** Opens a comm to the frontend's target with empty data. */
    public static Comm open(String targetName) {
        return open(targetName, null, null, List.of());
    }

    /** Opens a comm to the frontend's target with data (a Map, or an object Gson writes as a JSON object). */
    public static Comm open(String targetName, Object data) {
        return open(targetName, data, null, List.of());
    }

    /** Opens a comm with data, comm_open's metadata (e.g. a widget protocol's version) and binary buffers. */
    public static Comm open(String targetName, Object data, Map<String, ?> metadata, List<byte[]> buffers) {
        String what = "the data opening a comm to '" + targetName + "'";
        return new Comm(manager().open(targetName, new KernelComm.Payload(CommData.toJson(data, what),
                CommData.toJson(metadata, "the metadata opening a comm to '" + targetName + "'"), buffers)));
    }

    /** The comms open now, opened by either side. */
    public static List<Comm> list() {
        return manager().openComms().stream().map(Comm::new).toList();
    }

    /** The names of the registered targets. */
    public static List<String> targets() {
        return manager().targetNames();
    }
}
