package io.firstbell.stack.roster;

import io.firstbell.config.FirstBellConfig;
import io.firstbell.stack.time.StackClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;

/** Rosters generated straight into a private in-memory H2 database, without the web servers. */
final class TestRosters {

  static final String SAMPLE_CLIENT_ID = "firstbell-sample-app";

  private TestRosters() {}

  /** A generated roster; closing it drops its database. */
  record Built(RosterSettings settings, RosterSummary summary, RosterStore store, JdbcDataSource dataSource) implements AutoCloseable {

    List<User> users() {
      List<User> users = new ArrayList<>();
      try {
        store.forEachUser(users::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return users;
    }

    @Override
    public void close() {
      try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
        s.execute("SHUTDOWN");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** @return the settings of {@code overrides} on top of the reference configuration */
  static RosterSettings settings(String overrides) {
    return RosterSettings.from(FirstBellConfig.withOverrides(overrides));
  }

  static Built build(String overrides) {
    RosterSettings settings = settings(overrides);
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:roster-test-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    RosterSummary summary = new RosterGenerator(settings, SAMPLE_CLIENT_ID, StackClock.system()).generate(ds);
    return new Built(settings, summary, new RosterStore(ds), ds);
  }
}
