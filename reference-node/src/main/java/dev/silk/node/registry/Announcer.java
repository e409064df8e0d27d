package dev.silk.node.registry;

import dev.silk.crypto.HttpBinding;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.registry.NodeAnnouncement;
import dev.silk.crypto.signature.SigningPrivateKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces this node's current descriptor and public URL to registries (spec-v1 §14.1); run on
 * a schedule well within the registries' TTL. A registry that cannot be reached is logged and
 * tried again next time. Thread-safe.
 */
public final class Announcer implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger("registry");
  static final String CONTENT_TYPE = HttpBinding.ANNOUNCEMENT_TYPE;

  private final SigningPrivateKey key;
  private final Supplier<SignedDescriptor> descriptor;
  private final String publicUrl;
  private final List<String> registries;
  private final Clock clock;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public Announcer(SigningPrivateKey key, Supplier<SignedDescriptor> descriptor, String publicUrl,
      List<String> registries, Clock clock) {
    this.key = key;
    this.descriptor = descriptor;
    this.publicUrl = publicUrl;
    this.registries = List.copyOf(registries);
    this.clock = clock;
  }

  @Override
  public void run() {
    byte[] body = NodeAnnouncement.sign(key, publicUrl, descriptor.get(), clock.instant()).toBytes();
    for (String registry : registries) {
      HttpRequest request = HttpRequest.newBuilder(URI.create(registry.replaceAll("/+$", "") + "/" + HttpBinding.REGISTRY_ANNOUNCE))
          .timeout(Duration.ofSeconds(10)).header("Content-Type", CONTENT_TYPE)
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
      try {
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 204) {
          LOG.warn("registry {} refused the announcement: HTTP {}", registry, status);
        }
      } catch (IOException e) {
        LOG.warn("registry {} unreachable: {}", registry, e.getClass().getSimpleName());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
