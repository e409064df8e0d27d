package dev.silk.core.internal.node;

import dev.silk.core.errors.SilkIoException;
import dev.silk.core.errors.VerificationException;
import dev.silk.crypto.HttpBinding;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.bhttp.BinaryRequest;
import dev.silk.crypto.bhttp.BinaryResponse;
import dev.silk.crypto.bhttp.Fields;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.ohttp.KeyConfig;
import dev.silk.crypto.ohttp.ObliviousRequest;
import java.io.IOException;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;

/**
 * Sends every request to one node through an Oblivious HTTP relay (RFC 9458, spec §15): the
 * request (descriptor, sealed chat, channel routes) becomes a Binary HTTP message encapsulated to
 * the node's gateway key and posted to the relay, which sees the client's address but only sealed
 * bytes; the node sees the request but only the relay's address. The rest of the client is
 * unchanged: it gets back the node's answer as if it had called the node.
 *
 * <p>The gateway key is fetched through the relay ({@code GET} on the relay URL, as the reference
 * relay serves it) and trusted only once the node's signed descriptor, fetched through the relay
 * with that key, lists the same X25519 key; the client then verifies the descriptor's
 * attestation as always, so the key is bound to attested code before a prompt is sent. A
 * descriptor naming another key drops the key and fails the call ({@code VerificationException},
 * {@code ohttp_key_mismatch}, not retried: a relay that lies is not asked again by this call).
 * Answers arrive whole (known-length Binary HTTP): a stream's events all at once. Thread-safe.
 */
public final class ObliviousInterceptor implements Interceptor {
  private static final MediaType OHTTP_REQUEST = MediaType.get(HttpBinding.OHTTP_REQUEST_TYPE);
  private static final String NODE_PATH = "/" + HttpBinding.NODE;

  private final HttpUrl node;
  private final HttpUrl relay;
  private final OkHttpClient relayHttp;
  private volatile KeyConfig key;

  /**
   * @param node the node's base URL: requests to its scheme, host and port go through the relay
   * @param relay where the relay takes this node's {@code message/ohttp-req} (reference relay:
   *     {@code http(s)://relay/relay/<node-host:port>})
   * @param http the client the relay is called with (the app's, without Silk's node interceptors)
   */
  public ObliviousInterceptor(HttpUrl node, HttpUrl relay, OkHttpClient http) {
    this.node = node;
    this.relay = relay;
    this.relayHttp = http;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    HttpUrl url = request.url();
    if (!url.scheme().equals(node.scheme()) || !url.host().equals(node.host()) || url.port() != node.port()) {
      return chain.proceed(request);
    }
    KeyConfig config = keyConfig();
    ObliviousRequest encapsulated = ObliviousRequest.encapsulate(config, binary(request).encode());
    WireMark mark = request.tag(WireMark.class);
    if (mark != null) {
      mark.markSent(); // the relay may forward it even if its answer is lost
    }
    Request outer = new Request.Builder().url(relay)
        .post(RequestBody.create(OHTTP_REQUEST, encapsulated.encapsulated())).build();
    BinaryResponse answer;
    try (Response relayed = relayHttp.newCall(outer).execute()) {
      if (relayed.code() != 200 || !HttpBinding.OHTTP_RESPONSE_TYPE.equals(relayed.header("Content-Type"))) {
        throw relayFailure("the OHTTP relay answered HTTP " + relayed.code());
      }
      answer = BinaryResponse.decode(encapsulated.openResponse(relayed.body().bytes()));
    } catch (SilkCryptoException e) {
      throw new SurfacedFailure(new VerificationException(e.code().wireName(), "the OHTTP answer does not open", e));
    }
    if (NODE_PATH.equals(url.encodedPath()) && answer.status() == 200) {
      checkDescriptorNames(config, answer.content());
    }
    String type = answer.headers().get("content-type");
    Response.Builder out = new Response.Builder().request(request).protocol(Protocol.HTTP_1_1)
        .code(answer.status()).message("via OHTTP")
        .body(ResponseBody.create(type == null ? null : MediaType.parse(type), answer.content()));
    for (java.util.Map.Entry<String, String> field : answer.headers().list()) {
      out.addHeader(field.getKey(), field.getValue());
    }
    return out.build();
  }

  /** The gateway key: fetched through the relay once, and after a descriptor named another. */
  private KeyConfig keyConfig() throws IOException {
    KeyConfig current = key;
    if (current != null) {
      return current;
    }
    try (Response keys = relayHttp.newCall(new Request.Builder().url(relay).get().build()).execute()) {
      if (keys.code() != 200 || !HttpBinding.OHTTP_KEYS_TYPE.equals(keys.header("Content-Type"))) {
        throw relayFailure("the OHTTP relay gave no key configuration (HTTP " + keys.code() + ")");
      }
      List<KeyConfig> configs = KeyConfig.parseList(keys.body().bytes());
      for (KeyConfig config : configs) {
        if (config.kemId() == KeyConfig.KEM_X25519_SHA256
            && config.accepts(KeyConfig.KDF_HKDF_SHA256, KeyConfig.AEAD_AES_128_GCM)) {
          key = config;
          return config;
        }
      }
      throw new SurfacedFailure(new VerificationException("unsupported_suite",
          "the gateway offers no X25519 / HKDF-SHA256 / AES-128-GCM key", null));
    } catch (SilkCryptoException e) {
      throw new SurfacedFailure(new VerificationException(e.code().wireName(),
          "the gateway's key configuration is malformed", e));
    }
  }

  /** Binds the key fetched through the relay to the node's signed descriptor. */
  private void checkDescriptorNames(KeyConfig used, byte[] descriptor) throws IOException {
    KeyConfig named;
    try {
      named = KeyConfig.ofNode(SignedDescriptor.parse(descriptor));
    } catch (SilkCryptoException | IllegalArgumentException e) {
      key = null;
      throw new SurfacedFailure(new VerificationException("ohttp_key_mismatch",
          "the node's descriptor through the relay names no OHTTP key", e));
    }
    if (named.keyId() != used.keyId() || !java.security.MessageDigest.isEqual(named.publicKey(), used.publicKey())) {
      key = null;
      throw new SurfacedFailure(new VerificationException("ohttp_key_mismatch",
          "the OHTTP key the relay gave is not the node's (its signed descriptor names another)", null));
    }
  }

  /** A relay that did not answer as one: retried like any transport failure, with what it said. */
  private static SurfacedFailure relayFailure(String message) {
    return new SurfacedFailure(new SilkIoException("io", message, null));
  }

  /** The request as Binary HTTP: method, the node's scheme and authority, path, type and content. */
  private static BinaryRequest binary(Request request) throws IOException {
    byte[] content = new byte[0];
    Fields headers = Fields.EMPTY;
    RequestBody body = request.body();
    if (body != null) {
      Buffer buffer = new Buffer();
      body.writeTo(buffer);
      content = buffer.readByteArray();
      MediaType type = body.contentType();
      headers = type == null ? Fields.EMPTY : Fields.of("content-type", type.toString());
    }
    HttpUrl url = request.url();
    return BinaryRequest.builder().method(request.method()).scheme(url.scheme())
        .authority(url.host() + ":" + url.port()).path(url.encodedPath()).headers(headers).content(content).build();
  }
}
