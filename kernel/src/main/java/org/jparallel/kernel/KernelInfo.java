package org.jparallel.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.jparallel.kernel.core.Json;

/** The interpreter's part of kernel_info_reply: implementation, language_info, banner, help links. */
final class KernelInfo {
    static final String IMPLEMENTATION = "jparallel";

    private KernelInfo() {
    }

    /** This kernel's version, from the jar manifest when packaged. */
    static String implementationVersion() {
        String v = KernelInfo.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0" : v;
    }

    static JsonObject content() {
        int feature = Runtime.version().feature();
        String javaVersion = System.getProperty("java.version");
        JsonObject languageInfo = Json.obj(
                "name", "java",
                "version", javaVersion,
                "mimetype", "text/x-java",
                "file_extension", ".java",
                "codemirror_mode", "text/x-java",
                "pygments_lexer", "java");
        JsonArray links = new JsonArray();
        links.add(link("Java " + feature + " API", "https://docs.oracle.com/en/java/javase/" + feature + "/docs/api/"));
        links.add(link("JShell user guide", "https://docs.oracle.com/en/java/javase/" + feature + "/jshell/introduction-jshell.html"));
        links.add(link("Open MPI Java bindings", "https://docs.open-mpi.org/en/v5.0.x/features/java.html"));
        links.add(link("Jupyter messaging", "https://jupyter-client.readthedocs.io/en/latest/messaging.html"));
        String banner = "Java (parallel) " + implementationVersion() + " on Java " + javaVersion
                + " (" + System.getProperty("java.vm.name") + ")\n"
                + "Cells are Java, run by JShell. %lsmagic lists the magics; %cluster and %%px run code on MPI engines.";
        return Json.obj(
                "implementation", IMPLEMENTATION,
                "implementation_version", implementationVersion(),
                "language_info", languageInfo,
                "banner", banner,
                "help_links", links,
                "debugger", false);
    }

    private static JsonObject link(String text, String url) {
        return Json.obj("text", text, "url", url);
    }
}
