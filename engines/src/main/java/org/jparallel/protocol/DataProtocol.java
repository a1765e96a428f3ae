package org.jparallel.protocol;

/**
 * The data messages of the engine link (see {@link org.jparallel.protocol.EngineProtocol} for the
 * envelope), served by the engine's DataExtension on the engine's execution thread. Values travel as
 * Java serialization; notebook classes travel as class files in a ClassBundle.
 *
 * <table>
 * <caption>Message types</caption>
 * <tr><th>request</th><th>content</th><th>buffers</th><th>reply</th></tr>
 * <tr><td>{@value #PUSH}</td><td>{}</td><td>[class bundle, serialized Map name to value]</td>
 *     <td>declared: ["int n", "java.util.List&lt;Integer&gt; xs", ...]</td></tr>
 * <tr><td>{@value #PULL}</td><td>names: [...]</td><td>none</td>
 *     <td>buffers: [serialized List of the values, in the order of names]</td></tr>
 * <tr><td>{@value #APPLY}</td><td>{}</td><td>[class bundle, FunctionPayload]</td>
 *     <td>buffers: [serialized result of the SerCallable]</td></tr>
 * <tr><td>{@value #MAP}</td><td>{}</td><td>[class bundle, FunctionPayload, serialized List of items]</td>
 *     <td>buffers: [serialized List of the SerFunction's results, item order]</td></tr>
 * </table>
 *
 * <p>While a request runs, what the code prints arrives as {@code stream} messages. A failed
 * request replies status "error" with ename, evalue and traceback (the user's frames).
 */
public final class DataProtocol {
    public static final String PUSH = "push_request";
    public static final String PULL = "pull_request";
    public static final String APPLY = "apply_request";
    public static final String MAP = "map_request";

    private DataProtocol() {
    }
}
