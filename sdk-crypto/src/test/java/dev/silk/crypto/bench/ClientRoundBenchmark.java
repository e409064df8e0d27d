package dev.silk.crypto.bench;

import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.hybrid.internal.HpkeEncrypt;
import com.google.crypto.tink.subtle.Ed25519Verify;
import com.google.crypto.tink.subtle.Hkdf;
import com.google.crypto.tink.subtle.X25519;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.envelope.HpkeSuite;
import dev.silk.crypto.envelope.KemPrivateKey;
import dev.silk.crypto.envelope.OpenedRequest;
import dev.silk.crypto.envelope.RequestPayload;
import dev.silk.crypto.envelope.RequestSealer;
import dev.silk.crypto.envelope.ResponseReader;
import dev.silk.crypto.envelope.ResponseWriter;
import dev.silk.crypto.envelope.SealedRequest;
import dev.silk.crypto.internal.JcaHpke;
import dev.silk.crypto.internal.XWingHpke;
import dev.silk.crypto.receipt.Receipt;
import dev.silk.crypto.receipt.SignedReceipt;
import dev.silk.crypto.signature.SignedType;
import dev.silk.crypto.testing.TestNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The client's cryptographic round (seal a 1 KiB request, open a 4 KiB answer, verify its
 * receipt) against the primitives it is made of, measured in the same run. Run with the command
 * in sdk-crypto/BENCHMARKS.md; {@link BenchmarkMain} prints the ratio.
 *
 * <p>Nothing is precomputed that a real client would not hold: the descriptor's keys are parsed
 * once (as a client caches a verified descriptor); every round makes a fresh HPKE ephemeral key,
 * derives the response keys, hashes, decrypts and verifies the signature.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ClientRoundBenchmark {
  static final int REQUEST_BYTES = 1024;
  static final int RESPONSE_BYTES = 4096;
  private static final int POOL = 64;

  private TestNode node;
  private RequestPayload[] payloads;
  private byte[][] answers;
  private int next;
  /** A node listing X-Wing and X25519: the client seals with X-Wing, as it does by default. */
  private TestNode xwingNode;
  private byte[][] xwingAnswers;
  private byte[] xwingKey;

  // Primitive inputs, sized like the round's.
  private HybridEncrypt hpke;
  private boolean jcaHpke;
  private byte[] hpkeKey;
  private byte[] requestPlaintext;
  private byte[] info;
  private SecretKeySpec aesKey;
  private byte[] aesNonce;
  private byte[] responseCiphertext;
  private Cipher aes;
  private Mac hmac;
  private byte[] responsePlaintext;
  private Ed25519Verify tinkVerify;
  private byte[] receiptInput;
  private byte[] receiptSignature;
  private byte[] bcPublicKey;
  private byte[] x25519Private;
  private byte[] x25519Peer;
  private java.security.PublicKey jdkEdKey;
  private java.security.Signature jdkEdVerify;
  private java.security.PrivateKey jdkXdhPrivate;
  private java.security.PublicKey jdkXdhPeer;
  private javax.crypto.KeyAgreement jdkXdh;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    node = new TestNode();
    SecureRandom random = new SecureRandom();
    payloads = new RequestPayload[POOL];
    answers = new byte[POOL][];
    byte[] body = new byte[REQUEST_BYTES];
    byte[] answer = new byte[RESPONSE_BYTES];
    random.nextBytes(answer);
    SignedReceipt receipt = null;
    for (int i = 0; i < POOL; i++) {
      random.nextBytes(body);
      payloads[i] = RequestPayload.builder().model("echo").body(body).build();
      OpenedRequest opened = node.opener.open(RequestSealer.seal(payloads[i], node.descriptor.recipient()).envelope());
      ResponseWriter writer = opened.responseWriter(node.signingKey);
      answers[i] = writer.finish(answer, Receipt.builder().usage(256, 1024).costNanoton(1).issuedAt(Instant.now()));
      receipt = writer.receipt();
    }

    xwingNode = new TestNode(dev.silk.crypto.signature.SigningPrivateKey.generate(), KemPrivateKey.generate(
        HpkeSuite.X25519_SHA256_AES128GCM), KemPrivateKey.generate(HpkeSuite.XWING_SHA256_AES128GCM));
    xwingAnswers = new byte[POOL][];
    for (int i = 0; i < POOL; i++) {
      SealedRequest sealed = RequestSealer.seal(payloads[i], xwingNode.descriptor.recipient());
      if (!sealed.recipient().key().suite().isPostQuantum()) {
        throw new IllegalStateException("the X-Wing round would not seal with X-Wing");
      }
      ResponseWriter writer = xwingNode.opener.open(sealed.envelope()).responseWriter(xwingNode.signingKey);
      xwingAnswers[i] = writer.finish(answer, Receipt.builder().usage(256, 1024).costNanoton(1).issuedAt(Instant.now()));
    }
    xwingKey = xwingNode.descriptor.recipient().key().toBytes();

    requestPlaintext = new byte[REQUEST_BYTES + 256];
    info = new byte[72];
    hpke = HpkeEncrypt.create(com.google.crypto.tink.hybrid.HpkePublicKey.create(
        com.google.crypto.tink.hybrid.HpkeParameters.builder()
            .setKemId(com.google.crypto.tink.hybrid.HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
            .setKdfId(com.google.crypto.tink.hybrid.HpkeParameters.KdfId.HKDF_SHA256)
            .setAeadId(com.google.crypto.tink.hybrid.HpkeParameters.AeadId.AES_128_GCM)
            .setVariant(com.google.crypto.tink.hybrid.HpkeParameters.Variant.NO_PREFIX).build(),
        com.google.crypto.tink.util.Bytes.copyFrom(node.kemKey.publicKey().toBytes()), null));

    hpkeKey = node.kemKey.publicKey().toBytes();
    jcaHpke = !dev.silk.crypto.CryptoProviders.ensureInstalled() && JcaHpke.isAvailable();

    aesKey = new SecretKeySpec(new byte[32], "AES");
    aesNonce = new byte[12];
    responsePlaintext = new byte[RESPONSE_BYTES + 256];
    Cipher enc = Cipher.getInstance("AES/GCM/NoPadding");
    enc.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(128, aesNonce));
    enc.updateAAD(info, 0, 23);
    responseCiphertext = enc.doFinal(responsePlaintext);
    aes = Cipher.getInstance("AES/GCM/NoPadding");
    hmac = Mac.getInstance("HmacSHA256");
    hmac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));

    byte[] body2 = dev.silk.crypto.signature.SignedFrame.parse(receipt.toBytes(), SignedType.RECEIPT).body();
    receiptInput = SignedType.RECEIPT.signingInput(body2);
    receiptSignature = node.signingKey.sign(SignedType.RECEIPT, body2);
    tinkVerify = new Ed25519Verify(node.signingKey.publicKey().toBytes());
    bcPublicKey = node.signingKey.publicKey().toBytes();
    x25519Private = X25519.generatePrivateKey();
    x25519Peer = X25519.publicFromPrivate(X25519.generatePrivateKey());
    jdkEdKey = java.security.KeyFactory.getInstance("Ed25519").generatePublic(new java.security.spec.EdECPublicKeySpec(
        java.security.spec.NamedParameterSpec.ED25519, edPoint(bcPublicKey)));
    jdkEdVerify = java.security.Signature.getInstance("Ed25519");
    java.security.KeyPairGenerator xdh = java.security.KeyPairGenerator.getInstance("X25519");
    jdkXdhPrivate = xdh.generateKeyPair().getPrivate();
    jdkXdhPeer = xdh.generateKeyPair().getPublic();
    jdkXdh = javax.crypto.KeyAgreement.getInstance("X25519");
  }

  private static java.security.spec.EdECPoint edPoint(byte[] encoded) {
    byte[] reversed = new byte[encoded.length];
    for (int i = 0; i < encoded.length; i++) {
      reversed[i] = encoded[encoded.length - 1 - i];
    }
    boolean xOdd = (reversed[0] & 0x80) != 0;
    reversed[0] &= 0x7f;
    return new java.security.spec.EdECPoint(xOdd, new java.math.BigInteger(1, reversed));
  }

  @Benchmark
  public boolean refEd25519VerifyJdk() throws Exception {
    jdkEdVerify.initVerify(jdkEdKey);
    jdkEdVerify.update(receiptInput);
    return jdkEdVerify.verify(receiptSignature);
  }

  @Benchmark
  public byte[] refX25519Jdk() throws Exception {
    jdkXdh.init(jdkXdhPrivate);
    jdkXdh.doPhase(jdkXdhPeer, true);
    return jdkXdh.generateSecret();
  }

  @Benchmark
  public java.security.KeyPair refX25519KeyGenJdk() throws Exception {
    return java.security.KeyPairGenerator.getInstance("X25519").generateKeyPair();
  }

  @Benchmark
  public byte[] refX25519KeyGenTink() throws Exception {
    return X25519.publicFromPrivate(X25519.generatePrivateKey());
  }

  /** The measured round: seal, open the answer, verify the receipt. */
  @Benchmark
  public SignedReceipt clientRound() throws SilkCryptoException {
    int i = next++ & (POOL - 1);
    SealedRequest sealed = RequestSealer.seal(payloads[i], node.descriptor.recipient());
    ResponseReader reader = sealed.responseReader(node.descriptor.signingKey());
    reader.read(answers[i]);
    return reader.receipt();
  }

  /** The same round sealed with X-Wing (the default against a node that lists it). */
  @Benchmark
  public SignedReceipt clientRoundXWing() throws SilkCryptoException {
    int i = next++ & (POOL - 1);
    SealedRequest sealed = RequestSealer.seal(payloads[i], xwingNode.descriptor.recipient());
    ResponseReader reader = sealed.responseReader(xwingNode.descriptor.signingKey());
    reader.read(xwingAnswers[i]);
    return reader.receipt();
  }

  // ---- Primitives of the round (their sum is the baseline) ----

  /** X-Wing HPKE of the padded request: the X-Wing round's sealing primitive. */
  @Benchmark
  public byte[] primXWingHpkeSeal() throws Exception {
    return XWingHpke.seal(xwingKey, requestPlaintext, info);
  }

  /** The HPKE the round uses: Tink's over Conscrypt, else the JDK's X25519 (see TinkHpke). */
  @Benchmark
  public byte[] primHpkeSeal() throws Exception {
    return jcaHpke ? JcaHpke.seal(hpkeKey, requestPlaintext, info) : hpke.encrypt(requestPlaintext, info);
  }

  /** Tink's pure-Java HPKE, what the pure-Java round used before JcaHpke. */
  @Benchmark
  public byte[] refHpkeSealTink() throws Exception {
    return hpke.encrypt(requestPlaintext, info);
  }

  @Benchmark
  public byte[] primAesGcmOpen() throws Exception {
    aes.init(Cipher.DECRYPT_MODE, aesKey, new GCMParameterSpec(128, aesNonce));
    aes.updateAAD(info, 0, 23);
    return aes.doFinal(responseCiphertext);
  }

  @Benchmark
  public byte[] primHmacRequestAndResponse() {
    hmac.update(requestPlaintext);
    byte[] a = hmac.doFinal();
    hmac.update(responsePlaintext, 0, RESPONSE_BYTES);
    byte[] b = hmac.doFinal();
    return a.length > b.length ? a : b;
  }

  @Benchmark
  public byte[] primHkdf() throws Exception {
    return Hkdf.computeHkdf("HMACSHA256", aesNonce, info, info, 76);
  }

  @Benchmark
  public boolean primEd25519VerifyTink() {
    try {
      tinkVerify.verify(receiptSignature, receiptInput);
      return true;
    } catch (java.security.GeneralSecurityException e) {
      return false;
    }
  }

  // ---- Speed references, not part of the sum ----

  @Benchmark
  public boolean refEd25519VerifyBouncyCastle() {
    return Ed25519.verify(receiptSignature, 0, bcPublicKey, 0, receiptInput, 0, receiptInput.length);
  }

  @Benchmark
  public byte[] refX25519Tink() throws Exception {
    return X25519.computeSharedSecret(x25519Private, x25519Peer);
  }

  @Benchmark
  public byte[] refX25519BouncyCastle() {
    byte[] out = new byte[32];
    org.bouncycastle.math.ec.rfc7748.X25519.calculateAgreement(x25519Private, 0, x25519Peer, 0, out, 0);
    return out;
  }
}
