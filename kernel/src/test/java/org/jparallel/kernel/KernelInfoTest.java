package org.jparallel.kernel;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KernelInfoTest {

    @Test
    void describesTheJavaOfThisJvm() {
        // status and protocol_version are the core's part: KernelCoreTest checks them on the wire
        JsonObject c = KernelInfo.content();
        assertThat(c.get("implementation").getAsString()).isEqualTo("jparallel");
        JsonObject li = c.getAsJsonObject("language_info");
        assertThat(li.get("name").getAsString()).isEqualTo("java");
        assertThat(li.get("version").getAsString()).isEqualTo(System.getProperty("java.version"));
        assertThat(li.get("mimetype").getAsString()).isEqualTo("text/x-java");
        assertThat(li.get("file_extension").getAsString()).isEqualTo(".java");
        assertThat(li.get("codemirror_mode").getAsString()).isEqualTo("text/x-java");
        assertThat(li.get("pygments_lexer").getAsString()).isEqualTo("java");
        assertThat(c.get("banner").getAsString()).contains("Java");
        assertThat(c.getAsJsonArray("help_links")).isNotEmpty();
    }

    @Test
    void timesReadLikeIpython() {
        assertThat(KernelMagics.formatNanos(812_345)).isEqualTo("812 µs");
        assertThat(KernelMagics.formatNanos(12_345_678)).isEqualTo("12.3 ms");
        assertThat(KernelMagics.formatNanos(4_561_000_000L)).isEqualTo("4.56 s");
    }
}
