package org.jparallel.kernel;

import com.google.gson.JsonObject;
import org.jparallel.wire.Message;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Dispatches shell requests in arrival order, with status busy before and idle after each. */
final class ShellHandlers implements RouterChannel.Dispatcher {
    private static final Logger LOG = Logger.getLogger(ShellHandlers.class.getName());

    private final Kernel kernel;
    private final IopubPublisher iopub;
    private final ExecuteHandler execute;
    private final History history;

    ShellHandlers(Kernel kernel, IopubPublisher iopub, ExecuteHandler execute, History history) {
        this.kernel = kernel;
        this.iopub = iopub;
        this.execute = execute;
        this.history = history;
    }

    @Override
    public void dispatch(Message request, RouterChannel shell) {
        iopub.status("busy", request);
        try {
            switch (request.type()) {
                case "execute_request" -> execute.handle(request, shell);
                case "kernel_info_request" -> reply(shell, request, "kernel_info_reply", KernelInfo.content());
                case "complete_request" -> assist(shell, request, "complete_reply");
                case "inspect_request" -> assist(shell, request, "inspect_reply");
                case "is_complete_request" -> assist(shell, request, "is_complete_reply");
                case "history_request" -> reply(shell, request, "history_reply", history.reply(request.content()));
                case "comm_info_request" -> reply(shell, request, "comm_info_reply",
                        Json.obj("status", "ok", "comms", new JsonObject()));
                case "comm_open" -> commOpen(request);
                case "comm_msg", "comm_close" -> LOG.log(Level.FINE, "{0} for a comm this kernel does not have",
                        request.type());
                case "shutdown_request" -> kernel.shutdown(request, shell);
                default -> LOG.log(Level.WARNING, "shell: ignored a message of unknown type ''{0}''", request.type());
            }
        } finally {
            iopub.status("idle", request);
        }
    }

    private void reply(RouterChannel shell, Message request, String type, JsonObject content) {
        iopub.flush();
        shell.reply(request, type, content);
    }

    private void assist(RouterChannel shell, Message request, String replyType) {
        JsonObject content;
        try {
            CodeAssist assist = kernel.assist();
            String code = request.contentString("code", "");
            int cursor = Json.intField(request.content(), "cursor_pos", code.codePointCount(0, code.length()));
            content = switch (replyType) {
                case "complete_reply" -> assist.complete(code, cursor);
                case "inspect_reply" -> assist.inspect(code, cursor, Json.intField(request.content(), "detail_level", 0));
                default -> assist.isComplete(code);
            };
        } catch (EvaluatorStarter.UnavailableException e) {
            content = replyType.equals("is_complete_reply") ? Json.obj("status", "unknown")
                    : Json.obj("status", "error", "ename", "KernelError", "evalue", e.getMessage(),
                    "traceback", Json.strings(java.util.List.of()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, replyType + " failed", e);
            content = replyType.equals("is_complete_reply") ? Json.obj("status", "unknown")
                    : Json.obj("status", "error", "ename", "KernelError",
                    "evalue", "the kernel could not analyse this code (" + e.getClass().getSimpleName() + ")",
                    "traceback", Json.strings(java.util.List.of()));
        }
        reply(shell, request, replyType, content);
    }

    /** No comm targets are registered: tell the frontend the comm is closed, as ipykernel does. */
    private void commOpen(Message request) {
        String id = request.contentString("comm_id", "");
        LOG.log(Level.FINE, "comm_open for unknown target {0}", request.contentString("target_name", ""));
        iopub.publish("comm_close", request, Json.obj("comm_id", id, "data", new JsonObject()));
    }
}
