package dev.silk.crypto.attestation.tdx;

import dev.silk.crypto.internal.Hashes;
import java.nio.ByteBuffer;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the Intel signatures already found valid. Most of what a descriptor's attestation
 * carries repeats: the collateral (CRLs, TCB signing certificate, TCB info, QE identity) is the
 * same for every node of a platform model, and the PCK certificate and QE report are the same
 * in every quote of one machine, so a node's next descriptor costs one new signature (its
 * quote's). Only valid signatures are kept, keyed by a SHA-256 over key, message and signature,
 * so a hit means those exact bytes verified; dates and revocation are still checked each time.
 * Bounded, thread-safe.
 */
final class SignatureMemo implements IntelPki.SignatureCheck {
  private static final int MAX_ENTRIES = 256;

  private final Map<ByteBuffer, Boolean> verified = new LinkedHashMap<ByteBuffer, Boolean>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Boolean> eldest) {
      return size() > MAX_ENTRIES;
    }
  };

  @Override
  public boolean verify(PublicKey key, byte[] message, byte[] rawSignature) {
    ByteBuffer id = ByteBuffer.wrap(Hashes.sha256(key.getEncoded(), Hashes.sha256(message), rawSignature));
    synchronized (verified) {
      if (verified.containsKey(id)) {
        return true;
      }
    }
    boolean valid = IntelPki.DIRECT.verify(key, message, rawSignature);
    if (valid) {
      synchronized (verified) {
        verified.put(id, Boolean.TRUE);
      }
    }
    return valid;
  }
}
