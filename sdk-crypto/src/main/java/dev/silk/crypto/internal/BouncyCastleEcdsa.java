package dev.silk.crypto.internal;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;

/** BouncyCastle's ECDSA over its custom P-256 code, used by {@link EcdsaP256} when it is on the classpath. */
final class BouncyCastleEcdsa extends EcdsaP256 {
  private final X9ECParameters curve;
  private final ECDomainParameters domain;

  private BouncyCastleEcdsa(X9ECParameters curve) {
    this.curve = curve;
    this.domain = new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH());
  }

  /** @throws LinkageError if BouncyCastle is not on the classpath */
  static EcdsaP256 create() {
    return new BouncyCastleEcdsa(CustomNamedCurves.getByName("secp256r1"));
  }

  @Override
  public String name() {
    return "bouncycastle";
  }

  @Override
  boolean verifyP256(ECPublicKey key, byte[] message, byte[] rawSignature) throws NoSuchAlgorithmException {
    // createPoint validates that the point lies on the curve.
    ECPoint point = curve.getCurve().createPoint(key.getW().getAffineX(), key.getW().getAffineY()).normalize();
    if (!point.isValid()) {
      return false;
    }
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, new ECPublicKeyParameters(point, domain));
    return verifier.verifySignature(MessageDigest.getInstance("SHA-256").digest(message),
        new BigInteger(1, Arrays.copyOf(rawSignature, 32)), new BigInteger(1, Arrays.copyOfRange(rawSignature, 32, 64)));
  }
}
