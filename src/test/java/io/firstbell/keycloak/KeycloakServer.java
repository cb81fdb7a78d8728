package io.firstbell.keycloak;

import io.firstbell.stack.http.SelfSignedCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.Key;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A real Keycloak for the suite: its server distribution fetched from Maven Central through the project's Maven wrapper,
 * unpacked under {@code target/}, started in development mode with a realm imported, bound to 127.0.0.1 on free ports and
 * answering over https with a self-signed certificate made for this start; {@link #close} stops its whole process tree.
 */
final class KeycloakServer implements AutoCloseable {

  /** The Keycloak release the suite runs. */
  static final String VERSION = "26.7.3";
  /** Its server distribution on Maven Central. */
  static final String ARTIFACT = "org.keycloak:keycloak-quarkus-dist:" + VERSION + ":zip";
  /** Keycloak 26 runs on Java 21 or newer (its jars load on 17, but 21 is the release the server supports). */
  static final int MIN_JAVA = 21;
  /** The Maven plugin that fetches the distribution, by full coordinates so no POM has to name it. */
  private static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1";
  private static final Duration FETCH_LIMIT = Duration.ofMinutes(10);
  private static final Duration STARTUP_LIMIT = Duration.ofMinutes(4);
  private static final Duration STOP_LIMIT = Duration.ofSeconds(20);

  /** Keycloak cannot run here, and why: the message names what is missing and how to get it. */
  static final class Unavailable extends Exception {
    Unavailable(String message) {
      super(message);
    }
  }

  private final Process process;
  private final Path log;
  private final Path caBundle;
  private final int httpsPort;
  private final Path javaHome;
  private final Thread stopOnExit;
  private Duration startup;

  private KeycloakServer(Process process, Path log, Path caBundle, int httpsPort, Path javaHome) {
    this.process = process;
    this.log = log;
    this.caBundle = caBundle;
    this.httpsPort = httpsPort;
    this.javaHome = javaHome;
    this.stopOnExit = new Thread(this::stop, "stop keycloak");
    Runtime.getRuntime().addShutdownHook(stopOnExit); // a test JVM that ends early still stops Keycloak
  }

  /**
   * Fetches and unpacks Keycloak when {@code work} does not hold it yet, then starts it with {@code realm} imported and waits
   * until the realm's discovery document answers over https.
   *
   * @param work a folder under {@code target/} that keeps the download and the unpacked distribution between runs
   * @param realm the realm to import (a Keycloak realm export)
   * @return the running server
   * @throws Unavailable when the distribution cannot be fetched or unpacked, or no JDK here runs it
   */
  static KeycloakServer start(Path work, Path realm) throws Unavailable, IOException, InterruptedException {
    Path javaHome = findJavaHome();
    Path home = unpacked(work, fetched(work));
    Path data = home.resolve("data");
    deleteTree(data); // a fresh realm every start: the database is in memory, the import folder is ours
    Files.createDirectories(data.resolve("import"));
    Files.copy(realm, data.resolve("import").resolve(realm.getFileName()));

    SelfSignedCertificate certificate = SelfSignedCertificate.forHosts(List.of("127.0.0.1", "localhost"));
    Path tls = Files.createDirectories(work.resolve("tls"));
    Path caBundle = tls.resolve("keycloak-ca.pem");
    Path key = tls.resolve("keycloak-key.pem");
    writePem(certificate, caBundle, key);

    int httpPort = freePort();
    int httpsPort = freePort();
    List<String> command = List.of(home.resolve("bin/kc.sh").toString(), "start-dev", "--import-realm",
        "--db=dev-mem", // nothing of one run outlives it
        "--http-host=127.0.0.1", "--https-port=" + httpsPort, "--https-certificate-file=" + caBundle,
        "--https-certificate-key-file=" + key,
        // start-dev always opens plain http as well (it ignores --http-enabled=false); it stays on loopback, on a free port,
        // and nothing is sent to it: the issuer and every endpoint of discovery are https
        "--http-port=" + httpPort,
        // start-dev reads and compiles the login pages' templates anew for every request; a production Keycloak caches
        // them, which takes a quarter off the CPU a login costs it
        "--spi-theme--cache-themes=true", "--spi-theme--cache-templates=true");
    Path log = work.resolve("keycloak.log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).directory(home.toFile());
    builder.environment().put("JAVA_HOME", javaHome.toString());
    long started = System.nanoTime();
    KeycloakServer server = new KeycloakServer(builder.start(), log, caBundle, httpsPort, javaHome);
    try {
      server.awaitDiscovery(certificate);
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      server.close();
      throw e;
    }
    server.startup = Duration.ofNanos(System.nanoTime() - started);
    return server;
  }

  /** @return the realm's issuer, e.g. {@code https://127.0.0.1:41234/realms/firstbell} */
  String issuer() {
    return "https://127.0.0.1:" + httpsPort + "/realms/" + KeycloakRealm.NAME;
  }

  /** @return a PEM file of the one certificate that signs Keycloak's https: a CA bundle that trusts this server alone */
  Path caBundle() {
    return caBundle;
  }

  /** @return how long Keycloak took from its command to a realm discovery document that answers */
  Duration startup() {
    return startup;
  }

  /** @return the JDK Keycloak runs on */
  Path javaHome() {
    return javaHome;
  }

  /** @return the server's console so far */
  String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(the Keycloak log " + log + " cannot be read: " + e.getMessage() + ")";
    }
  }

  /** Stops Keycloak and every process it started: SIGTERM, then SIGKILL for any still running after {@link #STOP_LIMIT}. */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs (or ran) stop() itself
    }
  }

  /** Stops the whole process tree: kc.sh re-launches the JVM after its build step, so the server may be a child or the process itself. */
  private void stop() {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + STOP_LIMIT.toNanos();
    for (ProcessHandle p : tree) {
      try {
        p.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        p.destroyForcibly();
      }
    }
  }

  /** Polls the realm's discovery document over https, trusting only this start's certificate and checking the host name. */
  private void awaitDiscovery(SelfSignedCertificate certificate) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().sslContext(certificate.trustingContext()).connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest discovery = HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration")).timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
    IOException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("Keycloak exited with status " + process.exitValue() + " before it answered " + discovery.uri() + ":\n" + tail(log()));
      }
      try {
        HttpResponse<String> response = client.send(discovery, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().contains("\"issuer\":\"" + issuer() + "\"")) return;
      } catch (IOException e) {
        last = e; // not listening yet
      }
      Thread.sleep(500);
    }
    throw new AssertionError("Keycloak did not answer " + discovery.uri() + " within " + STARTUP_LIMIT.toSeconds() + " s (last: "
        + last + "):\n" + tail(log()));
  }

  // --- the distribution ---------------------------------------------------------------------------

  /**
   * The zip, copied into {@code work} by the Maven wrapper's dependency plugin: from the local Maven repository when it
   * is there, else downloaded from Maven Central into it first. {@code ./mvnw verify} thus fetches it itself, once.
   */
  private static Path fetched(Path work) throws Unavailable, IOException, InterruptedException {
    Path zip = work.resolve("keycloak-quarkus-dist-" + VERSION + ".zip");
    if (Files.isRegularFile(zip)) return zip;
    Path basedir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    Path mvnw = basedir.resolve("mvnw");
    String howToFetch = "fetch it once with: ./mvnw dependency:get -Dartifact=" + ARTIFACT + " (then ./mvnw verify copies it from ~/.m2)";
    if (!Files.isExecutable(mvnw)) throw new Unavailable("Keycloak " + VERSION + " is not in " + work + " and there is no Maven wrapper at " + mvnw + "; " + howToFetch);
    Files.createDirectories(work);
    List<String> command = new ArrayList<>(List.of(mvnw.toString(), "-B", "-q", DEPENDENCY_PLUGIN + ":copy", "-Dartifact=" + ARTIFACT,
        "-DoutputDirectory=" + work.toAbsolutePath()));
    String repo = System.getProperty("maven.repo.local");
    if (repo != null && !repo.isBlank()) command.add("-Dmaven.repo.local=" + repo);
    Path fetchLog = work.resolve("fetch.log");
    System.out.println("Keycloak: fetching " + ARTIFACT + " with the Maven wrapper (" + DEPENDENCY_PLUGIN + ":copy)");
    Process maven = new ProcessBuilder(command).directory(basedir.toFile()).redirectErrorStream(true).redirectOutput(fetchLog.toFile()).start();
    if (!maven.waitFor(FETCH_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
      maven.descendants().forEach(ProcessHandle::destroyForcibly);
      maven.destroyForcibly().waitFor();
      throw new Unavailable("Fetching Keycloak " + VERSION + " took longer than " + FETCH_LIMIT.toMinutes() + " min; " + howToFetch);
    }
    if (maven.exitValue() != 0 || !Files.isRegularFile(zip)) {
      throw new Unavailable("Keycloak " + VERSION + " could not be fetched (" + ARTIFACT + ", Maven exit status " + maven.exitValue() + "): "
          + firstError(Files.readString(fetchLog, StandardCharsets.UTF_8)) + "; " + howToFetch);
    }
    return zip;
  }

  /** @return the distribution's home, unpacked beside the zip once (into a temporary folder first, so a half-unpacked one is never used) */
  private static Path unpacked(Path work, Path zip) throws Unavailable, IOException {
    Path home = work.resolve("keycloak-" + VERSION);
    if (Files.isExecutable(home.resolve("bin/kc.sh"))) return home;
    Path partial = work.resolve("unpacking");
    deleteTree(partial);
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        Path to = partial.resolve(entry.getName()).normalize();
        if (!to.startsWith(partial)) throw new Unavailable("The Keycloak zip " + zip + " holds an entry outside its folder: " + entry.getName());
        if (entry.isDirectory()) {
          Files.createDirectories(to);
        } else {
          Files.createDirectories(to.getParent());
          Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
          if (to.getParent().getFileName().toString().equals("bin") && to.toString().endsWith(".sh")) to.toFile().setExecutable(true);
        }
      }
    } catch (IOException e) {
      throw new Unavailable("The Keycloak zip " + zip + " cannot be unpacked (" + e.getMessage() + "); delete it and run again to fetch it anew");
    }
    Path unpackedHome = partial.resolve("keycloak-" + VERSION);
    if (!Files.isRegularFile(unpackedHome.resolve("bin/kc.sh"))) {
      throw new Unavailable("The Keycloak zip " + zip + " has no keycloak-" + VERSION + "/bin/kc.sh; delete it and run again to fetch it anew");
    }
    deleteTree(home);
    Files.move(unpackedHome, home);
    deleteTree(partial);
    return home;
  }

  // --- the JDK ------------------------------------------------------------------------------------

  /** @return a JDK of Java {@value #MIN_JAVA} or newer: {@code JAVA_HOME}, the JDK running the tests, or one under /usr/lib/jvm */
  static Path findJavaHome() throws Unavailable {
    List<Path> candidates = new ArrayList<>();
    String env = System.getenv("JAVA_HOME");
    if (env != null && !env.isBlank()) candidates.add(Path.of(env));
    candidates.add(Path.of(System.getProperty("java.home")));
    Path jvms = Path.of("/usr/lib/jvm");
    if (Files.isDirectory(jvms)) {
      try (Stream<Path> s = Files.list(jvms)) {
        s.sorted(Comparator.comparing(Path::toString)).forEach(candidates::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return findJavaHome(candidates);
  }

  /** @return the first of {@code candidates} that is a JDK of Java {@value #MIN_JAVA} or newer */
  static Path findJavaHome(List<Path> candidates) throws Unavailable {
    List<String> seen = new ArrayList<>();
    for (Path jdk : candidates) {
      int major = javaMajor(jdk);
      if (major >= MIN_JAVA && Files.isExecutable(jdk.resolve("bin/java"))) return jdk;
      if (major > 0) seen.add(jdk + " (Java " + major + ")");
    }
    throw new Unavailable("Keycloak " + VERSION + " needs Java " + MIN_JAVA + " or newer and there is none here (JAVA_HOME, the JDK running"
        + " the tests, /usr/lib/jvm: " + (seen.isEmpty() ? "no JDK found" : String.join(", ", seen)) + "); install one, e.g."
        + " apt-get install openjdk-21-jdk-headless, or a Temurin 21 or 25 under /usr/lib/jvm");
  }

  /** @return the major Java version of the JDK at {@code home} from its {@code release} file, or 0 when it has none */
  static int javaMajor(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release)) return 0;
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(release)) {
      p.load(in);
    } catch (IOException e) {
      return 0;
    }
    String version = p.getProperty("JAVA_VERSION", "").replace("\"", "");
    String major = version.startsWith("1.") ? version.substring(2) : version;
    int end = 0;
    while (end < major.length() && Character.isDigit(major.charAt(end))) end++;
    return end == 0 ? 0 : Integer.parseInt(major.substring(0, end));
  }

  // --- helpers -------------------------------------------------------------------------------------

  /** Writes the certificate (the CA bundle FirstBell may trust) and its private key as PEM, as Keycloak's https options read them. */
  private static void writePem(SelfSignedCertificate certificate, Path cert, Path key) throws IOException {
    try {
      KeyStore store = certificate.keyStore();
      String alias = store.aliases().nextElement();
      Key privateKey = store.getKey(alias, certificate.keyStorePassword().toCharArray());
      Files.writeString(cert, pem("CERTIFICATE", store.getCertificate(alias).getEncoded()), StandardCharsets.US_ASCII);
      Files.writeString(key, pem("PRIVATE KEY", privateKey.getEncoded()), StandardCharsets.US_ASCII); // PKCS#8
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("The self-signed certificate cannot be written as PEM: " + e.getMessage(), e);
    }
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) return;
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }

  /** @return the first line of Maven's console that says what failed (without its {@code [ERROR]} prefix), else its last lines */
  private static String firstError(String console) {
    return console.lines().filter(l -> l.startsWith("[ERROR] ") && !l.substring(8).isBlank()).map(l -> l.substring(8).strip())
        .findFirst().orElse(tail(console).strip());
  }

  /** @return the last 40 lines of {@code text} */
  static String tail(String text) {
    String[] lines = text.split("\n");
    return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 40), lines.length));
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "Keycloak %s at %s", VERSION, issuer());
  }
}
