package io.firstbell.config;

/**
 * Thrown at start-up when configuration is missing, malformed or out of range; the message names the key and the fix. It
 * carries no stack trace: where it was thrown says nothing to the user, whose console should show the message alone.
 */
public final class SettingsException extends RuntimeException {

  public SettingsException(String message) {
    super(message, null, false, false);
  }

  public SettingsException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
