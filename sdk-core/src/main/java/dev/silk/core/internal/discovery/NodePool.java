package dev.silk.core.internal.discovery;

import dev.silk.core.Loopback;
import dev.silk.core.discovery.DiscoveryOptions;
import dev.silk.core.discovery.NodeListing;
import dev.silk.core.discovery.NodeSource;
import dev.silk.core.errors.SilkIoException;
import dev.silk.core.errors.VerificationException;
import dev.silk.core.internal.node.HttpFetcher;
import dev.silk.core.internal.node.NodeConnection;
import dev.silk.core.internal.node.VerifiedNode;
import dev.silk.core.payment.PaymentProvider;
import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.crypto.descriptor.ModelInfo;
import dev.silk.crypto.descriptor.PaymentTerms;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.encoding.Hex;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The nodes a discovery client may use (spec-v1 §14.3): listed by a {@link NodeSource},
 * refreshed on an interval, each descriptor's signature and validity checked at listing (in
 * parallel) and its attestation checked only when the node is first chosen (once per
 * descriptor). Picks by power of two choices over latency EWMA × (requests in flight + 1);
 * a node that failed rests with growing backoff and is then tried again; a node whose evidence
 * or answer failed verification is quarantined for the client's life, while a descriptor the
 * attestation policy refuses (TCB status, stale collateral, measurement) is only set aside.
 * A check is redone when it expires before its descriptor. Thread-safe.
 */
public final class NodePool implements NodeChooser {
  private static final Logger LOG = Logger.getLogger("dev.silk.discovery");

  private final NodeSource source;
  private final DiscoveryOptions options;
  private final AttestationPolicy policy;
  private final Clock clock;
  private final OkHttpClient http;
  private final boolean plainHttpBeyondLoopback;
  /** Pays paid nodes; null: paid nodes are never chosen. */
  private final PaymentProvider payments;
  private final Quarantine quarantine = new Quarantine();
  private final ReentrantLock refreshing = new ReentrantLock();
  private volatile List<Pooled> nodes = Collections.emptyList();
  /** Per model, the listed nodes serving it within the price cap, and their distinct price entries. */
  private volatile Map<String, Offer> offers = Collections.emptyMap();
  private volatile Instant listedAt;

  public NodePool(NodeSource source, DiscoveryOptions options, AttestationPolicy policy, Clock clock, OkHttpClient http,
      boolean plainHttpBeyondLoopback, PaymentProvider payments) {
    this.payments = payments;
    this.source = source;
    this.options = options;
    this.policy = policy;
    this.clock = clock;
    this.http = http;
    this.plainHttpBeyondLoopback = plainHttpBeyondLoopback;
  }

  // ---- listing ----

  /**
   * The current nodes, listing the source again when the interval has passed. One caller
   * refreshes; the others go on with the previous list meanwhile (they wait only for the first).
   */
  List<Pooled> nodes() {
    Instant now = clock.instant();
    if (stale(now)) {
      if (listedAt == null) {
        refreshing.lock();
      } else if (!refreshing.tryLock()) {
        return nodes;
      }
      try {
        if (stale(now)) {
          refresh(now);
        }
      } finally {
        refreshing.unlock();
      }
    }
    return nodes;
  }

  private boolean stale(Instant now) {
    Instant at = listedAt;
    return at == null || !now.isBefore(at.plus(options.refreshInterval()));
  }

  private void refresh(Instant now) {
    List<NodeListing> listings;
    try {
      listings = source.list(new HttpFetcher(http));
    } catch (IOException | RuntimeException e) {
      LOG.warning("node source " + source + " unavailable (" + e.getMessage() + "); keeping " + nodes.size()
          + " nodes listed before");
      if (nodes.isEmpty()) {
        throw new SilkIoException("no_node", "the node source could not be listed: " + e.getMessage(), e);
      }
      listedAt = now; // try again after the interval, not on every request
      return;
    }
    Map<String, Pooled> previous = new HashMap<>();
    for (Pooled p : nodes) {
      previous.put(p.key, p);
    }
    // Signatures are checked in parallel: a 10,000-entry list is 10,000 Ed25519 verifications.
    List<Pooled> fresh = listings.parallelStream()
        .map(l -> admit(l, now, previous))
        .filter(p -> p != null)
        .collect(Collectors.toList());
    Map<String, Offer> byModel = new HashMap<>();
    for (Pooled p : fresh) {
      for (ModelInfo m : p.descriptor.descriptor().models()) {
        if (withinPriceCap(m)) {
          Offer offer = byModel.computeIfAbsent(m.name(), k -> new Offer());
          offer.nodes.add(p);
          if (!p.descriptor.descriptor().payment().isFree()) {
            offer.prices.putIfAbsent(m.promptNanotonPer1k() + "/" + m.completionNanotonPer1k() + "/"
                + m.maxCompletionTokens(), m);
          }
        }
      }
    }
    nodes = Collections.unmodifiableList(fresh);
    offers = byModel;
    listedAt = now;
  }

  /** The nodes that may serve one model, fixed at listing. */
  private static final class Offer {
    final List<Pooled> nodes = new ArrayList<>();
    final Map<String, ModelInfo> prices = new HashMap<>();
  }

  private boolean withinPriceCap(ModelInfo m) {
    return (options.maxPromptPricePer1k() == null || m.promptNanotonPer1k() <= options.maxPromptPricePer1k().nanoton())
        && (options.maxCompletionPricePer1k() == null
            || m.completionNanotonPer1k() <= options.maxCompletionPricePer1k().nanoton());
  }

  /** A listed node that passes every check short of attestation, or null (with the reason logged). */
  private Pooled admit(NodeListing listing, Instant now, Map<String, Pooled> previous) {
    HttpUrl url = HttpUrl.parse(listing.url());
    if (url == null) {
      LOG.warning("listed node dropped: not an http(s) URL");
      return null;
    }
    if (!url.isHttps() && !Loopback.isLoopback(url.host()) && !plainHttpBeyondLoopback) {
      LOG.warning("listed node " + url.host() + " dropped: plain http:// beyond loopback");
      return null;
    }
    SignedDescriptor d;
    try {
      d = SignedDescriptor.parse(listing.signedDescriptor());
      d.checkValidAt(now);
    } catch (SilkCryptoException e) {
      LOG.warning("listed node " + url + " dropped: " + e.code().wireName());
      return null;
    }
    if (quarantine.contains(d)) {
      return null;
    }
    if (d.descriptor().payment().isFree() && !options.allowFreeNodes()) {
      return null;
    }
    String key = url + "|" + Hex.encode(d.hash());
    Pooled known = previous.get(key);
    return known != null ? known : new Pooled(key, url, d);
  }

  // ---- choosing ----

  @Override
  public NodeTarget choose(String model, Set<NodeTarget> tried) {
    nodes();
    for (;;) {
      Offer offer = offers.get(model);
      List<Pooled> offered = offer == null ? Collections.<Pooled>emptyList() : offer.nodes;
      Instant now = clock.instant();
      Pooled first = draw(offered, tried, now, null);
      if (first == null) {
        throw new SilkIoException("no_node", "no listed node can take a request for '" + model + "' now ("
            + nodes.size() + " listed, " + offered.size() + " offer it, " + tried.size() + " tried, "
            + quarantine.size() + " quarantined)", null);
      }
      Pooled second = draw(offered, tried, now, first);
      Pooled pick = second == null || better(first, second) ? first : second;
      if (pick.attested(now)) {
        return pick;
      }
    }
  }

  /** A node payable without opening a channel beats one that is not; then the lower latency × load. */
  private boolean better(Pooled a, Pooled b) {
    boolean readyA = a.payableWithoutOpening();
    boolean readyB = b.payableWithoutOpening();
    return readyA != readyB ? readyA : a.score() <= b.score();
  }

  /**
   * A random usable node other than {@code not}: random draws first (a pool is mostly usable),
   * then one pass over all of them, so a rare usable node is still found.
   */
  private Pooled draw(List<Pooled> offered, Set<NodeTarget> tried, Instant now, Pooled not) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 16 && !offered.isEmpty(); i++) {
      Pooled p = offered.get(random.nextInt(offered.size()));
      if (p != not && !tried.contains(p) && p.usable(now)) {
        return p;
      }
    }
    List<Pooled> usable = new ArrayList<>();
    for (Pooled p : offered) {
      if (p != not && !tried.contains(p) && p.usable(now)) {
        usable.add(p);
      }
    }
    return usable.isEmpty() ? null : usable.get(random.nextInt(usable.size()));
  }

  @Override
  public boolean failsOver() {
    return true;
  }

  @Override
  public List<SignedDescriptor> candidates() {
    List<SignedDescriptor> out = new ArrayList<>();
    for (Pooled p : nodes()) {
      if (!quarantine.contains(p.descriptor) && !p.isRefused()) {
        out.add(p.descriptor);
      }
    }
    return out;
  }

  @Override
  public List<ModelInfo> prices(String model) {
    nodes();
    Offer offer = offers.get(model);
    return offer == null ? Collections.<ModelInfo>emptyList() : new ArrayList<>(offer.prices.values());
  }

  @Override
  public VerifiedNode single() {
    throw new IllegalStateException("a discovery client uses many nodes; each answer's verification() names its node");
  }

  /** How many listed nodes have had their attestation checked (tests: only chosen ones are). */
  int attestedCount() {
    return (int) nodes.stream().filter(Pooled::isAttested).count();
  }

  /** One listed node and what the client has learnt about it. */
  final class Pooled implements NodeTarget {
    final String key;
    final HttpUrl url;
    final SignedDescriptor descriptor;
    private final NodeConnection api;
    private VerifiedNode verified;
    /** This descriptor failed the policy (not evidence of lying: the node is not quarantined). */
    private boolean refused;
    private final NodeHealth health = new NodeHealth();

    Pooled(String key, HttpUrl url, SignedDescriptor descriptor) {
      this.key = key;
      this.url = url;
      this.descriptor = descriptor;
      this.api = new NodeConnection(http, url);
    }

    /**
     * Not quarantined, not resting, descriptor still valid, payable if paid (model and price were
     * checked at listing).
     */
    boolean usable(Instant now) {
      synchronized (this) {
        if (refused || health.resting(now) || !now.isBefore(descriptor.descriptor().notAfter())) {
          return false;
        }
      }
      PaymentTerms terms = descriptor.descriptor().payment();
      return !quarantine.contains(descriptor)
          && (terms.isFree() || payments != null && payments.canPay(terms));
    }

    boolean payableWithoutOpening() {
      PaymentTerms terms = descriptor.descriptor().payment();
      return terms.isFree() || payments.paysWithoutOpening(terms);
    }

    /**
     * Checks attestation once per descriptor (again once the check expires); false if it fails.
     * Evidence that is invalid quarantines the node; a policy refusal (format, measurement, TCB
     * status, collateral out of date) only sets this descriptor aside, since the node's next
     * one (fresh collateral, say) may pass.
     */
    boolean attested(Instant now) {
      synchronized (this) {
        if (refused) {
          return false;
        }
        if (verified != null && now.isBefore(verified.expires())) {
          return true;
        }
      }
      try {
        VerifiedNode v = new VerifiedNode(descriptor, descriptor.verify(policy, now));
        synchronized (this) {
          verified = v;
        }
        return true;
      } catch (SilkCryptoException e) {
        if (e.code() == ErrorCode.ATTESTATION_REJECTED || e.code() == ErrorCode.UNKNOWN_MEASUREMENT) {
          synchronized (this) {
            refused = true;
          }
          LOG.warning("node " + url + " (" + descriptor.nodeId().toHex().substring(0, 16) + ") set aside until it lists"
              + " another descriptor: " + e.getMessage());
        } else {
          quarantine.add(descriptor, url, "descriptor rejected: " + e.code().wireName());
        }
        return false;
      }
    }

    synchronized boolean isAttested() {
      return verified != null;
    }

    synchronized boolean isRefused() {
      return refused;
    }

    double score() {
      return health.score();
    }

    @Override
    public HttpUrl baseUrl() {
      return url;
    }

    @Override
    public NodeConnection api() {
      return api;
    }

    @Override
    public synchronized VerifiedNode node() {
      if (verified == null) {
        throw new VerificationException("untrusted", "node used before its attestation was checked", null);
      }
      return verified;
    }

    @Override
    public void invalidate(VerifiedNode stale) {
      // The listing is the pool's truth: the next refresh brings the node's new descriptor.
      health.rest(clock.instant(), NodeHealth.FIRST_REST);
    }

    @Override
    public void started() {
      health.started();
    }

    @Override
    public void ended(Outcome outcome, Duration elapsed, Duration retryAfter) {
      if (outcome == Outcome.DISTRUSTED) {
        quarantine.add(descriptor, url, "an answer failed verification");
      }
      health.ended(outcome, elapsed, retryAfter, clock.instant());
    }

    @Override
    public String toString() {
      return "node " + url;
    }
  }
}
