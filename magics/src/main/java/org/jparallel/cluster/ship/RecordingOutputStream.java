package org.jparallel.cluster.ship;

import org.jparallel.engine.data.NotebookNames;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.lang.invoke.SerializedLambda;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Java serialization that notes the notebook classes and the lambdas in what it writes. */
public final class RecordingOutputStream extends ObjectOutputStream {
    private final Set<String> notebookClasses = new LinkedHashSet<>();
    private final Set<String> instanceClasses = new LinkedHashSet<>();
    private final List<SerializedLambda> lambdas = new ArrayList<>();

    RecordingOutputStream(OutputStream out) throws IOException {
        super(out);
        enableReplaceObject(true);
    }

    @Override
    protected void annotateClass(Class<?> cl) {
        if (NotebookNames.isNotebookClass(cl.getName())) {
            notebookClasses.add(cl.getName());
        }
    }

    @Override
    protected Object replaceObject(Object obj) {
        if (obj instanceof SerializedLambda l) {
            lambdas.add(l);
            notebookClasses.add(l.getCapturingClass().replace('/', '.'));
            notebookClasses.add(l.getImplClass().replace('/', '.'));
        } else if (!(obj instanceof Class<?>) && NotebookNames.isNotebookClass(obj.getClass().getName())) {
            instanceClasses.add(obj.getClass().getName());
        }
        return obj;
    }

    /** Notebook classes named in the stream (objects' classes, Class values, lambdas' classes). */
    Set<String> notebookClasses() {
        return notebookClasses;
    }

    /** Notebook classes of objects in the stream. */
    Set<String> instanceClasses() {
        return instanceClasses;
    }

    /** The lambdas in the stream, as serialization sees them. */
    List<SerializedLambda> lambdas() {
        return lambdas;
    }
}
