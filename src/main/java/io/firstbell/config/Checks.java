package io.firstbell.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.Locale;

/** Typed, range-checked reads of one configuration area; every failure names the full key and the expected form. */
public final class Checks {

  private final Config config;
  private final String prefix;

  /**
   * @param config the validated root configuration
   * @param area the area path, e.g. {@code firstbell.stack}
   */
  public Checks(Config config, String area) {
    this.config = config.getConfig(area);
    this.prefix = area;
  }

  public String string(String key) {
    String value = read(key, () -> config.getString(key), "a string");
    if (value.isBlank()) {
      throw new SettingsException(full(key) + " must not be empty");
    }
    return value;
  }

  public int atLeast(String key, int min) {
    int value = read(key, () -> config.getInt(key), "a whole number");
    if (value < min) {
      throw new SettingsException(full(key) + " is " + value + " but must be at least " + min);
    }
    return value;
  }

  public int between(String key, int min, int max) {
    int value = atLeast(key, min);
    if (value > max) {
      throw new SettingsException(full(key) + " is " + value + " but must be at most " + max);
    }
    return value;
  }

  public long seed(String key) {
    return read(key, () -> config.getLong(key), "a whole number");
  }

  public double fraction(String key) {
    double value = read(key, () -> config.getDouble(key), "a number between 0 and 1");
    if (value < 0 || value > 1 || Double.isNaN(value)) {
      throw new SettingsException(full(key) + " is " + value + " but must be between 0 and 1");
    }
    return value;
  }

  public double positive(String key) {
    double value = read(key, () -> config.getDouble(key), "a number");
    if (!(value > 0)) {
      throw new SettingsException(full(key) + " is " + value + " but must be greater than 0");
    }
    return value;
  }

  public double nonNegative(String key) {
    double value = read(key, () -> config.getDouble(key), "a number");
    if (!(value >= 0)) {
      throw new SettingsException(full(key) + " is " + value + " but must not be negative");
    }
    return value;
  }

  public Duration positiveDuration(String key) {
    Duration value = read(key, () -> config.getDuration(key), "a duration such as 500ms, 10s or 2m");
    if (value.isNegative() || value.isZero()) {
      throw new SettingsException(full(key) + " is " + value + " but must be a positive duration such as 10s");
    }
    return value;
  }

  public Duration nonNegativeDuration(String key) {
    Duration value = read(key, () -> config.getDuration(key), "a duration such as 0ms, 500ms or 10s");
    if (value.isNegative()) {
      throw new SettingsException(full(key) + " is " + value + " but must not be negative");
    }
    return value;
  }

  /** @return the list of strings at {@code key} */
  public java.util.List<String> strings(String key) {
    return read(key, () -> config.getStringList(key), "a list of strings such as [\"a\", \"b\"]");
  }

  public boolean onOff(String key) {
    return read(key, () -> config.getBoolean(key), "on or off");
  }

  public <E extends Enum<E>> E choice(String key, Class<E> type) {
    String value = read(key, () -> config.getString(key), "a string");
    String normalized = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(normalized)) {
        return e;
      }
    }
    StringBuilder allowed = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      if (allowed.length() > 0) allowed.append(", ");
      allowed.append(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    throw new SettingsException(full(key) + " is '" + value + "' but must be one of: " + allowed);
  }

  /**
   * @param key the full key, for the message
   * @return {@code value} as an http or https URL with a host
   * @throws SettingsException naming the key, when it is not one
   */
  public static java.net.URI httpUrl(String key, String value) {
    java.net.URI uri;
    try {
      uri = java.net.URI.create(value);
    } catch (IllegalArgumentException e) {
      throw new SettingsException(key + " is '" + value + "', which is not a URL", e);
    }
    if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https")) || uri.getHost() == null) {
      throw new SettingsException(key + " is '" + value + "' but must be an http or https URL with a host");
    }
    return uri;
  }

  public String full(String key) {
    return prefix + "." + key;
  }

  private <T> T read(String key, java.util.function.Supplier<T> reader, String expected) {
    try {
      return reader.get();
    } catch (ConfigException.Missing e) {
      throw new SettingsException(full(key) + " is missing; set it to " + expected, e);
    } catch (ConfigException e) {
      throw new SettingsException(full(key) + " must be " + expected + " (" + e.getMessage() + ")", e);
    }
  }
}
