package dev.silk.node.store;

/** What every store of the node tells about itself, whatever holds its data. Thread-safe. */
public interface Store extends AutoCloseable {
  /** Whether the store works (readiness). */
  boolean healthy();

  /** Whether work may be tried now: healthy, or the back-off after a failure is over. */
  boolean available();

  @Override
  void close();
}
