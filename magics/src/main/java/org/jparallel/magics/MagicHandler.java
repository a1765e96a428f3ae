package org.jparallel.magics;

import org.jparallel.notebook.CellContext;
import org.jparallel.protocol.Outcome;

import java.util.List;

/**
 * A provider of magics, found by the kernel with java.util.ServiceLoader (list implementations in
 * META-INF/services/org.jparallel.magics.MagicHandler). The kernel splits a cell like IPython: a
 * cell whose first line is "%%name args" goes whole to {@link #cell}; otherwise lines run in
 * source order, consecutive Java lines as one chunk in the Evaluator and each "%name args" line
 * through {@link #line}. The first failure stops the cell. Names are given without the % signs.
 * Calls come on the kernel's shell thread, one at a time, with the cell's context current.
 * A magic ends with an {@link Outcome}, as a Java cell does: its value (when the magic is the
 * cell's last line) becomes the cell's result, its failure the cell's error.
 */
public interface MagicHandler {

    /** Whether this handler implements the line magic %name: by default, whether {@link #lineMagics} names it. */
    default boolean handlesLine(String name) {
        return lineMagics().contains(name);
    }

    /** Whether this handler implements the cell magic %%name: by default, whether {@link #cellMagics} names it. */
    default boolean handlesCell(String name) {
        return cellMagics().contains(name);
    }

    /** Runs %name args (args is the rest of the line, trimmed). */
    Outcome line(String name, String args, CellContext ctx);

    /** Runs %%name args with the cell's remaining lines as body. */
    Outcome cell(String name, String args, String body, CellContext ctx);

    /**
     * True while every cell should go to this handler (%autopx on): the kernel then calls
     * cell("px", "", wholeCell, ctx) for each cell, except a cell that is exactly one line magic
     * this handler handles (e.g. "%autopx" to turn it off), which goes to {@link #line}.
     */
    boolean autoRoute();

    /** Names of the line magics (without %), for %lsmagic, completion and the unknown-magic error. */
    List<String> lineMagics();

    /** Names of the cell magics (without %%), for %lsmagic, completion and the unknown-magic error. */
    List<String> cellMagics();

    /**
     * Completion of a magic's arguments: the words that may follow {@code wordsBefore} (the
     * arguments already typed before the word under the cursor), e.g. option names or a
     * subcommand. The kernel keeps those that start with what is typed. None by default.
     */
    default List<String> argumentWords(String name, boolean cell, List<String> wordsBefore) {
        return List.of();
    }
}
