package org.jparallel.kernel.core;

import org.jparallel.protocol.JupyterMessages;
import org.jparallel.wire.Message;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Dispatches control requests (kernel_info, interrupt, shutdown), with status busy/idle around each. */
final class ControlHandlers implements RouterChannel.Dispatcher {
    private static final Logger LOG = Logger.getLogger(ControlHandlers.class.getName());

    private final Kernel kernel;
    private final IopubPublisher iopub;

    ControlHandlers(Kernel kernel, IopubPublisher iopub) {
        this.kernel = kernel;
        this.iopub = iopub;
    }

    @Override
    public void dispatch(Message request, RouterChannel control) {
        iopub.status(JupyterMessages.ExecutionState.BUSY, request);
        try {
            switch (request.type()) {
                case JupyterMessages.KERNEL_INFO_REQUEST ->
                        control.reply(request, JupyterMessages.KERNEL_INFO_REPLY, kernel.kernelInfo());
                case JupyterMessages.INTERRUPT_REQUEST -> {
                    kernel.interrupt();
                    control.reply(request, JupyterMessages.INTERRUPT_REPLY, Json.obj("status", "ok"));
                }
                case JupyterMessages.SHUTDOWN_REQUEST -> kernel.shutdown(request, control);
                default -> LOG.log(Level.WARNING, "control: ignored a message of unknown type ''{0}''", request.type());
            }
        } finally {
            iopub.status(JupyterMessages.ExecutionState.IDLE, request);
        }
    }
}
