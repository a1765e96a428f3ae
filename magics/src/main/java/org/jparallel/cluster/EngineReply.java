package org.jparallel.cluster;

import org.jparallel.protocol.ClientProtocol;

import com.google.gson.JsonObject;
import org.jparallel.wire.Message;

import java.util.List;

/**
 * The final message an engine sent for a request (NAME_reply), or the controller's
 * engine_failure when the engine died, was stopped or could not be reached.
 *
 * @param engineId the engine
 * @param message  the reply message (content, metadata, buffers)
 */
public record EngineReply(int engineId, Message message) {
    /** The reply's content. */
    public JsonObject content() {
        return message.content();
    }

    /** The reply's buffers. */
    public List<byte[]> buffers() {
        return message.buffers();
    }

    /** Whether status is "ok". */
    public boolean ok() {
        return "ok".equals(message.contentString("status", ""));
    }

    /** Whether the engine died instead of replying. */
    public boolean engineDied() {
        return message.type().equals(ClientProtocol.ENGINE_FAILURE);
    }

    /** The error (ename, evalue, traceback) when status is not "ok", else null. */
    public EngineError error() {
        return ok() ? null : EngineError.from(engineId, message.content());
    }
}
