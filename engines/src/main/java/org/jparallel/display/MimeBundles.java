package org.jparallel.display;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.imageio.ImageIO;

/**
 * Turns values into MIME bundles: text/plain always, richer types when the value offers them (a
 * public {@code Map<String, ?> mimeBundle()} method, as {@code org.jparallel.kernel.Displayable}
 * declares, or a {@link java.awt.image.RenderedImage}, shown as PNG). Shared by the kernel and the engines.
 */
public final class MimeBundles {
    private static final Logger LOG = Logger.getLogger(MimeBundles.class.getName());

    /** A bundle and its metadata, as display_data and execute_result carry them. */
    public record Bundle(Map<String, Object> data, Map<String, Object> metadata) {
    }

    private MimeBundles() {
    }

    /**
     * The bundle of a value; plainText is its text/plain form (JShell's rendering for results),
     * or null to use the value's own string form.
     */
    public static Bundle of(Object value, String plainText) {
        String plain = plainText != null ? plainText : plain(value);
        Map<String, Object> data = new LinkedHashMap<>();
        Map<String, Object> metadata = new LinkedHashMap<>();
        Map<String, ?> offered = offeredBundle(value);
        if (offered != null) {
            offered.forEach((k, v) -> {
                if (k != null && v != null) {
                    data.put(k, v);
                }
            });
        } else if (isImage(value)) {
            RenderedImage image = (RenderedImage) value;
            String png = png(image);
            if (png != null) {
                data.put("image/png", png);
                metadata.put("image/png", Map.of("width", image.getWidth(), "height", image.getHeight()));
                plain = plainText != null ? plainText : "image " + image.getWidth() + "x" + image.getHeight();
            }
        }
        data.putIfAbsent("text/plain", plain);
        return new Bundle(data, metadata);
    }

    /** The text/plain form of a value shown with display(...): strings as they are, arrays by element. */
    public static String plain(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Object[] a) {
            return Arrays.deepToString(a);
        }
        if (value.getClass().isArray()) {
            return Arrays.deepToString(new Object[]{value}).replaceAll("^\\[|\\]$", "");
        }
        return String.valueOf(value);
    }

    private static boolean isImage(Object value) {
        return value instanceof RenderedImage;
    }

    private static String png(RenderedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, "png", out)) {
                return null;
            }
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "could not encode an image as PNG", e);
            return null;
        }
    }

    /** The bundle a value offers through Displayable or a public mimeBundle() method, or null. */
    private static Map<String, ?> offeredBundle(Object value) {
        if (value == null) {
            return null;
        }
        try {
            Method m = value.getClass().getMethod("mimeBundle");
            if (!Map.class.isAssignableFrom(m.getReturnType())) {
                return null;
            }
            m.setAccessible(true);
            Object r = m.invoke(value);
            if (r instanceof Map<?, ?> map) {
                Map<String, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put(String.valueOf(k), v));
                return out;
            }
            return null;
        } catch (NoSuchMethodException e) {
            return null;
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
            LOG.log(Level.FINE, "mimeBundle() of a " + value.getClass().getName() + " failed", e);
            return null;
        }
    }

    /** A MIME bundle a user gave (type to data), checked, with text/plain added when missing. */
    public static Map<String, Object> checked(Map<String, ?> mimeBundle) {
        if (mimeBundle == null || mimeBundle.isEmpty()) {
            throw new IllegalArgumentException("a MIME bundle needs at least one entry, e.g. Map.of(\"text/html\", \"<b>hi</b>\")");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        mimeBundle.forEach((k, v) -> {
            if (k == null || !k.contains("/")) {
                throw new IllegalArgumentException("'" + k + "' is not a MIME type; a MIME bundle maps types like "
                        + "\"text/html\" to data (to show a Map as text, call display((Object) map))");
            }
            data.put(k, v);
        });
        if (!data.containsKey("text/plain")) {
            data.put("text/plain", "<" + String.join(", ", data.keySet()) + ">");
        }
        return data;
    }
}
