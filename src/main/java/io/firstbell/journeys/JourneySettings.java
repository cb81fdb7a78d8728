package io.firstbell.journeys;

import com.typesafe.config.Config;
import io.firstbell.config.Checks;
import io.firstbell.config.SettingsException;
import io.firstbell.target.TargetSettings;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which journeys log in ({@code firstbell.target.journeys}): the target's own, the configuration-driven journey, or a class
 * of your own; validated and created before any load is sent. The journeys it gives are checked each time: at least one, and
 * each name once per persona.
 *
 * @param className what {@code class} says: empty for the target's own, {@value #CONFIG}, or a class name
 * @param set the journey set, created once
 * @param settings your set's own settings ({@code settings}), handed to it in every {@link JourneyContext}
 */
public record JourneySettings(String className, JourneySet set, Config settings) {

  /** The area of these settings. */
  public static final String AREA = "firstbell.target.journeys";
  /** The {@code class} of the configuration-driven journey ({@link ConfigJourneys}). */
  public static final String CONFIG = "config";
  private static final String CLASS_KEY = AREA + ".class";

  /**
   * Reads {@code firstbell.target.journeys} and creates the journey set it names.
   *
   * @param kind the target's kind, whose own journeys an empty {@code class} means
   * @return the settings
   * @throws SettingsException naming the key and the fix: a class that is missing, does not implement {@link JourneySet},
   *     has no public constructor without arguments or fails to be created; a configuration-driven journey set up wrongly
   */
  public static JourneySettings from(Config config, TargetSettings.Kind kind) {
    Checks c = new Checks(config, AREA);
    String name = config.getString(CLASS_KEY).trim();
    Config settings = config.getConfig(AREA + ".settings");
    if (name.isEmpty()) {
      return new JourneySettings(name, kind == TargetSettings.Kind.OIDC ? new OidcJourneys() : new ReferencePortalJourneys(), settings);
    }
    if (name.equals(CONFIG) || name.equals(ConfigJourneys.class.getName())) { // the configuration-driven journey, by its key or its class
      return new JourneySettings(name, new ConfigJourneys(ConfigJourneys.Settings.from(config)), settings);
    }
    return new JourneySettings(name, create(c, name), settings);
  }

  /** @return a new instance of the class {@code name}, which must be a public {@link JourneySet} with a public no-argument constructor */
  private static JourneySet create(Checks c, String name) {
    String key = c.full("class");
    Class<?> type;
    try {
      type = Class.forName(name, true, loader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new SettingsException(key + " is '" + name + "', but no such class is on the class path" + (e instanceof LinkageError ? " (" + e + ")" : "")
          + "; give the fully qualified name of a class that implements " + JourneySet.class.getName() + " (compiled with your simulations, e.g. in"
          + " src/test/java), " + CONFIG + " for the configuration-driven journey (" + AREA + ".config), or leave it empty for the target's own journeys");
    }
    if (!JourneySet.class.isAssignableFrom(type)) {
      throw new SettingsException(key + " is '" + name + "', which does not implement " + JourneySet.class.getName()
          + "; implement it (List<Journey> journeys(JourneyContext context)) or name a class that does");
    }
    if (type.isInterface() || Modifier.isAbstract(type.getModifiers()) || !Modifier.isPublic(type.getModifiers())) {
      throw new SettingsException(key + " is '" + name + "', which is not a public concrete class; make it public and not abstract, so"
          + " that FirstBell can create it");
    }
    try {
      return (JourneySet) type.getConstructor().newInstance();
    } catch (NoSuchMethodException e) {
      throw new SettingsException(key + " is '" + name + "', which has no public constructor without arguments; add one (FirstBell creates"
          + " the class itself, and hands it its settings, " + AREA + ".settings, in the JourneyContext)");
    } catch (InvocationTargetException e) {
      throw failed(key, name, "could not be created", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw failed(key, name, "could not be created", e);
    }
  }

  private static ClassLoader loader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : JourneySettings.class.getClassLoader();
  }

  /**
   * @return the journeys of the set for {@code context}, checked
   * @throws SettingsException when the set fails to build them, gives none, or gives a name twice for one persona
   */
  public List<Journey> journeys(JourneyContext context) {
    List<Journey> journeys;
    try {
      journeys = set.journeys(context);
    } catch (SettingsException e) {
      throw e;
    } catch (RuntimeException e) {
      throw failed(CLASS_KEY, set.getClass().getName(), "could not build its journeys", e);
    }
    if (journeys == null || journeys.isEmpty()) {
      throw new SettingsException(CLASS_KEY + " is '" + set.getClass().getName() + "', which gave no journeys; return at least one"
          + " Journey from journeys(JourneyContext)");
    }
    Set<String> seen = new HashSet<>();
    for (Journey j : journeys) {
      if (j == null) throw new SettingsException(CLASS_KEY + " is '" + set.getClass().getName() + "', which gave a null journey; leave it out");
      if (!seen.add(j.name() + "\n" + j.persona())) {
        throw new SettingsException(CLASS_KEY + " is '" + set.getClass().getName() + "', which gave two journeys named " + j.name()
            + (j.persona() == null ? "" : " for the persona " + j.persona()) + "; give each its own name");
      }
    }
    return List.copyOf(journeys);
  }

  /**
   * @param mix the simulation's mix
   * @return the set's description of the mix, for the console's population line
   */
  public String describe(JourneyContext context, List<Journey> mix) {
    try {
      return set.describe(context, mix);
    } catch (RuntimeException e) {
      return set.getClass().getName() + ": " + JourneyMix.shares(mix);
    }
  }

  /** @return the key that chose the set and what it says, for messages: e.g. {@code firstbell.target.journeys.class = com.example.X} */
  public String source() {
    return className.isEmpty() ? "the target's own journeys (" + set.getClass().getName() + "; " + CLASS_KEY + " is empty)"
        : CLASS_KEY + " = " + className;
  }

  private static SettingsException failed(String key, String name, String what, Throwable cause) {
    String message = cause == null ? "" : cause.getMessage() == null ? cause.toString() : cause.getMessage();
    return new SettingsException(key + " is '" + name + "', which " + what + ": " + message + "; fix the class or its settings ("
        + AREA + ".settings)", cause);
  }
}
