package dev.silk.crypto.attestation.tdx;

import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.internal.Hex;
import java.math.BigInteger;
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
  private static final int TAG_INTEGER = 0x02;
  private static final int TAG_OCTET_STRING = 0x04;
  private static final int TAG_OID = 0x06;
  private static final int TAG_SEQUENCE = 0x30;

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
    Der outer = new Der(wrapped);
    Der extension = new Der(outer.next(TAG_OCTET_STRING));
    outer.end();
    Der fields = new Der(extension.next(TAG_SEQUENCE));
    extension.end();
    byte[] fmspc = null;
    byte[] pceId = null;
    int[] components = null;
    int pceSvn = -1;
    while (fields.more()) {
      Der field = new Der(fields.next(TAG_SEQUENCE));
      int arc = arcUnder(SGX_ARC, field.next(TAG_OID));
      if (arc == 2) {
        components = new int[16];
        Der tcb = new Der(field.next(TAG_SEQUENCE));
        while (tcb.more()) {
          Der component = new Der(tcb.next(TAG_SEQUENCE));
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

  /** A strict reader of definite-length DER with single-byte tags, bounded by its input. */
  private static final class Der {
    private final byte[] data;
    private int at;

    Der(byte[] data) {
      this.data = data;
    }

    boolean more() {
      return at < data.length;
    }

    /** The contents of the next element, which must have {@code tag}. */
    byte[] next(int tag) throws SilkCryptoException {
      if (at >= data.length || (data[at] & 0xFF) != tag) {
        throw bad();
      }
      at++;
      int length = length();
      if (length > data.length - at) {
        throw bad();
      }
      byte[] out = Arrays.copyOfRange(data, at, at + length);
      at += length;
      return out;
    }

    void skip() throws SilkCryptoException {
      if (at >= data.length) {
        throw bad();
      }
      next(data[at] & 0xFF);
    }

    byte[] octets(int length) throws SilkCryptoException {
      byte[] out = next(TAG_OCTET_STRING);
      if (out.length != length) {
        throw bad();
      }
      return out;
    }

    int smallInteger(int max) throws SilkCryptoException {
      byte[] bytes = next(TAG_INTEGER);
      if (bytes.length == 0 || bytes.length > 3) {
        throw bad();
      }
      int value = new BigInteger(bytes).intValue();
      if (value < 0 || value > max) {
        throw bad();
      }
      return value;
    }

    void end() throws SilkCryptoException {
      if (at != data.length) {
        throw bad();
      }
    }

    private int length() throws SilkCryptoException {
      if (at >= data.length) {
        throw bad();
      }
      int first = data[at++] & 0xFF;
      if (first < 0x80) {
        return first;
      }
      int count = first & 0x7F;
      if (count == 0 || count > 3 || count > data.length - at) {
        throw bad();
      }
      int length = 0;
      for (int i = 0; i < count; i++) {
        length = (length << 8) | (data[at++] & 0xFF);
      }
      return length;
    }

    private static SilkCryptoException bad() {
      return IntelPki.invalid("PCK certificate's SGX extension is not valid DER");
    }
  }
}
