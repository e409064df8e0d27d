package dev.silk.node.model;

import dev.silk.core.json.ChatJson;
import java.util.function.Consumer;

/**
 * Where a node's answers come from. One backend serves one model; its {@link #kind()} is named
 * in the descriptor. Implementations must be thread-safe.
 */
public interface ModelBackend {
  /** The model name clients ask for. */
  String model();

  /** The backend kind for the descriptor: {@code echo}, {@code openai}, … */
  String kind();

  /**
   * Answers {@code request}, reporting text as it is produced to {@code onDelta} (for
   * streaming), and returns the whole answer with its token counts.
   *
   * @throws InterruptedException if the node gave up on the request (timeout or shutdown)
   */
  Answer generate(ChatJson.Request request, Consumer<String> onDelta) throws InterruptedException;
}
