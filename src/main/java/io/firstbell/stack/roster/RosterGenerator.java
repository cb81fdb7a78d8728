package io.firstbell.stack.roster;

import io.firstbell.stack.time.StackClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import javax.sql.DataSource;

/**
 * Builds the synthetic roster into an empty database: districts with a Zipf-skewed size
 * distribution, schools, students with grades, teachers, homeroom sections, the app catalogue and
 * sharing rules. The same seed always yields the same roster.
 */
public final class RosterGenerator {

  private static final String[] FIRST = {
    "Ava", "Liam", "Mia", "Noah", "Emma", "Mateo", "Olivia", "Elijah", "Sofia", "Lucas", "Amara", "Kai",
    "Isla", "Diego", "Zoe", "Ethan", "Aria", "Leo", "Maya", "Jayden", "Nora", "Omar", "Chloe", "Ravi",
    "Layla", "Hiro", "Grace", "Yusuf", "Lena", "Caleb", "Priya", "Owen", "Ines", "Malik", "Hana", "Felix",
  };
  private static final String[] LAST = {
    "Garcia", "Smith", "Nguyen", "Johnson", "Patel", "Brown", "Kim", "Lopez", "Williams", "Chen", "Davis",
    "Martinez", "Okafor", "Miller", "Singh", "Wilson", "Haddad", "Moore", "Tanaka", "Clark", "Rossi",
    "Lewis", "Novak", "Young", "Ali", "Walker", "Cohen", "Hall", "Silva", "Allen", "Ivanova", "King",
  };
  private static final String[] PLACES = {
    "Cedar Falls", "Maple Valley", "Riverbend", "Pine Ridge", "Lakeside", "Oak Hollow", "Stone Creek",
    "Willow Park", "Eagle Point", "Sunset Hills", "Fox Run", "Harbor View", "Clearwater", "Red Rock",
    "Silver Lake", "Aspen Grove", "Bear Creek", "Meadowbrook", "Granite Bay", "Prairie View",
  };
  private static final String[] APP_NAMES = {
    "MathQuest", "ReadAlong", "ScienceLab", "WordWorks", "CodeCamp", "MapMakers", "StoryTime", "LinguaLeap",
    "ChemSim", "HistoryHub", "MusicMaker", "TypeRacer Jr", "GeoGarden", "ArtStudio", "QuizBowl", "PhysicsPlay",
  };
  private static final int BATCH = 5_000;

  private final RosterSettings settings;
  private final String sampleAppClientId;
  private final StackClock clock;

  /**
   * @param settings the roster's shape
   * @param sampleAppClientId the OAuth client id of the sample app, shared with every user
   * @param clock times the build ({@link RosterSummary#generationMillis()})
   */
  public RosterGenerator(RosterSettings settings, String sampleAppClientId, StackClock clock) {
    this.settings = settings;
    this.sampleAppClientId = sampleAppClientId;
    this.clock = clock;
  }

  /**
   * Creates the schema and fills it.
   *
   * @return what was built
   */
  public RosterSummary generate(DataSource dataSource) {
    long started = clock.nanos();
    Plan plan = plan();
    
    String[] passwordHashes = new String[plan.users];
    String[] badgeDigests = new String[plan.users];
    long seed = settings.seed();
    int iterations = settings.passwordHashIterations();
    IntStream.range(0, plan.users).parallel().forEach(i -> {
      long userId = i + 1L;
      passwordHashes[i] = PasswordHasher.hash(Credentials.password(seed, userId), Credentials.salt(seed, userId), iterations);
      if (plan.badge[i]) {
        badgeDigests[i] = Credentials.badgeDigest(Credentials.badge(seed, userId));
      }
    });
    
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true); // one huge transaction is slower in H2 than many small ones
      createSchema(c);
      insertDistricts(c, plan);
      insertSchools(c, plan);
      insertApps(c, plan);
      insertUsers(c, plan, passwordHashes, badgeDigests);
      
      insertSections(c, plan);
      insertSharingRules(c, plan);
      createIndexes(c);
      
    } catch (SQLException e) {
      throw new IllegalStateException("Could not build the roster database: " + e.getMessage(), e);
    }
    int largest = 0;
    int smallest = Integer.MAX_VALUE;
    for (int size : plan.districtUsers) {
      largest = Math.max(largest, size);
      smallest = Math.min(smallest, size);
    }
    int students = 0;
    for (byte t : plan.type) {
      if (t == 0) students++;
    }
    return new RosterSummary(
        settings.districts(), plan.schoolDistrict.size(), students, plan.users - students, plan.sectionSchool.size(),
        plan.appNames.size(), plan.ruleDistrict.size(), largest, smallest,
        clock.millisSince(started));
  }

  /** Everything the roster will hold, decided before any row is written. */
  private static final class Plan {
    int users;
    int[] districtUsers;
    boolean[] districtBadges;
    String[] districtSlug;
    String[] districtName;
    // per school (index = school id - 1)
    List<Integer> schoolDistrict = new ArrayList<>();
    List<String> schoolName = new ArrayList<>();
    // per user (index = user id - 1)
    int[] userDistrict;
    int[] userSchool;
    byte[] type; // 0 student, 1 teacher
    byte[] grade; // index in GRADES, -1 for teachers
    short[] first;
    short[] last;
    boolean[] badge;
    // per section (index = section id - 1)
    List<Integer> sectionSchool = new ArrayList<>();
    List<Integer> sectionDistrict = new ArrayList<>();
    List<Long> sectionTeacher = new ArrayList<>();
    List<Byte> sectionGrade = new ArrayList<>();
    long[] studentSection;
    // apps (index = app id - 1)
    List<String> appNames = new ArrayList<>();
    List<String> appSlugs = new ArrayList<>();
    List<String> appClientIds = new ArrayList<>();
    // sharing rules
    List<Integer> ruleDistrict = new ArrayList<>();
    List<Integer> ruleApp = new ArrayList<>();
    List<String> ruleScope = new ArrayList<>();
    List<String> ruleValue = new ArrayList<>();
  }

  private Plan plan() {
    Random random = new Random(settings.seed());
    Plan p = new Plan();
    int d = settings.districts();
    p.users = settings.users();
    p.districtUsers = districtSizes(d, p.users, settings.districtSizeSkew());
    p.districtBadges = new boolean[d];
    p.districtSlug = new String[d];
    p.districtName = new String[d];
    for (int i = 0; i < d; i++) {
      String place = PLACES[i % PLACES.length];
      String suffix = i < PLACES.length ? "" : " " + (i / PLACES.length + 1);
      p.districtName[i] = place + suffix + (i % 3 == 0 ? " Unified School District" : " Public Schools");
      p.districtSlug[i] = (place + suffix).toLowerCase(Locale.ROOT).replace(' ', '-');
      p.districtBadges[i] = random.nextDouble() < 0.7;
    }

    p.userDistrict = new int[p.users];
    p.userSchool = new int[p.users];
    p.type = new byte[p.users];
    p.grade = new byte[p.users];
    p.first = new short[p.users];
    p.last = new short[p.users];
    p.badge = new boolean[p.users];
    p.studentSection = new long[p.users];

    List<List<Integer>> districtSchools = new ArrayList<>();
    List<List<Integer>> districtSections = new ArrayList<>();
    int userIndex = 0;
    for (int di = 0; di < d; di++) {
      int n = p.districtUsers[di];
      int teachers = Math.max(1, (int) Math.round(n * settings.teacherShare()));
      teachers = Math.min(teachers, n - 1);
      int students = n - teachers;
      int schools = Math.max(1, (int) Math.ceil(students / (double) settings.studentsPerSchool()));
      int firstSchool = p.schoolDistrict.size() + 1;
      List<Integer> schoolIds = new ArrayList<>();
      for (int s = 0; s < schools; s++) {
        p.schoolDistrict.add(di + 1);
        p.schoolName.add(PLACES[(di + s) % PLACES.length] + " " + (s % 2 == 0 ? "Elementary" : "Middle") + " School " + (s + 1));
        schoolIds.add(firstSchool + s);
      }
      districtSchools.add(schoolIds);
      // teachers first, then students; round-robin over the district's schools
      List<List<Long>> schoolTeachers = new ArrayList<>();
      for (int s = 0; s < schools; s++) schoolTeachers.add(new ArrayList<>());
      // students grouped by (school, grade) for sectioning
      List<List<List<Integer>>> groups = new ArrayList<>();
      for (int s = 0; s < schools; s++) {
        List<List<Integer>> byGrade = new ArrayList<>();
        for (int g = 0; g < RosterSettings.GRADES.size(); g++) byGrade.add(new ArrayList<>());
        groups.add(byGrade);
      }
      for (int k = 0; k < n; k++, userIndex++) {
        int school = k % schools;
        p.userDistrict[userIndex] = di + 1;
        p.userSchool[userIndex] = firstSchool + school;
        p.first[userIndex] = (short) random.nextInt(FIRST.length);
        p.last[userIndex] = (short) random.nextInt(LAST.length);
        if (k < teachers) {
          p.type[userIndex] = 1;
          p.grade[userIndex] = -1;
          schoolTeachers.get(school).add(userIndex + 1L);
        } else {
          p.type[userIndex] = 0;
          int g = random.nextInt(RosterSettings.GRADES.size());
          p.grade[userIndex] = (byte) g;
          p.badge[userIndex] = p.districtBadges[di] && settings.badgeGrades().contains(RosterSettings.GRADES.get(g));
          groups.get(school).get(g).add(userIndex);
        }
      }
      List<Long> allTeachers = new ArrayList<>();
      schoolTeachers.forEach(allTeachers::addAll);
      List<Integer> sectionIds = new ArrayList<>();
      int teacherCursor = 0;
      for (int s = 0; s < schools; s++) {
        List<Long> local = schoolTeachers.get(s).isEmpty() ? allTeachers : schoolTeachers.get(s);
        for (int g = 0; g < RosterSettings.GRADES.size(); g++) {
          List<Integer> members = groups.get(s).get(g);
          for (int from = 0; from < members.size(); from += settings.sectionSize()) {
            p.sectionSchool.add(firstSchool + s);
            p.sectionDistrict.add(di + 1);
            p.sectionTeacher.add(local.get(teacherCursor++ % local.size()));
            p.sectionGrade.add((byte) g);
            int sectionId = p.sectionSchool.size();
            sectionIds.add(sectionId);
            for (int m = from; m < Math.min(members.size(), from + settings.sectionSize()); m++) {
              p.studentSection[members.get(m)] = sectionId;
            }
          }
        }
      }
      districtSections.add(sectionIds);
    }

    p.appNames.add("FirstBell Sample App");
    p.appSlugs.add("sample");
    p.appClientIds.add(sampleAppClientId);
    for (int a = 0; a < settings.catalogueApps(); a++) {
      String name = APP_NAMES[a % APP_NAMES.length] + (a < APP_NAMES.length ? "" : " " + (a / APP_NAMES.length + 1));
      String slug = name.toLowerCase(Locale.ROOT).replace(' ', '-');
      p.appNames.add(name);
      p.appSlugs.add(slug);
      p.appClientIds.add("app-" + slug);
    }

    for (int di = 0; di < d; di++) {
      // the sample app is shared district-wide, so every user has a tile that completes a login
      addRule(p, di + 1, 1, "district", null);
      int rules = di < settings.largeDistricts() ? settings.sharingRulesPerLargeDistrict() : settings.sharingRulesPerDistrict();
      List<Integer> schools = districtSchools.get(di);
      List<Integer> sections = districtSections.get(di);
      for (int r = 0; r < rules; r++) {
        int app = p.appNames.size() == 1 ? 1 : 2 + random.nextInt(p.appNames.size() - 1);
        double kind = random.nextDouble();
        if (kind < 0.1) {
          addRule(p, di + 1, app, "district", null);
        } else if (kind < 0.35) {
          addRule(p, di + 1, app, "school", String.valueOf(schools.get(random.nextInt(schools.size()))));
        } else if (kind < 0.6 || sections.isEmpty()) {
          addRule(p, di + 1, app, "grade", RosterSettings.GRADES.get(random.nextInt(RosterSettings.GRADES.size())));
        } else {
          addRule(p, di + 1, app, "section", String.valueOf(sections.get(random.nextInt(sections.size()))));
        }
      }
    }
    return p;
  }

  private static void addRule(Plan p, int district, int app, String scope, String value) {
    p.ruleDistrict.add(district);
    p.ruleApp.add(app);
    p.ruleScope.add(scope);
    p.ruleValue.add(value);
  }

  /** Zipf-like sizes that add up to {@code users}, largest first, each at least 2. */
  static int[] districtSizes(int districts, int users, double skew) {
    double[] w = new double[districts];
    double total = 0;
    for (int i = 0; i < districts; i++) {
      w[i] = 1.0 / Math.pow(i + 1, skew);
      total += w[i];
    }
    int[] sizes = new int[districts];
    int assigned = 0;
    for (int i = 0; i < districts; i++) {
      sizes[i] = Math.max(2, (int) Math.floor(users * w[i] / total));
      assigned += sizes[i];
    }
    // hand out or take back the rounding difference, largest districts first
    int i = 0;
    while (assigned != users) {
      int idx = i % districts;
      if (assigned < users) {
        sizes[idx]++;
        assigned++;
      } else if (sizes[idx] > 2) {
        sizes[idx]--;
        assigned--;
      }
      i++;
    }
    // taking back surplus round-robin can leave a later district larger than an earlier one
    java.util.Arrays.sort(sizes);
    for (int a = 0, b = sizes.length - 1; a < b; a++, b--) {
      int t = sizes[a];
      sizes[a] = sizes[b];
      sizes[b] = t;
    }
    return sizes;
  }

  private static void createSchema(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE district (id INT PRIMARY KEY, slug VARCHAR(80) NOT NULL UNIQUE, name VARCHAR(120) NOT NULL, badges BOOLEAN NOT NULL)");
      s.execute("CREATE TABLE school (id INT PRIMARY KEY, district_id INT NOT NULL, name VARCHAR(120) NOT NULL)");
      s.execute("CREATE TABLE app (id INT PRIMARY KEY, slug VARCHAR(80) NOT NULL UNIQUE, name VARCHAR(120) NOT NULL, client_id VARCHAR(120) NOT NULL UNIQUE)");
      s.execute("CREATE TABLE app_user (id BIGINT PRIMARY KEY, username VARCHAR(120) NOT NULL, type VARCHAR(10) NOT NULL,"
          + " district_id INT NOT NULL, school_id INT NOT NULL, first_name VARCHAR(60) NOT NULL, last_name VARCHAR(60) NOT NULL,"
          + " grade VARCHAR(2), password_hash VARCHAR(200) NOT NULL, badge_digest VARCHAR(64))");
      s.execute("CREATE TABLE section (id INT PRIMARY KEY, district_id INT NOT NULL, school_id INT NOT NULL, teacher_id BIGINT NOT NULL, grade VARCHAR(2) NOT NULL, name VARCHAR(120) NOT NULL)");
      s.execute("CREATE TABLE enrollment (section_id INT NOT NULL, student_id BIGINT NOT NULL)");
      s.execute("CREATE TABLE sharing_rule (id INT PRIMARY KEY, district_id INT NOT NULL, app_id INT NOT NULL, scope VARCHAR(10) NOT NULL, scope_value VARCHAR(20))");
    }
  }

  private static void createIndexes(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE UNIQUE HASH INDEX app_user_username ON app_user(username)");
      s.execute("CREATE HASH INDEX app_user_badge ON app_user(badge_digest)");
      s.execute("CREATE INDEX enrollment_student ON enrollment(student_id)");
      s.execute("CREATE INDEX section_teacher ON section(teacher_id)");
      s.execute("CREATE INDEX sharing_rule_scope ON sharing_rule(district_id, scope, scope_value)");
    }
  }

  /** Binds the parameters of row {@code i}; returns false to leave the row out. */
  private interface Row {
    boolean bind(PreparedStatement ps, int i) throws SQLException;
  }

  /** Inserts rows 0 to n - 1 with {@code sql} in batches of {@link #BATCH}. */
  private static void insert(Connection c, String sql, int n, Row row) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int pending = 0;
      for (int i = 0; i < n; i++) {
        if (!row.bind(ps, i)) continue;
        ps.addBatch();
        if (++pending == BATCH) {
          ps.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) ps.executeBatch();
    }
  }

  private static void insertDistricts(Connection c, Plan p) throws SQLException {
    insert(c, "INSERT INTO district VALUES (?, ?, ?, ?)", p.districtSlug.length, (ps, i) -> {
      ps.setInt(1, i + 1);
      ps.setString(2, p.districtSlug[i]);
      ps.setString(3, p.districtName[i]);
      ps.setBoolean(4, p.districtBadges[i]);
      return true;
    });
  }

  private static void insertSchools(Connection c, Plan p) throws SQLException {
    insert(c, "INSERT INTO school VALUES (?, ?, ?)", p.schoolDistrict.size(), (ps, i) -> {
      ps.setInt(1, i + 1);
      ps.setInt(2, p.schoolDistrict.get(i));
      ps.setString(3, p.schoolName.get(i));
      return true;
    });
  }

  private static void insertApps(Connection c, Plan p) throws SQLException {
    insert(c, "INSERT INTO app VALUES (?, ?, ?, ?)", p.appNames.size(), (ps, i) -> {
      ps.setInt(1, i + 1);
      ps.setString(2, p.appSlugs.get(i));
      ps.setString(3, p.appNames.get(i));
      ps.setString(4, p.appClientIds.get(i));
      return true;
    });
  }

  private static void insertUsers(Connection c, Plan p, String[] hashes, String[] badges) throws SQLException {
    insert(c, "INSERT INTO app_user VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", p.users, (ps, i) -> {
      long id = i + 1L;
      String first = FIRST[p.first[i]];
      String last = LAST[p.last[i]];
      ps.setLong(1, id);
      ps.setString(2, username(first, last, id));
      ps.setString(3, p.type[i] == 0 ? "student" : "teacher");
      ps.setInt(4, p.userDistrict[i]);
      ps.setInt(5, p.userSchool[i]);
      ps.setString(6, first);
      ps.setString(7, last);
      ps.setString(8, p.grade[i] < 0 ? null : RosterSettings.GRADES.get(p.grade[i]));
      ps.setString(9, hashes[i]);
      ps.setString(10, badges[i]);
      return true;
    });
  }

  private static void insertSections(Connection c, Plan p) throws SQLException {
    insert(c, "INSERT INTO section VALUES (?, ?, ?, ?, ?, ?)", p.sectionSchool.size(), (ps, i) -> {
      String grade = RosterSettings.GRADES.get(p.sectionGrade.get(i));
      ps.setInt(1, i + 1);
      ps.setInt(2, p.sectionDistrict.get(i));
      ps.setInt(3, p.sectionSchool.get(i));
      ps.setLong(4, p.sectionTeacher.get(i));
      ps.setString(5, grade);
      ps.setString(6, "Grade " + grade + " Homeroom " + (i + 1));
      return true;
    });
    insert(c, "INSERT INTO enrollment VALUES (?, ?)", p.users, (ps, i) -> {
      if (p.type[i] != 0) return false; // students only
      ps.setLong(1, p.studentSection[i]);
      ps.setLong(2, i + 1L);
      return true;
    });
  }

  private static void insertSharingRules(Connection c, Plan p) throws SQLException {
    insert(c, "INSERT INTO sharing_rule VALUES (?, ?, ?, ?, ?)", p.ruleDistrict.size(), (ps, i) -> {
      ps.setInt(1, i + 1);
      ps.setInt(2, p.ruleDistrict.get(i));
      ps.setInt(3, p.ruleApp.get(i));
      ps.setString(4, p.ruleScope.get(i));
      ps.setString(5, p.ruleValue.get(i));
      return true;
    });
  }

  /** @return the login name of a user, unique through the user id, e.g. {@code ava.garcia1042} */
  static String username(String first, String last, long id) {
    return (first + "." + last).toLowerCase(Locale.ROOT) + id;
  }
}
