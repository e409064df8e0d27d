package dev.silk.cocoon.testproxy;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.silk.core.cocoon.CocoonConfig;
import dev.silk.crypto.cocoon.CocoonIds;
import dev.silk.crypto.cocoon.Handshake;
import dev.silk.crypto.cocoon.Payments;
import dev.silk.crypto.cocoon.Queries;
import dev.silk.crypto.cocoon.TlReader;
import dev.silk.crypto.cocoon.WorkerTypes;
import dev.silk.crypto.encoding.Hex;
import dev.silk.ton.TonAddress;
import dev.silk.ton.TonSecretKey;
import dev.silk.ton.center.TonCenterClient;
import dev.silk.ton.cocoon.ClientMessages;
import dev.silk.ton.cocoon.CocoonContracts;
import dev.silk.ton.cocoon.SignedCharge;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * TEST DOUBLE: the proxy side of COCOON's client protocol with an echo model behind it (it
 * answers the last user message, word by word), for a {@link TestProxy}. It answers the
 * handshake as a COCOON proxy does ({@code client.connectedToProxy} with its params, its proxy
 * contract and the client's, short authorization when the client contract holds a secret hash,
 * long otherwise), learns its clients from the chain as COCOON's proxy does ({@link ProxyChain}:
 * registrations, balances, secret hashes), refuses queries the client's balance cannot cover,
 * serves {@code client.runQueryEx} (whole or streamed OpenAI answers, adjusted token counts in
 * the final info: the worker's coefficient and the root config's multipliers), and after each
 * answer signs a charge for the client's tokens and sends it ({@code proxy.clientRequestPayment}).
 * Not a COCOON proxy. Thread-safe.
 */
public final class EchoProxy implements Session.Handler {
  private static final Gson GSON = new Gson();
  private static final SecureRandom RANDOM = new SecureRandom();
  /** How long a long authorization waits for the registration to show on chain. */
  private static final long REGISTER_WAIT_MILLIS = 10_000;

  private final TonSecretKey paymentKey;
  private final TonSecretKey signer;
  private final TonAddress owner;
  private final CocoonConfig config;
  private final ProxyChain chain;
  private final String model;
  private final int coefficient;
  private final Map<Session, Connection> connections = new ConcurrentHashMap<>();
  private final Map<TonAddress, AtomicLong> tokensByOwner = new ConcurrentHashMap<>();
  private final AtomicLong queries = new AtomicLong();

  /** One client connection's state. */
  private static final class Connection {
    TonAddress owner;
    long nonce;
    byte[] secretHash;
    boolean authorized;
  }

  private EchoProxy(Builder b) {
    this.paymentKey = b.paymentKey;
    this.signer = b.signer != null ? b.signer : b.paymentKey;
    this.owner = b.owner;
    this.config = b.config;
    this.model = b.model;
    this.coefficient = b.coefficient;
    TonAddress contract = CocoonContracts.proxyContract(b.config, b.owner, b.paymentKey.publicKey());
    this.chain = new ProxyChain(b.center, b.config, contract, b.paymentKey.publicKey());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Queries served. */
  public long queries() {
    return queries.get();
  }

  /** Its proxy contract. */
  public TonAddress proxyContract() {
    return chain.proxyContract();
  }

  /** Adjusted tokens {@code owner} has used here. */
  public long tokensUsed(TonAddress owner) {
    AtomicLong t = tokensByOwner.get(owner);
    return t == null ? 0 : t.get();
  }

  @Override
  public byte[] query(Session session, byte[] data) throws Session.QueryFailure {
    try {
      int id = Payments.constructorOf(data);
      Connection c = connections.computeIfAbsent(session, s -> new Connection());
      if (id == CocoonIds.CLIENT_CONNECT_TO_PROXY) {
        Handshake.ConnectRequest request = Handshake.ConnectRequest.parse(data);
        if (request.params.isTest != config.isTest()) {
          throw new Session.QueryFailure(622, "test mode mismatch");
        }
        c.owner = TonAddress.parse(request.params.ownerAddress);
        c.nonce = RANDOM.nextLong();
        ClientMessages.ProxyRequest state = chain.latest(c.owner);
        c.secretHash = state == null || Arrays.equals(state.secretHash, new byte[32]) ? null : state.secretHash;
        Handshake.Auth auth = c.secretHash != null ? Handshake.Auth.shortForm(c.secretHash, c.nonce)
            : Handshake.Auth.longForm(c.nonce);
        return new Handshake.Connected(new Handshake.ProxyParams(paymentKey.publicKey(), owner.toRaw(),
            chain.proxyContract().toRaw(), config.isTest(), 2), chain.clientContract(c.owner).toRaw(), auth,
            signedPayment(c.owner)).toTl();
      }
      if (id == CocoonIds.CLIENT_AUTHORIZE_WITH_PROXY_SHORT) {
        TlReader in = new TlReader(data);
        in.id(CocoonIds.CLIENT_AUTHORIZE_WITH_PROXY_SHORT);
        byte[] secret = in.bytes();
        boolean ok = c.secretHash != null && MessageDigest.isEqual(sha256(secret), c.secretHash);
        return authorized(c, ok, "wrong secret");
      }
      if (id == CocoonIds.CLIENT_AUTHORIZE_WITH_PROXY_LONG) {
        long deadline = System.currentTimeMillis() + REGISTER_WAIT_MILLIS;
        boolean ok = c.owner != null && chain.registered(c.owner, c.nonce);
        while (!ok && c.owner != null && System.currentTimeMillis() < deadline) {
          Thread.sleep(50);
          ok = chain.registered(c.owner, c.nonce);
        }
        return authorized(c, ok, "nonce not registered on chain");
      }
      if (id == CocoonIds.CLIENT_GET_WORKER_TYPES_V2) {
        return new WorkerTypes(Collections.singletonList(new WorkerTypes.Type(model,
            Collections.singletonList(new WorkerTypes.Worker(coefficient, 0, 16))))).toTl();
      }
      if (id == CocoonIds.CLIENT_UPDATE_PAYMENT_STATUS) {
        return Payments.Status.paymentStatus(signedPayment(c.owner), tokensUsed(c.owner), tokensUsed(c.owner)).toTl();
      }
      throw new Session.QueryFailure(621, "unknown query");
    } catch (TlReader.TlException | IllegalArgumentException e) {
      throw new Session.QueryFailure(621, "malformed query: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Session.QueryFailure(652, "interrupted");
    }
  }

  private byte[] authorized(Connection c, boolean ok, String otherwise) {
    c.authorized = ok;
    return (ok ? Handshake.Authorization.succeeded(signedPayment(c.owner), tokensUsed(c.owner), tokensUsed(c.owner))
        : Handshake.Authorization.failed(401, otherwise)).toTl();
  }

  /** A charge for everything {@code owner} used here, signed (null before any use). */
  private byte[] signedPayment(TonAddress owner) {
    long tokens = owner == null ? 0 : tokensUsed(owner);
    return tokens == 0 ? null : SignedCharge.sign(signer, RANDOM.nextLong(), tokens, chain.clientContract(owner),
        chain.proxyContract());
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
    if (!model.equals(query.model)) {
      session.send(Queries.Answer.error(query.requestId, 404, "no worker serves " + query.model, none()).toTl());
      return;
    }
    // As COCOON's proxy reserves a query: every byte and allowed token at the highest coefficient.
    long reserve = CocoonConfig.adjustTokens((long) query.maxTokens + query.query.length, query.maxCoefficient,
        CocoonConfig.MULTIPLIER_ONE);
    ClientMessages.ProxyRequest state = chain.latest(c.owner);
    long paidTokens = state == null || config.pricePerToken() == 0 ? 0
        : state.balance.nanoton() / config.pricePerToken() + state.tokensUsed;
    if (config.pricePerToken() > 0 && paidTokens < tokensUsed(c.owner) + reserve) {
      session.send(Queries.Answer.error(query.requestId, 402, "the client contract's balance is too low",
          none()).toTl());
      return;
    }
    if (query.maxCoefficient < coefficient) {
      session.send(Queries.Answer.error(query.requestId, 651, "no worker within max_coefficient", none()).toTl());
      return;
    }
    queries.incrementAndGet();
    JsonObject body = GSON.fromJson(new String(http.payload, StandardCharsets.UTF_8), JsonObject.class);
    String prompt = lastUserMessage(body);
    List<String> words = new ArrayList<>();
    for (String w : prompt.split(" ")) {
      if (!w.isEmpty() && words.size() < Math.max(1, query.maxTokens)) {
        words.add(w);
      }
    }
    long promptTokens = prompt.split(" ").length + 2;
    long promptAdjusted = CocoonConfig.adjustTokens(promptTokens, coefficient, config.promptMultiplier());
    long completionAdjusted = CocoonConfig.adjustTokens(words.size(), coefficient, config.completionMultiplier());
    Queries.TokensUsed tokens = new Queries.TokensUsed(promptAdjusted, 0, completionAdjusted, 0,
        promptAdjusted + completionAdjusted);
    boolean stream = body.has("stream") && body.get("stream").getAsBoolean();
    String id = "chatcmpl-" + Hex.encode(query.requestId).substring(0, 16);
    if (!stream) {
      JsonObject completion = completion(id, String.join(" ", words), promptTokens, words.size());
      session.send(Queries.Answer.head(query.requestId, response("application/json",
          GSON.toJson(completion).getBytes(StandardCharsets.UTF_8)), tokens).toTl());
    } else {
      session.send(Queries.Answer.head(query.requestId, response("text/event-stream", new byte[0]), null).toTl());
      for (int i = 0; i < words.size(); i++) {
        String delta = (i == 0 ? "" : " ") + words.get(i);
        session.send(Queries.Answer.part(query.requestId, event(chunk(id, delta, null, null)), null).toTl());
      }
      JsonObject usage = usage(promptTokens, words.size());
      byte[] last = concat(event(chunk(id, null, "stop", usage)), "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
      session.send(Queries.Answer.part(query.requestId, last, tokens).toTl());
    }
    long total = tokensByOwner.computeIfAbsent(c.owner, o -> new AtomicLong()).addAndGet(tokens.total);
    session.send(Payments.Status.requestPayment(query.requestId, signedPayment(c.owner), total, total, tokens.total)
        .toTl());
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

  /** Builds an {@link EchoProxy}; not thread-safe. */
  public static final class Builder {
    private TonSecretKey paymentKey;
    private TonSecretKey signer;
    private TonAddress owner;
    private CocoonConfig config;
    private TonCenterClient center;
    private String model = "Qwen/Qwen3-32B";
    private int coefficient = CocoonConfig.COEFFICIENT_ONE;

    private Builder() {}

    /** The proxy's payment key ({@code proxy_public_key}) and its owner: they make its proxy contract. */
    public Builder proxy(TonSecretKey paymentKey, TonAddress owner) {
      this.paymentKey = paymentKey;
      this.owner = owner;
      return this;
    }

    /** The root config it serves under and the chain it reads (TON Center). */
    public Builder network(CocoonConfig config, TonCenterClient center) {
      this.config = config;
      this.center = center;
      return this;
    }

    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /** Its worker's price coefficient (1000 = 1x). */
    public Builder coefficient(int coefficient) {
      this.coefficient = coefficient;
      return this;
    }

    /** A misbehaving proxy: signs its payments with another key. */
    public Builder signPaymentsWith(TonSecretKey other) {
      this.signer = other;
      return this;
    }

    public EchoProxy build() {
      if (paymentKey == null || config == null || center == null) {
        throw new IllegalStateException("proxy(...) and network(...) are required");
      }
      return new EchoProxy(this);
    }
  }
}
