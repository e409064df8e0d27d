package dev.silk.core.internal.node;

import dev.silk.core.errors.SilkException;
import java.io.IOException;

/**
 * A typed failure carried through OkHttp, which lets an interceptor throw only IOExceptions: the
 * client surfaces the {@link SilkException} inside as it is (COCOON's native transport uses it
 * for a refused attestation or a proxy that broke the protocol).
 */
public final class SurfacedFailure extends IOException {
  private static final long serialVersionUID = 1L;
  private final transient SilkException failure;

  public SurfacedFailure(SilkException failure) {
    super(failure.getMessage(), failure);
    this.failure = failure;
  }

  public SilkException failure() {
    return failure;
  }
}
