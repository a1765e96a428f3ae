package org.jparallel.kernel;

import org.jparallel.jshell.Evaluator;
import org.jparallel.protocol.JupyterMessages;
import org.jparallel.support.Threads;
import org.jparallel.wire.ConnectionInfo;
import org.jparallel.wire.Message;
import org.jparallel.wire.WireCodec;
import org.zeromq.ZContext;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The kernel: five channels on their own threads (shell, control, stdin, iopub, heartbeat), the
 * JShell evaluator started in the background, interrupts and shutdown.
 */
final class Kernel {
    private static final Logger LOG = Logger.getLogger(Kernel.class.getName());

    private final ConnectionInfo info;
    private final WireCodec codec;
    private final ZContext zmq = new ZContext(1);
    private final IopubPublisher iopub;
    private final Heartbeat heartbeat;
    private final StdinChannel stdin;
    private final RouterChannel shell;
    private final RouterChannel control;
    private final EvaluatorStarter evaluators = new EvaluatorStarter();
    private final ShutdownHooks shutdownHooks = new ShutdownHooks();
    private final ExecuteHandler execute;
    private final CellRunner runner;
    private final CountDownLatch exit = new CountDownLatch(1);
    private volatile MagicRegistry magics;
    private volatile CodeAssist assist;
    private final List<Thread> threads = new java.util.ArrayList<>();
    private Thread shellThread;
    private Thread controlThread;
    private final History history = new History();

    Kernel(ConnectionInfo info) {
        this.info = info;
        this.codec = WireCodec.forKey(info.key());
        this.iopub = new IopubPublisher(zmq, info.endpoint(info.iopubPort()), codec);
        this.heartbeat = new Heartbeat(zmq, info.endpoint(info.hbPort()));
        this.stdin = new StdinChannel(zmq, info.endpoint(info.stdinPort()), codec);
        this.runner = new CellRunner(() -> magics);
        this.execute = new ExecuteHandler(iopub, evaluators, runner, stdin, history, shutdownHooks);
        this.shell = new RouterChannel("shell", zmq, info.endpoint(info.shellPort()), codec,
                new ShellHandlers(this, iopub, execute, history));
        this.control = new RouterChannel("control", zmq, info.endpoint(info.controlPort()), codec,
                new ControlHandlers(this, iopub));
    }

    /** Binds every channel (throws IOException naming the one that failed) and starts JShell in the background. */
    void start() throws IOException {
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
        evaluators.start(() -> {
            // Before the first cell can run (cells wait for this), so its session number is right.
            HistoryFile file = HistoryFile.forUser();
            if (file != null) {
                history.attach(file);
            }
            List<org.jparallel.magics.MagicHandler> own = List.of(new KernelMagics(() -> magics, () -> runner));
            magics = MagicRegistry.discover(own, Kernel.class.getClassLoader());
        });
        Runtime.getRuntime().addShutdownHook(new Thread(shutdownHooks::runOnce, "kernel-shutdown-hooks"));
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

    /** Code assistance once JShell is ready (waits for it). */
    CodeAssist assist() throws EvaluatorStarter.UnavailableException {
        CodeAssist a = assist;
        if (a == null) {
            Evaluator ev = evaluators.await();
            a = new CodeAssist(ev, magics);
            assist = a;
        }
        return a;
    }

    /** Stops the running cell, if any: the Evaluator, a pending input and the cell's interrupt hooks. */
    void interrupt() {
        KernelCellContext cell = execute.running();
        Evaluator ev = evaluators.now();
        if (ev != null && ev.isRunning()) {
            ev.interrupt();
        }
        stdin.cancelPending();
        if (cell != null) {
            cell.interrupted();
        }
    }

    /** shutdown_request: stops the cell, runs shutdown hooks, replies, then lets the process exit. */
    void shutdown(Message request, RouterChannel channel) {
        boolean restart = request.contentBoolean("restart", false);
        interrupt();
        shutdownHooks.runOnce();
        var content = Json.obj("status", "ok", "restart", restart);
        iopub.flush();
        channel.reply(request, JupyterMessages.SHUTDOWN_REPLY, content);
        iopub.publish(JupyterMessages.SHUTDOWN_REPLY, request, content);
        exit.countDown();
    }

    /** Ends the kernel when the process that started it goes away (JPY_PARENT_PID, as ipykernel). */
    void watchParent() {
        String pid = System.getenv("JPY_PARENT_PID");
        if (pid == null || pid.isBlank()) {
            return;
        }
        try {
            ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(parent -> parent.onExit().thenRun(() -> {
                LOG.warning("the process that started the kernel has exited; shutting down");
                shutdownHooks.runOnce();
                exit.countDown();
            }));
        } catch (NumberFormatException e) {
            LOG.log(Level.FINE, "JPY_PARENT_PID is not a number: {0}", pid);
        }
    }

    /** Blocks until a shutdown is asked for, then closes the channels (their last messages flushed). */
    void awaitExitAndClose() throws InterruptedException {
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
        Evaluator ev = evaluators.now();
        if (ev != null) {
            Thread closer = Threads.startDaemon("jshell-close", ev::close);
            joinQuietly(closer, 2000);
        }
        zmq.close();
    }

    private static void joinQuietly(Thread t, long millis) throws InterruptedException {
        t.join(millis);
        if (t.isAlive()) {
            LOG.log(Level.FINE, "thread {0} still running at exit", t.getName());
        }
    }
}
