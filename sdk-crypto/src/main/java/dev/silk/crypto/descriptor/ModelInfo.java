package dev.silk.crypto.descriptor;

import dev.silk.crypto.encoding.Hex;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A model a node serves, as listed in its descriptor: name, backend kind ({@code echo},
 * {@code openai}, …), the SHA-256 of its weights where known, and prices in nanoTON per 1,000
 * prompt and completion tokens. Immutable and thread-safe.
 */
public final class ModelInfo {
  static final int MAX_NAME = 256;
  static final int MAX_BACKEND = 64;

  private final String name;
  private final String backend;
  private final byte[] weightsHash;
  private final long promptNanotonPer1k;
  private final long completionNanotonPer1k;
  private final long maxCompletionTokens;

  private ModelInfo(Builder b) {
    this.name = b.name;
    this.backend = b.backend;
    this.weightsHash = b.weightsHash;
    this.promptNanotonPer1k = b.promptNanotonPer1k;
    this.completionNanotonPer1k = b.completionNanotonPer1k;
    this.maxCompletionTokens = b.maxCompletionTokens;
  }

  public static Builder builder(String name, String backend) {
    return new Builder(name, backend);
  }

  public String name() {
    return name;
  }

  public String backend() {
    return backend;
  }

  /** SHA-256 of the weights, or an empty array when the backend cannot state it. */
  public byte[] weightsHash() {
    return weightsHash.clone();
  }

  public long promptNanotonPer1k() {
    return promptNanotonPer1k;
  }

  public long completionNanotonPer1k() {
    return completionNanotonPer1k;
  }

  public long maxCompletionTokens() {
    return maxCompletionTokens;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ModelInfo)) {
      return false;
    }
    ModelInfo m = (ModelInfo) o;
    return name.equals(m.name) && backend.equals(m.backend) && java.util.Arrays.equals(weightsHash, m.weightsHash)
        && promptNanotonPer1k == m.promptNanotonPer1k && completionNanotonPer1k == m.completionNanotonPer1k
        && maxCompletionTokens == m.maxCompletionTokens;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, backend, promptNanotonPer1k, completionNanotonPer1k, maxCompletionTokens);
  }

  @Override
  public String toString() {
    return "ModelInfo[" + name + ", backend=" + backend + ", weights="
        + (weightsHash.length == 0 ? "unstated" : Hex.encode(weightsHash)) + ", prompt="
        + promptNanotonPer1k + ", completion=" + completionNanotonPer1k + " nanoTON/1K, max="
        + maxCompletionTokens + "]";
  }

  /** Builds a {@link ModelInfo}; not thread-safe. */
  public static final class Builder {
    private final String name;
    private final String backend;
    private byte[] weightsHash = new byte[0];
    private long promptNanotonPer1k;
    private long completionNanotonPer1k;
    private long maxCompletionTokens = 4096;

    private Builder(String name, String backend) {
      this.name = Objects.requireNonNull(name, "name");
      this.backend = Objects.requireNonNull(backend, "backend");
    }

    /** SHA-256 of the weights (32 bytes). */
    public Builder weightsHash(byte[] weightsHash) {
      if (Objects.requireNonNull(weightsHash, "weightsHash").length != 32) {
        throw new IllegalArgumentException("weights hash must be 32 bytes");
      }
      this.weightsHash = weightsHash.clone();
      return this;
    }

    /** Prices in nanoTON per 1,000 tokens. */
    public Builder prices(long promptNanotonPer1k, long completionNanotonPer1k) {
      if (promptNanotonPer1k < 0 || completionNanotonPer1k < 0) {
        throw new IllegalArgumentException("prices must not be negative");
      }
      this.promptNanotonPer1k = promptNanotonPer1k;
      this.completionNanotonPer1k = completionNanotonPer1k;
      return this;
    }

    public Builder maxCompletionTokens(long maxCompletionTokens) {
      if (maxCompletionTokens < 1 || maxCompletionTokens > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("maxCompletionTokens must be in 1..2^32-1");
      }
      this.maxCompletionTokens = maxCompletionTokens;
      return this;
    }

    /** @throws IllegalArgumentException if the name or backend is empty or too long */
    public ModelInfo build() {
      checkText(name, MAX_NAME, "name");
      checkText(backend, MAX_BACKEND, "backend");
      return new ModelInfo(this);
    }
  }

  static void checkText(String value, int max, String field) {
    int length = value.getBytes(StandardCharsets.UTF_8).length;
    if (length == 0 || length > max) {
      throw new IllegalArgumentException(field + " must be 1.." + max + " UTF-8 bytes");
    }
  }
}
