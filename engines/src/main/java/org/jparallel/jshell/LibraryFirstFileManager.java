package org.jparallel.jshell;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;

/**
 * JShell's compiler file manager, with the notebook's libraries put first on the class path.
 * JShell's compiler path is this JVM's class path followed by what cells added, so a library the
 * kernel itself uses (Gson, picocli, ...) would shadow the notebook's own version at compile time
 * while {@link LibraryClassLoader} loads the notebook's at run time.
 */
final class LibraryFirstFileManager extends ForwardingJavaFileManager<StandardJavaFileManager> implements StandardJavaFileManager {
    private static final Set<String> CLASS_PATH_OPTIONS = Set.of("-classpath", "-cp", "--class-path", "--classpath");

    private final Supplier<List<String>> libraries;
    /** Open once the completion index may be built or is refused. */
    private final java.util.concurrent.CountDownLatch indexGate;
    /** The index gets no paths: nobody completes (NONE), or the evaluator is closed. */
    private volatile boolean indexDiscarded;
    /** Requests of JShell's completion index: [served, refused]. */
    private final java.util.concurrent.atomic.AtomicIntegerArray indexRequests = new java.util.concurrent.atomic.AtomicIntegerArray(2);

    /** How long JShell's index thread waits for {@link #releaseIndex()} at most (it is shared by every JShell of the JVM). */
    private static final long INDEX_HOLD_MINUTES = 10;

    /**
     * @param completionIndex NONE: JShell's completion index (built on a thread of its own as
     *                        soon as source analysis exists) sees no paths, so it reads nothing;
     *                        WHEN_IDLE: it waits for {@link #releaseIndex()}
     */
    LibraryFirstFileManager(StandardJavaFileManager delegate, Supplier<List<String>> libraries,
                            EvaluatorOptions.CompletionIndex completionIndex) {
        super(delegate);
        this.libraries = libraries;
        this.indexDiscarded = completionIndex == EvaluatorOptions.CompletionIndex.NONE;
        this.indexGate = new java.util.concurrent.CountDownLatch(completionIndex == EvaluatorOptions.CompletionIndex.WHEN_IDLE ? 1 : 0);
    }

    /** Lets a held completion index be built (no effect otherwise). */
    void releaseIndex() {
        indexGate.countDown();
    }

    /** The evaluator is closed: a held index is not built. */
    void discardIndex() {
        indexDiscarded = true;
        indexGate.countDown();
    }

    boolean indexReleased() {
        return indexGate.getCount() == 0;
    }

    @Override
    public boolean handleOption(String current, Iterator<String> remaining) {
        if (!CLASS_PATH_OPTIONS.contains(current) || !remaining.hasNext()) {
            return super.handleOption(current, remaining);
        }
        String given = remaining.next();
        LinkedHashSet<String> ordered = new LinkedHashSet<>(libraries.get());
        for (String e : given.split(File.pathSeparator)) {
            if (!e.isBlank()) {
                ordered.add(e);
            }
        }
        return super.handleOption(current, List.of(String.join(File.pathSeparator, ordered)).iterator());
    }

    @Override
    public boolean isSameFile(FileObject a, FileObject b) {
        return fileManager.isSameFile(a, b);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromFiles(Iterable<? extends File> files) {
        return fileManager.getJavaFileObjectsFromFiles(files);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromPaths(Collection<? extends Path> paths) {
        return fileManager.getJavaFileObjectsFromPaths(paths);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(File... files) {
        return fileManager.getJavaFileObjects(files);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(Path... paths) {
        return fileManager.getJavaFileObjects(paths);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromStrings(Iterable<String> names) {
        return fileManager.getJavaFileObjectsFromStrings(names);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(String... names) {
        return fileManager.getJavaFileObjects(names);
    }

    @Override
    public void setLocation(Location location, Iterable<? extends File> files) throws IOException {
        fileManager.setLocation(location, files);
    }

    @Override
    public void setLocationFromPaths(Location location, Collection<? extends Path> paths) throws IOException {
        fileManager.setLocationFromPaths(location, paths);
    }

    @Override
    public void setLocationForModule(Location location, String moduleName, Collection<? extends Path> paths) throws IOException {
        fileManager.setLocationForModule(location, moduleName, paths);
    }

    @Override
    public Iterable<? extends File> getLocation(Location location) {
        return fileManager.getLocation(location);
    }

    @Override
    public Iterable<? extends Path> getLocationAsPaths(Location location) {
        if (calledByTheCompletionIndex()) {
            try {
                if (!indexGate.await(INDEX_HOLD_MINUTES, java.util.concurrent.TimeUnit.MINUTES)) {
                    indexGate.countDown();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (indexDiscarded) {
                indexRequests.incrementAndGet(1);
                return List.of();
            }
            indexRequests.incrementAndGet(0);
        }
        return fileManager.getLocationAsPaths(location);
    }

    /** How many of JShell's completion index's requests for paths were served, and how many refused. */
    int[] indexRequests() {
        return new int[] {indexRequests.get(0), indexRequests.get(1)};
    }

    /**
     * JShell's source analysis asks for its index's paths here (SourceCodeAnalysisImpl.appendPaths,
     * on JDK 17 to 25); javac's compilations do not come this way.
     */
    private static boolean calledByTheCompletionIndex() {
        return StackWalker.getInstance().walk(frames -> frames.limit(8).anyMatch(f ->
                f.getClassName().equals("jdk.jshell.SourceCodeAnalysisImpl") && f.getMethodName().equals("appendPaths")));
    }

    @Override
    public Path asPath(FileObject file) {
        return fileManager.asPath(file);
    }

    @Override
    public void setPathFactory(PathFactory f) {
        fileManager.setPathFactory(f);
    }
}
