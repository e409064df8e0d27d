package dev.silk.testing;

import dev.silk.core.SilkClient;
import dev.silk.node.InjectedFault;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension around a {@link SilkTestNode}: registered on a static field, one node serves
 * the whole class; on an instance field, each test gets its own. Faults injected by a test are
 * cleared after it. Test methods may take a {@link SilkClient} or the {@link SilkTestNode} as
 * parameters.
 *
 * <pre>{@code
 * class MyBackendTest {
 *   @RegisterExtension
 *   static SilkNodeExtension silk = SilkNodeExtension.paid();
 *
 *   @Test
 *   void answers(SilkClient client) { ... }
 *
 *   @Test
 *   void survivesANodeError() {
 *     silk.node().inject(InjectedFault.SERVER_ERROR);
 *     ...
 *   }
 * }
 * }</pre>
 */
public final class SilkNodeExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    AfterEachCallback, ParameterResolver {
  private final UnaryOperator<SilkTestNode.Builder> settings;
  private SilkTestNode node;
  private boolean perTest;

  private SilkNodeExtension(UnaryOperator<SilkTestNode.Builder> settings) {
    this.settings = settings;
  }

  /** A node paid over a channel on the local fake-TON chain (the default of {@link SilkTestNode}). */
  public static SilkNodeExtension paid() {
    return with(b -> b);
  }

  /** An explicitly free node: no chain, no payment. */
  public static SilkNodeExtension free() {
    return with(SilkTestNode.Builder::free);
  }

  /** A node built with your settings. */
  public static SilkNodeExtension with(UnaryOperator<SilkTestNode.Builder> settings) {
    return new SilkNodeExtension(Objects.requireNonNull(settings, "settings"));
  }

  /**
   * The running node.
   *
   * @throws IllegalStateException outside a test
   */
  public synchronized SilkTestNode node() {
    if (node == null) {
      throw new IllegalStateException("the Silk test node runs only while tests run");
    }
    return node;
  }

  /** The node's shared client. */
  public SilkClient client() {
    return node().client();
  }

  @Override
  public synchronized void beforeAll(ExtensionContext context) throws Exception {
    node = settings.apply(SilkTestNode.builder()).build();
  }

  @Override
  public synchronized void beforeEach(ExtensionContext context) throws Exception {
    if (node == null) {
      perTest = true;
      node = settings.apply(SilkTestNode.builder()).build();
    }
  }

  @Override
  public synchronized void afterEach(ExtensionContext context) throws Exception {
    if (node == null) {
      return;
    }
    node.clearFaults();
    if (perTest) {
      node.close();
      node = null;
    }
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) throws Exception {
    if (node != null) {
      node.close();
      node = null;
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == SilkClient.class || type == SilkTestNode.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SilkClient.class ? client() : node();
  }
}
