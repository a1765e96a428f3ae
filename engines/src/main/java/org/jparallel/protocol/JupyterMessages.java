package org.jparallel.protocol;

import java.util.Locale;

/**
 * The msg_type names of the Jupyter messaging protocol (jupyter_client's "Messaging in Jupyter",
 * protocol 5.3) that this project sends or answers, grouped by message family as the spec groups
 * them. The kernel's channels and the engine link use these instead of bare strings.
 */
public final class JupyterMessages {

    // Execution (shell request and reply; iopub side messages)
    public static final String EXECUTE_REQUEST = "execute_request";
    public static final String EXECUTE_REPLY = "execute_reply";
    public static final String EXECUTE_INPUT = "execute_input";
    public static final String EXECUTE_RESULT = "execute_result";

    // Introspection, completion and code completeness (shell)
    public static final String INSPECT_REQUEST = "inspect_request";
    public static final String INSPECT_REPLY = "inspect_reply";
    public static final String COMPLETE_REQUEST = "complete_request";
    public static final String COMPLETE_REPLY = "complete_reply";
    public static final String IS_COMPLETE_REQUEST = "is_complete_request";
    public static final String IS_COMPLETE_REPLY = "is_complete_reply";

    // History (shell)
    public static final String HISTORY_REQUEST = "history_request";
    public static final String HISTORY_REPLY = "history_reply";

    // Kernel info (shell and control)
    public static final String KERNEL_INFO_REQUEST = "kernel_info_request";
    public static final String KERNEL_INFO_REPLY = "kernel_info_reply";

    // Comms (shell and iopub)
    public static final String COMM_INFO_REQUEST = "comm_info_request";
    public static final String COMM_INFO_REPLY = "comm_info_reply";
    public static final String COMM_OPEN = "comm_open";
    public static final String COMM_MSG = "comm_msg";
    public static final String COMM_CLOSE = "comm_close";

    // Kernel lifecycle (control, and shell for shutdown; iopub repeats shutdown_reply)
    public static final String SHUTDOWN_REQUEST = "shutdown_request";
    public static final String SHUTDOWN_REPLY = "shutdown_reply";
    public static final String INTERRUPT_REQUEST = "interrupt_request";
    public static final String INTERRUPT_REPLY = "interrupt_reply";

    // Output and state (iopub)
    public static final String STREAM = "stream";
    public static final String DISPLAY_DATA = "display_data";
    public static final String UPDATE_DISPLAY_DATA = "update_display_data";
    public static final String CLEAR_OUTPUT = "clear_output";
    public static final String ERROR = "error";
    public static final String STATUS = "status";

    // Input (stdin)
    public static final String INPUT_REQUEST = "input_request";
    public static final String INPUT_REPLY = "input_reply";

    /** The execution_state of a status message on iopub. */
    public enum ExecutionState {
        STARTING, BUSY, IDLE;

        /** The state as it travels: "starting", "busy", "idle". */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private JupyterMessages() {
    }
}
