package dev.silk.samples.spring;

import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** One endpoint: a question in, a verified answer and what it cost out. */
@RestController
public class AskController {
  /** What the app receives. */
  public record Question(String text) {}

  /** What the app answers: the text, its cost and how it was verified. */
  public record Answer(String text, long costNanoton, String verification) {}

  private final SilkClient silk;
  private final String model;

  public AskController(SilkClient silk, @Value("${app.model:echo}") String model) {
    this.silk = silk;
    this.model = model;
  }

  @PostMapping("/ask")
  public Answer ask(@RequestBody Question question) {
    ChatCompletion answer = silk.chat().completions().create(ChatCompletionCreateParams.builder()
        .model(model)
        .addMessage(ChatMessage.user(question.text()))
        .maxTokens(256)
        .build());
    return new Answer(answer.content(), answer.cost().nanoton(), answer.verification().level().name());
  }
}
