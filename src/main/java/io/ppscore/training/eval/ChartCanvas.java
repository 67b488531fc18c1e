package io.ppscore.training.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.DoubleFunction;
import javax.imageio.ImageIO;

/**
 * A small headless chart: white background, title, axes with ticks and labels, a legend on the right, and
 * lines or bars drawn in data coordinates. Saved as PNG.
 */
final class ChartCanvas {

  static final int WIDTH = 800;
  static final int HEIGHT = 500;
  private static final int LEFT = 80;
  private static final int RIGHT = WIDTH - 220;
  private static final int TOP = 50;
  private static final int BOTTOM = HEIGHT - 65;
  private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
      new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b)};

  static {
    // Charts are drawn on servers and in CI without a display.
    System.setProperty("java.awt.headless", "true");
  }

  /** One axis: its label, data range, tick positions and tick label format. */
  record Axis(String label, double min, double max, double[] ticks, DoubleFunction<String> format) {
  }

  private final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
  private final Graphics2D g = image.createGraphics();
  private final Axis x;
  private final Axis y;
  private int legendEntries;

  ChartCanvas(String title, Axis x, Axis y) {
    this.x = x;
    this.y = y;
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    centred(title, (LEFT + RIGHT) / 2, TOP - 20);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    drawAxes();
  }

  /** The colour of the {@code index}-th series. */
  static Color color(int index) {
    return PALETTE[index % PALETTE.length];
  }

  /** A polyline through {@code (xs[i], ys[i])}. */
  void line(double[] xs, double[] ys, Color color, boolean dashed) {
    Path2D path = new Path2D.Double();
    for (int i = 0; i < xs.length; i++) {
      if (i == 0) {
        path.moveTo(px(xs[i]), py(ys[i]));
      } else {
        path.lineTo(px(xs[i]), py(ys[i]));
      }
    }
    g.setColor(color);
    g.setStroke(dashed ? new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10, new float[] {6, 4}, 0)
        : new BasicStroke(2f));
    g.draw(path);
    g.setStroke(new BasicStroke(1f));
  }

  /** A bar from 0 to {@code height}, centred on {@code centre} and {@code width} wide, in data units. */
  void bar(double centre, double width, double height, Color color) {
    double left = px(centre - width / 2);
    double top = py(height);
    g.setColor(color);
    g.fill(new Rectangle2D.Double(left, top, px(centre + width / 2) - left, py(0) - top));
  }

  /** Adds a legend entry below the previous ones. */
  void legend(String name, Color color) {
    int top = TOP + 10 + 22 * legendEntries++;
    g.setColor(color);
    g.fillRect(RIGHT + 15, top, 18, 10);
    g.setColor(Color.BLACK);
    g.drawString(name, RIGHT + 38, top + 10);
  }

  /** Writes the chart as a PNG to {@code file}. */
  void save(Path file) throws IOException {
    g.setColor(Color.BLACK);
    g.drawRect(LEFT, TOP, RIGHT - LEFT, BOTTOM - TOP);
    g.dispose();
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException("no PNG writer available for " + file);
    }
  }

  private void drawAxes() {
    for (double t : x.ticks()) {
      int px = (int) Math.round(px(t));
      tick(px, BOTTOM, px, BOTTOM + 5);
      centred(x.format().apply(t), px, BOTTOM + 20);
    }
    for (double t : y.ticks()) {
      int py = (int) Math.round(py(t));
      tick(LEFT - 5, py, LEFT, py);
      g.setColor(new Color(0xe6e6e6));
      g.drawLine(LEFT + 1, py, RIGHT - 1, py);
      g.setColor(Color.BLACK);
      String label = y.format().apply(t);
      g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), py + 4);
    }
    centred(x.label(), (LEFT + RIGHT) / 2, BOTTOM + 45);
    AffineTransform saved = g.getTransform();
    g.rotate(-Math.PI / 2);
    centred(y.label(), -(TOP + BOTTOM) / 2, LEFT - 55);
    g.setTransform(saved);
  }

  private void tick(int x1, int y1, int x2, int y2) {
    g.setColor(Color.BLACK);
    g.drawLine(x1, y1, x2, y2);
  }

  private void centred(String text, int cx, int baseline) {
    g.drawString(text, cx - g.getFontMetrics().stringWidth(text) / 2, baseline);
  }

  private double px(double value) {
    return LEFT + (value - x.min()) / (x.max() - x.min()) * (RIGHT - LEFT);
  }

  private double py(double value) {
    return BOTTOM - (value - y.min()) / (y.max() - y.min()) * (BOTTOM - TOP);
  }
}
