package dev.silk.crypto.attestation.tdx;

import com.google.gson.JsonObject;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.encoding.Hex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Intel's two signed collateral documents for TDX, parsed after their signatures verified:
 * TCB info v3 ({@code "id":"TDX"}) and the TD quoting enclave's identity v2
 * ({@code "id":"TD_QE"}), as Intel's PCS API v4 serves them. Unknown versions, ids, TCB types
 * and statuses are refused. Immutable.
 */
final class IntelDocuments {
  private IntelDocuments() {}

  /** A level keyed by one ISV SVN: a QE identity's or a TDX module identity's. */
  static final class IsvLevel {
    final int isvSvn;
    final Instant tcbDate;
    final TdxTcbStatus status;
    final List<String> advisories;

    private IsvLevel(int isvSvn, Instant tcbDate, TdxTcbStatus status, List<String> advisories) {
      this.isvSvn = isvSvn;
      this.tcbDate = tcbDate;
      this.status = status;
      this.advisories = advisories;
    }

    static List<IsvLevel> list(JsonObject in, String what) throws SilkCryptoException {
      List<IsvLevel> out = new ArrayList<>();
      for (JsonObject level : IntelJson.objects(in, "tcbLevels", what)) {
        out.add(new IsvLevel(IntelJson.integer(IntelJson.object(level, "tcb", what), "isvsvn", 65535, what),
            IntelJson.instant(level, "tcbDate", what),
            TdxTcbStatus.fromIntelName(IntelJson.string(level, "tcbStatus", what), what),
            IntelJson.strings(level, "advisoryIDs", what)));
      }
      return Collections.unmodifiableList(out);
    }

    /** The first (highest) level at or below {@code svn}, or null. */
    static IsvLevel matching(List<IsvLevel> levels, int svn) {
      for (IsvLevel level : levels) {
        if (svn >= level.isvSvn) {
          return level;
        }
      }
      return null;
    }
  }

  /** A TDX module's expected signer and attributes, with its own levels when listed by version. */
  static final class ModuleIdentity {
    final String id;
    final byte[] mrSigner;
    final byte[] attributes;
    final byte[] attributesMask;
    final List<IsvLevel> levels;

    private ModuleIdentity(String id, byte[] mrSigner, byte[] attributes, byte[] attributesMask, List<IsvLevel> levels) {
      this.id = id;
      this.mrSigner = mrSigner;
      this.attributes = attributes;
      this.attributesMask = attributesMask;
      this.levels = levels;
    }

    static ModuleIdentity parse(JsonObject in, String id, boolean withLevels, String what) throws SilkCryptoException {
      return new ModuleIdentity(id, IntelJson.hex(in, "mrsigner", 48, what), IntelJson.hex(in, "attributes", 8, what),
          IntelJson.hex(in, "attributesMask", 8, what),
          withLevels ? IsvLevel.list(in, what) : Collections.<IsvLevel>emptyList());
    }
  }

  /** A platform level of TCB info: 16 SGX component SVNs, the PCE SVN and 16 TDX component SVNs. */
  static final class PlatformLevel {
    final int[] sgxComponents;
    final int pceSvn;
    final int[] tdxComponents;
    final Instant tcbDate;
    final TdxTcbStatus status;
    final List<String> advisories;

    private PlatformLevel(int[] sgxComponents, int pceSvn, int[] tdxComponents, Instant tcbDate, TdxTcbStatus status,
        List<String> advisories) {
      this.sgxComponents = sgxComponents;
      this.pceSvn = pceSvn;
      this.tdxComponents = tdxComponents;
      this.tcbDate = tcbDate;
      this.status = status;
      this.advisories = advisories;
    }

    private static int[] components(JsonObject tcb, String field, String what) throws SilkCryptoException {
      List<JsonObject> list = IntelJson.objects(tcb, field, what);
      if (list.size() != 16) {
        throw IntelPki.malformed(what + ": '" + field + "' must list 16 components");
      }
      int[] out = new int[16];
      for (int i = 0; i < 16; i++) {
        out[i] = IntelJson.integer(list.get(i), "svn", 255, what);
      }
      return out;
    }
  }

  /** TCB info v3 for TDX. */
  static final class TcbInfo {
    static final String WHAT = "TCB info";
    final Instant issueDate;
    final Instant nextUpdate;
    final byte[] fmspc;
    final byte[] pceId;
    final int evaluationDataNumber;
    final ModuleIdentity tdxModule;
    final List<ModuleIdentity> moduleIdentities;
    final List<PlatformLevel> levels;

    private TcbInfo(Instant issueDate, Instant nextUpdate, byte[] fmspc, byte[] pceId, int evaluationDataNumber,
        ModuleIdentity tdxModule, List<ModuleIdentity> moduleIdentities, List<PlatformLevel> levels) {
      this.issueDate = issueDate;
      this.nextUpdate = nextUpdate;
      this.fmspc = fmspc;
      this.pceId = pceId;
      this.evaluationDataNumber = evaluationDataNumber;
      this.tdxModule = tdxModule;
      this.moduleIdentities = moduleIdentities;
      this.levels = levels;
    }

    static TcbInfo parse(String json) throws SilkCryptoException {
      JsonObject o = IntelJson.parse(json, WHAT);
      String id = IntelJson.string(o, "id", WHAT);
      int version = IntelJson.integer(o, "version", 65535, WHAT);
      if (!"TDX".equals(id) || version != 3) {
        throw IntelPki.invalid("TCB info is '" + id + "' version " + version + ", not TDX version 3");
      }
      int tcbType = IntelJson.integer(o, "tcbType", 65535, WHAT);
      if (tcbType != 0) {
        throw IntelPki.invalid("TCB info has tcbType " + tcbType + "; only 0 is defined");
      }
      List<ModuleIdentity> identities = new ArrayList<>();
      if (o.has("tdxModuleIdentities")) {
        for (JsonObject m : IntelJson.objects(o, "tdxModuleIdentities", WHAT)) {
          identities.add(ModuleIdentity.parse(m, IntelJson.string(m, "id", WHAT), true, WHAT));
        }
      }
      List<PlatformLevel> levels = new ArrayList<>();
      for (JsonObject level : IntelJson.objects(o, "tcbLevels", WHAT)) {
        JsonObject tcb = IntelJson.object(level, "tcb", WHAT);
        levels.add(new PlatformLevel(PlatformLevel.components(tcb, "sgxtcbcomponents", WHAT),
            IntelJson.integer(tcb, "pcesvn", 65535, WHAT), PlatformLevel.components(tcb, "tdxtcbcomponents", WHAT),
            IntelJson.instant(level, "tcbDate", WHAT),
            TdxTcbStatus.fromIntelName(IntelJson.string(level, "tcbStatus", WHAT), WHAT),
            IntelJson.strings(level, "advisoryIDs", WHAT)));
      }
      return new TcbInfo(IntelJson.instant(o, "issueDate", WHAT), IntelJson.instant(o, "nextUpdate", WHAT),
          IntelJson.hex(o, "fmspc", 6, WHAT), IntelJson.hex(o, "pceId", 2, WHAT),
          IntelJson.integer(o, "tcbEvaluationDataNumber", Integer.MAX_VALUE, WHAT),
          ModuleIdentity.parse(IntelJson.object(o, "tdxModule", WHAT), "", false, WHAT),
          Collections.unmodifiableList(identities), Collections.unmodifiableList(levels));
    }

    /** The module identity Intel names {@code TDX_<major version, two hex digits>}, or null. */
    ModuleIdentity moduleIdentity(int majorVersion) {
      String id = "TDX_" + Hex.encode(new byte[] {(byte) majorVersion}).toUpperCase(java.util.Locale.ROOT);
      for (ModuleIdentity m : moduleIdentities) {
        if (m.id.equals(id)) {
          return m;
        }
      }
      return null;
    }
  }

  /** The TD quoting enclave's identity, v2. */
  static final class QeIdentity {
    static final String WHAT = "QE identity";
    final Instant issueDate;
    final Instant nextUpdate;
    final int evaluationDataNumber;
    final byte[] miscSelect;
    final byte[] miscSelectMask;
    final byte[] attributes;
    final byte[] attributesMask;
    final byte[] mrSigner;
    final int isvProdId;
    final List<IsvLevel> levels;

    private QeIdentity(Instant issueDate, Instant nextUpdate, int evaluationDataNumber, byte[] miscSelect,
        byte[] miscSelectMask, byte[] attributes, byte[] attributesMask, byte[] mrSigner, int isvProdId,
        List<IsvLevel> levels) {
      this.issueDate = issueDate;
      this.nextUpdate = nextUpdate;
      this.evaluationDataNumber = evaluationDataNumber;
      this.miscSelect = miscSelect;
      this.miscSelectMask = miscSelectMask;
      this.attributes = attributes;
      this.attributesMask = attributesMask;
      this.mrSigner = mrSigner;
      this.isvProdId = isvProdId;
      this.levels = levels;
    }

    static QeIdentity parse(String json) throws SilkCryptoException {
      JsonObject o = IntelJson.parse(json, WHAT);
      String id = IntelJson.string(o, "id", WHAT);
      int version = IntelJson.integer(o, "version", 65535, WHAT);
      if (!"TD_QE".equals(id) || version != 2) {
        throw IntelPki.invalid("QE identity is '" + id + "' version " + version + ", not TD_QE version 2");
      }
      return new QeIdentity(IntelJson.instant(o, "issueDate", WHAT), IntelJson.instant(o, "nextUpdate", WHAT),
          IntelJson.integer(o, "tcbEvaluationDataNumber", Integer.MAX_VALUE, WHAT),
          IntelJson.hex(o, "miscselect", 4, WHAT), IntelJson.hex(o, "miscselectMask", 4, WHAT),
          IntelJson.hex(o, "attributes", 16, WHAT), IntelJson.hex(o, "attributesMask", 16, WHAT),
          IntelJson.hex(o, "mrsigner", 32, WHAT), IntelJson.integer(o, "isvprodid", 65535, WHAT),
          IsvLevel.list(o, WHAT));
    }
  }
}
