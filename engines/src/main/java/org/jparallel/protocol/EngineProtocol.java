package org.jparallel.protocol;

/**
 * The message types of the engine link (controller ROUTER &lt;-&gt; engine DEALER).
 *
 * <p>Every message is a Jupyter-format message ({@link org.jparallel.wire.Message}; the types it
 * shares with Jupyter's protocol are those of {@link JupyterMessages}) signed with HMAC-SHA256
 * under the per-cluster key, which the engine reads from the environment variable {@value #ENV_KEY}
 * (never from its command line). The engine connects its DEALER to {@value #ENV_CONTROLLER}.
 * Messages that are unsigned, wrongly signed, malformed or replayed (a msg_id seen before) are
 * logged and dropped on both ends.
 *
 * <p>Replies and side messages carry the request's header as their parent header: that is how the
 * controller routes them to whoever waits for the request. Every content an engine sends carries
 * {@code "engine_id"} (its MPI rank).
 *
 * <table>
 * <caption>Message types</caption>
 * <tr><th>type</th><th>direction</th><th>content</th></tr>
 * <tr><td>{@value #REGISTRATION_REQUEST}</td><td>engine to controller, once, as soon as the engine can run code
 *     (it warms JShell up after)</td>
 *     <td>engine_id, engine_count, pid, hostname, java_version, startup_ms,
 *     mpi: {present, initialised, rank, size, thread_level, warning}</td></tr>
 * <tr><td>{@value #REGISTRATION_REPLY}</td><td>controller to engine</td>
 *     <td>status ("ok" or "error"), evalue (why refused), heartbeat_ms</td></tr>
 * <tr><td>{@value #HEARTBEAT}</td><td>engine to controller, every heartbeat_ms</td><td>engine_id, busy</td></tr>
 * <tr><td>{@value #HEARTBEAT_REPLY}</td><td>controller to engine</td><td>{} (an engine that hears nothing from
 *     the controller for {@value #ENV_HEARTBEAT_TIMEOUT} ms exits, so no engine outlives its controller)</td></tr>
 * <tr><td>{@value #EXECUTE_REQUEST}</td><td>controller to engine</td><td>code, silent</td></tr>
 * <tr><td>{@value #STREAM}</td><td>engine to controller, during a request</td>
 *     <td>engine_id, name ("stdout" or "stderr"), text (one bounded batch)</td></tr>
 * <tr><td>{@value #EXECUTE_RESULT}</td><td>engine to controller</td>
 *     <td>engine_id, execution_count, data: {"text/plain": JShell's value text}, metadata</td></tr>
 * <tr><td>{@value #DISPLAY_DATA}</td><td>engine to controller, during a request (display(...) on the engine)</td>
 *     <td>engine_id, data (MIME bundle), metadata (with engine: the engine id), transient: {display_id}</td></tr>
 * <tr><td>{@value #ERROR}</td><td>engine to controller</td><td>engine_id, ename, evalue, traceback (list of lines)</td></tr>
 * <tr><td>{@value #EXECUTE_REPLY}</td><td>engine to controller, last message of a request</td>
 *     <td>engine_id, status ("ok" or "error"), execution_count, and on error ename, evalue, traceback;
 *     metadata: engine_id, started, completed (ISO 8601)</td></tr>
 * <tr><td>{@value #INTERRUPT_REQUEST}</td><td>controller to engine; served by the engine's I/O thread even while
 *     a request runs</td><td>{}</td></tr>
 * <tr><td>{@value #INTERRUPT_REPLY}</td><td>engine to controller</td><td>engine_id, status, interrupted (was busy)</td></tr>
 * <tr><td>{@value #STACK_REQUEST}</td><td>controller to engine; served while a request runs ("where is each engine
 *     stuck")</td><td>all_threads (false: only the thread running the request)</td></tr>
 * <tr><td>{@value #STACK_REPLY}</td><td>engine to controller</td>
 *     <td>engine_id, status, busy, busy_ms, request: {msg_id, msg_type, code} or null,
 *     threads: [{name, state, frames: ["at Class.method(File:line)", ...]}]</td></tr>
 * <tr><td>{@value #SHUTDOWN_REQUEST}</td><td>controller to engine</td><td>{}</td></tr>
 * <tr><td>{@value #SHUTDOWN_REPLY}</td><td>engine to controller, then the engine finalizes MPI and exits</td>
 *     <td>engine_id, status</td></tr>
 * <tr><td>NAME_request</td><td>controller to engine: any type registered in the engine's EngineHandlers
 *     (for example by an EngineExtension)</td><td>defined by the handler</td></tr>
 * <tr><td>NAME_reply</td><td>engine to controller, last message of such a request</td>
 *     <td>engine_id, status, and on error ename, evalue, traceback</td></tr>
 * </table>
 *
 * <p>A request of a type the engine does not know gets a reply {@code NAME_reply} (or
 * {@code error_reply} when the name does not end in {@code _request}) with status "error".
 */
public final class EngineProtocol {
    public static final String REGISTRATION_REQUEST = "registration_request";
    public static final String REGISTRATION_REPLY = "registration_reply";
    public static final String HEARTBEAT = "heartbeat";
    public static final String HEARTBEAT_REPLY = "heartbeat_reply";
    public static final String EXECUTE_REQUEST = JupyterMessages.EXECUTE_REQUEST;
    public static final String EXECUTE_REPLY = JupyterMessages.EXECUTE_REPLY;
    public static final String STREAM = JupyterMessages.STREAM;
    public static final String EXECUTE_RESULT = JupyterMessages.EXECUTE_RESULT;
    public static final String DISPLAY_DATA = JupyterMessages.DISPLAY_DATA;
    public static final String ERROR = JupyterMessages.ERROR;
    public static final String INTERRUPT_REQUEST = JupyterMessages.INTERRUPT_REQUEST;
    public static final String INTERRUPT_REPLY = JupyterMessages.INTERRUPT_REPLY;
    public static final String STACK_REQUEST = "stack_request";
    public static final String STACK_REPLY = "stack_reply";
    public static final String SHUTDOWN_REQUEST = JupyterMessages.SHUTDOWN_REQUEST;
    public static final String SHUTDOWN_REPLY = JupyterMessages.SHUTDOWN_REPLY;

    /** Environment: the per-cluster signing key. */
    public static final String ENV_KEY = "JPARALLEL_KEY";
    /** Environment: the controller's engine endpoint, e.g. tcp://127.0.0.1:40123. */
    public static final String ENV_CONTROLLER = "JPARALLEL_CONTROLLER";
    /** Environment: rank given by the local launcher (under mpirun, OMPI_COMM_WORLD_RANK is used). */
    public static final String ENV_ENGINE_ID = "JPARALLEL_ENGINE_ID";
    /** Environment: size given by the local launcher (under mpirun, OMPI_COMM_WORLD_SIZE is used). */
    public static final String ENV_ENGINE_COUNT = "JPARALLEL_ENGINE_COUNT";
    /** Environment: heartbeat period in milliseconds (default {@value #DEFAULT_HEARTBEAT_MS}). */
    public static final String ENV_HEARTBEAT_MS = "JPARALLEL_HEARTBEAT_MS";
    /** Environment: silence from the controller after which an engine exits (default {@value #DEFAULT_HEARTBEAT_TIMEOUT_MS}). */
    public static final String ENV_HEARTBEAT_TIMEOUT = "JPARALLEL_HEARTBEAT_TIMEOUT_MS";
    /** Environment: path of Open MPI's mpi.jar; MPI is initialised when the class mpi.MPI can be loaded. */
    public static final String ENV_MPI_JAR = "MPI_JAR";
    /** Environment: the controller's CURVE public key (Z85) when the engine link is encrypted. */
    public static final String ENV_CURVE_SERVER_KEY = "JPARALLEL_CURVE_SERVER_KEY";
    /** Environment: most output (MB) one request sends from one engine; the rest is dropped with a notice. */
    public static final String ENV_OUTPUT_LIMIT_MB = "JPARALLEL_OUTPUT_LIMIT_MB";

    public static final int DEFAULT_HEARTBEAT_MS = 1000;
    public static final int DEFAULT_HEARTBEAT_TIMEOUT_MS = 6000;

    private EngineProtocol() {
    }

    /** The reply type of a request type: NAME_request gives NAME_reply. */
    public static String replyType(String requestType) {
        return requestType.endsWith("_request")
                ? requestType.substring(0, requestType.length() - "_request".length()) + "_reply"
                : "error_reply";
    }

    /** Whether a message type is the last message of a request (a reply). */
    public static boolean isReply(String msgType) {
        return msgType.endsWith("_reply");
    }
}
