package dev.silk.cocoon.testproxy;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.silk.crypto.cocoon.CocoonIds;
import dev.silk.crypto.cocoon.Handshake;
import dev.silk.crypto.cocoon.Payments;
import dev.silk.crypto.cocoon.Queries;
import dev.silk.crypto.cocoon.TlReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * TEST DOUBLE: the proxy side of COCOON's client protocol with an echo model behind it (it
 * answers the last user message, word by word), for a {@link TestProxy}. It answers the
 * handshake as a COCOON proxy does ({@code client.connectedToProxy} with its params, the client
 * contract's address, short authorization when the client contract holds a secret hash, long
 * otherwise), authorizes, serves {@code client.runQueryEx} (whole or streamed OpenAI answers in
 * an {@code http.response} and its parts, token counts in the final info) and payment status.
 * The chain is a stand-in: client contracts' secret hashes and registered nonces are given by
 * the test. Not a COCOON proxy. Thread-safe.
 */
public final class EchoProxy implements Session.Handler {
  private static final Gson GSON = new Gson();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] paymentKey;
  private final String ownerAddress;
  private final String contractAddress;
  private final boolean isTest;
  private final String model;
  private final Map<String, byte[]> secretHashes = new ConcurrentHashMap<>();
  private final Set<Long> registeredNonces = ConcurrentHashMap.newKeySet();
  private final Map<Session, Connection> connections = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> tokensByOwner = new ConcurrentHashMap<>();
  private final AtomicLong queries = new AtomicLong();

  /** One client connection's state. */
  private static final class Connection {
    String owner;
    long nonce;
    byte[] secretHash;
    boolean authorized;
  }

  public EchoProxy(byte[] paymentKey, String ownerAddress, String contractAddress, boolean isTest, String model) {
    this.paymentKey = paymentKey.clone();
    this.ownerAddress = Objects.requireNonNull(ownerAddress, "ownerAddress");
    this.contractAddress = Objects.requireNonNull(contractAddress, "contractAddress");
    this.isTest = isTest;
    this.model = Objects.requireNonNull(model, "model");
  }

  /** Chain stand-in: the client contract of {@code owner} holds SHA-256 of {@code secret}. */
  public void clientSecret(String owner, byte[] secret) {
    secretHashes.put(owner, sha256(secret));
  }

  /** Chain stand-in: a register message with {@code nonce} reached this client's contract. */
  public void registered(long nonce) {
    registeredNonces.add(nonce);
  }

  /** Queries served. */
  public long queries() {
    return queries.get();
  }

  /** The client contract address this double reports for {@code owner}. */
  public static String clientContract(String owner) {
    return "0:" + hex(sha256(("client contract of " + owner).getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public byte[] query(Session session, byte[] data) throws Session.QueryFailure {
    try {
      int id = Payments.constructorOf(data);
      Connection c = connections.computeIfAbsent(session, s -> new Connection());
      if (id == CocoonIds.CLIENT_CONNECT_TO_PROXY) {
        Handshake.ConnectRequest request = Handshake.ConnectRequest.parse(data);
        if (request.params.isTest != isTest) {
          throw new Session.QueryFailure(622, "test mode mismatch");
        }
        c.owner = request.params.ownerAddress;
        c.nonce = RANDOM.nextLong();
        c.secretHash = secretHashes.get(c.owner);
        Handshake.Auth auth = c.secretHash != null ? Handshake.Auth.shortForm(c.secretHash, c.nonce)
            : Handshake.Auth.longForm(c.nonce);
        return new Handshake.Connected(new Handshake.ProxyParams(paymentKey, ownerAddress, contractAddress, isTest, 2),
            clientContract(c.owner), auth, null).toTl();
      }
      if (id == CocoonIds.CLIENT_AUTHORIZE_WITH_PROXY_SHORT) {
        TlReader in = new TlReader(data);
        in.id(CocoonIds.CLIENT_AUTHORIZE_WITH_PROXY_SHORT);
        byte[] secret = in.bytes();
        boolean ok = c.secretHash != null && MessageDigest.isEqual(sha256(secret), c.secretHash);
        c.authorized = ok;
        return (ok ? Handshake.Authorization.succeeded(null, 0, tokens(c.owner))
            : Handshake.Authorization.failed(401, "wrong secret")).toTl();
      }
      if (id == CocoonIds.CLIENT_AUTHORIZE_WITH_PROXY_LONG) {
        boolean ok = registeredNonces.contains(c.nonce);
        c.authorized = ok;
        return (ok ? Handshake.Authorization.succeeded(null, 0, tokens(c.owner))
            : Handshake.Authorization.failed(401, "nonce not registered on chain")).toTl();
      }
      if (id == CocoonIds.CLIENT_UPDATE_PAYMENT_STATUS) {
        return Payments.Status.paymentStatus(null, tokens(c.owner), tokens(c.owner)).toTl();
      }
      throw new Session.QueryFailure(621, "unknown query");
    } catch (TlReader.TlException e) {
      throw new Session.QueryFailure(621, "malformed query: " + e.getMessage());
    }
  }

  @Override
  public void message(Session session, byte[] data) throws IOException {
    Connection c = connections.get(session);
    Queries.RunQuery query;
    Queries.Http http;
    try {
      query = Queries.RunQuery.parse(data);
      http = Queries.Http.parse(query.query);
    } catch (TlReader.TlException e) {
      throw new IOException("malformed query: " + e.getMessage());
    }
    if (c == null || !c.authorized) {
      session.send(Queries.Answer.error(query.requestId, 401, "not authorized", none()).toTl());
      return;
    }
    queries.incrementAndGet();
    JsonObject body = GSON.fromJson(new String(http.payload, StandardCharsets.UTF_8), JsonObject.class);
    if (!model.equals(query.model)) {
      session.send(Queries.Answer.error(query.requestId, 404, "no worker serves " + query.model, none()).toTl());
      return;
    }
    String prompt = lastUserMessage(body);
    List<String> words = new ArrayList<>();
    for (String w : prompt.split(" ")) {
      if (!w.isEmpty() && words.size() < Math.max(1, query.maxTokens)) {
        words.add(w);
      }
    }
    long promptTokens = prompt.split(" ").length + 2;
    Queries.TokensUsed tokens = new Queries.TokensUsed(promptTokens, 0, words.size(), 0, promptTokens + words.size());
    tokensByOwner.computeIfAbsent(c.owner, o -> new AtomicLong()).addAndGet(tokens.total);
    boolean stream = body.has("stream") && body.get("stream").getAsBoolean();
    String id = "chatcmpl-" + hex(query.requestId).substring(0, 16);
    if (!stream) {
      JsonObject completion = completion(id, String.join(" ", words), promptTokens, words.size());
      session.send(Queries.Answer.head(query.requestId, response("application/json",
          GSON.toJson(completion).getBytes(StandardCharsets.UTF_8)), tokens).toTl());
      return;
    }
    session.send(Queries.Answer.head(query.requestId, response("text/event-stream", new byte[0]), null).toTl());
    for (int i = 0; i < words.size(); i++) {
      String delta = (i == 0 ? "" : " ") + words.get(i);
      session.send(Queries.Answer.part(query.requestId, event(chunk(id, delta, null, null)), null).toTl());
    }
    JsonObject usage = usage(promptTokens, words.size());
    byte[] last = concat(event(chunk(id, null, "stop", usage)), "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    session.send(Queries.Answer.part(query.requestId, last, tokens).toTl());
  }

  private long tokens(String owner) {
    AtomicLong t = tokensByOwner.get(owner);
    return t == null ? 0 : t.get();
  }

  private static Queries.TokensUsed none() {
    return new Queries.TokensUsed(0, 0, 0, 0, 0);
  }

  private static String lastUserMessage(JsonObject body) {
    String last = "";
    JsonArray messages = body.getAsJsonArray("messages");
    if (messages != null) {
      for (JsonElement m : messages) {
        JsonObject o = m.getAsJsonObject();
        if ("user".equals(o.get("role").getAsString()) && o.has("content") && !o.get("content").isJsonNull()) {
          last = o.get("content").getAsString();
        }
      }
    }
    return last;
  }

  private JsonObject completion(String id, String text, long promptTokens, long completionTokens) {
    JsonObject message = new JsonObject();
    message.addProperty("role", "assistant");
    message.addProperty("content", text);
    JsonObject choice = new JsonObject();
    choice.addProperty("index", 0);
    choice.add("message", message);
    choice.addProperty("finish_reason", "stop");
    JsonObject c = new JsonObject();
    c.addProperty("id", id);
    c.addProperty("object", "chat.completion");
    c.addProperty("created", System.currentTimeMillis() / 1000);
    c.addProperty("model", model);
    JsonArray choices = new JsonArray();
    choices.add(choice);
    c.add("choices", choices);
    c.add("usage", usage(promptTokens, completionTokens));
    return c;
  }

  private JsonObject chunk(String id, String delta, String finish, JsonObject usage) {
    JsonObject d = new JsonObject();
    if (delta != null) {
      d.addProperty("content", delta);
    }
    JsonObject choice = new JsonObject();
    choice.addProperty("index", 0);
    choice.add("delta", d);
    if (finish != null) {
      choice.addProperty("finish_reason", finish);
    }
    JsonObject c = new JsonObject();
    c.addProperty("id", id);
    c.addProperty("object", "chat.completion.chunk");
    c.addProperty("created", System.currentTimeMillis() / 1000);
    c.addProperty("model", model);
    JsonArray choices = new JsonArray();
    choices.add(choice);
    c.add("choices", choices);
    if (usage != null) {
      c.add("usage", usage);
    }
    return c;
  }

  private static JsonObject usage(long prompt, long completion) {
    JsonObject u = new JsonObject();
    u.addProperty("prompt_tokens", prompt);
    u.addProperty("completion_tokens", completion);
    u.addProperty("total_tokens", prompt + completion);
    return u;
  }

  private static byte[] event(JsonObject json) {
    return ("data: " + GSON.toJson(json) + "\n\n").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] response(String type, byte[] payload) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", type);
    return Queries.Http.response(200, "OK", headers, payload).toTl();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hex(byte[] bytes) {
    StringBuilder b = new StringBuilder();
    for (byte x : bytes) {
      b.append(String.format("%02x", x & 0xFF));
    }
    return b.toString();
  }
}
