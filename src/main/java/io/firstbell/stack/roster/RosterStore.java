package io.firstbell.stack.roster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads the roster database: every lookup a login makes goes through here, one pooled connection per
 * call, each through the store's {@link ReadGate}. A request's handlers read through
 * {@link #through(ReadGate) the view} bound to the request's gate.
 */
public final class RosterStore {

  private static final String USER_COLUMNS =
      "u.id, u.username, u.type, u.district_id, d.slug, u.school_id, u.first_name, u.last_name, u.grade, u.password_hash, u.badge_digest";
  private static final String USER_FROM = " FROM app_user u JOIN district d ON d.id = u.district_id";

  private final DataSource dataSource;
  private final ReadGate gate;
  private final boolean perRuleSharing;

  /** A store with no read ceiling and efficient sharing lookups. */
  public RosterStore(DataSource dataSource) {
    this(dataSource, false);
  }

  /**
   * A store with no read ceiling.
   *
   * @param perRuleSharing look shared apps up with one query per sharing rule of the district
   */
  public RosterStore(DataSource dataSource, boolean perRuleSharing) {
    this(dataSource, ReadGate.OPEN, perRuleSharing);
  }

  private RosterStore(DataSource dataSource, ReadGate gate, boolean perRuleSharing) {
    this.dataSource = dataSource;
    this.gate = gate;
    this.perRuleSharing = perRuleSharing;
  }

  /** @return the same store with every read passing through {@code gate} (a request's datastore ceiling) */
  public RosterStore through(ReadGate gate) {
    return gate == this.gate ? this : new RosterStore(dataSource, gate, perRuleSharing);
  }

  /** @return the district with this URL slug, if any */
  public Optional<District> district(String slug) {
    return one("SELECT id, slug, name, badges FROM district WHERE slug = ?", ps -> ps.setString(1, slug), RosterStore::district);
  }

  /** @return every district, largest first */
  public List<District> districts() {
    return many("SELECT id, slug, name, badges FROM district ORDER BY id", ps -> {}, RosterStore::district);
  }

  /** @return the user with this login name, if any */
  public Optional<User> userByUsername(String username) {
    return one("SELECT " + USER_COLUMNS + USER_FROM + " WHERE u.username = ?", ps -> ps.setString(1, username), RosterStore::user);
  }

  /** @return the user with this id, if any */
  public Optional<User> user(long id) {
    return one("SELECT " + USER_COLUMNS + USER_FROM + " WHERE u.id = ?", ps -> ps.setLong(1, id), RosterStore::user);
  }

  /** @return the student whose badge token has this digest, if any */
  public Optional<User> userByBadgeDigest(String digest) {
    return one("SELECT " + USER_COLUMNS + USER_FROM + " WHERE u.badge_digest = ?", ps -> ps.setString(1, digest), RosterStore::user);
  }

  /** @return the app registered under this OAuth client id, if any */
  public Optional<App> appByClientId(String clientId) {
    return one("SELECT id, slug, name, client_id FROM app WHERE client_id = ?", ps -> ps.setString(1, clientId), RosterStore::app);
  }

  /** @return every app in the catalogue, sample app first */
  public List<App> apps() {
    return many("SELECT id, slug, name, client_id FROM app ORDER BY id", ps -> {}, RosterStore::app);
  }

  /**
   * The apps the district shares with this user: rules for the whole district, the user's school,
   * the user's grade, or a section the user is enrolled in (students) or teaches (teachers). One query.
   *
   * @return the shared apps, by app id
   */
  public List<App> appsSharedWith(User user) {
    if (perRuleSharing) {
      return appsSharedWithPerRule(user);
    }
    String sections = sectionsOf(user);
    // each branch is an index range scan on (district_id, scope, scope_value)
    String sql = "SELECT a.id, a.slug, a.name, a.client_id FROM app a WHERE a.id IN ("
        + " SELECT app_id FROM sharing_rule WHERE district_id = ? AND scope = 'district'"
        + " UNION SELECT app_id FROM sharing_rule WHERE district_id = ? AND scope = 'school' AND scope_value = ?"
        + " UNION SELECT app_id FROM sharing_rule WHERE district_id = ? AND scope = 'grade' AND scope_value = ?"
        + " UNION SELECT app_id FROM sharing_rule WHERE district_id = ? AND scope = 'section' AND scope_value IN (" + sections + "))"
        + " ORDER BY a.id";
    return many(sql, ps -> {
      ps.setInt(1, user.districtId());
      ps.setInt(2, user.districtId());
      ps.setString(3, String.valueOf(user.schoolId()));
      ps.setInt(4, user.districtId());
      ps.setString(5, user.grade() == null ? "" : user.grade());
      ps.setInt(6, user.districtId());
      ps.setLong(7, user.id());
    }, RosterStore::app);
  }

  /**
   * The 2018 way: fetch the district's rules, then ask the database about each rule in turn, so
   * that reads per login grow with the district's sharing rules.
   */
  private List<App> appsSharedWithPerRule(User user) {
    List<long[]> rules = many("SELECT id, app_id FROM sharing_rule WHERE district_id = ? ORDER BY id",
        ps -> ps.setInt(1, user.districtId()), rs -> new long[] {rs.getLong(1), rs.getLong(2)});
    String sections = sectionsOf(user);
    String matches = "SELECT COUNT(*) FROM sharing_rule WHERE id = ? AND (scope = 'district'"
        + " OR (scope = 'school' AND scope_value = ?) OR (scope = 'grade' AND scope_value = ?)"
        + " OR (scope = 'section' AND scope_value IN (" + sections + ")))";
    java.util.TreeSet<Long> appIds = new java.util.TreeSet<>();
    for (long[] rule : rules) {
      int n = one(matches, ps -> {
        ps.setLong(1, rule[0]);
        ps.setString(2, String.valueOf(user.schoolId()));
        ps.setString(3, user.grade() == null ? "" : user.grade());
        ps.setLong(4, user.id());
      }, rs -> rs.getInt(1)).orElse(0);
      if (n > 0) appIds.add(rule[1]);
    }
    List<App> apps = new ArrayList<>();
    for (App app : apps()) {
      if (appIds.contains((long) app.id())) apps.add(app);
    }
    return apps;
  }

  /** @return whether the district shares this app with this user (one query, whatever the lookup mode) */
  public boolean isShared(User user, int appId) {
    String sections = sectionsOf(user);
    String sql = "SELECT COUNT(*) FROM sharing_rule WHERE district_id = ? AND app_id = ? AND (scope = 'district'"
        + " OR (scope = 'school' AND scope_value = ?) OR (scope = 'grade' AND scope_value = ?)"
        + " OR (scope = 'section' AND scope_value IN (" + sections + ")))";
    return one(sql, ps -> {
      ps.setInt(1, user.districtId());
      ps.setInt(2, appId);
      ps.setString(3, String.valueOf(user.schoolId()));
      ps.setString(4, user.grade() == null ? "" : user.grade());
      ps.setLong(5, user.id());
    }, rs -> rs.getInt(1)).orElse(0) > 0;
  }

  /** @return a subquery for the ids (as text) of the sections a student is enrolled in or a teacher teaches; binds the user id */
  private static String sectionsOf(User user) {
    return user.type() == UserType.STUDENT
        ? "SELECT CAST(section_id AS VARCHAR(20)) FROM enrollment WHERE student_id = ?"
        : "SELECT CAST(id AS VARCHAR(20)) FROM section WHERE teacher_id = ?";
  }

  /** @return the names of the sections a teacher teaches */
  public List<String> sectionsTaughtBy(long teacherId) {
    return many("SELECT name FROM section WHERE teacher_id = ? ORDER BY id", ps -> ps.setLong(1, teacherId), rs -> rs.getString(1));
  }

  /** @return the number of sharing rules a district holds */
  public int sharingRuleCount(int districtId) {
    return one("SELECT COUNT(*) FROM sharing_rule WHERE district_id = ?", ps -> ps.setInt(1, districtId), rs -> rs.getInt(1)).orElse(0);
  }

  /** Calls {@code consumer} for every user, in id order, streaming from the database. */
  public void forEachUser(RowConsumer<User> consumer) throws java.io.IOException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT " + USER_COLUMNS + USER_FROM + " ORDER BY u.id")) {
      ps.setFetchSize(5_000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          consumer.accept(user(rs));
        }
      }
    } catch (SQLException e) {
      throw new RosterException("Roster query failed: " + e.getMessage(), e);
    }
  }

  /** A callback that may throw, for streaming rows. */
  @FunctionalInterface
  public interface RowConsumer<T> {
    void accept(T row) throws java.io.IOException;
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private interface Mapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private <T> Optional<T> one(String sql, Binder binder, Mapper<T> mapper) {
    List<T> rows = many(sql, binder, mapper);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  private <T> List<T> many(String sql, Binder binder, Mapper<T> mapper) {
    try {
      return gate.read(() -> {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
          binder.bind(ps);
          try (ResultSet rs = ps.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
              rows.add(mapper.map(rs));
            }
            return rows;
          }
        }
      });
    } catch (SQLException e) {
      throw new RosterException("Roster query failed: " + e.getMessage(), e);
    }
  }

  private static District district(ResultSet rs) throws SQLException {
    return new District(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getBoolean(4));
  }

  private static App app(ResultSet rs) throws SQLException {
    return new App(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4));
  }

  private static User user(ResultSet rs) throws SQLException {
    return new User(
        rs.getLong(1), rs.getString(2), UserType.valueOf(rs.getString(3).toUpperCase(java.util.Locale.ROOT)),
        rs.getInt(4), rs.getString(5), rs.getInt(6), rs.getString(7), rs.getString(8), rs.getString(9),
        rs.getString(10), rs.getString(11));
  }
}
