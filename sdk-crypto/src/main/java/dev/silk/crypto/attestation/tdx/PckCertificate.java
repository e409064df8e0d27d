package dev.silk.crypto.attestation.tdx;

import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.encoding.Hex;
import dev.silk.crypto.internal.Der;
import java.security.cert.X509Certificate;
import java.util.Arrays;

/**
 * The platform facts Intel writes into a PCK certificate's SGX extension
 * (OID 1.2.840.113741.1.13.1): FMSPC, PCE ID, the 16 SGX TCB component SVNs and the PCE SVN.
 * The extension is read with a strict, bounded DER walker; the certificate's signature is
 * checked elsewhere. Immutable.
 */
final class PckCertificate {
  static final String SGX_EXTENSION_OID = "1.2.840.113741.1.13.1";
  /** DER body of OID 1.2.840.113741.1.13.1; the fields are its arcs .1 to .7. */
  private static final byte[] SGX_ARC = Hex.decode("2a864886f84d010d01");
  /** Arc .2 (TCB): its arcs .1 to .16 are the component SVNs, .17 the PCE SVN. */
  private static final byte[] TCB_ARC = Hex.decode("2a864886f84d010d0102");
  private static final int TAG_OCTET_STRING = Der.TAG_OCTET_STRING;
  private static final int TAG_OID = Der.TAG_OID;
  private static final int TAG_SEQUENCE = Der.TAG_SEQUENCE;

  final byte[] fmspc;
  final byte[] pceId;
  final int[] sgxTcbComponents;
  final int pceSvn;

  private PckCertificate(byte[] fmspc, byte[] pceId, int[] sgxTcbComponents, int pceSvn) {
    this.fmspc = fmspc;
    this.pceId = pceId;
    this.sgxTcbComponents = sgxTcbComponents;
    this.pceSvn = pceSvn;
  }

  static PckCertificate of(X509Certificate cert) throws SilkCryptoException {
    byte[] wrapped = cert.getExtensionValue(SGX_EXTENSION_OID);
    if (wrapped == null) {
      throw IntelPki.invalid("PCK certificate has no SGX extension");
    }
    Der outer = der(wrapped);
    Der extension = der(outer.next(TAG_OCTET_STRING));
    outer.end();
    Der fields = der(extension.next(TAG_SEQUENCE));
    extension.end();
    byte[] fmspc = null;
    byte[] pceId = null;
    int[] components = null;
    int pceSvn = -1;
    while (fields.more()) {
      Der field = der(fields.next(TAG_SEQUENCE));
      int arc = arcUnder(SGX_ARC, field.next(TAG_OID));
      if (arc == 2) {
        components = new int[16];
        Der tcb = der(field.next(TAG_SEQUENCE));
        while (tcb.more()) {
          Der component = der(tcb.next(TAG_SEQUENCE));
          int sub = arcUnder(TCB_ARC, component.next(TAG_OID));
          if (sub >= 1 && sub <= 16) {
            components[sub - 1] = component.smallInteger(255);
          } else if (sub == 17) {
            pceSvn = component.smallInteger(65535);
          } else {
            component.skip(); // .18: the raw CPUSVN, which the 16 components already spell out
          }
          component.end();
        }
      } else if (arc == 3) {
        pceId = field.octets(2);
      } else if (arc == 4) {
        fmspc = field.octets(6);
      } else {
        field.skip();
      }
      field.end();
    }
    if (fmspc == null || pceId == null || components == null || pceSvn < 0) {
      throw IntelPki.invalid("PCK certificate's SGX extension lacks FMSPC, PCE ID or TCB");
    }
    return new PckCertificate(fmspc, pceId, components, pceSvn);
  }

  /** The last arc of {@code oid} if it is {@code parent} plus one small arc, else -1. */
  private static int arcUnder(byte[] parent, byte[] oid) {
    if (oid.length != parent.length + 1 || !Arrays.equals(Arrays.copyOf(oid, parent.length), parent)
        || (oid[parent.length] & 0x80) != 0) {
      return -1;
    }
    return oid[parent.length];
  }

  private static Der der(byte[] data) {
    return new Der(data, () -> IntelPki.invalid("PCK certificate's SGX extension is not valid DER"));
  }
}
