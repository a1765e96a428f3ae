package org.jparallel.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders kernelspec/kernel.json.in into target/jupyter/kernels/java-parallel/ (java = the test's
 * JVM or JPARALLEL_TEST_JAVA, class path = target/lib/*), so tests run Jupyter tools with
 * JUPYTER_PATH=target/jupyter whatever is installed on the machine. Also finds the Python venv.
 */
final class KernelSpecFixtures {
    static final String NAME = "java-parallel";

    private KernelSpecFixtures() {
    }

    /** The repository root (the kernel module's parent). */
    static Path repoRoot() {
        Path module = Path.of("").toAbsolutePath();
        return Files.exists(module.resolve("kernelspec")) ? module : module.getParent();
    }

    /** The java binary the kernel runs on. */
    static String java() {
        String override = System.getenv("JPARALLEL_TEST_JAVA");
        if (override != null && !override.isBlank()) {
            return override;
        }
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The kernel.json text with the placeholders filled in. */
    static String renderedKernelJson() throws IOException {
        String template = Files.readString(repoRoot().resolve("kernelspec/kernel.json.in"), StandardCharsets.UTF_8);
        return template.replace("@JAVA@", java()).replace("@CLASSPATH@", KernelProcess.classPath());
    }

    /** Writes the kernelspec with its logos; returns the directory to put in JUPYTER_PATH. */
    static synchronized Path install() throws IOException {
        Path jupyterPath = Path.of("target", "jupyter").toAbsolutePath();
        Path dir = jupyterPath.resolve("kernels").resolve(NAME);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("kernel.json"), renderedKernelJson(), StandardCharsets.UTF_8);
        for (String logo : List.of("logo-32x32.png", "logo-64x64.png")) {
            Files.copy(repoRoot().resolve("kernelspec").resolve(logo), dir.resolve(logo), StandardCopyOption.REPLACE_EXISTING);
        }
        return jupyterPath;
    }

    /** The kernelspec's argv with the connection file filled in. */
    static List<String> argv(String connectionFile) throws IOException {
        JsonArray argv = JsonParser.parseString(renderedKernelJson()).getAsJsonObject().getAsJsonArray("argv");
        List<String> out = new ArrayList<>();
        for (JsonElement e : argv) {
            out.add(e.getAsString().replace("{connection_file}", connectionFile));
        }
        return out;
    }

    /** A binary of the Python venv: JPARALLEL_VENV, else &lt;repo&gt;/.venv. */
    static Path venvBin(String tool) {
        String venv = System.getenv("JPARALLEL_VENV");
        Path root = venv != null && !venv.isBlank() ? Path.of(venv) : repoRoot().resolve(".venv");
        return root.resolve("bin").resolve(tool);
    }

    /** A process builder for a venv tool with JUPYTER_PATH pointing at the rendered kernelspec. */
    static ProcessBuilder jupyterProcess(List<String> command) throws IOException {
        Path jupyterPath = install();
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.put("JUPYTER_PATH", jupyterPath.toString());
        // Keep runtime files (connection files) inside target/, not in the user's home.
        Path runtime = Path.of("target", "jupyter-runtime").toAbsolutePath();
        Files.createDirectories(runtime);
        env.put("JUPYTER_RUNTIME_DIR", runtime.toString());
        env.put("PYTHONUNBUFFERED", "1");
        env.put("XDG_DATA_HOME", Path.of("target", "jupyter-data").toAbsolutePath().toString());
        return pb;
    }
}
