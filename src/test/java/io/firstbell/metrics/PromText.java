package io.firstbell.metrics;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The samples of a Prometheus text exposition (version 0.0.4), parsed strictly enough to catch a malformed line. */
record PromText(List<PromText.Sample> samples) {

  /** One line: a series name, its labels (sorted) and its value. */
  record Sample(String name, Map<String, String> labels, double value) {}

  static PromText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) continue;
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      if (space < 0) throw new IllegalArgumentException("no value: " + line);
      String name;
      Map<String, String> labels = new TreeMap<>();
      if (brace >= 0 && brace < space) {
        name = line.substring(0, brace);
        int close = line.lastIndexOf('}');
        String body = line.substring(brace + 1, close);
        int i = 0;
        while (i < body.length()) {
          int eq = body.indexOf("=\"", i);
          String key = body.substring(i, eq);
          StringBuilder value = new StringBuilder();
          int j = eq + 2;
          for (; body.charAt(j) != '"'; j++) {
            char c = body.charAt(j);
            if (c == '\\') {
              char n = body.charAt(++j);
              value.append(n == 'n' ? '\n' : n);
            } else {
              value.append(c);
            }
          }
          if (labels.put(key, value.toString()) != null) throw new IllegalArgumentException("label twice: " + line);
          i = j + 1;
          if (i < body.length() && body.charAt(i) == ',') i++;
        }
      } else {
        name = line.substring(0, space);
      }
      if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) throw new IllegalArgumentException("bad name: " + line);
      samples.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1).replace("+Inf", "Infinity"))));
    }
    return new PromText(List.copyOf(samples));
  }

  /** @return the sum of the samples named {@code name} whose labels include every one of {@code match} */
  double sum(String name, Map<String, String> match) {
    return samples.stream().filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(match.entrySet()))
        .mapToDouble(Sample::value).sum();
  }

  double sum(String name) {
    return sum(name, Map.of());
  }

  /** @return the samples named {@code name} */
  List<Sample> named(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  /** @return every series name, in order of appearance */
  Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    samples.forEach(s -> names.add(s.name()));
    return names;
  }

  /** @return the label names that the series named {@code name} carry */
  Set<String> labelNames(String name) {
    Set<String> names = new LinkedHashSet<>();
    named(name).forEach(s -> names.addAll(s.labels().keySet()));
    return names;
  }
}
