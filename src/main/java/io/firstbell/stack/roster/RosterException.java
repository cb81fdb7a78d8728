package io.firstbell.stack.roster;

/** A roster database failure: the datastore could not answer. */
public final class RosterException extends RuntimeException {
  public RosterException(String message, Throwable cause) {
    super(message, cause);
  }
}
