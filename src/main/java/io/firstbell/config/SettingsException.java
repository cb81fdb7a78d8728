package io.firstbell.config;

/** Thrown at start-up when configuration is missing, malformed or out of range; the message names the key and the fix. */
public final class SettingsException extends RuntimeException {

  public SettingsException(String message) {
    super(message);
  }

  public SettingsException(String message, Throwable cause) {
    super(message, cause);
  }
}
