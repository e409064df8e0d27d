package dev.silk.crypto.cocoon;

import java.util.Objects;

/**
 * The session's opening, as COCOON's client runs it ({@code runners/client/ClientProxyConnection.cpp}):
 * {@code client.connectToProxy} with the client's params, answered by {@code client.connectedToProxy}
 * (the proxy's params, the client contract's address, how to authorize, the last signed payment);
 * then {@code client.authorizeWithProxyShort} (the secret whose hash the client contract holds) or
 * {@code client.authorizeWithProxyLong} (after registering the proxy's nonce on chain), answered by
 * {@code client.authorizationWithProxySuccess} or {@code ...Failed}. One home for both sides.
 */
public final class Handshake {
  private Handshake() {}

  /** {@code client.params}: who the client is and which protocol versions it speaks. Immutable. */
  public static final class ClientParams {
    public final String ownerAddress;
    public final boolean isTest;
    public final int minProtoVersion;
    public final int maxProtoVersion;
    /** The flags as sent: bit 0 is_test present, bit 1 the version range present. */
    public final int flags;

    /** With flags 3: is_test and the version range present, as the C++ client sends them. */
    public ClientParams(String ownerAddress, boolean isTest, int minProtoVersion, int maxProtoVersion) {
      this(3, ownerAddress, isTest, minProtoVersion, maxProtoVersion);
    }

    private ClientParams(int flags, String ownerAddress, boolean isTest, int minProtoVersion, int maxProtoVersion) {
      this.flags = flags;
      this.ownerAddress = Objects.requireNonNull(ownerAddress, "ownerAddress");
      this.isTest = isTest;
      this.minProtoVersion = minProtoVersion;
      this.maxProtoVersion = maxProtoVersion;
    }

    void write(TlWriter out) {
      // Bare in client.connectToProxy (the schema's params:client.params): no constructor id.
      out.i32(flags).string(ownerAddress);
      if ((flags & 1) != 0) {
        out.bool(isTest);
      }
      if ((flags & 2) != 0) {
        out.i32(minProtoVersion).i32(maxProtoVersion);
      }
    }

    static ClientParams read(TlReader in) throws TlReader.TlException {
      int flags = knownFlags(in.i32(), 3);
      String owner = in.string();
      boolean test = (flags & 1) != 0 && in.bool();
      int min = 0;
      int max = 0;
      if ((flags & 2) != 0) {
        min = in.i32();
        max = in.i32();
      }
      return new ClientParams(flags, owner, test, min, max);
    }
  }

  /** Flags with no bit beyond {@code known}: an unknown bit would announce a field Silk cannot read. */
  static int knownFlags(int flags, int known) throws TlReader.TlException {
    if ((flags & ~known) != 0) {
      throw new TlReader.TlException("unknown flags " + Integer.toHexString(flags & ~known));
    }
    return flags;
  }

  /** {@code client.connectToProxy params min_config_version}: the first query. */
  public static byte[] connectToProxy(ClientParams params, int minConfigVersion) {
    TlWriter out = new TlWriter().id(CocoonIds.CLIENT_CONNECT_TO_PROXY);
    params.write(out);
    return out.i32(minConfigVersion).toByteArray();
  }

  /** {@link #connectToProxy} as the proxy reads it. Immutable. */
  public static final class ConnectRequest {
    public final ClientParams params;
    public final int minConfigVersion;

    ConnectRequest(ClientParams params, int minConfigVersion) {
      this.params = params;
      this.minConfigVersion = minConfigVersion;
    }

    public static ConnectRequest parse(byte[] tl) throws TlReader.TlException {
      TlReader in = new TlReader(tl);
      in.id(CocoonIds.CLIENT_CONNECT_TO_PROXY);
      ConnectRequest r = new ConnectRequest(ClientParams.read(in), in.i32());
      in.end();
      return r;
    }
  }

  /** {@code proxy.params}: the proxy's key and contracts. Immutable. */
  public static final class ProxyParams {
    public final byte[] publicKey;
    public final String ownerAddress;
    public final String scAddress;
    public final boolean isTest;
    public final int protoVersion;
    /** The flags as sent: a proxy that sets neither bit is too old for COCOON's client. */
    public final int flags;

    public ProxyParams(byte[] publicKey, String ownerAddress, String scAddress, boolean isTest, int protoVersion) {
      this(3, publicKey, ownerAddress, scAddress, isTest, protoVersion);
    }

    private ProxyParams(int flags, byte[] publicKey, String ownerAddress, String scAddress, boolean isTest,
        int protoVersion) {
      if (publicKey.length != 32) {
        throw new IllegalArgumentException("a proxy key is 32 bytes");
      }
      this.flags = flags;
      this.publicKey = publicKey.clone();
      this.ownerAddress = Objects.requireNonNull(ownerAddress, "ownerAddress");
      this.scAddress = Objects.requireNonNull(scAddress, "scAddress");
      this.isTest = isTest;
      this.protoVersion = protoVersion;
    }

    void write(TlWriter out) {
      // Bare where it is used (params:proxy.params): no constructor id.
      out.i32(flags).i256(publicKey).string(ownerAddress).string(scAddress);
      if ((flags & 1) != 0) {
        out.bool(isTest);
      }
      if ((flags & 2) != 0) {
        out.i32(protoVersion);
      }
    }

    static ProxyParams read(TlReader in) throws TlReader.TlException {
      int flags = knownFlags(in.i32(), 3);
      byte[] key = in.i256();
      String owner = in.string();
      String sc = in.string();
      boolean test = (flags & 1) != 0 && in.bool();
      int proto = (flags & 2) != 0 ? in.i32() : 0;
      return new ProxyParams(flags, key, owner, sc, test, proto);
    }
  }

  /** How the proxy asks the client to prove it owns its client contract. Immutable. */
  public static final class Auth {
    /** Non-null for the short form: SHA-256 of the secret the contract holds. */
    public final byte[] secretHash;
    public final long nonce;

    private Auth(byte[] secretHash, long nonce) {
      this.secretHash = secretHash;
      this.nonce = nonce;
    }

    public static Auth shortForm(byte[] secretHash, long nonce) {
      if (secretHash.length != 32) {
        throw new IllegalArgumentException("a secret hash is 32 bytes");
      }
      return new Auth(secretHash.clone(), nonce);
    }

    public static Auth longForm(long nonce) {
      return new Auth(null, nonce);
    }

    public boolean isShort() {
      return secretHash != null;
    }

    void write(TlWriter out) {
      if (isShort()) {
        out.id(CocoonIds.CLIENT_PROXY_CONNECTION_AUTH_SHORT).i256(secretHash).i64(nonce);
      } else {
        out.id(CocoonIds.CLIENT_PROXY_CONNECTION_AUTH_LONG).i64(nonce);
      }
    }

    static Auth read(TlReader in) throws TlReader.TlException {
      if (in.id(CocoonIds.CLIENT_PROXY_CONNECTION_AUTH_SHORT, CocoonIds.CLIENT_PROXY_CONNECTION_AUTH_LONG)
          == CocoonIds.CLIENT_PROXY_CONNECTION_AUTH_SHORT) {
        return new Auth(in.i256(), in.i64());
      }
      return new Auth(null, in.i64());
    }
  }

  /** {@code client.connectedToProxy}: the answer to {@link #connectToProxy}. Immutable. */
  public static final class Connected {
    public final ProxyParams proxy;
    public final String clientScAddress;
    public final Auth auth;
    /** The last signed payment, or null ({@code proxy.signedPaymentEmpty}). */
    public final byte[] signedPayment;

    public Connected(ProxyParams proxy, String clientScAddress, Auth auth, byte[] signedPayment) {
      this.proxy = Objects.requireNonNull(proxy, "proxy");
      this.clientScAddress = Objects.requireNonNull(clientScAddress, "clientScAddress");
      this.auth = Objects.requireNonNull(auth, "auth");
      this.signedPayment = signedPayment == null ? null : signedPayment.clone();
    }

    public byte[] toTl() {
      TlWriter out = new TlWriter().id(CocoonIds.CLIENT_CONNECTED_TO_PROXY);
      proxy.write(out);
      out.string(clientScAddress);
      auth.write(out);
      Payments.writeSignedPayment(out, signedPayment);
      return out.toByteArray();
    }

    public static Connected parse(byte[] tl) throws TlReader.TlException {
      TlReader in = new TlReader(tl);
      in.id(CocoonIds.CLIENT_CONNECTED_TO_PROXY);
      Connected c = new Connected(ProxyParams.read(in), in.string(), Auth.read(in), Payments.readSignedPayment(in));
      in.end();
      return c;
    }
  }

  /** {@code client.authorizeWithProxyShort data}: the secret itself. */
  public static byte[] authorizeShort(byte[] secret) {
    return new TlWriter().id(CocoonIds.CLIENT_AUTHORIZE_WITH_PROXY_SHORT).bytes(secret).toByteArray();
  }

  /** {@code client.authorizeWithProxyLong}: the nonce is registered on chain. */
  public static byte[] authorizeLong() {
    return new TlWriter().id(CocoonIds.CLIENT_AUTHORIZE_WITH_PROXY_LONG).toByteArray();
  }

  /** The answer to an authorization. Immutable. */
  public static final class Authorization {
    public final boolean success;
    public final byte[] signedPayment;
    public final long tokensCommittedToDb;
    public final long maxTokens;
    public final int errorCode;
    public final String error;

    private Authorization(boolean success, byte[] signedPayment, long tokensCommittedToDb, long maxTokens,
        int errorCode, String error) {
      this.success = success;
      this.signedPayment = signedPayment;
      this.tokensCommittedToDb = tokensCommittedToDb;
      this.maxTokens = maxTokens;
      this.errorCode = errorCode;
      this.error = error;
    }

    public static Authorization succeeded(byte[] signedPayment, long tokensCommittedToDb, long maxTokens) {
      return new Authorization(true, signedPayment == null ? null : signedPayment.clone(), tokensCommittedToDb,
          maxTokens, 0, null);
    }

    public static Authorization failed(int errorCode, String error) {
      return new Authorization(false, null, 0, 0, errorCode, Objects.requireNonNull(error, "error"));
    }

    public byte[] toTl() {
      TlWriter out = new TlWriter();
      if (success) {
        out.id(CocoonIds.CLIENT_AUTHORIZATION_WITH_PROXY_SUCCESS);
        Payments.writeSignedPayment(out, signedPayment);
        out.i64(tokensCommittedToDb).i64(maxTokens);
      } else {
        out.id(CocoonIds.CLIENT_AUTHORIZATION_WITH_PROXY_FAILED).i32(errorCode).string(error);
      }
      return out.toByteArray();
    }

    public static Authorization parse(byte[] tl) throws TlReader.TlException {
      TlReader in = new TlReader(tl);
      Authorization a;
      if (in.id(CocoonIds.CLIENT_AUTHORIZATION_WITH_PROXY_SUCCESS, CocoonIds.CLIENT_AUTHORIZATION_WITH_PROXY_FAILED)
          == CocoonIds.CLIENT_AUTHORIZATION_WITH_PROXY_SUCCESS) {
        a = new Authorization(true, Payments.readSignedPayment(in), in.i64(), in.i64(), 0, null);
      } else {
        a = new Authorization(false, null, 0, 0, in.i32(), in.string());
      }
      in.end();
      return a;
    }
  }
}
