package org.jparallel.magics;

/** One output block of a %px run, ready to show: a stream's prefixed text or an engine's result. */
record OutputItem(Kind kind, String stream, int engine, String text) {
    /** What the block holds. */
    enum Kind { STREAM, RESULT }
}
