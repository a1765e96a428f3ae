package org.jparallel.kernel;

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
        iopub.status("busy", request);
        try {
            switch (request.type()) {
                case "kernel_info_request" -> control.reply(request, "kernel_info_reply", KernelInfo.content());
                case "interrupt_request" -> {
                    kernel.interrupt();
                    control.reply(request, "interrupt_reply", Json.obj("status", "ok"));
                }
                case "shutdown_request" -> kernel.shutdown(request, control);
                default -> LOG.log(Level.WARNING, "control: ignored a message of unknown type ''{0}''", request.type());
            }
        } finally {
            iopub.status("idle", request);
        }
    }
}
