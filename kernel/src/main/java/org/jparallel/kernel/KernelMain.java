package org.jparallel.kernel;

import org.jparallel.kernel.core.ConnectionFileGuard;
import org.jparallel.kernel.core.Interrupts;
import org.jparallel.kernel.core.Kernel;
import org.jparallel.support.Logging;
import org.jparallel.wire.ConnectionInfo;
import org.jparallel.wire.MessageLimit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.Logger;

/** Entry point: {@code java -cp 'lib/*' org.jparallel.kernel.KernelMain CONNECTION_FILE}. */
public final class KernelMain {
    private static final Logger LOG = Logger.getLogger(KernelMain.class.getName());

    /** Environment variable that lets a kernel run with an empty key (unsigned messages). */
    static final String ENV_ALLOW_UNSIGNED = "JPARALLEL_ALLOW_UNSIGNED";

    private KernelMain() {
    }

    /**
     * Null when the kernel may start with this connection file's key, else why not. An empty key
     * turns off signing and the replay guard: anyone who can reach a port could run code. Only
     * {@value #ENV_ALLOW_UNSIGNED}=1 allows it, with a warning on stderr.
     */
    static String unsignedRefusal(ConnectionInfo info, java.util.Map<String, String> env) {
        if (!info.key().isEmpty()) {
            return null;
        }
        if ("1".equals(env.getOrDefault(ENV_ALLOW_UNSIGNED, "").trim())) {
            LOG.warning("the connection file's key is empty: messages are NOT signed and NOT checked for replays, so "
                    + "anyone who can reach this kernel's ports can run code as you (allowed by " + ENV_ALLOW_UNSIGNED + "=1)");
            return null;
        }
        return "the connection file's key is empty, which would turn off message signing: anyone who can reach this "
                + "kernel's ports could run code as you. Let Jupyter write a key (the default), or set "
                + ENV_ALLOW_UNSIGNED + "=1 in the kernel's environment to run unsigned anyway.";
    }

    public static void main(String[] args) {
        // Before anything replaces System.err: logs keep the real stderr.
        Logging.configure("kernel");
        if (args.length != 1 || args[0].startsWith("-")) {
            System.err.println("usage: java -cp 'kernel/target/lib/*' org.jparallel.kernel.KernelMain CONNECTION_FILE\n"
                    + "Jupyter starts the kernel this way with the connection file it wrote (see kernel.json).");
            System.exit(2);
        }
        Kernel kernel;
        try {
            ConnectionFileGuard.tighten(Path.of(args[0]));
            ConnectionInfo info = ConnectionInfo.read(Path.of(args[0]));
            String unsigned = unsignedRefusal(info, System.getenv());
            if (unsigned != null) {
                System.err.println("java-parallel kernel: " + unsigned);
                System.exit(1);
                return;
            }
            kernel = new Kernel(info, new JShellInterpreter(),
                    MessageLimit.fromEnvironment(System.getenv(), MessageLimit.KERNEL_DEFAULT_MB));
            Comms.attach(kernel.comms());
            kernel.start();
        } catch (IllegalArgumentException e) {
            System.err.println("java-parallel kernel: " + e.getMessage());
            System.exit(1);
            return;
        } catch (IOException e) {
            System.err.println("java-parallel kernel: " + e.getMessage());
            System.exit(1);
            return;
        }
        Interrupts.install(kernel::interrupt);
        kernel.watchParent();
        try {
            kernel.awaitExitAndClose();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.fine("kernel exiting");
        System.exit(0);
    }
}
