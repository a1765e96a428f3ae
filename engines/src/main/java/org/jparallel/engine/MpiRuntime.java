package org.jparallel.engine;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Open MPI's Java bindings, reached by reflection so the engine builds and runs without mpi.jar.
 * When the class {@code mpi.MPI} is on the class path, {@link #initialise} calls
 * {@code MPI.InitThread(args, MPI.THREAD_MULTIPLE)} (JShell may run snippets on different
 * threads) and checks the level Open MPI provides.
 */
public final class MpiRuntime {
    private static final Logger LOG = Logger.getLogger(MpiRuntime.class.getName());
    private static final String[] LEVEL_NAMES = {"THREAD_SINGLE", "THREAD_FUNNELED", "THREAD_SERIALIZED", "THREAD_MULTIPLE"};

    /** What became of MPI in this engine. */
    public record Status(boolean present, boolean initialised, int rank, int size, String threadLevel, String warning) {
        static Status absent() {
            return new Status(false, false, -1, -1, "", "");
        }
    }

    private final Class<?> mpi;
    private volatile Status status = Status.absent();

    private MpiRuntime(Class<?> mpi) {
        this.mpi = mpi;
    }

    /** Finds mpi.MPI in the given loader (normally the application class loader). */
    public static MpiRuntime find(ClassLoader loader) {
        try {
            return new MpiRuntime(Class.forName("mpi.MPI", false, loader));
        } catch (ClassNotFoundException | LinkageError e) {
            return new MpiRuntime(null);
        }
    }

    /** Whether mpi.jar is on the class path. */
    public boolean present() {
        return mpi != null;
    }

    /** The outcome of {@link #initialise}. */
    public Status status() {
        return status;
    }

    /**
     * Initialises MPI with THREAD_MULTIPLE. Never throws: a failure is reported in the status's
     * warning, and user code that touches MPI then gets Open MPI's own error.
     */
    public Status initialise(String[] args) {
        if (mpi == null) {
            return status = Status.absent();
        }
        try {
            int required = mpi.getField("THREAD_MULTIPLE").getInt(null);
            int provided = (Integer) call("InitThread", new Class<?>[]{String[].class, int.class}, args, required);
            Object world = mpi.getField("COMM_WORLD").get(null);
            int rank = (Integer) world.getClass().getMethod("getRank").invoke(world);
            int size = (Integer) world.getClass().getMethod("getSize").invoke(world);
            String level = levelName(provided);
            String warning = provided < required
                    ? "Open MPI provides only " + level + ", not THREAD_MULTIPLE: JShell may run snippets on different "
                    + "threads, so MPI calls from threads other than the one that ran MPI.InitThread are unsafe "
                    + "(rebuild Open MPI with thread support)."
                    : "";
            if (!warning.isEmpty()) {
                LOG.warning(warning);
            }
            return status = new Status(true, true, rank, size, level, warning);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            String warning = "MPI could not be initialised (" + cause + "); MPI calls will fail on this engine.";
            LOG.log(Level.WARNING, warning, cause);
            return status = new Status(true, false, -1, -1, "", warning);
        }
    }

    /** Calls MPI.Finalize when MPI was initialised and is not finalized yet. */
    public void finalizeMpi() {
        if (mpi == null || !status.initialised()) {
            return;
        }
        try {
            if (!(Boolean) call("isFinalized", new Class<?>[0])) {
                call("Finalize", new Class<?>[0]);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "MPI.Finalize failed", e);
        }
    }

    private Object call(String name, Class<?>[] types, Object... args) throws ReflectiveOperationException {
        Method m = mpi.getMethod(name, types);
        return m.invoke(null, args);
    }

    private String levelName(int level) {
        for (String name : LEVEL_NAMES) {
            try {
                if (mpi.getField(name).getInt(null) == level) {
                    return name;
                }
            } catch (ReflectiveOperationException e) {
                // an older binding without this constant
            }
        }
        return "thread level " + level;
    }
}
