import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.GlyphVector;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;

/**
 * Draws the kernelspec logos (original art): a deep-blue rounded tile, a bold "J", and four
 * orange bars fanning out to its right for the parallel ranks.
 * Run from this directory: java -Djava.awt.headless=true DrawLogo.java
 */
public class DrawLogo {
    public static void main(String[] args) throws Exception {
        for (int size : new int[]{32, 64}) {
            ImageIO.write(draw(size), "png", new File("logo-" + size + "x" + size + ".png"));
        }
    }

    static BufferedImage draw(int n) {
        BufferedImage img = new BufferedImage(n, n, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        float s = n / 64f;
        g.setPaint(new GradientPaint(0, 0, new Color(0x1f, 0x4e, 0x8c), n, n, new Color(0x0d, 0x24, 0x4a)));
        g.fill(new RoundRectangle2D.Float(1 * s, 1 * s, 62 * s, 62 * s, 14 * s, 14 * s));
        // The "J": outlined from a bold sans glyph, scaled to the tile.
        Font font = new Font(Font.SANS_SERIF, Font.BOLD, Math.round(44 * s));
        GlyphVector gv = font.createGlyphVector(g.getFontRenderContext(), "J");
        java.awt.geom.Rectangle2D b = gv.getVisualBounds();
        // Centre the glyph's ink in the left part of the tile, whatever the font's metrics.
        float cx = 21 * s;
        float cy = 32 * s;
        g.setColor(Color.WHITE);
        g.drawGlyphVector(gv, (float) (cx - b.getCenterX()), (float) (cy - b.getCenterY()));
        // Four parallel ranks: bars of equal length, staggered like work spread over engines.
        Color orange = new Color(0xf5, 0x9e, 0x2b);
        g.setColor(orange);
        g.setStroke(new BasicStroke(Math.max(2f, 5 * s), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int i = 0; i < 4; i++) {
            float y = (17 + i * 10) * s;
            float x0 = (36 + (i % 2) * 3) * s;
            g.drawLine(Math.round(x0), Math.round(y), Math.round(x0 + 16 * s), Math.round(y));
        }
        g.dispose();
        return img;
    }
}
