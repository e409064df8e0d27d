package dev.silk.crypto.cocoon;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * COCOON's proof of work, run on plain TCP before TLS ({@code tee/cocoon/pow.cpp}). The server
 * sends 24 bytes, {@code u32 0x418e1291 ‖ i32 difficulty ‖ salt[16]}; the client answers 12,
 * {@code u32 0x01827319 ‖ i64 nonce}, all little-endian. A nonce solves the challenge when the
 * first 8 bytes of {@code SHA-256(salt ‖ le64(nonce))}, read as a little-endian u64, have at
 * least {@code difficulty} leading zero bits. The client refuses a difficulty above its bound
 * (COCOON's clients: 28) before solving anything.
 */
public final class ProofOfWork {
  public static final int CHALLENGE_MAGIC = 0x418e1291;
  public static final int RESPONSE_MAGIC = 0x01827319;
  /** COCOON's clients refuse more (TcpConnection.cpp: {@code solve_pow_client(pipe, 28)}). */
  public static final int MAX_DIFFICULTY = 28;

  private ProofOfWork() {}

  /** A challenge the server refused to make fair: over our bound, or malformed. */
  public static final class Refused extends IOException {
    private static final long serialVersionUID = 1L;

    public Refused(String message) {
      super(message);
    }
  }

  /**
   * Reads the challenge from {@code in}, solves it, writes the answer to {@code out}.
   *
   * @return the difficulty solved
   * @throws Refused if the challenge is malformed or harder than {@code maxDifficulty}
   */
  public static int answer(InputStream in, OutputStream out, int maxDifficulty) throws IOException {
    byte[] challenge = new byte[24];
    new DataInputStream(in).readFully(challenge);
    if (le32(challenge, 0) != CHALLENGE_MAGIC) {
      throw new Refused("not a COCOON proof-of-work challenge");
    }
    int difficulty = le32(challenge, 4);
    if (difficulty < 0 || difficulty > maxDifficulty) {
      throw new Refused("the server asks for proof of work of difficulty " + difficulty + ", above our bound of "
          + maxDifficulty);
    }
    long nonce = solve(Arrays.copyOfRange(challenge, 8, 24), difficulty);
    byte[] response = new byte[12];
    put32(response, 0, RESPONSE_MAGIC);
    put32(response, 4, (int) nonce);
    put32(response, 8, (int) (nonce >>> 32));
    out.write(response);
    out.flush();
    return difficulty;
  }

  /** The first nonce from 0 up that solves {@code salt} at {@code difficulty}. */
  public static long solve(byte[] salt, int difficulty) {
    MessageDigest sha = sha256();
    byte[] input = Arrays.copyOf(salt, 24);
    for (long nonce = 0; ; nonce++) {
      for (int i = 0; i < 8; i++) {
        input[16 + i] = (byte) (nonce >>> (8 * i));
      }
      if (leadingZeroBits(sha.digest(input)) >= difficulty) {
        return nonce;
      }
    }
  }

  /** The server's 24-byte challenge. */
  public static byte[] challenge(int difficulty, byte[] salt) {
    if (salt.length != 16) {
      throw new IllegalArgumentException("a proof-of-work salt is 16 bytes");
    }
    byte[] challenge = new byte[24];
    put32(challenge, 0, CHALLENGE_MAGIC);
    put32(challenge, 4, difficulty);
    System.arraycopy(salt, 0, challenge, 8, 16);
    return challenge;
  }

  /** Whether a client's 12-byte answer solves the challenge (the server's side). */
  public static boolean accepts(byte[] salt, int difficulty, byte[] response) {
    if (response.length != 12 || le32(response, 0) != RESPONSE_MAGIC) {
      return false;
    }
    long nonce = (le32(response, 4) & 0xFFFFFFFFL) | ((long) le32(response, 8) << 32);
    return solves(salt, nonce, difficulty);
  }

  /** Whether {@code nonce} solves {@code salt} at {@code difficulty} (the server's check). */
  public static boolean solves(byte[] salt, long nonce, int difficulty) {
    byte[] input = Arrays.copyOf(salt, 24);
    for (int i = 0; i < 8; i++) {
      input[16 + i] = (byte) (nonce >>> (8 * i));
    }
    return leadingZeroBits(sha256().digest(input)) >= difficulty;
  }

  /** Leading zero bits of the hash's first 8 bytes read as a little-endian u64 (COCOON's {@code leading_zero_bits}). */
  public static int leadingZeroBits(byte[] hash) {
    long chunk = 0;
    for (int i = 7; i >= 0; i--) {
      chunk = (chunk << 8) | (hash[i] & 0xFF);
    }
    return Long.numberOfLeadingZeros(chunk);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static int le32(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
  }

  public static void put32(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
    b[at + 2] = (byte) (v >>> 16);
    b[at + 3] = (byte) (v >>> 24);
  }
}
