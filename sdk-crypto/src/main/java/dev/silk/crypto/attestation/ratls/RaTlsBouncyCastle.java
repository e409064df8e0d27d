package dev.silk.crypto.attestation.ratls;

import dev.silk.crypto.SecretAccess;
import dev.silk.crypto.SilkCryptoException;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.CertificateType;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsRawKeyCertificate;

/**
 * The glue between COCOON's RA-TLS and BouncyCastle's TLS API (which Silk uses because JSSE
 * cannot parse the X.509 v1 certificates with extensions that COCOON's tools write): a TLS crypto
 * that reads certificates with {@link RaTlsCertificate} and uses each only as the Ed25519 key it
 * carries (the rest is the {@link RaTlsVerifier}'s to judge), and credentials that present an
 * {@link RaTlsIdentity}. Needs {@code org.bouncycastle:bctls-jdk18on} on the classpath. Used by
 * Silk's COCOON client and by the COCOON test proxy. Stateless.
 */
public final class RaTlsBouncyCastle {
  /** The cipher suites COCOON allows ({@code tee/cocoon/tdx.cpp}, {@code create_ssl_ctx}). */
  public static final int[] CIPHER_SUITES = {CipherSuite.TLS_AES_128_GCM_SHA256, CipherSuite.TLS_AES_256_GCM_SHA384};

  private RaTlsBouncyCastle() {}

  /** A TLS crypto whose certificates are RA-TLS certificates read leniently, as COCOON writes them. */
  public static BcTlsCrypto crypto() {
    return new Crypto();
  }

  /** The DER of each certificate of a peer's chain, as received. */
  public static List<byte[]> chain(Certificate certificate) throws IOException {
    List<byte[]> chain = new ArrayList<>();
    for (TlsCertificate c : certificate.getCertificateList()) {
      chain.add(c.getEncoded());
    }
    return chain;
  }

  /**
   * Credentials that present {@code identity} and sign the handshake with its key.
   *
   * @param requestContext the TLS 1.3 certificate request context (empty for a server)
   */
  public static TlsCredentialedSigner credentials(TlsContext context, BcTlsCrypto crypto, RaTlsIdentity identity,
      byte[] requestContext) throws IOException {
    TlsCertificate own = crypto.createCertificate(CertificateType.X509, identity.certificate());
    Certificate certificate = new Certificate(requestContext, new CertificateEntry[] {new CertificateEntry(own, null)});
    return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
        new Ed25519PrivateKeyParameters(identity.seed(SecretAccess.grant()), 0), certificate,
        SignatureAndHashAlgorithm.ed25519);
  }

  private static final class Crypto extends BcTlsCrypto {
    Crypto() {
      super(new SecureRandom());
    }

    @Override
    public TlsCertificate createCertificate(short type, byte[] encoding) throws IOException {
      if (type != CertificateType.X509) {
        throw new TlsFatalAlert(AlertDescription.unsupported_certificate);
      }
      RaTlsCertificate cert;
      try {
        cert = RaTlsCertificate.parse(encoding);
      } catch (SilkCryptoException e) {
        throw new TlsFatalAlert(AlertDescription.bad_certificate, e);
      }
      if (!RaTlsCertificate.ED25519_OID.equals(cert.keyAlgorithm()) || cert.publicKey().length != 32) {
        throw new TlsFatalAlert(AlertDescription.unsupported_certificate);
      }
      return new KeyOnly(this, new SubjectPublicKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519),
          cert.publicKey()), encoding.clone());
    }
  }

  /** An Ed25519 key that answers for its whole certificate's bytes. */
  private static final class KeyOnly extends BcTlsRawKeyCertificate {
    private final byte[] encoded;

    KeyOnly(BcTlsCrypto crypto, SubjectPublicKeyInfo key, byte[] encoded) {
      super(crypto, key);
      this.encoded = encoded;
    }

    @Override
    public byte[] getEncoded() {
      return encoded.clone();
    }
  }
}
