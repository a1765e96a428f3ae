package org.jparallel.kernel.frontend;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the frontend tests find the repository and the tools install.sh set up: the Python
 * virtual environment (JPARALLEL_VENV, else {@code <repo>/.venv}), Node.js and Chromium.
 */
final class Toolchain {
    private Toolchain() {
    }

    /** The repository root: the first directory up from the working directory holding install.sh. */
    static Path repo() {
        Path dir = Paths.get("").toAbsolutePath();
        for (int i = 0; dir != null && i < 10; i++, dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("install.sh")) && Files.isDirectory(dir.resolve("kernelspec"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (a directory with install.sh) above " + Paths.get("").toAbsolutePath());
    }

    /** The virtual environment's bin directory. */
    static Path venvBin() {
        String env = System.getenv("JPARALLEL_VENV");
        Path venv = env != null && !env.isBlank() ? Paths.get(env) : repo().resolve(".venv");
        return venv.resolve("bin");
    }

    /** A program of the virtual environment, e.g. {@code jupyter-lab}; fails with what to run when missing. */
    static Path venvTool(String name) {
        Path p = venvBin().resolve(name);
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException(p + " is missing: run ./install.sh --with-browser (it installs the Jupyter tools the tests use)");
        }
        return p;
    }

    /** The java program the kernelspec of the current build runs: JAVA_HOME's, else this JVM's. */
    static Path java() {
        String home = System.getenv("JAVA_HOME");
        Path java = Paths.get(home != null && !home.isBlank() ? home : System.getProperty("java.home"), "bin", "java");
        if (!Files.isExecutable(java)) {
            throw new IllegalStateException(java + " is not an executable java (check JAVA_HOME)");
        }
        return java;
    }

    /** The Chromium the browser tests drive: JPARALLEL_CHROMIUM, else /usr/bin/chromium. */
    static Path chromium() {
        String env = System.getenv("JPARALLEL_CHROMIUM");
        Path p = Paths.get(env != null && !env.isBlank() ? env : "/usr/bin/chromium");
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException(p + " is not an executable Chromium: run ./install.sh --with-browser, or set JPARALLEL_CHROMIUM");
        }
        return p;
    }

    /** The node program; playwright-core must be in {@code <repo>/node_modules}. */
    static String node() {
        if (!Files.isRegularFile(repo().resolve("node_modules/playwright-core/package.json"))) {
            throw new IllegalStateException("playwright-core is not in " + repo().resolve("node_modules") + ": run ./install.sh --with-browser");
        }
        return "node";
    }
}
