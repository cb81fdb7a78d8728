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

  /** A shaded span of a line chart, {@code from} to {@code to} seconds, e.g. the warm-up that is not judged. */
  record Shade(String kind, String label, double from, double to) {}

  /** @return a line chart over x = 0..n-1 seconds, with vertical markers at {@code markers} (x values) */
  static String lines(String id, String title, String yUnit, List<Series> series, List<double[]> markers) {
    return lines(id, title, yUnit, series, markers, List.of());
  }

  /** @return a line chart over x = 0..n-1 seconds, with vertical markers and shaded spans behind the series */
  static String lines(String id, String title, String yUnit, List<Series> series, List<double[]> markers, List<Shade> shades) {
    return lines(id, title, yUnit, "s", series, markers, shades);
  }

  /** @return a line chart over x = 0..n-1 in {@code xUnit} (e.g. "min"), with vertical markers and shaded spans behind the series */
  static String lines(String id, String title, String yUnit, String xUnit, List<Series> series, List<double[]> markers, List<Shade> shades) {
    int n = 0;
    double max = 0;
    for (Series s : series) {
      n = Math.max(n, s.values().length);
      for (double v : s.values()) max = Math.max(max, v);
    }
    max = niceCeiling(max);
    StringBuilder sb = open(id, title);
    axes(sb, n, max, yUnit, xUnit);
    for (Shade sh : shades) {
      double x1 = x(Math.max(0, Math.min(sh.from(), Math.max(0, n - 1))), n);
      double x2 = x(Math.max(0, Math.min(sh.to(), Math.max(0, n - 1))), n);
      if (x2 <= x1) continue;
      sb.append(String.format(Locale.ROOT, "<rect class=\"shade\" data-shade=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#95a5a6\" fill-opacity=\"0.22\"/>"
          + "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#555\">%s</text>", esc(sh.kind()), x1, T, x2 - x1, H - B - T, x1 + 3, T + 11, esc(sh.label())));
    }
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

  /** One panel of a stacked chart: its own y axis under the chart's one time axis; {@code empty} is said when it has no series. */
  record Panel(String title, List<Series> series, String empty) {}

  /**
   * An interval in seconds shaded across every panel of a stacked chart. {@code never}: its end did not come, so it is drawn to
   * {@code to} (the drop or the end of the chart) hatched and labelled {@code label}.
   */
  record Band(String interval, String legend, String color, int surge, double from, double to, boolean never, String label) {}

  /** A labelled vertical line across every panel of a stacked chart, at {@code at} seconds. */
  record Mark(String kind, String label, double at) {}

  private static final int PANEL_H = 110;
  private static final int PANEL_GAP = 36;
  private static final String NEVER_KEY = "#7f8c8d";
  /** How opaque a band's colour is over the chart: light enough for the series on it to read. */
  static final double BAND_OPACITY = 0.25;
  /** A white outline under a label drawn over bands and series, so it stays legible. */
  private static final String HALO = " stroke=\"#fff\" stroke-width=\"3\" stroke-opacity=\"0.85\" paint-order=\"stroke\"";

  /**
   * @return panels stacked over one time axis (x = 0..n-1 seconds), each with its own y axis, the {@code bands} shaded and the
   *     {@code marks} drawn across all of them, and a legend of the bands' intervals
   */
  static String stacked(String id, String title, int n, List<Panel> panels, List<Band> bands, List<Mark> marks) {
    // the bands' legend: one key per interval in order of appearance, then the hatched "never" key; wrapped to the width
    java.util.LinkedHashMap<String, Band> keys = new java.util.LinkedHashMap<>();
    boolean anyNever = false;
    for (Band b : bands) {
      keys.putIfAbsent(b.interval(), b);
      anyNever |= b.never();
    }
    StringBuilder legend = new StringBuilder();
    int lx = L;
    int ly = 30;
    List<String[]> entries = new java.util.ArrayList<>();
    for (Band b : keys.values()) entries.add(new String[] {b.legend(), "fill=\"" + b.color() + "\" fill-opacity=\"" + BAND_OPACITY + "\"", b.interval()});
    if (anyNever) entries.add(new String[] {"never happened: hatched, drawn to the drop", "fill=\"url(#" + id + "-hatch-key)\"", "never"});
    for (String[] e : entries) {
      int w = 24 + 6 * e[0].length() + 18;
      if (lx + w > W - R && lx > L) {
        lx = L;
        ly += 16;
      }
      legend.append(String.format(Locale.ROOT, "<g class=\"band-key\" data-interval=\"%s\"><rect x=\"%d\" y=\"%d\" width=\"18\" height=\"11\" %s stroke=\"#bbb\" stroke-width=\"0.5\"/>"
          + "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text></g>", esc(e[2]), lx, ly - 9, e[1], lx + 24, ly, esc(e[0])));
      lx += w;
    }
    int top = (entries.isEmpty() ? 26 : ly + 10) + 24; // the first panel's plot; its header sits above it
    int bottom = top + panels.size() * (PANEL_H + PANEL_GAP) - PANEL_GAP;
    int height = bottom + 36;
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "<svg id=\"%s\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\"><title>%s</title>",
        id, W, height, W, height, esc(title)));
    sb.append("<defs>");
    // each interval hatched at its own angle, so two that never ended and overlap cross rather than blend
    int angle = 45;
    for (Band b : keys.values()) {
      hatch(sb, id + "-hatch-" + esc(b.interval()), b.color(), angle);
      angle -= 45;
    }
    hatch(sb, id + "-hatch-key", NEVER_KEY, 45);
    sb.append("</defs>");
    sb.append("<text x=\"").append(L).append("\" y=\"16\" font-size=\"13\" font-weight=\"bold\">").append(esc(title)).append("</text>");
    sb.append(legend);
    // per panel: y scale, grid and y labels; the time axis' grid runs through all of them
    double[] max = new double[panels.size()];
    for (int p = 0; p < panels.size(); p++) {
      double m = 0;
      for (Series s : panels.get(p).series()) for (double v : s.values()) if (!Double.isNaN(v)) m = Math.max(m, v);
      max[p] = niceCeiling(m);
      int pt = top + p * (PANEL_H + PANEL_GAP);
      for (int k = 0; k <= 2; k++) {
        double v = max[p] * k / 2;
        double y = pt + PANEL_H - PANEL_H * k / 2.0;
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>", L - 6, y + 3, fmt(v)));
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>", L, y, W - R, y));
      }
    }
    for (int k = 0; k <= 5; k++) {
      double xv = Math.max(0, n - 1) * k / 5.0;
      double x = x(xv, n);
      for (int p = 0; p < panels.size(); p++) {
        int pt = top + p * (PANEL_H + PANEL_GAP);
        sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#f3f3f3\"/>", x, pt, x, pt + PANEL_H));
      }
      sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s s</text>", x, bottom + 14, fmt(Math.round(xv))));
    }
    sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">seconds from the start of the run</text>",
        (L + W - R) / 2, bottom + 30));
    // the bands, under the series: one group per interval, one area per panel
    java.util.Map<Integer, Integer> lanes = new java.util.HashMap<>();
    for (Band b : bands) {
      double x1 = x(clamp(b.from(), n), n);
      double x2 = x(clamp(b.to(), n), n);
      String fill = b.never() ? "fill=\"url(#" + id + "-hatch-" + esc(b.interval()) + ")\" stroke=\"" + b.color() + "\" stroke-width=\"0.8\" stroke-dasharray=\"3 3\""
          : "fill=\"" + b.color() + "\" fill-opacity=\"" + BAND_OPACITY + "\"";
      sb.append(String.format(Locale.ROOT, "<g class=\"band %s%s\" data-interval=\"%s\" data-surge=\"%d\" data-from=\"%s\" data-to=\"%s\" data-never=\"%s\">"
              + "<title>%s, surge %d: %s s to %s s%s</title>",
          esc(b.interval()), b.never() ? " never" : "", esc(b.interval()), b.surge(), secs(b.from()), secs(b.to()), b.never(),
          esc(b.legend()), b.surge(), secs(b.from()), secs(b.to()), b.never() ? " (" + esc(b.label()) + ")" : ""));
      for (int p = 0; p < panels.size(); p++) {
        int pt = top + p * (PANEL_H + PANEL_GAP);
        sb.append(String.format(Locale.ROOT, "<rect class=\"band-area\" data-panel=\"%d\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" %s/>",
            p + 1, x1, pt, Math.max(0, x2 - x1), PANEL_H, fill));
      }
      if (b.never()) {
        int lane = lanes.merge(b.surge(), 1, Integer::sum);
        sb.append(String.format(Locale.ROOT, "<text class=\"never\" x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#333\"" + HALO + ">%s</text>", x1 + 3, top + 10 + 12 * lane, esc(b.label())));
      }
      sb.append("</g>");
    }
    for (Mark m : marks) {
      double x = x(clamp(m.at(), n), n);
      sb.append(String.format(Locale.ROOT, "<g class=\"mark %s\" data-at=\"%s\"><line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#555\"%s/>"
              + "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" font-weight=\"bold\" fill=\"#333\"" + HALO + ">%s</text></g>",
          esc(m.kind()), secs(m.at()), x, top - 4, x, bottom, m.kind().equals("drop") ? " stroke-dasharray=\"5 3\"" : "", x + 3, top + 10, esc(m.label())));
    }
    // per panel: the axes, its header (title and series' legend) and its series
    for (int p = 0; p < panels.size(); p++) {
      Panel panel = panels.get(p);
      int pt = top + p * (PANEL_H + PANEL_GAP);
      sb.append(String.format(Locale.ROOT, "<g class=\"panel\" data-panel=\"%d\">", p + 1));
      sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", L, pt + PANEL_H, W - R, pt + PANEL_H));
      sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", L, pt, L, pt + PANEL_H));
      sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" font-weight=\"bold\">%s</text>", L, pt - 8, esc(panel.title())));
      int sx = L + 14 + 7 * panel.title().length();
      for (Series s : panel.series()) {
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"4\" fill=\"%s\"/><text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>",
            sx, pt - 14, s.color(), sx + 16, pt - 8, esc(s.name())));
        sx += 40 + 7 * s.name().length();
        StringBuilder pts = new StringBuilder();
        for (int i = 0; i < s.values().length; i++) {
          if (Double.isNaN(s.values()[i])) continue;
          double y = pt + PANEL_H - (max[p] == 0 ? 0 : PANEL_H * s.values()[i] / max[p]);
          pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(i, n), y));
        }
        sb.append("<polyline class=\"series\" data-series=\"").append(esc(s.name())).append("\" data-points=\"").append(s.values().length)
            .append("\" fill=\"none\" stroke=\"").append(s.color()).append("\" stroke-width=\"1.6\" points=\"").append(pts.toString().trim()).append("\"/>");
      }
      if (panel.series().isEmpty() && panel.empty() != null) {
        sb.append(String.format(Locale.ROOT, "<text class=\"empty\" x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#777\" text-anchor=\"middle\">%s</text>",
            (L + W - R) / 2, pt + PANEL_H / 2 + 4, esc(panel.empty())));
      }
      sb.append("</g>");
    }
    return sb.append("</svg>").toString();
  }

  private static void hatch(StringBuilder sb, String id, String color, int angle) {
    sb.append(String.format(Locale.ROOT, "<pattern id=\"%s\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(%d)\">"
        + "<rect width=\"8\" height=\"8\" fill=\"%s\" fill-opacity=\"0.06\"/><rect width=\"2\" height=\"8\" fill=\"%s\" fill-opacity=\"0.38\"/></pattern>", id, angle, color, color));
  }

  private static double clamp(double seconds, int n) {
    return Math.max(0, Math.min(Math.max(0, n - 1), seconds));
  }

  /** @return seconds to a tenth, without a trailing ".0": 12, 12.5 */
  static String secs(double v) {
    double r = Math.round(v * 10) / 10.0;
    return r == Math.rint(r) ? String.valueOf((long) r) : String.format(Locale.ROOT, "%.1f", r);
  }

  private static StringBuilder open(String id, String title) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "<svg id=\"%s\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\"><title>%s</title>",
        id, W, H, W, H, esc(title)));
    sb.append("<text x=\"").append(L).append("\" y=\"16\" font-size=\"13\" font-weight=\"bold\">").append(esc(title)).append("</text>");
    return sb;
  }

  private static void axes(StringBuilder sb, int n, double max, String yUnit) {
    axes(sb, n, max, yUnit, "s");
  }

  private static void axes(StringBuilder sb, int n, double max, String yUnit, String xUnit) {
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
      sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s %s</text>", x(xv, n), H - B + 14, fmt(Math.round(xv)), esc(xUnit)));
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
