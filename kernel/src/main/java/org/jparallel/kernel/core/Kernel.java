package org.jparallel.kernel.core;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.jparallel.protocol.JupyterMessages;
import org.jparallel.support.Threads;
import org.jparallel.wire.ConnectionInfo;
import org.jparallel.wire.Message;
import org.jparallel.wire.MessageLimit;
import org.jparallel.wire.WireCodec;
import org.zeromq.ZContext;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The kernel core: five channels on their own threads (shell, control, stdin, iopub, heartbeat),
 * signed messages, status busy/idle, execution counts and history, comms, interrupts and shutdown, over
 * an {@link Interpreter} that runs the cells.
 */
public final class Kernel {
    private static final Logger LOG = Logger.getLogger(Kernel.class.getName());

    private final ConnectionInfo info;
    private final Interpreter interpreter;
    private final Supplier<HistoryFile> historyFile;
    private final ZContext zmq = new ZContext(1);
    private final IopubPublisher iopub;
    private final Heartbeat heartbeat;
    private final StdinChannel stdin;
    private final RouterChannel shell;
    private final RouterChannel control;
    private final CountDownLatch exit = new CountDownLatch(1);
    private final List<Thread> threads = new ArrayList<>();
    private final History history = new History();
    private final CommManager comms;
    private Thread shellThread;
    private Thread controlThread;

    /** A kernel on the connection file's ports, keeping the cells' history in the user's history file. */
    public Kernel(ConnectionInfo info, Interpreter interpreter) {
        this(info, interpreter, MessageLimit.megabytes(MessageLimit.KERNEL_DEFAULT_MB, MessageLimit.ENV));
    }

    /** Like {@link #Kernel(ConnectionInfo, Interpreter)}, its channels taking messages up to the limit. */
    public Kernel(ConnectionInfo info, Interpreter interpreter, MessageLimit limit) {
        this(info, interpreter, HistoryFile::forUser, limit);
    }

    /** A kernel keeping the cells' history in the given file (JSON lines), or in memory when it is null. */
    public Kernel(ConnectionInfo info, Interpreter interpreter, Path historyFile) {
        this(info, interpreter, () -> historyFile == null ? null : new HistoryFile(historyFile),
                MessageLimit.megabytes(MessageLimit.KERNEL_DEFAULT_MB, MessageLimit.ENV));
    }

    /** The channels take messages up to the limit: a larger one costs its sender the connection. */
    private Kernel(ConnectionInfo info, Interpreter interpreter, Supplier<HistoryFile> historyFile, MessageLimit limit) {
        this.info = info;
        this.interpreter = interpreter;
        this.historyFile = historyFile;
        WireCodec codec = WireCodec.forKey(info.key());
        this.iopub = new IopubPublisher(zmq, info.endpoint(info.iopubPort()), codec, limit);
        this.heartbeat = new Heartbeat(zmq, info.endpoint(info.hbPort()), limit);
        this.stdin = new StdinChannel(zmq, info.endpoint(info.stdinPort()), codec, limit);
        ExecuteHandler execute = new ExecuteHandler(iopub, interpreter, stdin, history);
        this.comms = new CommManager(iopub);
        this.shell = new RouterChannel("shell", zmq, info.endpoint(info.shellPort()), codec, limit,
                new ShellHandlers(this, iopub, execute, interpreter, history, comms));
        this.control = new RouterChannel("control", zmq, info.endpoint(info.controlPort()), codec, limit,
                new ControlHandlers(this, iopub));
    }

    /**
     * Binds every channel (throws IOException naming the one that failed), then starts the
     * interpreter and reads the history file in the background.
     */
    public void start() throws IOException {
        threads.add(Threads.startDaemon("iopub", iopub));
        threads.add(Threads.startDaemon("heartbeat", heartbeat));
        threads.add(Threads.startDaemon("stdin", stdin));
        controlThread = Threads.startDaemon("control", control);
        shellThread = Threads.startDaemon("shell", shell);
        threads.add(controlThread);
        threads.add(shellThread);
        awaitBound("iopub", info.iopubPort(), iopub.bound());
        awaitBound("heartbeat", info.hbPort(), heartbeat.bound());
        awaitBound("stdin", info.stdinPort(), stdin.bound());
        awaitBound("control", info.controlPort(), control.bound());
        awaitBound("shell", info.shellPort(), shell.bound());
        iopub.status(JupyterMessages.ExecutionState.STARTING, null);
        // Read alongside the interpreter's start; cells and history requests wait for it.
        history.attachInBackground(historyFile);
        interpreter.start();
        Runtime.getRuntime().addShutdownHook(new Thread(interpreter::shutdown, "kernel-shutdown-hooks"));
    }

    private void awaitBound(String channel, int port, CompletableFuture<Void> bound) throws IOException {
        try {
            bound.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException("could not open the " + channel + " channel on " + info.endpoint(port) + ": "
                    + e.getCause().getMessage() + " (is another process using the port?)");
        } catch (TimeoutException e) {
            throw new IOException("the " + channel + " channel did not open within 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening the " + channel + " channel");
        }
    }

    /** The kernel's comms: register targets, open comms to the frontend, list those open. */
    public CommManager comms() {
        return comms;
    }

    /** kernel_info_reply's content: the protocol's part, then the interpreter's. */
    JsonObject kernelInfo() {
        JsonObject content = Json.obj("status", "ok", "protocol_version", WireCodec.PROTOCOL_VERSION);
        for (Map.Entry<String, JsonElement> e : interpreter.kernelInfo().entrySet()) {
            content.add(e.getKey(), e.getValue());
        }
        return content;
    }

    /** Stops the running cell, if any: the interpreter's cell and a pending input. */
    public void interrupt() {
        interpreter.interrupt();
        stdin.cancelPending();
    }

    /** shutdown_request: stops the cell, shuts the interpreter down, replies, then lets the process exit. */
    void shutdown(Message request, RouterChannel channel) {
        boolean restart = request.contentBoolean("restart", false);
        interrupt();
        interpreter.shutdown();
        var content = Json.obj("status", "ok", "restart", restart);
        iopub.flush();
        channel.reply(request, JupyterMessages.SHUTDOWN_REPLY, content);
        iopub.publish(JupyterMessages.SHUTDOWN_REPLY, request, content);
        exit.countDown();
    }

    /** Ends the kernel when the process that started it goes away (JPY_PARENT_PID, as ipykernel). */
    public void watchParent() {
        String pid = System.getenv("JPY_PARENT_PID");
        if (pid == null || pid.isBlank()) {
            return;
        }
        try {
            ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(parent -> parent.onExit().thenRun(() -> {
                LOG.warning("the process that started the kernel has exited; shutting down");
                interpreter.shutdown();
                exit.countDown();
            }));
        } catch (NumberFormatException e) {
            LOG.log(Level.FINE, "JPY_PARENT_PID is not a number: {0}", pid);
        }
    }

    /** Blocks until a shutdown is asked for, then closes the channels (their last messages flushed) and the interpreter. */
    public void awaitExitAndClose() throws InterruptedException {
        exit.await();
        iopub.flush();
        shell.stop();
        control.stop();
        heartbeat.stop();
        stdin.stop();
        // Let the idle status that follows the shutdown reply go out before iopub closes.
        joinQuietly(controlThread, 2000);
        joinQuietly(shellThread, 2000);
        iopub.stop();
        for (Thread t : threads) {
            joinQuietly(t, 2000);
        }
        Thread closer = Threads.startDaemon("interpreter-close", interpreter::close);
        joinQuietly(closer, 2000);
        zmq.close();
    }

    private static void joinQuietly(Thread t, long millis) throws InterruptedException {
        t.join(millis);
        if (t.isAlive()) {
            LOG.log(Level.FINE, "thread {0} still running at exit", t.getName());
        }
    }
}
