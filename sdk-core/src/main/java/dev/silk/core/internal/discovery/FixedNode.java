package dev.silk.core.internal.discovery;

import dev.silk.core.internal.node.DescriptorCache;
import dev.silk.core.internal.node.NodeConnection;
import dev.silk.core.internal.node.VerifiedNode;
import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.crypto.descriptor.ModelInfo;
import dev.silk.crypto.descriptor.SignedDescriptor;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/** The one node of a client built with a base URL: every attempt goes to it. Thread-safe. */
public final class FixedNode implements NodeChooser, NodeTarget {
  private final HttpUrl baseUrl;
  private final NodeConnection api;
  private final DescriptorCache descriptors;

  public FixedNode(OkHttpClient http, HttpUrl baseUrl, AttestationPolicy policy, Clock clock) {
    this.baseUrl = baseUrl;
    NodeConnection connection = new NodeConnection(http, baseUrl);
    this.api = connection;
    this.descriptors = new DescriptorCache(connection, policy, clock);
  }

  @Override
  public NodeTarget choose(String model, Set<NodeTarget> tried) {
    return this;
  }

  @Override
  public boolean failsOver() {
    return false;
  }

  @Override
  public List<SignedDescriptor> candidates() {
    return Collections.singletonList(descriptors.current().descriptor);
  }

  @Override
  public List<ModelInfo> prices(String model) {
    VerifiedNode node = descriptors.current();
    ModelInfo m = node.model(model);
    return m == null || node.descriptor.descriptor().payment().isFree() ? Collections.<ModelInfo>emptyList()
        : Collections.singletonList(m);
  }

  @Override
  public VerifiedNode single() {
    return descriptors.current();
  }

  @Override
  public HttpUrl baseUrl() {
    return baseUrl;
  }

  @Override
  public NodeConnection api() {
    return api;
  }

  @Override
  public VerifiedNode node() {
    return descriptors.current();
  }

  @Override
  public void invalidate(VerifiedNode stale) {
    descriptors.invalidate(stale);
  }

  @Override
  public void started() {
    // one node: nothing to balance
  }

  @Override
  public void ended(Outcome outcome, Duration elapsed, Duration retryAfter) {
    // one node: nothing to balance
  }
}
