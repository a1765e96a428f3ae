package org.jparallel.protocol;

/**
 * The message types of the client link (a kernel's or jpcluster's DEALER &lt;-&gt; the controller's
 * client ROUTER). Signed with the cluster's key like the engine link
 * ({@link org.jparallel.protocol.EngineProtocol}); the key and the client port are in the
 * cluster's connection file (the cluster's ClusterInfo, mode 0600).
 *
 * <table>
 * <caption>Message types</caption>
 * <tr><th>type</th><th>direction</th><th>content</th></tr>
 * <tr><td>{@value #CONNECT_REQUEST}</td><td>client to controller: subscribes the client to cluster events</td><td>{}</td></tr>
 * <tr><td>{@value #CONNECT_REPLY}</td><td>controller to client</td><td>the cluster's status (as status_reply)</td></tr>
 * <tr><td>{@value #STATUS_REQUEST}</td><td>client to controller</td><td>{}</td></tr>
 * <tr><td>{@value #STATUS_REPLY}</td><td>controller to client</td>
 *     <td>profile, state (starting, running, failed, stopping, stopped), detail, launcher, expected, owner, pid,
 *     started, engines: [{id, state, pid, host, busy, detail}]</td></tr>
 * <tr><td>{@value #CLUSTER_EVENT}</td><td>controller to subscribed clients</td>
 *     <td>event (engine_registered, engine_died, state), engine_id, and the status fields</td></tr>
 * <tr><td>{@value #STOP_REQUEST}</td><td>client to controller: stops the engines (a jpcluster daemon then exits)</td><td>{}</td></tr>
 * <tr><td>{@value #STOP_REPLY}</td><td>controller to client, once the engines are gone</td><td>status, detail</td></tr>
 * <tr><td>{@value #RESTART_REQUEST}</td><td>client to controller: stops the engines and starts new ones</td><td>{}</td></tr>
 * <tr><td>{@value #RESTART_REPLY}</td><td>controller to client, once the new engines are launched</td><td>status, detail</td></tr>
 * <tr><td>{@value #HEARTBEAT}</td><td>client to controller, every second</td><td>{}</td></tr>
 * <tr><td>{@value #HEARTBEAT_REPLY}</td><td>controller to client</td><td>{}</td></tr>
 * <tr><td>any engine request (execute_request, stack_request, NAME_request, ...)</td><td>client to controller,
 *     metadata {"engine_id": N}</td><td>forwarded unchanged to engine N; everything the engine sends with this
 *     request as parent (stream, execute_result, error, NAME_reply, ...) is forwarded back to the client</td></tr>
 * <tr><td>{@value #ENGINE_FAILURE}</td><td>controller to client, instead of the reply of a forwarded request whose
 *     engine died, was stopped or does not exist</td><td>engine_id, status "error", ename, evalue (a sentence naming
 *     the engine, how it ended and what became of the others), traceback</td></tr>
 * </table>
 */
public final class ClientProtocol {
    public static final String CONNECT_REQUEST = "connect_request";
    public static final String CONNECT_REPLY = "connect_reply";
    public static final String STATUS_REQUEST = "status_request";
    public static final String STATUS_REPLY = "status_reply";
    public static final String CLUSTER_EVENT = "cluster_event";
    public static final String STOP_REQUEST = "stop_request";
    public static final String STOP_REPLY = "stop_reply";
    public static final String RESTART_REQUEST = "restart_request";
    public static final String RESTART_REPLY = "restart_reply";
    public static final String HEARTBEAT = "heartbeat";
    public static final String HEARTBEAT_REPLY = "heartbeat_reply";
    public static final String ENGINE_FAILURE = "engine_failure";

    /** ename of an engine_failure. */
    public static final String ENGINE_DIED = "EngineDied";

    private ClientProtocol() {
    }
}
