package dev.silk.crypto.attestation.tdx;

import dev.silk.crypto.encoding.Hex;
import dev.silk.crypto.internal.Hashes;

/**
 * What a TDX quote says about the measured TD: MRTD, RTMR0–3, MRCONFIGID, MROWNER,
 * MROWNERCONFIG, TD attributes, TEE TCB SVN and report data, plus the image hash computed the way
 * COCOON does (SHA-256 over MRTD, MRCONFIGID, MROWNER, MROWNERCONFIG, RTMR0–3), so that
 * allow-lists can be shared with that network. Immutable and thread-safe.
 */
public final class TdxMeasurements {
  /** TD attribute bit 0: the TD runs in debug mode (its memory is readable by the host). */
  private static final long DEBUG = 1L;

  private final byte[] teeTcbSvn;
  private final byte[] mrTd;
  private final byte[] mrConfigId;
  private final byte[] mrOwner;
  private final byte[] mrOwnerConfig;
  private final byte[][] rtmr;
  private final byte[] tdAttributes;
  private final byte[] reportData;

  TdxMeasurements(byte[] teeTcbSvn, byte[] mrTd, byte[] mrConfigId, byte[] mrOwner, byte[] mrOwnerConfig,
      byte[][] rtmr, byte[] tdAttributes, byte[] reportData) {
    this.teeTcbSvn = teeTcbSvn;
    this.mrTd = mrTd;
    this.mrConfigId = mrConfigId;
    this.mrOwner = mrOwner;
    this.mrOwnerConfig = mrOwnerConfig;
    this.rtmr = rtmr;
    this.tdAttributes = tdAttributes;
    this.reportData = reportData;
  }

  public byte[] teeTcbSvn() {
    return teeTcbSvn.clone();
  }

  public byte[] mrTd() {
    return mrTd.clone();
  }

  public byte[] mrConfigId() {
    return mrConfigId.clone();
  }

  public byte[] mrOwner() {
    return mrOwner.clone();
  }

  public byte[] mrOwnerConfig() {
    return mrOwnerConfig.clone();
  }

  /** RTMR {@code index} (0–3). */
  public byte[] rtmr(int index) {
    return rtmr[index].clone();
  }

  /** TD attributes, 8 bytes little-endian as in the quote. */
  public byte[] tdAttributes() {
    return tdAttributes.clone();
  }

  /** Whether the TD runs in debug mode: such a TD proves nothing. */
  public boolean debug() {
    return (tdAttributes[0] & DEBUG) != 0;
  }

  /** The 64 bytes the TD put into its report: Silk's key binding. */
  public byte[] reportData() {
    return reportData.clone();
  }

  /** SHA-256(MRTD ‖ MRCONFIGID ‖ MROWNER ‖ MROWNERCONFIG ‖ RTMR0 ‖ RTMR1 ‖ RTMR2 ‖ RTMR3), as COCOON computes it. */
  public byte[] imageHash() {
    return Hashes.sha256(mrTd, mrConfigId, mrOwner, mrOwnerConfig, rtmr[0], rtmr[1], rtmr[2], rtmr[3]);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("TdxMeasurements[")
        .append("image=").append(Hex.encode(imageHash()))
        .append(", mrtd=").append(Hex.encode(mrTd));
    for (int i = 0; i < 4; i++) {
      b.append(", rtmr").append(i).append('=').append(Hex.encode(rtmr[i]));
    }
    return b.append(", mrconfigid=").append(Hex.encode(mrConfigId))
        .append(", mrowner=").append(Hex.encode(mrOwner))
        .append(", mrownerconfig=").append(Hex.encode(mrOwnerConfig))
        .append(", attributes=").append(Hex.encode(tdAttributes)).append(debug() ? " (DEBUG)" : "")
        .append(", teeTcbSvn=").append(Hex.encode(teeTcbSvn))
        .append(", reportData=").append(Hex.encode(reportData)).append(']').toString();
  }
}
