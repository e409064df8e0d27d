package dev.silk.core.errors;

/**
 * A request was refused before it was sent because it could pass a spending cap
 * ({@code budget_exceeded}). Nothing was sent and nothing was charged.
 */
public class BudgetExceededException extends SilkException {
  private static final long serialVersionUID = 1L;

  public BudgetExceededException(String message) {
    super("budget_exceeded", message, null);
  }
}
