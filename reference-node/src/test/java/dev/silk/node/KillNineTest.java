package dev.silk.node;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.crypto.ErrorCode;
import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.envelope.RequestPayload;
import dev.silk.crypto.envelope.RequestSealer;
import dev.silk.crypto.envelope.ResponseReader;
import dev.silk.crypto.envelope.SealedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** A node process killed with SIGKILL comes back with its identity and still refuses replays. */
class KillNineTest {
  private final OkHttpClient http = new OkHttpClient();

  @Test
  void replayIsRefusedAfterKillNine() throws Exception {
    Path dir = Files.createTempDirectory("silk-kill9");
    NodeProcess first = NodeProcess.start(dir);
    SignedDescriptor before;
    SealedRequest sealed;
    try {
      String url = first.baseUrl;
      before = descriptor(url);
      sealed = RequestSealer.seal(RequestPayload.builder().model("echo")
          .body("{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"once\"}]}".getBytes(UTF_8)).build(),
          before.recipient());
      try (Response r = post(url, sealed.envelope())) {
        ResponseReader reader = sealed.responseReader(before.signingKey());
        reader.read(r.body().bytes());
        assertThat(reader.nodeError()).isNull();
        reader.receipt();
      }
    } finally {
      first.kill();
    }

    NodeProcess second = NodeProcess.start(dir);
    try {
      String url = second.baseUrl;
      SignedDescriptor after = descriptor(url);
      assertThat(after.nodeId()).isEqualTo(before.nodeId());
      assertThat(after.hash()).as("same descriptor within the period").isEqualTo(before.hash());
      try (Response r = post(url, sealed.envelope())) {
        ResponseReader reader = sealed.responseReader(before.signingKey());
        reader.read(r.body().bytes());
        assertThat(reader.nodeError().code()).isEqualTo(ErrorCode.REPLAY);
      }
    } finally {
      second.kill();
      LocalNode.deleteRecursively(dir);
    }
  }

  private SignedDescriptor descriptor(String url) throws Exception {
    try (Response r = http.newCall(new Request.Builder().url(url + "/v1/node").build()).execute()) {
      SignedDescriptor d = SignedDescriptor.parse(r.body().bytes());
      d.verify(AttestationPolicy.builder().allowInsecureDevAttestation().build(), Instant.now());
      return d;
    }
  }

  private Response post(String url, byte[] envelope) throws Exception {
    return http.newCall(new Request.Builder().url(url + "/v1/sealed/chat/completions")
        .post(RequestBody.create(MediaType.get("application/vnd.silk.envelope"), envelope)).build()).execute();
  }
}
