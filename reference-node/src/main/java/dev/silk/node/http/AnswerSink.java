package dev.silk.node.http;

import dev.silk.crypto.ErrorCode;
import dev.silk.node.model.Answer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Future;

/** How answer bytes leave the node: sealed chunks ({@link SealedSink}), or plain JSON (benchmark endpoint only). */
interface AnswerSink {
  String contentType();

  byte[] chunk(byte[] data);

  /** The last bytes of an answer (with its receipt, when sealed). */
  byte[] finish(byte[] data, Answer answer);

  byte[] fail(ErrorCode code, String reason);

  /** The client went away mid-answer. */
  default void abandoned(Future<Answer> generation) {}

  /** No crypto at all: the benchmark baseline. Never in a descriptor, off unless asked for. */
  static AnswerSink plain() {
    return new AnswerSink() {
      @Override
      public String contentType() {
        return "application/json";
      }

      @Override
      public byte[] chunk(byte[] data) {
        return data;
      }

      @Override
      public byte[] finish(byte[] data, Answer answer) {
        return data;
      }

      @Override
      public byte[] fail(ErrorCode code, String reason) {
        return ("{\"error\":{\"code\":\"" + code.wireName() + "\"}}").getBytes(StandardCharsets.UTF_8);
      }
    };
  }
}
