package org.jparallel.kernel.core;

import com.google.gson.JsonObject;
import org.jparallel.protocol.JupyterMessages;
import org.jparallel.wire.Message;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Dispatches shell requests (cells, code assistance, history, comms) in arrival order, with status busy before and idle after each. */
final class ShellHandlers implements RouterChannel.Dispatcher {
    private static final Logger LOG = Logger.getLogger(ShellHandlers.class.getName());

    /** What the interpreter answers for one kind of code-assistance request. */
    private interface Assist {
        JsonObject answer(Interpreter interpreter, String code, int cursor, JsonObject request)
                throws Interpreter.Unavailable;
    }

    private final Kernel kernel;
    private final IopubPublisher iopub;
    private final ExecuteHandler execute;
    private final Interpreter interpreter;
    private final History history;
    private final CommManager comms;

    ShellHandlers(Kernel kernel, IopubPublisher iopub, ExecuteHandler execute, Interpreter interpreter,
                  History history, CommManager comms) {
        this.kernel = kernel;
        this.iopub = iopub;
        this.execute = execute;
        this.interpreter = interpreter;
        this.history = history;
        this.comms = comms;
    }

    @Override
    public void dispatch(Message request, RouterChannel shell) {
        iopub.status(JupyterMessages.ExecutionState.BUSY, request);
        try {
            switch (request.type()) {
                case JupyterMessages.EXECUTE_REQUEST -> {
                    comms.handling(request, !request.contentBoolean("silent", false));
                    execute.handle(request, shell);
                }
                case JupyterMessages.KERNEL_INFO_REQUEST ->
                        reply(shell, request, JupyterMessages.KERNEL_INFO_REPLY, kernel.kernelInfo());
                case JupyterMessages.COMPLETE_REQUEST -> assist(shell, request, JupyterMessages.COMPLETE_REPLY,
                        (in, code, cursor, c) -> in.complete(code, cursor));
                case JupyterMessages.INSPECT_REQUEST -> assist(shell, request, JupyterMessages.INSPECT_REPLY,
                        (in, code, cursor, c) -> in.inspect(code, cursor, Json.intField(c, "detail_level", 0)));
                case JupyterMessages.IS_COMPLETE_REQUEST -> assist(shell, request, JupyterMessages.IS_COMPLETE_REPLY,
                        (in, code, cursor, c) -> in.isComplete(code));
                case JupyterMessages.HISTORY_REQUEST -> {
                    history.awaitLoaded();
                    reply(shell, request, JupyterMessages.HISTORY_REPLY, history.reply(request.content()));
                }
                case JupyterMessages.COMM_INFO_REQUEST ->
                        reply(shell, request, JupyterMessages.COMM_INFO_REPLY, comms.info(request));
                case JupyterMessages.COMM_OPEN -> {
                    comms.handling(request, false);
                    comms.frontendOpened(request);
                }
                case JupyterMessages.COMM_MSG -> {
                    comms.handling(request, false);
                    comms.frontendMessage(request);
                }
                case JupyterMessages.COMM_CLOSE -> {
                    comms.handling(request, false);
                    comms.frontendClosed(request);
                }
                case JupyterMessages.SHUTDOWN_REQUEST -> kernel.shutdown(request, shell);
                default -> LOG.log(Level.WARNING, "shell: ignored a message of unknown type ''{0}''", request.type());
            }
        } finally {
            iopub.status(JupyterMessages.ExecutionState.IDLE, request);
        }
    }

    private void reply(RouterChannel shell, Message request, String type, JsonObject content) {
        iopub.flush();
        shell.reply(request, type, content);
    }

    private void assist(RouterChannel shell, Message request, String replyType, Assist assist) {
        boolean isComplete = replyType.equals(JupyterMessages.IS_COMPLETE_REPLY);
        JsonObject content;
        try {
            String code = request.contentString("code", "");
            int cursor = Json.intField(request.content(), "cursor_pos", code.codePointCount(0, code.length()));
            content = assist.answer(interpreter, code, cursor, request.content());
        } catch (Interpreter.Unavailable e) {
            content = isComplete ? Json.obj("status", "unknown")
                    : Json.obj("status", "error", "ename", "KernelError", "evalue", e.getMessage(),
                    "traceback", Json.strings(List.of()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, replyType + " failed", e);
            content = isComplete ? Json.obj("status", "unknown")
                    : Json.obj("status", "error", "ename", "KernelError",
                    "evalue", "the kernel could not analyse this code (" + e.getClass().getSimpleName() + ")",
                    "traceback", Json.strings(List.of()));
        }
        reply(shell, request, replyType, content);
    }
}
