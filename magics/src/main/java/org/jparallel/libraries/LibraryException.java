package org.jparallel.libraries;

/** A library could not be resolved or added; the message is a sentence for the notebook. */
public final class LibraryException extends Exception {
    private static final long serialVersionUID = 1L;

    public LibraryException(String message) {
        super(message);
    }
}
