package dev.silk.core.cocoon;

import dev.silk.crypto.encoding.Hex;
import java.util.Objects;

/**
 * A COCOON proxy as one connection showed it: its address, its RA-TLS key and attested image
 * (empty when attestation was waived), and what it said of itself in the session's handshake
 * (its owner and contract, the client contract of this client with it). Immutable.
 */
public final class CocoonProxy {
  private final String address;
  private final byte[] tlsKey;
  private final String imageHash;
  private final byte[] paymentKey;
  private final String ownerAddress;
  private final String contractAddress;
  private final String clientContractAddress;
  private final int protoVersion;

  public CocoonProxy(String address, byte[] tlsKey, String imageHash, byte[] paymentKey, String ownerAddress,
      String contractAddress, String clientContractAddress, int protoVersion) {
    this.address = Objects.requireNonNull(address, "address");
    this.tlsKey = tlsKey.clone();
    this.imageHash = imageHash;
    this.paymentKey = paymentKey.clone();
    this.ownerAddress = Objects.requireNonNull(ownerAddress, "ownerAddress");
    this.contractAddress = Objects.requireNonNull(contractAddress, "contractAddress");
    this.clientContractAddress = Objects.requireNonNull(clientContractAddress, "clientContractAddress");
    this.protoVersion = protoVersion;
  }

  /** {@code host:port} it was reached at. */
  public String address() {
    return address;
  }

  /** The Ed25519 key of its RA-TLS certificate (the one its quote binds). */
  public byte[] tlsKey() {
    return tlsKey.clone();
  }

  /** The image hash its attestation proved (hex), or null when attestation was waived. */
  public String imageHash() {
    return imageHash;
  }

  /** The key that signs its payments ({@code proxy_public_key}). */
  public byte[] paymentKey() {
    return paymentKey.clone();
  }

  public String ownerAddress() {
    return ownerAddress;
  }

  /** Its proxy contract. */
  public String contractAddress() {
    return contractAddress;
  }

  /** This client's contract with it: where the client's balance and stake live. */
  public String clientContractAddress() {
    return clientContractAddress;
  }

  public int protoVersion() {
    return protoVersion;
  }

  @Override
  public String toString() {
    return "CocoonProxy[" + address + ", " + (imageHash == null ? "UNATTESTED" : "image " + imageHash) + ", payments "
        + Hex.encode(paymentKey).substring(0, 16) + ", contract " + contractAddress + "]";
  }

}
