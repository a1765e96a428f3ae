package org.jparallel.kernel;

import org.jparallel.display.MimeBundles;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MimeBundlesTest {

    /** A value offering a bundle through the interface. */
    record Html(String html) implements Displayable {
        @Override
        public Map<String, ?> mimeBundle() {
            return Map.of("text/html", html);
        }
    }

    /** A value offering a bundle by convention, without depending on the kernel. */
    public static final class Duck {
        public Map<String, Object> mimeBundle() {
            return Map.of("text/markdown", "**duck**");
        }

        @Override
        public String toString() {
            return "Duck";
        }
    }

    @Test
    void plainValuesGetTextOnly() {
        MimeBundles.Bundle b = MimeBundles.of(42, "42");
        assertThat(b.data()).containsExactly(Map.entry("text/plain", "42"));
        assertThat(MimeBundles.of("abc", null).data()).containsEntry("text/plain", "abc");
        assertThat(MimeBundles.of(new int[]{1, 2}, null).data()).containsEntry("text/plain", "[1, 2]");
        assertThat(MimeBundles.of(null, null).data()).containsEntry("text/plain", "null");
    }

    @Test
    void displayableAndDuckTypedValuesGiveTheirBundlePlusText() {
        assertThat(MimeBundles.of(new Html("<b>x</b>"), "Html[html=<b>x</b>]").data())
                .containsEntry("text/html", "<b>x</b>").containsEntry("text/plain", "Html[html=<b>x</b>]");
        assertThat(MimeBundles.of(new Duck(), null).data())
                .containsEntry("text/markdown", "**duck**").containsEntry("text/plain", "Duck");
    }

    @Test
    void imagesBecomePngWithSize() throws Exception {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        img.setRGB(1, 1, 0xff0000);
        MimeBundles.Bundle b = MimeBundles.of(img, null);
        byte[] png = Base64.getDecoder().decode((String) b.data().get("image/png"));
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(back.getWidth()).isEqualTo(3);
        assertThat(back.getRGB(1, 1) & 0xffffff).isEqualTo(0xff0000);
        assertThat(b.data().get("text/plain")).isEqualTo("image 3x2");
        assertThat(b.metadata()).containsEntry("image/png", Map.of("width", 3, "height", 2));
    }
}
