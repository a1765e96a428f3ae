package org.jparallel.kernel;

import org.jparallel.kernel.core.ConnectionFileGuard;
import org.jparallel.kernel.core.Interrupts;
import org.jparallel.kernel.core.Kernel;
import org.jparallel.support.Logging;
import org.jparallel.wire.ConnectionInfo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.Logger;

/** Entry point: {@code java -cp 'lib/*' org.jparallel.kernel.KernelMain CONNECTION_FILE}. */
public final class KernelMain {
    private static final Logger LOG = Logger.getLogger(KernelMain.class.getName());

    private KernelMain() {
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
            kernel = new Kernel(ConnectionInfo.read(Path.of(args[0])), new JShellInterpreter());
            kernel.start();
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
