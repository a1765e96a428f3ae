package org.jparallel.kernel;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package structure of all three modules, read from their sources: no package cycle (imports and
 * fully qualified names both count), the notebook API package holds only the API types, and the
 * launchers are reached only through their registry. Fails the build when a change breaks one.
 */
class PackageStructureTest {
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\b(org\\.jparallel(?:\\.[a-z]\\w*)+)\\.[A-Z]");
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "^public (?:final |abstract |sealed |non-sealed )*(?:class|interface|record|enum) (\\w+)", Pattern.MULTILINE);

    /** The types a notebook sees from {@code import org.jparallel.cluster.*;}. */
    private static final Set<String> CLUSTER_API = Set.of("AsyncResult", "Cluster", "ClusterLink", "EngineError",
            "EngineEvent", "EngineReply", "EngineResult", "EngineStack", "ExecuteResults", "ParallelException",
            "ParallelTimeoutException", "RunOutputs", "TargetSpec", "View");

    /** package -> the packages its code names, each with the files that name it. */
    private static final Map<String, Map<String, Set<String>>> EDGES = new TreeMap<>();
    /** package -> its public top-level types. */
    private static final Map<String, Set<String>> PUBLIC = new TreeMap<>();

    @BeforeAll
    static void read() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.exists(root.resolve("engines/src/main/java"))) {
            root = root.getParent();
        }
        assertThat(root).as("the repository root above " + Path.of("").toAbsolutePath()).isNotNull();
        for (String module : List.of("engines", "magics", "kernel")) {
            try (Stream<Path> files = Files.walk(root.resolve(module).resolve("src/main/java"))) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(PackageStructureTest::readFile);
            }
        }
        assertThat(PUBLIC).containsKeys("org.jparallel.cluster", "org.jparallel.cluster.launch", "org.jparallel.kernel");
    }

    private static void readFile(Path f) {
        String src;
        try {
            src = Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher p = PACKAGE.matcher(src);
        assertThat(p.find()).as("package declaration in " + f).isTrue();
        String pkg = p.group(1);
        String code = src.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
        Matcher r = REFERENCE.matcher(code);
        while (r.find()) {
            if (!r.group(1).equals(pkg)) {
                EDGES.computeIfAbsent(pkg, k -> new TreeMap<>()).computeIfAbsent(r.group(1), k -> new TreeSet<>())
                        .add(f.getFileName().toString());
            }
        }
        EDGES.computeIfAbsent(pkg, k -> new TreeMap<>());
        Matcher t = PUBLIC_TYPE.matcher(src);
        Set<String> types = PUBLIC.computeIfAbsent(pkg, k -> new TreeSet<>());
        while (t.find()) {
            types.add(t.group(1));
        }
    }

    @Test
    void noPackageCycle() {
        List<String> cycles = new ArrayList<>();
        for (List<String> component : stronglyConnected()) {
            if (component.size() > 1) {
                StringBuilder sb = new StringBuilder("cycle among " + component + ":");
                for (String a : component) {
                    EDGES.get(a).forEach((b, files) -> {
                        if (component.contains(b)) {
                            sb.append("\n  ").append(a).append(" -> ").append(b).append(" in ").append(files);
                        }
                    });
                }
                cycles.add(sb.toString());
            }
        }
        assertThat(cycles).as("package cycles").isEmpty();
    }

    @Test
    void notebooksSeeOnlyTheApiTypesOfTheClusterPackage() {
        assertThat(PUBLIC.get("org.jparallel.cluster")).as("public types of org.jparallel.cluster (the notebook API): "
                + "anything else belongs in a subpackage or is package-private").isEqualTo(new TreeSet<>(CLUSTER_API));
        for (String imported : EvaluatorStarter.IMPORTS) {
            String name = imported.replaceFirst("^static ", "");
            if (name.startsWith("org.jparallel.") && !name.endsWith(".*")) {
                String pkg = name.substring(0, name.lastIndexOf('.'));
                assertThat(PUBLIC.getOrDefault(pkg, Set.of())).as("notebook import " + name).contains(name.substring(pkg.length() + 1));
            }
        }
    }

    @Test
    void launchersAreReachedOnlyThroughTheirRegistry() {
        EDGES.forEach((from, to) -> to.keySet().stream()
                .filter(p -> p.startsWith("org.jparallel.cluster.launch."))
                .forEach(p -> assertThat(from).as(from + " names the launcher package " + p + " in " + to.get(p)
                        + "; reach launchers through Launchers.named(...)").startsWith("org.jparallel.cluster.launch.")));
    }

    @Test
    void theNotebookPackageStandsOnTheEnginesBaseAlone() {
        // what a cell runs with (CellContext, progress, output conventions): the JShell evaluator at most
        assertThat(EDGES.get("org.jparallel.notebook").keySet()).as("org.jparallel.notebook's references")
                .allMatch(p -> p.equals("org.jparallel.jshell") || p.equals("org.jparallel.support"));
    }

    /** Tarjan's strongly connected components of the package graph. */
    private static List<List<String>> stronglyConnected() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String v : EDGES.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private static void connect(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                                Set<String> onStack, List<List<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : EDGES.getOrDefault(v, Map.of()).keySet()) {
            if (!index.containsKey(w)) {
                connect(w, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> component = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            out.add(component);
        }
    }
}
