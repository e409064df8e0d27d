package dev.silk.crypto;

/**
 * The HTTP binding of Silk protocol v1 (spec-v1 §10, §13.4, §13.5, §14): its paths and media
 * types, spelled here once. The client's Retrofit interfaces, the payment provider and the
 * reference node all use these constants. Paths are relative to a node's or a registry's base
 * URL, so that a base URL with a path prefix keeps it (a server matching absolute paths
 * prefixes {@code "/"}).
 *
 * <pre>{@code
 * @POST(HttpBinding.CHANNEL_STATUS) Call<ResponseBody> channelStatus(@Body RequestBody body);
 * }</pre>
 */
public final class HttpBinding {
  /** {@code GET}: the node's signed descriptor (§7). */
  public static final String NODE = "v1/node";
  /** {@code POST}: a sealed chat completion (§4, §6). */
  public static final String SEALED_CHAT = "v1/sealed/chat/completions";
  /** {@code POST}: an unsealed chat completion, served only by a node started for benchmarks. */
  public static final String PLAIN_CHAT = "v1/plain/chat/completions";
  /** {@code GET}: the models a node serves, as OpenAI's list. */
  public static final String MODELS = "v1/models";
  /** {@code POST}: the node's signed account of a payment channel (§13.4). */
  public static final String CHANNEL_STATUS = "v1/channel/status";
  /** {@code POST}: the node's countersignature of a cooperative close (§13.5). */
  public static final String CHANNEL_CLOSE = "v1/channel/close";
  /** {@code POST}: the node's countersignature of a cooperative commit (§13.5). */
  public static final String CHANNEL_COMMIT = "v1/channel/commit";
  /** {@code GET}: a registry's signed node list (§14.2). */
  public static final String REGISTRY = "v1/registry";
  /** {@code POST}: a node's signed announcement to a registry (§14.1). */
  public static final String REGISTRY_ANNOUNCE = "v1/registry/announce";
  /** {@code POST}: an Oblivious HTTP request ({@code message/ohttp-req}) to the node as its own gateway (§15). */
  public static final String OHTTP = "v1/ohttp";
  /** {@code GET}: the node's Oblivious HTTP key configurations ({@code application/ohttp-keys}, §15). */
  public static final String OHTTP_KEYS = "v1/ohttp/keys";
  /** {@code GET}: liveness of a reference node. */
  public static final String HEALTH = "health";
  /** {@code GET}: readiness of a reference node (its stores and chain reachable). */
  public static final String HEALTH_READY = "health/ready";

  /** RFC 9458's encapsulated request. */
  public static final String OHTTP_REQUEST_TYPE = "message/ohttp-req";
  /** RFC 9458's encapsulated response. */
  public static final String OHTTP_RESPONSE_TYPE = "message/ohttp-res";
  /** RFC 9458's list of key configurations. */
  public static final String OHTTP_KEYS_TYPE = "application/ohttp-keys";
  /** A signed node descriptor (§7). */
  public static final String DESCRIPTOR_TYPE = "application/vnd.silk.descriptor";
  /** A sealed request (§4.4). */
  public static final String ENVELOPE_TYPE = "application/vnd.silk.envelope";
  /** A sealed answer's chunk, or a quote (§6.2, §13.3). */
  public static final String CHUNK_TYPE = "application/vnd.silk.chunk";
  /** A signed error (§5.1). */
  public static final String ERROR_TYPE = "application/vnd.silk.error";
  /** The body of a channel request: status, close and commit (§13.4, §13.5). */
  public static final String CHANNEL_REQUEST_TYPE = "application/octet-stream";
  /** The node's signed channel status (§13.4). */
  public static final String CHANNEL_STATUS_TYPE = "application/vnd.silk.channel-status";
  /** The node's countersigned cooperative close (§13.5). */
  public static final String CHANNEL_CLOSE_TYPE = "application/vnd.silk.channel-close";
  /** The node's countersigned cooperative commit (§13.5). */
  public static final String CHANNEL_COMMIT_TYPE = "application/vnd.silk.channel-commit";
  /** A node's signed announcement (§14.1). */
  public static final String ANNOUNCEMENT_TYPE = "application/vnd.silk.announcement";
  /** A registry's signed node list (§14.2). */
  public static final String REGISTRY_LIST_TYPE = "application/vnd.silk.registry-list";

  private HttpBinding() {}
}
