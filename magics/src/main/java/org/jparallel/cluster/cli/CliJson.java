package org.jparallel.cluster.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import org.jparallel.cluster.model.ClusterException;
import org.jparallel.cluster.model.ClusterInfo;
import org.jparallel.cluster.model.ClusterStatus;
import org.jparallel.cluster.model.EngineStatus;
import org.jparallel.cluster.model.Profile;
import org.jparallel.cluster.model.Profiles;
import org.jparallel.support.ShellWords;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/**
 * The {@code --json} output of jpcluster, for tools (the JupyterLab panel's server extension):
 * one JSON object per command on stdout. Failures carry {@code "error"}, the same sentence the
 * plain output prints.
 */
final class CliJson {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private CliJson() {
    }

    /** The object on one line. */
    static String line(JsonElement o) {
        return GSON.toJson(o);
    }

    /** {"error": sentence} plus the profile when there is one. */
    static JsonObject error(String profile, String sentence) {
        JsonObject o = new JsonObject();
        if (profile != null) {
            o.addProperty("profile", profile);
        }
        o.addProperty("error", sentence);
        return o;
    }

    /**
     * A profile: name, where it is stored, engine count, launcher, where the engines run
     * ({@code hosts}, {@code hostfile}, {@code partition}: from mpirun's arguments or from any
     * launcher's {@code NAME.hosts}, {@code NAME.hostfile}, {@code NAME.partition} keys) and its
     * settings as stored.
     */
    static JsonObject profile(Profiles profiles, Profile p) {
        JsonObject o = new JsonObject();
        o.addProperty("name", p.name());
        boolean stored = Files.isRegularFile(profiles.file(p.name()));
        o.addProperty("file", stored ? profiles.file(p.name()).toString() : null);
        o.addProperty("builtIn", !stored);
        o.addProperty("engines", p.engines());
        o.addProperty("launcher", p.launcher());
        List<String> args = ShellWords.split(p.setting("mpi.args", ""));
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String next = i + 1 < args.size() ? args.get(i + 1) : "";
            if (a.equals("--host") || a.equals("-host") || a.equals("-H")) {
                o.add("hosts", hostList(next));
            } else if (a.startsWith("--host=")) {
                o.add("hosts", hostList(a.substring("--host=".length())));
            } else if (a.equals("--hostfile") || a.equals("-hostfile") || a.equals("--machinefile") || a.equals("-machinefile")) {
                o.addProperty("hostfile", next);
            } else if (a.startsWith("--hostfile=")) {
                o.addProperty("hostfile", a.substring("--hostfile=".length()));
            }
        }
        JsonObject s = new JsonObject();
        for (Map.Entry<String, String> e : p.settings().entrySet()) {
            s.addProperty(e.getKey(), e.getValue());
            String k = e.getKey();
            if (k.endsWith(".hosts") && !o.has("hosts")) {
                o.add("hosts", hostList(e.getValue().replace(' ', ',')));
            } else if (k.endsWith(".hostfile") && !o.has("hostfile")) {
                o.addProperty("hostfile", e.getValue());
            } else if (k.endsWith(".partition")) {
                o.addProperty("partition", e.getValue());
            }
        }
        s.addProperty("jvm.options", ShellWords.join(p.jvmOptions()));
        s.addProperty("classpath", p.classPathString());
        s.addProperty("java", p.java());
        s.addProperty("controller.bind", p.controllerBind());
        s.addProperty("start.timeout", p.startTimeout().toSeconds());
        o.add("settings", s);
        return o;
    }

    private static JsonArray hostList(String spec) {
        JsonArray a = new JsonArray();
        for (String h : spec.split(",")) {
            if (!h.isBlank()) {
                a.add(h.trim());
            }
        }
        return a;
    }

    /** Every profile, a broken profile file as {"name", "error"}. */
    static JsonArray profiles(Profiles profiles) {
        JsonArray a = new JsonArray();
        for (String n : profiles.names()) {
            try {
                a.add(profile(profiles, profiles.load(n)));
            } catch (ClusterException e) {
                JsonObject o = error(null, e.getMessage());
                o.addProperty("name", n);
                a.add(o);
            }
        }
        return a;
    }

    /**
     * A cluster as its connection file and (when it answered) its controller describe it:
     * profile, state, detail, warning, owner, pid, hostname, started, launcher, expected and
     * ready engine counts, log, and the engines (id, state, pid, host, busy, detail).
     */
    static JsonObject cluster(ClusterInfo info, JsonObject status) {
        JsonObject o = cluster(info, ClusterStatus.from(status));
        // what the launcher says of itself (a batch job's id, its queue line), as it says it
        for (String k : List.of("launch", "waiting", "launcher_process")) {
            if (status.has(k)) {
                o.add(k, status.get(k));
            }
        }
        return o;
    }

    /** Like {@link #cluster(ClusterInfo, JsonObject)}, from the model's status. */
    static JsonObject cluster(ClusterInfo info, ClusterStatus s) {
        JsonObject o = new JsonObject();
        o.addProperty("profile", info.profile());
        o.addProperty("state", s.state());
        o.addProperty("detail", s.detail());
        o.addProperty("warning", s.warning());
        o.addProperty("owner", info.owner());
        o.addProperty("pid", info.pid());
        o.addProperty("hostname", info.hostname());
        o.addProperty("started", info.started());
        o.addProperty("launcher", s.launcher().isEmpty() ? info.launcher() : s.launcher());
        o.addProperty("expected", s.expected() > 0 ? s.expected() : info.engines());
        o.addProperty("ready", s.running());
        o.addProperty("log", info.log());
        JsonArray engines = new JsonArray();
        for (EngineStatus e : s.engines()) {
            JsonObject eo = new JsonObject();
            eo.addProperty("id", e.id());
            eo.addProperty("state", e.state());
            eo.addProperty("pid", e.pid());
            eo.addProperty("host", e.host());
            eo.addProperty("busy", e.busy());
            eo.addProperty("detail", e.detail());
            engines.add(eo);
        }
        o.add("engines", engines);
        return o;
    }

    /** A cluster whose controller could not be asked: state "gone" (host dead) or "no-answer". */
    static JsonObject unreachable(ClusterInfo info, String state, String detail) {
        return cluster(info, new ClusterStatus(info.profile(), state, detail, "", info.launcher(), info.engines(),
                info.owner(), info.pid(), info.started(), List.of(), ""));
    }
}
