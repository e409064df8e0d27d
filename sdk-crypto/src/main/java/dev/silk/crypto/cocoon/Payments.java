package dev.silk.crypto.cocoon;

/**
 * The payment messages of COCOON's client protocol ({@code runners/client/ClientRunner.cpp}): the
 * proxy's signed payment (a bag of cells the client contract accepts, or empty), the payment
 * status ({@code client.updatePaymentStatus} answered by {@code client.paymentStatus}), the
 * per-request payment message ({@code proxy.clientRequestPayment}), and refunds. The signed
 * payment's cells are read by the payment side (sdk-ton); here they are bytes. One home for
 * both sides.
 */
public final class Payments {
  /** Refuses a signed payment larger than this: COCOON's are a few hundred bytes. */
  public static final int MAX_SIGNED_PAYMENT = 4096;

  private Payments() {}

  static void writeSignedPayment(TlWriter out, byte[] data) {
    if (data == null) {
      out.id(CocoonIds.PROXY_SIGNED_PAYMENT_EMPTY);
    } else {
      out.id(CocoonIds.PROXY_SIGNED_PAYMENT).bytes(data);
    }
  }

  /** A {@code proxy.SignedPayment}: its data, or null when empty. */
  static byte[] readSignedPayment(TlReader in) throws TlReader.TlException {
    if (in.id(CocoonIds.PROXY_SIGNED_PAYMENT, CocoonIds.PROXY_SIGNED_PAYMENT_EMPTY) == CocoonIds.PROXY_SIGNED_PAYMENT_EMPTY) {
      return null;
    }
    byte[] data = in.bytes();
    if (data.length > MAX_SIGNED_PAYMENT) {
      throw new TlReader.TlException("signed payment of " + data.length + " bytes");
    }
    return data;
  }

  /** {@code client.updatePaymentStatus}. */
  public static byte[] updatePaymentStatus() {
    return new TlWriter().id(CocoonIds.CLIENT_UPDATE_PAYMENT_STATUS).toByteArray();
  }

  /**
   * {@code client.paymentStatus} and {@code proxy.clientRequestPayment}: what the proxy counts
   * for this client. Immutable.
   */
  public static final class Status {
    /** For a request's payment message, its request id; null for a payment status. */
    public final byte[] requestId;
    public final byte[] signedPayment;
    /** Tokens the proxy has committed to its database. */
    public final long dbTokens;
    /** Tokens the proxy counts as used, committed or not. */
    public final long maxTokens;
    /** For a request's payment message, that request's tokens. */
    public final long requestTokens;

    private Status(byte[] requestId, byte[] signedPayment, long dbTokens, long maxTokens, long requestTokens) {
      this.requestId = requestId;
      this.signedPayment = signedPayment;
      this.dbTokens = dbTokens;
      this.maxTokens = maxTokens;
      this.requestTokens = requestTokens;
    }

    public static Status paymentStatus(byte[] signedPayment, long dbTokens, long maxTokens) {
      return new Status(null, signedPayment == null ? null : signedPayment.clone(), dbTokens, maxTokens, 0);
    }

    public static Status requestPayment(byte[] requestId, byte[] signedPayment, long dbTokens, long maxTokens,
        long requestTokens) {
      return new Status(requestId.clone(), signedPayment == null ? null : signedPayment.clone(), dbTokens, maxTokens,
          requestTokens);
    }

    public byte[] toTl() {
      TlWriter out = new TlWriter();
      if (requestId == null) {
        out.id(CocoonIds.CLIENT_PAYMENT_STATUS);
        writeSignedPayment(out, signedPayment);
        return out.i64(dbTokens).i64(maxTokens).toByteArray();
      }
      out.id(CocoonIds.PROXY_CLIENT_REQUEST_PAYMENT).i256(requestId);
      writeSignedPayment(out, signedPayment);
      return out.i64(dbTokens).i64(maxTokens).i64(requestTokens).toByteArray();
    }

    public static Status parse(byte[] tl) throws TlReader.TlException {
      TlReader in = new TlReader(tl);
      Status s;
      if (in.id(CocoonIds.CLIENT_PAYMENT_STATUS, CocoonIds.PROXY_CLIENT_REQUEST_PAYMENT)
          == CocoonIds.CLIENT_PAYMENT_STATUS) {
        s = new Status(null, readSignedPayment(in), in.i64(), in.i64(), 0);
      } else {
        byte[] requestId = in.i256();
        s = new Status(requestId, readSignedPayment(in), in.i64(), in.i64(), in.i64());
      }
      in.end();
      return s;
    }
  }

  /** A bare {@code proxy.signedPayment} message: the proxy committed a new charge. */
  public static byte[] signedPaymentMessage(byte[] data) {
    TlWriter out = new TlWriter();
    writeSignedPayment(out, data);
    return out.toByteArray();
  }

  /** The data of a bare {@code proxy.signedPayment} message (null when empty). */
  public static byte[] parseSignedPaymentMessage(byte[] tl) throws TlReader.TlException {
    TlReader in = new TlReader(tl);
    byte[] data = readSignedPayment(in);
    in.end();
    return data;
  }

  /** {@code client.requestRefund}. */
  public static byte[] requestRefund() {
    return new TlWriter().id(CocoonIds.CLIENT_REQUEST_REFUND).toByteArray();
  }

  /** The answer to a refund request: the signed refund message, or the count of queries still active. Immutable. */
  public static final class Refund {
    /** The signed refund (cells), or null when rejected. */
    public final byte[] data;
    public final long activeQueries;

    private Refund(byte[] data, long activeQueries) {
      this.data = data;
      this.activeQueries = activeQueries;
    }

    public static Refund granted(byte[] data) {
      return new Refund(data.clone(), 0);
    }

    public static Refund rejected(long activeQueries) {
      return new Refund(null, activeQueries);
    }

    public byte[] toTl() {
      return data != null ? new TlWriter().id(CocoonIds.CLIENT_REFUND).bytes(data).toByteArray()
          : new TlWriter().id(CocoonIds.CLIENT_REFUND_REJECTED).i64(activeQueries).toByteArray();
    }

    public static Refund parse(byte[] tl) throws TlReader.TlException {
      TlReader in = new TlReader(tl);
      Refund r = in.id(CocoonIds.CLIENT_REFUND, CocoonIds.CLIENT_REFUND_REJECTED) == CocoonIds.CLIENT_REFUND
          ? new Refund(in.bytes(), 0) : new Refund(null, in.i64());
      in.end();
      return r;
    }
  }

  /** The TL constructor id a message starts with (how a message is dispatched). */
  public static int constructorOf(byte[] tl) throws TlReader.TlException {
    return new TlReader(tl).i32();
  }
}
