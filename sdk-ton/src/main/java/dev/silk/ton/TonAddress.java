package dev.silk.ton;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;


/**
 * A TON account address: a workchain and a 32-byte account id. Parsed from the raw form
 * ({@code 0:83df…}) or a user-friendly one ({@code EQ…}, {@code UQ…}, with its checksum
 * checked); printed in either. Immutable and thread-safe.
 *
 * <pre>{@code
 * TonAddress a = TonAddress.parse("EQD2g4JBtGmFFK4YqLphpRtQiaMIWePfZOY8-esOTD9ZiqNA");
 * a.toRaw();                 // "0:f6838241…"
 * a.toFriendly(false, true); // non-bounceable, testnet: "0Q…"
 * }</pre>
 */
public final class TonAddress {
  private static final int BOUNCEABLE = 0x11;
  private static final int NON_BOUNCEABLE = 0x51;
  private static final int TESTNET_FLAG = 0x80;

  private final int workchain;
  private final byte[] account;

  private TonAddress(int workchain, byte[] account) {
    this.workchain = workchain;
    this.account = account;
  }

  /** @throws IllegalArgumentException if {@code account} is not 32 bytes or the workchain is not 0 or -1 */
  public static TonAddress of(int workchain, byte[] account) {
    if (workchain != 0 && workchain != -1) {
      throw new IllegalArgumentException("workchain must be 0 or -1, not " + workchain);
    }
    if (Objects.requireNonNull(account, "account").length != 32) {
      throw new IllegalArgumentException("an account id is 32 bytes, not " + account.length);
    }
    return new TonAddress(workchain, account.clone());
  }

  /**
   * Parses a raw or user-friendly address.
   *
   * @throws IllegalArgumentException if it is neither, or its flags or checksum are wrong
   */
  public static TonAddress parse(String address) {
    String a = Objects.requireNonNull(address, "address").trim();
    int colon = a.indexOf(':');
    if (colon > 0) {
      return parseRaw(a, colon);
    }
    if (a.length() != 48) {
      throw invalid(address);
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(a.replace('-', '+').replace('_', '/'));
    } catch (IllegalArgumentException e) {
      throw invalid(address);
    }
    int tag = bytes[0] & 0xff & ~TESTNET_FLAG;
    if (bytes.length != 36 || (tag != BOUNCEABLE && tag != NON_BOUNCEABLE)) {
      throw invalid(address);
    }
    int crc = crc16(bytes, 34);
    if (((bytes[34] & 0xff) << 8 | (bytes[35] & 0xff)) != crc) {
      throw new IllegalArgumentException("TON address checksum mismatch: '" + address + "'");
    }
    return of(bytes[1], Arrays.copyOfRange(bytes, 2, 34));
  }

  private static TonAddress parseRaw(String a, int colon) {
    String hex = a.substring(colon + 1);
    if (hex.length() != 64) {
      throw invalid(a);
    }
    byte[] account = new byte[32];
    for (int i = 0; i < 32; i++) {
      int hi = Character.digit(hex.charAt(2 * i), 16);
      int lo = Character.digit(hex.charAt(2 * i + 1), 16);
      if (hi < 0 || lo < 0) {
        throw invalid(a);
      }
      account[i] = (byte) (hi << 4 | lo);
    }
    try {
      return of(Integer.parseInt(a.substring(0, colon)), account);
    } catch (NumberFormatException e) {
      throw invalid(a);
    }
  }

  private static IllegalArgumentException invalid(String address) {
    return new IllegalArgumentException("not a TON address: '" + address + "'");
  }

  /** CRC-16/XMODEM, as TON's user-friendly addresses use it. */
  private static int crc16(byte[] data, int length) {
    int crc = 0;
    for (int i = 0; i < length; i++) {
      crc ^= (data[i] & 0xff) << 8;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
      }
    }
    return crc & 0xffff;
  }

  public int workchain() {
    return workchain;
  }

  /** The 32-byte account id (a copy). */
  public byte[] account() {
    return account.clone();
  }

  /** {@code workchain:hex}. */
  public String toRaw() {
    StringBuilder hex = new StringBuilder(workchain + ":");
    for (byte b : account) {
      hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return hex.toString();
  }

  /** The user-friendly, URL-safe form. */
  public String toFriendly(boolean bounceable, boolean testnet) {
    byte[] bytes = new byte[36];
    bytes[0] = (byte) ((bounceable ? BOUNCEABLE : NON_BOUNCEABLE) | (testnet ? TESTNET_FLAG : 0));
    bytes[1] = (byte) workchain;
    System.arraycopy(account, 0, bytes, 2, 32);
    int crc = crc16(bytes, 34);
    bytes[34] = (byte) (crc >> 8);
    bytes[35] = (byte) crc;
    return Base64.getUrlEncoder().encodeToString(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TonAddress && ((TonAddress) o).workchain == workchain
        && Arrays.equals(((TonAddress) o).account, account);
  }

  @Override
  public int hashCode() {
    return 31 * workchain + Arrays.hashCode(account);
  }

  /** The bounceable mainnet form. */
  @Override
  public String toString() {
    return toFriendly(true, false);
  }
}
