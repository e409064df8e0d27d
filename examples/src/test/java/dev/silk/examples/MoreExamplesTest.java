package dev.silk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The streaming, async and tool-calling examples run and print what their Javadoc promises. */
class MoreExamplesTest {
  @Test
  void streamingPrintsTheTokensThenTheVerifiedReceipt() throws Exception {
    String out = Stdout.of(() -> StreamingChat.main(new String[0]));
    assertThat(out).contains("streaming   Tokens arrive one by one, sealed all the way\n");
    assertThat(out).containsPattern("receipt     [0-9a-f]{32} verified, paid \\S+ TON");
  }

  @Test
  void asyncAnswersThreeAndCancelsTheFourth() throws Exception {
    String out = Stdout.of(() -> AsyncChat.main(new String[0]));
    assertThat(out).contains("answer      first question", "answer      second question",
        "answer      third question", "cancelled   the fourth request");
    assertThat(out).containsPattern("total       \\S+ TON");
  }

  @Test
  void toolCallingRunsTheToolAndGetsTheFinalAnswer() throws Exception {
    String out = Stdout.of(() -> ToolCalling.main(new String[0]));
    assertThat(out).contains("tool call   get_weather {\"input\":\"Dubai\"}");
    assertThat(out).contains("answer      Tool result: sunny, 31 °C");
  }
}
