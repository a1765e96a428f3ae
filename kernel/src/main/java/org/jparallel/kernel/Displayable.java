package org.jparallel.kernel;

import java.util.Map;

/**
 * A value that shows itself richly in Jupyter: when a cell's result or a display(...) argument
 * implements this, its MIME bundle is shown (e.g. "text/html" -> "&lt;b&gt;hi&lt;/b&gt;"), with
 * text/plain added from toString() when the bundle has none. Classes that cannot depend on this
 * module may instead declare a public no-argument method {@code Map<String, ?> mimeBundle()}.
 */
public interface Displayable {

    /** MIME type -> data; text as String, images as base64 String, JSON as Map/List. */
    Map<String, ?> mimeBundle();
}
