package io.firstbell.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firstbell.ledger.LoginLedger;
import io.firstbell.ledger.LoginRecord;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard of a run across shards ({@code grafana/firstbell-run.json}): it parses, and every query names only
 * series and labels that {@link LiveMetrics} exports (taken from a scrape, not from a list kept beside it) and keeps to one run.
 */
class GrafanaDashboardTest {

  static final Pattern METRIC = Pattern.compile("\\bfirstbell_[a-z0-9_]+");
  static final Pattern SELECTOR = Pattern.compile("(firstbell_[a-z0-9_]+)\\{([^}]*)}");
  static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"");
  static final Pattern BY = Pattern.compile("\\bby\\s*\\(([^)]*)\\)");
  static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}");

  static JsonNode dashboard;
  static PromText exported;

  @BeforeAll
  static void readTheDashboardAndScrapeLiveMetrics() throws IOException {
    try (InputStream in = GrafanaDashboardTest.class.getResourceAsStream("/grafana/firstbell-run.json")) {
      assertNotNull(in, "grafana/firstbell-run.json is on the class path");
      dashboard = new ObjectMapper().readTree(in);
    }
    LiveMetrics metrics = LiveMetrics.unserved("r", 0, () -> 1, () -> 1);
    metrics.begun(new LoginLedger.Open(1, 1_000, 1_010, "student-portal", "student", "password", "d", LoginRecord.LOAD));
    metrics.ended(new LoginRecord(1_000, 1_010, 1_900, "student-portal", "student", "password", "d", LoginRecord.Outcome.FAILED,
        "Submit credentials", "http-500", 2, false, 0, LoginRecord.LOAD));
    exported = PromText.parse(metrics.scrape());
  }

  /** @return every panel's queries */
  static List<JsonNode> targets() {
    List<JsonNode> targets = new ArrayList<>();
    dashboard.get("panels").forEach(p -> p.get("targets").forEach(targets::add));
    return targets;
  }

  @Test
  void isADashboardOfSchema39WithADatasourceRunAndPhaseVariable() {
    assertEquals(39, dashboard.get("schemaVersion").asInt());
    assertEquals("firstbell-run", dashboard.get("uid").asText());
    JsonNode vars = dashboard.get("templating").get("list");
    assertEquals("datasource", vars.get(0).get("name").asText());
    assertEquals("datasource", vars.get(0).get("type").asText());
    assertEquals("prometheus", vars.get(0).get("query").asText());
    assertEquals("run", vars.get(1).get("name").asText());
    assertEquals("query", vars.get(1).get("type").asText());
    assertEquals("label_values(firstbell_logins_started_total, run)", vars.get(1).get("definition").asText());
    assertEquals("label_values(firstbell_logins_started_total, run)", vars.get(1).get("query").get("query").asText());
    assertEquals("${datasource}", vars.get(1).get("datasource").get("uid").asText());
    assertEquals("phase", vars.get(2).get("name").asText());
    assertEquals(List.of("load", "warm-up", "preflight"), List.of(vars.get(2).get("query").asText().split(",")));
  }

  @Test
  void everyQueryNamesOnlySeriesLiveMetricsExports() {
    Set<String> named = new HashSet<>();
    List<String> exprs = new ArrayList<>(targets().stream().map(t -> t.get("expr").asText()).toList());
    exprs.add(dashboard.get("templating").get("list").get(1).get("definition").asText());
    for (String expr : exprs) {
      Matcher m = METRIC.matcher(expr);
      while (m.find()) named.add(m.group());
    }
    assertFalse(named.isEmpty());
    Set<String> unknown = new HashSet<>(named);
    unknown.removeAll(exported.names());
    assertEquals(Set.of(), unknown, "series the dashboard queries but LiveMetrics does not export; it exports " + exported.names());
    for (String meter : List.of(LiveMetrics.STARTED, LiveMetrics.ENDED, LiveMetrics.DURATION + "_bucket", LiveMetrics.START_LAG + "_bucket",
        LiveMetrics.OPEN, LiveMetrics.OFFERED, LiveMetrics.CPU)) {
      assertTrue(named.contains(meter), meter + " is on the dashboard");
    }
  }

  @Test
  void everyLabelAQueryFiltersGroupsOrShowsIsOneItsSeriesCarry() {
    for (JsonNode t : targets()) {
      String expr = t.get("expr").asText();
      Set<String> carried = new HashSet<>(Set.of("le"));
      Matcher s = SELECTOR.matcher(expr);
      while (s.find()) {
        Set<String> labels = exported.labelNames(s.group(1));
        carried.addAll(labels);
        Matcher m = MATCHER.matcher(s.group(2));
        while (m.find()) assertTrue(labels.contains(m.group(1)), s.group(1) + " has no label " + m.group(1) + ": " + expr);
      }
      Matcher by = BY.matcher(expr);
      while (by.find()) {
        for (String label : by.group(1).split(",")) {
          assertTrue(carried.contains(label.trim()), "grouped by " + label.trim() + ", which its series do not carry: " + expr);
        }
      }
      Matcher legend = LEGEND_LABEL.matcher(t.path("legendFormat").asText());
      while (legend.find()) assertTrue(carried.contains(legend.group(1)), "legend shows " + legend.group(1) + ": " + expr);
    }
  }

  @Test
  void everyPanelsQueriesKeepToTheChosenRunOnTheChosenDatasource() {
    assertTrue(dashboard.get("panels").size() >= 8);
    for (JsonNode panel : dashboard.get("panels")) {
      String title = panel.get("title").asText();
      assertEquals("${datasource}", panel.get("datasource").get("uid").asText(), title);
      assertFalse(panel.get("targets").isEmpty(), title);
      for (JsonNode t : panel.get("targets")) {
        String expr = t.get("expr").asText();
        Matcher s = SELECTOR.matcher(expr);
        int selectors = 0;
        while (s.find()) {
          selectors++;
          assertTrue(s.group(2).contains("run=\"$run\""), title + ": every series filtered by run: " + expr);
        }
        assertEquals(selectors, count(METRIC, expr), title + ": every series has a selector: " + expr);
        assertEquals("${datasource}", t.get("datasource").get("uid").asText(), title);
      }
    }
  }

  @Test
  void theLatencyQuantilesReadTheDurationHistogramByBucket() {
    List<String> quantiles = targets().stream().map(t -> t.get("expr").asText())
        .filter(e -> e.contains(LiveMetrics.DURATION)).toList();
    assertEquals(List.of(
        "histogram_quantile(0.5, sum by (le) (rate(firstbell_login_duration_seconds_bucket{run=\"$run\",phase=~\"$phase\"}[1m])))",
        "histogram_quantile(0.95, sum by (le) (rate(firstbell_login_duration_seconds_bucket{run=\"$run\",phase=~\"$phase\"}[1m])))",
        "histogram_quantile(0.99, sum by (le) (rate(firstbell_login_duration_seconds_bucket{run=\"$run\",phase=~\"$phase\"}[1m])))"),
        quantiles);
  }

  @Test
  void panelsDoNotOverlap() {
    List<int[]> boxes = new ArrayList<>();
    for (JsonNode p : dashboard.get("panels")) {
      JsonNode g = p.get("gridPos");
      int[] box = {g.get("x").asInt(), g.get("y").asInt(), g.get("w").asInt(), g.get("h").asInt()};
      assertTrue(box[0] + box[2] <= 24, p.get("title").asText() + " fits the 24 columns");
      for (int[] other : boxes) {
        boolean apart = box[0] + box[2] <= other[0] || other[0] + other[2] <= box[0] || box[1] + box[3] <= other[1] || other[1] + other[3] <= box[1];
        assertTrue(apart, p.get("title").asText() + " overlaps another panel");
      }
      boxes.add(box);
    }
  }

  static int count(Pattern p, String text) {
    Matcher m = p.matcher(text);
    int n = 0;
    while (m.find()) n++;
    return n;
  }
}
