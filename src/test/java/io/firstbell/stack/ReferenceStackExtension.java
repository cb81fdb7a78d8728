package io.firstbell.stack;

import io.firstbell.stack.time.StackClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts a small-roster {@link ReferenceStack} (both servers on free ports) for tests and closes it
 * after them. Registered on a static field, one stack serves every test of the class; on an instance
 * field, each test gets its own. Tests, {@code @BeforeEach} and {@code @BeforeAll} methods receive it
 * as a {@link ReferenceStack} parameter, or through {@link #get()}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ReferenceStackExtension referenceStack = ReferenceStackExtension.smallRoster().with("firstbell.stack.tls = on");
 *
 * @Test
 * void loginPageAnswers(ReferenceStack stack) { ... stack.portalUrl("/login") ... }
 * }</pre>
 *
 * <p>{@link #startedByEachTest()} starts none by itself: each test starts the stacks it needs with
 * {@link #start(String)} or {@link #start(ReferenceStack.Builder)}, and the extension closes them
 * after that test.
 */
public final class ReferenceStackExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

  private final boolean automatic;
  private final StringBuilder overrides = new StringBuilder();
  private StackClock clock = StackClock.system();
  private boolean manualControlLoop;
  private ReferenceStack stack;
  private boolean perClass;
  private final List<ReferenceStack> startedByTest = new ArrayList<>();

  private ReferenceStackExtension(boolean automatic) {
    this.automatic = automatic;
  }

  /** @return an extension that starts a small-roster stack on the system clock before the tests */
  public static ReferenceStackExtension smallRoster() {
    return new ReferenceStackExtension(true);
  }

  /** @return an extension that starts no stack by itself, and closes every stack a test starts with it */
  public static ReferenceStackExtension startedByEachTest() {
    return new ReferenceStackExtension(false);
  }

  /** Lays {@code hocon} over the small-roster configuration of the stack started. @return this extension */
  public ReferenceStackExtension with(String hocon) {
    overrides.append(hocon).append('\n');
    return this;
  }

  /** Runs the stack started on {@code clock}. @return this extension */
  public ReferenceStackExtension clock(StackClock clock) {
    this.clock = clock;
    return this;
  }

  /** Leaves the capacity model's control loop of the stack started to the tests. @return this extension */
  public ReferenceStackExtension manualControlLoop() {
    this.manualControlLoop = true;
    return this;
  }

  /** @return the stack this extension started for the current tests */
  public ReferenceStack get() {
    if (stack == null) {
      throw new IllegalStateException(automatic ? "The reference stack is not running (yet)" : "This extension starts stacks only with start(...)");
    }
    return stack;
  }

  /** Starts a small-roster stack with {@code hocon} on top, closed after the current test. @return the running stack */
  public ReferenceStack start(String hocon) {
    return start(TestStacks.builder(hocon));
  }

  /** Starts a stack from {@code builder}, closed after the current test. @return the running stack */
  public ReferenceStack start(ReferenceStack.Builder builder) {
    ReferenceStack started = builder.start();
    startedByTest.add(started);
    return started;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    if (automatic) stack = startConfigured();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (automatic && !perClass) stack = startConfigured();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      closeStartedByTest();
    } finally {
      if (!perClass) closeStack();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    closeStack();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return automatic && parameter.getParameter().getType() == ReferenceStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return get();
  }

  private ReferenceStack startConfigured() {
    ReferenceStack.Builder builder = TestStacks.builder(overrides.toString()).clock(clock);
    if (manualControlLoop) builder.manualControlLoop();
    return builder.start();
  }

  private void closeStartedByTest() {
    try {
      for (ReferenceStack s : startedByTest) s.close();
    } finally {
      startedByTest.clear();
    }
  }

  private void closeStack() {
    if (stack != null) {
      stack.close();
      stack = null;
    }
  }
}
