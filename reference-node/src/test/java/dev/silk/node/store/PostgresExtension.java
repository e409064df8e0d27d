package dev.silk.node.store;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One throwaway {@link PostgresCluster} for a test class, skipped (failed under SILK_CI=1) without
 * PostgreSQL's binaries:
 * {@code @RegisterExtension static final PostgresExtension POSTGRES = new PostgresExtension();}
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback {
  private PostgresCluster cluster;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    cluster = PostgresCluster.startOrSkip();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }

  /** The running cluster. */
  public PostgresCluster cluster() {
    return cluster;
  }
}
