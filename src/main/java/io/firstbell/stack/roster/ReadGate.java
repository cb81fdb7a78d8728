package io.firstbell.stack.roster;

import java.sql.SQLException;

/**
 * Where a roster read passes before it reaches the database: for a request the capacity model
 * admitted, the datastore ceiling, charged to the instance serving it; otherwise nothing.
 */
public interface ReadGate {

  /** One read against the roster database. */
  @FunctionalInterface
  interface Read<T> {
    T run() throws SQLException;
  }

  /** @return the read's result, once the gate lets it through */
  <T> T read(Read<T> read) throws SQLException;

  /** A gate that lets every read through at once. */
  ReadGate OPEN = new ReadGate() {
    @Override
    public <T> T read(Read<T> read) throws SQLException {
      return read.run();
    }
  };
}
