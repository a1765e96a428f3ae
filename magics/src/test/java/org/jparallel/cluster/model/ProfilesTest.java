package org.jparallel.cluster.model;

import org.jparallel.cluster.launch.Launchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfilesTest {
    @TempDir
    Path dir;

    @Test
    void aSavedProfileLoadsBackTheSame() {
        Profiles profiles = new Profiles(dir);
        Profile p = new Profile("example-shas", 6, "mpi", java.util.Map.of("mpi.args", "--hostfile '/etc/my hosts' --map-by core"),
                List.of("-Xmx512m", "-Dgreeting=hello world"), List.of("/opt/a.jar", "/opt/b.jar"), "/usr/bin/java",
                "127.0.0.1", Duration.ofSeconds(90));
        Path f = profiles.save(p);
        assertThat(f).isEqualTo(dir.resolve("example-shas.properties")).exists();
        assertThat(profiles.load("example-shas")).isEqualTo(p);
        assertThat(profiles.names()).containsExactly("default", "example-shas");
    }

    @Test
    void defaultExistsWithoutAFileAndOtherMissingProfilesAreExplained() {
        Profiles profiles = new Profiles(dir);
        Profile d = profiles.load("default");
        assertThat(d.launcher()).isEqualTo("mpi");
        assertThat(d.engines()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThatThrownBy(() -> profiles.load("nope")).isInstanceOf(ClusterException.class)
                .hasMessageContaining("there is no cluster profile 'nope'").hasMessageContaining("jpcluster profile create nope");
        // starting a cluster: a profile nobody wrote yet is the defaults under its own name
        Profile fresh = profiles.loadOrDefaults("nope");
        assertThat(fresh.name()).isEqualTo("nope");
        assertThat(fresh.launcher()).isEqualTo(d.launcher());
        assertThatThrownBy(() -> profiles.loadOrDefaults("no/slashes")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHandWrittenFileWithFewKeysGetsDefaultsAndBadValuesAreNamed() throws Exception {
        Profiles profiles = new Profiles(dir);
        Files.writeString(dir.resolve("small.properties"), "engines=3\nlauncher=local\n");
        Profile small = profiles.load("small");
        assertThat(small.engines()).isEqualTo(3);
        assertThat(small.launcher()).isEqualTo("local");
        assertThat(small.settings()).isEmpty();
        assertThat(small.startTimeout()).isEqualTo(Profile.DEFAULT_START_TIMEOUT);
        Files.writeString(dir.resolve("bad.properties"), "engines=three\n");
        assertThatThrownBy(() -> profiles.load("bad")).hasMessageContaining("engines=three").hasMessageContaining("whole number");
        Files.writeString(dir.resolve("typo.properties"), "engine=3\n");
        assertThatThrownBy(() -> profiles.load("typo")).hasMessageContaining("unknown key 'engine'");
        Files.writeString(dir.resolve("launch.properties"), "launcher=pbs\n");
        assertThatThrownBy(() -> Launchers.forProfile(profiles.load("launch"))).hasMessageContaining("unknown launcher 'pbs'");
        Files.writeString(dir.resolve("key.properties"), "mpi.argz=-v\n");
        assertThatThrownBy(() -> Launchers.forProfile(profiles.load("key"))).hasMessageContaining("unknown key 'mpi.argz'");
        Files.writeString(dir.resolve("old.properties"), "mpirun.args=--host a,b\n");
        assertThat(profiles.load("old").setting("mpi.args", "")).isEqualTo("--host a,b");
    }

    @Test
    void namesThatCannotBeFileNamesAreRefused() {
        assertThatThrownBy(() -> new Profiles(dir).load("../etc")).hasMessageContaining("is not a profile name");
        assertThatThrownBy(() -> Profile.defaults("a b")).hasMessageContaining("is not a profile name");
    }
}
