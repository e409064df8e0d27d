package dev.silk.ton.center;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The result of running a contract's get-method. Immutable and thread-safe. */
public final class GetMethodResult {
  private final int exitCode;
  private final long gasUsed;
  private final List<StackEntry> stack;

  public GetMethodResult(int exitCode, long gasUsed, List<StackEntry> stack) {
    this.exitCode = exitCode;
    this.gasUsed = gasUsed;
    this.stack = Collections.unmodifiableList(new ArrayList<>(stack));
  }

  /** The TVM exit code: 0 or 1 on success. */
  public int exitCode() {
    return exitCode;
  }

  public boolean succeeded() {
    return exitCode == 0 || exitCode == 1;
  }

  public long gasUsed() {
    return gasUsed;
  }

  public List<StackEntry> stack() {
    return stack;
  }

  @Override
  public String toString() {
    return "GetMethodResult[exit " + exitCode + ", " + stack + "]";
  }
}
