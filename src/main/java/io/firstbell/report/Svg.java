package io.firstbell.report;

import java.util.List;
import java.util.Locale;

/** Small inline-SVG charts for the capacity report: no script, no network, readable in any browser. */
final class Svg {

  /** One named line of a chart. */
  record Series(String name, String color, double[] values) {}

  /** One named bar. */
  record Bar(String label, double value) {}

  private static final int W = 860;
  private static final int H = 260;
  private static final int L = 60;
  private static final int R = 20;
  private static final int T = 44;
  private static final int B = 40;

  private Svg() {}

  /** @return a line chart over x = 0..n-1 seconds, with vertical markers at {@code markers} (x values) */
  static String lines(String id, String title, String yUnit, List<Series> series, List<double[]> markers) {
    int n = 0;
    double max = 0;
    for (Series s : series) {
      n = Math.max(n, s.values().length);
      for (double v : s.values()) max = Math.max(max, v);
    }
    max = niceCeiling(max);
    StringBuilder sb = open(id, title);
    axes(sb, n, max, yUnit);
    for (double[] m : markers) {
      double x = x(m[0], n);
      sb.append(String.format(Locale.ROOT, "<line class=\"marker\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>",
          x, T, x, H - B));
    }
    int legendX = L;
    for (Series s : series) {
      StringBuilder pts = new StringBuilder();
      for (int i = 0; i < s.values().length; i++) {
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(i, n), y(s.values()[i], max)));
      }
      sb.append("<polyline class=\"series\" data-series=\"").append(esc(s.name())).append("\" data-points=\"").append(s.values().length)
          .append("\" fill=\"none\" stroke=\"").append(s.color()).append("\" stroke-width=\"1.8\" points=\"").append(pts.toString().trim()).append("\"/>");
      sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"26\" width=\"12\" height=\"4\" fill=\"%s\"/><text x=\"%d\" y=\"32\" font-size=\"11\">%s</text>",
          legendX, s.color(), legendX + 16, esc(s.name())));
      legendX += 40 + 7 * s.name().length();
    }
    return sb.append("</svg>").toString();
  }

  /** @return a horizontal bar chart */
  static String bars(String id, String title, List<Bar> bars) {
    double max = 0;
    for (Bar b : bars) max = Math.max(max, b.value());
    max = niceCeiling(max);
    int rowH = 22;
    int height = T + Math.max(1, bars.size()) * rowH + 10;
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "<svg id=\"%s\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\"><title>%s</title>",
        id, W, height, W, height, esc(title)));
    sb.append("<text x=\"").append(L).append("\" y=\"16\" font-size=\"13\" font-weight=\"bold\">").append(esc(title)).append("</text>");
    if (bars.isEmpty()) {
      sb.append("<text class=\"empty\" x=\"").append(L).append("\" y=\"").append(T + 14).append("\" font-size=\"12\">none</text>");
    }
    int y = T;
    for (Bar b : bars) {
      double w = max == 0 ? 0 : (W - 300) * b.value() / max;
      sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%s</text>", 240, y + 14, esc(b.label())));
      sb.append(String.format(Locale.ROOT, "<rect class=\"bar\" data-value=\"%s\" x=\"250\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"#c0392b\"/>", fmt(b.value()), y + 2, w));
      sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%s</text>", 256 + w, y + 14, fmt(b.value())));
      y += rowH;
    }
    return sb.append("</svg>").toString();
  }

  /** @return one coloured cell per uptime window: green up, red down, grey empty */
  static String strip(String id, String title, String states, double windowSeconds) {
    int n = Math.max(1, states.length());
    double cell = Math.min(40, (W - L - R) / (double) n);
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "<svg id=\"%s\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d 70\" width=\"%d\" height=\"70\" role=\"img\"><title>%s</title>",
        id, W, W, esc(title)));
    sb.append("<text x=\"").append(L).append("\" y=\"16\" font-size=\"13\" font-weight=\"bold\">").append(esc(title)).append("</text>");
    for (int i = 0; i < states.length(); i++) {
      char c = states.charAt(i);
      String color = c == '+' ? "#27ae60" : c == 'x' ? "#c0392b" : "#bdc3c7";
      String state = c == '+' ? "up" : c == 'x' ? "down" : "empty";
      sb.append(String.format(Locale.ROOT, "<rect class=\"window %s\" x=\"%.1f\" y=\"26\" width=\"%.1f\" height=\"26\" fill=\"%s\"><title>window %d (%s s): %s</title></rect>",
          state, L + i * cell, Math.max(1, cell - 1), color, i + 1, fmt(windowSeconds), state));
    }
    return sb.append("</svg>").toString();
  }

  private static StringBuilder open(String id, String title) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "<svg id=\"%s\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\"><title>%s</title>",
        id, W, H, W, H, esc(title)));
    sb.append("<text x=\"").append(L).append("\" y=\"16\" font-size=\"13\" font-weight=\"bold\">").append(esc(title)).append("</text>");
    return sb;
  }

  private static void axes(StringBuilder sb, int n, double max, String yUnit) {
    sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", L, H - B, W - R, H - B));
    sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", L, T, L, H - B));
    for (int k = 0; k <= 4; k++) {
      double v = max * k / 4;
      double y = y(v, max);
      sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>", L - 6, y + 3, fmt(v)));
      sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>", L, y, W - R, y));
    }
    for (int k = 0; k <= 5; k++) {
      double xv = Math.max(0, n - 1) * k / 5.0;
      sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s s</text>", x(xv, n), H - B + 14, fmt(Math.round(xv))));
    }
    sb.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" font-size=\"10\" transform=\"rotate(-90 12 %d)\">%s</text>", H / 2, H / 2, esc(yUnit)));
  }

  private static double x(double i, int n) {
    return L + (n <= 1 ? 0 : (W - L - R) * i / (n - 1));
  }

  private static double y(double v, double max) {
    return H - B - (max == 0 ? 0 : (H - B - T) * v / max);
  }

  static double niceCeiling(double v) {
    if (v <= 0) return 1;
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p >= v) return m * p;
    }
    return 10 * p;
  }

  static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
  }

  static String esc(String s) {
    return io.firstbell.stack.http.Html.escape(s);
  }
}
