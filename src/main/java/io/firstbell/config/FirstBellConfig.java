package io.firstbell.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads and validates FirstBell's configuration: {@code -D} properties over an optional run profile
 * ({@code -Dprofile=simulations/x.conf}) over {@code application.conf} over {@code reference.conf}.
 *
 * <p>Only the {@code firstbell} subtree is FirstBell's: every key in it must be known to {@code
 * reference.conf} and of the same type, so a typo fails at start-up rather than being ignored.
 */
public final class FirstBellConfig {

  /** The system property that names a run profile file. */
  public static final String PROFILE_PROPERTY = "profile";

  private static final String ROOT = "firstbell";

  /** Keys FirstBell no longer reads, each with what to set instead. */
  private static final Map<String, String> RETIRED = Map.of(
      ROOT + ".target.allow-non-loopback", "list the hosts load may go to in " + ROOT + ".target.allowed-hosts instead, e.g."
          + " allowed-hosts = [\"portal.staging.example.org\", \"*.sso.staging.example.org\"] (empty: loopback only), and remove it",
      ROOT + ".target.oidc.token-auth", "set " + ROOT + ".target.oidc.client-auth instead, to client_secret_basic, client_secret_post"
          + " or none (client-secret-basic is now client_secret_basic), and remove it");

  private FirstBellConfig() {}

  /**
   * Loads the configuration the way a run does.
   *
   * @return the validated, resolved configuration
   * @throws SettingsException naming the first problem and its fix
   */
  public static Config load() {
    Config profile = ConfigFactory.empty();
    String profilePath = System.getProperty(PROFILE_PROPERTY);
    if (profilePath != null && !profilePath.isBlank()) {
      File file = new File(profilePath);
      if (!file.isFile()) {
        throw new SettingsException(
            "Run profile '" + profilePath + "' (from -D" + PROFILE_PROPERTY + ") does not exist; "
                + "pass a path relative to the project folder, e.g. -Dprofile=simulations/smoke.conf");
      }
      profile = parseFile(file);
    }
    ConfigFactory.invalidateCaches();
    Config overrides =
        ConfigFactory.systemProperties()
            .withFallback(profile)
            .withFallback(ConfigFactory.parseResourcesAnySyntax("application"));
    return validate(withPreset(overrides));
  }

  /**
   * Overlays {@code overrides} (HOCON text) on the reference configuration; for tests and embedding.
   *
   * @return the validated, resolved configuration
   */
  public static Config withOverrides(String overrides) {
    Config parsed;
    try {
      parsed = ConfigFactory.parseString(overrides);
    } catch (ConfigException e) {
      throw new SettingsException("Configuration is not valid HOCON: " + e.getMessage(), e);
    }
    return validate(withPreset(parsed));
  }

  /**
   * Resolves {@code config} and checks FirstBell's subtree against {@code reference.conf}.
   *
   * @return the resolved configuration
   */
  public static Config validate(Config config) {
    Config resolved;
    try {
      resolved = config.resolve();
    } catch (ConfigException e) {
      throw new SettingsException("Configuration cannot be resolved: " + e.getMessage(), e);
    }
    Config reference = reference().resolve();
    resolved = listsFromIndexedKeys(reference, resolved);
    if (!resolved.hasPath(ROOT) || resolved.getValue(ROOT).valueType() != com.typesafe.config.ConfigValueType.OBJECT) {
      throw new SettingsException("Configuration key '" + ROOT + "' must be an object of settings such as "
          + ROOT + " { roster { users = 20000 } }; see reference.conf");
    }
    for (Map.Entry<String, String> retired : RETIRED.entrySet()) {
      if (resolved.hasPathOrNull(retired.getKey())) {
        throw new SettingsException("Configuration key '" + retired.getKey() + "' is no longer read: " + retired.getValue());
      }
    }
    List<String> unknown = unknownKeys(reference.getConfig(ROOT), resolved.getConfig(ROOT), ROOT);
    if (!unknown.isEmpty()) {
      String key = unknown.get(0);
      throw new SettingsException(
          "Unknown configuration key '" + key + "'" + suggestion(reference, key)
              + "; remove it or fix its spelling (all keys and defaults are in reference.conf)");
    }
    try {
      resolved.checkValid(reference, ROOT);
    } catch (ConfigException.ValidationFailed e) {
      ConfigException.ValidationProblem problem = e.problems().iterator().next();
      throw new SettingsException(
          "Configuration key '" + problem.path() + "' " + problem.problem()
              + "; see reference.conf for its expected form", e);
    }
    return resolved;
  }

  /** The stack's presets, each a file {@code presets/<name>.conf} on the class path. */
  public static final java.util.List<String> PRESETS = java.util.List.of("healthy", "fixed", "sluggish", "sensitive", "march-2018");

  private static final String PRESET_KEY = ROOT + ".stack.preset";

  /** Lays the preset that {@code overrides} (or the reference) names between the overrides and reference.conf. */
  private static Config withPreset(Config overrides) {
    Config reference = reference();
    String preset;
    try {
      preset = overrides.withFallback(reference).resolve().getString(PRESET_KEY);
    } catch (ConfigException.UnresolvedSubstitution e) {
      throw new SettingsException("Configuration cannot be resolved: " + e.getMessage(), e);
    } catch (ConfigException e) {
      throw new SettingsException("Configuration key '" + PRESET_KEY + "' must be one of " + PRESETS + " (" + e.getMessage() + ")", e);
    }
    if (!PRESETS.contains(preset)) {
      throw new SettingsException("Configuration key '" + PRESET_KEY + "' is '" + preset + "' but must be one of " + PRESETS);
    }
    Config presetConfig = ConfigFactory.parseResources(FirstBellConfig.class.getClassLoader(), "presets/" + preset + ".conf",
        ConfigParseOptions.defaults().setAllowMissing(false));
    return overrides.withFallback(presetConfig).withFallback(reference);
  }

  /** reference.conf alone: {@link ConfigFactory#defaultReference()} would already carry -D overrides, hiding typos in them. */
  private static Config reference() {
    return ConfigFactory.parseResources(FirstBellConfig.class.getClassLoader(), "reference.conf");
  }

  private static Config parseFile(File file) {
    try {
      return ConfigFactory.parseFile(file, ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (ConfigException e) {
      throw new SettingsException("Run profile '" + file + "' is not valid HOCON: " + e.getMessage(), e);
    }
  }

  /**
   * @return {@code config} with each list of {@code reference} that was given as indexed keys (e.g. the system property
   *     {@code -Dfirstbell.target.allowed-hosts.0=portal.example.org}, which Typesafe Config reads as an object with numeric
   *     keys) turned into that list, so that it is neither an unknown key nor the wrong type
   */
  private static Config listsFromIndexedKeys(Config reference, Config config) {
    Config out = config;
    for (Map.Entry<String, ConfigValue> e : reference.entrySet()) {
      String path = e.getKey();
      if (e.getValue().valueType() != com.typesafe.config.ConfigValueType.LIST || !path.startsWith(ROOT + ".")) continue;
      if (!config.hasPath(path) || config.getValue(path).valueType() != com.typesafe.config.ConfigValueType.OBJECT) continue;
      com.typesafe.config.ConfigObject indexed = config.getObject(path);
      if (indexed.isEmpty() || !indexed.keySet().stream().allMatch(k -> k.matches("\\d+"))) continue;
      List<ConfigValue> list = new ArrayList<>();
      indexed.keySet().stream().sorted(java.util.Comparator.comparingInt(Integer::parseInt)).forEach(k -> list.add(indexed.get(k)));
      out = out.withValue(path, com.typesafe.config.ConfigValueFactory.fromIterable(list));
    }
    return out;
  }

  private static List<String> unknownKeys(Config reference, Config actual, String prefix) {
    List<String> unknown = new ArrayList<>();
    Set<String> referencePaths = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : reference.entrySet()) {
      referencePaths.add(e.getKey());
    }
    for (Map.Entry<String, ConfigValue> e : actual.entrySet()) {
      String path = e.getKey();
      if (referencePaths.contains(path) || isInsideFreeFormSection(reference, path)) {
        continue;
      }
      unknown.add(prefix + "." + path);
    }
    unknown.sort(String::compareTo);
    return unknown;
  }

  /** Sections whose reference value is an empty object accept any keys (maps keyed by the user, such as weights). */
  private static boolean isInsideFreeFormSection(Config reference, String path) {
    int dot = path.lastIndexOf('.');
    while (dot > 0) {
      String parent = path.substring(0, dot);
      if (reference.hasPathOrNull(parent) && reference.getValue(parent).valueType() == com.typesafe.config.ConfigValueType.OBJECT
          && reference.getConfig(parent).isEmpty()) {
        return true;
      }
      dot = parent.lastIndexOf('.');
    }
    return false;
  }

  private static String suggestion(Config reference, String fullKey) {
    String key = fullKey.substring(ROOT.length() + 1);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Map.Entry<String, ConfigValue> e : reference.getConfig(ROOT).entrySet()) { // reference is resolved here
      int d = distance(key, e.getKey());
      if (d < bestDistance) {
        bestDistance = d;
        best = e.getKey();
      }
    }
    return best != null && bestDistance <= Math.max(2, key.length() / 4) ? " (did you mean '" + ROOT + "." + best + "'?)" : "";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
