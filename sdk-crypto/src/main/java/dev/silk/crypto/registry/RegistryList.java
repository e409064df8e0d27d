package dev.silk.crypto.registry;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.ProtocolVersion;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.encoding.ByteReader;
import dev.silk.crypto.encoding.ByteWriter;
import dev.silk.crypto.signature.SignedFrame;
import dev.silk.crypto.signature.SignedType;
import dev.silk.crypto.signature.SigningPrivateKey;
import dev.silk.crypto.signature.SigningPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A registry's signed list of nodes (spec-v1 §14.2, tag 5, {@code "silk/1 registry-list"}):
 * each entry is a node's public URL and its signed descriptor, exactly as the node announced
 * them. A client pins the registry's key; the list is valid until {@code not_after}. Parsing
 * does not check the descriptors' own signatures: {@link Entry#descriptor()} does, one entry at a
 * time, so that a client can check them in parallel and drop the bad ones. Immutable and
 * thread-safe.
 *
 * <pre>
 * body  = u16 version || fixed[32] registry_key || u64 issued_at_ms || u64 not_after_ms
 *      || u16 count || count × entry
 * entry = string url || bytes signed_descriptor
 * </pre>
 *
 * <pre>{@code
 * RegistryList list = RegistryList.parse(bytes).verify(pinnedRegistryKey, Instant.now());
 * for (RegistryList.Entry e : list.entries()) {
 *   SignedDescriptor d = e.descriptor(); // throws for a forged or malformed descriptor
 * }
 * }</pre>
 */
public final class RegistryList {
  /** Most entries in one list. */
  public static final int MAX_ENTRIES = 65_535;
  /** How far in the future a list's issue time may lie (clock skew). */
  public static final Duration MAX_SKEW = Duration.ofMinutes(5);

  private final byte[] bytes;
  private final SigningPublicKey registryKey;
  private final Instant issuedAt;
  private final Instant notAfter;
  private final List<Entry> entries;

  private RegistryList(byte[] bytes, SigningPublicKey registryKey, Instant issuedAt, Instant notAfter,
      List<Entry> entries) {
    this.bytes = bytes;
    this.registryKey = registryKey;
    this.issuedAt = issuedAt;
    this.notAfter = notAfter;
    this.entries = entries;
  }

  /** One listed node: where it is and what it announced. Immutable. */
  public static final class Entry {
    private final String url;
    private final byte[] descriptor;

    private Entry(String url, byte[] descriptor) {
      this.url = url;
      this.descriptor = descriptor;
    }

    /** An entry for {@link #sign}. */
    public static Entry of(String url, SignedDescriptor descriptor) {
      return new Entry(NodeUrls.require(url), descriptor.toBytes());
    }

    public String url() {
      return url;
    }

    /**
     * Parses the descriptor and checks its own signature (validity and attestation are the
     * caller's, under its policy).
     *
     * @throws SilkCryptoException as {@link SignedDescriptor#parse} does
     */
    public SignedDescriptor descriptor() throws SilkCryptoException {
      return SignedDescriptor.parse(descriptor);
    }

    /** The descriptor's exact bytes, unchecked. */
    public byte[] descriptorBytes() {
      return descriptor.clone();
    }

    @Override
    public String toString() {
      return "RegistryList.Entry[" + url + "]";
    }
  }

  /**
   * Signs a list of entries with the registry's key.
   *
   * @throws IllegalArgumentException for more than {@link #MAX_ENTRIES} entries or {@code notAfter}
   *     not after {@code issuedAt}
   */
  public static RegistryList sign(SigningPrivateKey key, List<Entry> entries, Instant issuedAt, Instant notAfter) {
    if (entries.size() > MAX_ENTRIES) {
      throw new IllegalArgumentException("a registry list holds at most " + MAX_ENTRIES + " entries");
    }
    if (!notAfter.isAfter(issuedAt)) {
      throw new IllegalArgumentException("notAfter must be after issuedAt");
    }
    int size = 64;
    for (Entry e : entries) {
      size += e.url.length() + e.descriptor.length + 8;
    }
    ByteWriter w = new ByteWriter(size)
        .u16(ProtocolVersion.V1)
        .fixed(key.publicKey().toBytes())
        .u64(issuedAt.toEpochMilli())
        .u64(notAfter.toEpochMilli())
        .count(entries.size());
    for (Entry e : entries) {
      w.string(e.url).bytes(e.descriptor);
    }
    return SignedFrame.signAndParse(SignedType.REGISTRY_LIST, w.toByteArray(), key, RegistryList::parse);
  }

  /**
   * Parses a list; {@link #verify} checks its signature and validity.
   *
   * @throws SilkCryptoException {@link ErrorCode#MALFORMED}, {@link ErrorCode#UNSUPPORTED_VERSION}
   *     or {@link ErrorCode#UNEXPECTED_TYPE}
   */
  public static RegistryList parse(byte[] bytes) throws SilkCryptoException {
    ByteReader in = SignedFrame.parse(bytes, SignedType.REGISTRY_LIST).bodyReader();
    SigningPublicKey key = SigningPublicKey.fromBytes(in.fixed(SigningPublicKey.LENGTH, "registry key"));
    Instant issuedAt = Instant.ofEpochMilli(in.u64("issued at"));
    Instant notAfter = Instant.ofEpochMilli(in.u64("not after"));
    if (!notAfter.isAfter(issuedAt)) {
      throw in.malformed("not after must be after issued at");
    }
    int count = in.count(MAX_ENTRIES, "entries");
    List<Entry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String url = NodeUrls.read(in);
      entries.add(new Entry(url, in.bytes(SignedFrame.MAX_BODY + 69, "descriptor")));
    }
    in.expectEnd();
    return new RegistryList(bytes.clone(), key, issuedAt, notAfter, Collections.unmodifiableList(entries));
  }

  /**
   * Checks that the list is signed by {@code pinned} and valid at {@code now}.
   *
   * @throws SilkCryptoException {@link ErrorCode#BAD_SIGNATURE} for another registry's list or a
   *     bad signature, {@link ErrorCode#STALE_DESCRIPTOR} for an expired or future list
   */
  public RegistryList verify(SigningPublicKey pinned, Instant now) throws SilkCryptoException {
    Objects.requireNonNull(pinned, "pinned");
    if (!pinned.equals(registryKey)) {
      throw new SilkCryptoException(ErrorCode.BAD_SIGNATURE, "registry list signed by another registry");
    }
    SignedFrame.parse(bytes, SignedType.REGISTRY_LIST).verify(pinned);
    if (!now.isBefore(notAfter) || issuedAt.isAfter(now.plus(MAX_SKEW))) {
      throw new SilkCryptoException(ErrorCode.STALE_DESCRIPTOR,
          "registry list valid from " + issuedAt + " to " + notAfter + ", now " + now);
    }
    return this;
  }

  public SigningPublicKey registryKey() {
    return registryKey;
  }

  public Instant issuedAt() {
    return issuedAt;
  }

  public Instant notAfter() {
    return notAfter;
  }

  public List<Entry> entries() {
    return entries;
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  @Override
  public String toString() {
    return "RegistryList[" + entries.size() + " nodes, until " + notAfter + "]";
  }
}
