package dev.silk.node;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.silk.core.SilkClient;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionChunk;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.stream.StreamResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/**
 * No plaintext leaves the client: a random marker in the prompt (and so in the echoed answer)
 * is searched, in many encodings, in every byte on the wire, in the node's logs and in its
 * data directory (keys and the SQLite database).
 */
class PlaintextLeakTest {
  @Test
  void markerAppearsNowhereOutsideTheClient() throws Exception {
    byte[] random = new byte[12];
    new SecureRandom().nextBytes(random);
    String core = dev.silk.crypto.encoding.Hex.encode(random);
    String marker = "Mk" + core + " é\"ü/&";

    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    Interceptor capture = chain -> {
      Buffer sent = new Buffer();
      if (chain.request().body() != null) {
        chain.request().body().writeTo(sent);
      }
      synchronized (wire) {
        wire.write(chain.request().toString().getBytes(UTF_8));
        wire.write(chain.request().headers().toString().getBytes(UTF_8));
        wire.write(sent.readByteArray());
      }
      Response response = chain.proceed(chain.request());
      byte[] received = response.peekBody(Long.MAX_VALUE).bytes();
      synchronized (wire) {
        wire.write(response.headers().toString().getBytes(UTF_8));
        wire.write(received);
      }
      return response;
    };

    PrintStream originalErr = System.err;
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    System.setErr(new PrintStream(new TeeStream(originalErr, logs), true, "UTF-8"));
    Path dataDir;
    String answered;
    StringBuilder streamed = new StringBuilder();
    try (LocalNode local = new LocalNode(b -> b)) {
      dataDir = local.dataDir;
      try (SilkClient client = local.client(new OkHttpClient.Builder().addNetworkInterceptor(capture).build(),
          b -> b)) {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
            .model("echo").addMessage(ChatMessage.system("secret system prompt " + marker))
            .addMessage(ChatMessage.user(marker)).build();
        ChatCompletion answer = client.chat().completions().create(params);
        answered = answer.content();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
          while (stream.hasNext()) {
            streamed.append(stream.next().delta());
          }
        }
      }
      local.node.close(); // flush the database before reading it
      local.node = SilkNode.start(local.config); // LocalNode.close() stops it again
      byte[] stored = readAll(dataDir);

      // The control: the client did get the marker back, so the search below is meaningful.
      assertThat(answered).isEqualTo(marker);
      assertThat(streamed.toString()).isEqualTo(marker);
      assertThat(wire.size()).isGreaterThan(1000);
      assertThat(new String(logs.toByteArray(), UTF_8)).contains(" answered in ").contains(" streamed in ");

      Map<String, byte[]> places = new LinkedHashMap<>();
      places.put("wire", wire.toByteArray());
      places.put("node logs", logs.toByteArray());
      places.put("node data directory", stored);
      for (Map.Entry<String, byte[]> place : places.entrySet()) {
        for (Map.Entry<String, byte[]> form : forms(marker, core).entrySet()) {
          assertThat(indexOf(place.getValue(), form.getValue()))
              .as("marker as %s found in %s", form.getKey(), place.getKey()).isEqualTo(-1);
        }
      }
    } finally {
      System.setErr(originalErr);
    }
  }

  @Test
  void theSearchFindsEachFormWhenItIsPresent() throws Exception {
    // The control for the search itself: each encoding, embedded at any alignment, is found.
    String core = "00112233445566778899aabb";
    String marker = "Mk" + core + " é\"ü/&";
    byte[] utf8 = marker.getBytes(UTF_8);
    for (int prefix = 0; prefix < 3; prefix++) {
      byte[] data = new byte[prefix + utf8.length + 2];
      System.arraycopy(utf8, 0, data, prefix, utf8.length);
      byte[] b64 = Base64.getEncoder().encodeToString(data).getBytes(UTF_8);
      byte[] b64url = Base64.getUrlEncoder().encodeToString(data).getBytes(UTF_8);
      assertThat(indexOf(b64, forms(marker, core).get("base64 alignment " + prefix))).isNotNegative();
      assertThat(indexOf(b64url, forms(marker, core).get("base64url alignment " + prefix))).isNotNegative();
    }
    String json = "{\"content\":" + new com.squareup.moshi.Moshi.Builder().build().adapter(String.class).toJson(marker) + "}";
    assertThat(indexOf(json.getBytes(UTF_8), forms(marker, core).get("JSON-escaped"))).isNotNegative();
  }

  /** The marker in every encoding a careless implementation might use. */
  static Map<String, byte[]> forms(String marker, String core) throws Exception {
    Map<String, byte[]> forms = new LinkedHashMap<>();
    forms.put("UTF-8", marker.getBytes(UTF_8));
    forms.put("random core (ASCII)", core.getBytes(UTF_8));
    forms.put("UTF-16BE", core.getBytes(StandardCharsets.UTF_16BE));
    forms.put("UTF-16LE", core.getBytes(StandardCharsets.UTF_16LE));
    byte[] utf8 = marker.getBytes(UTF_8);
    for (int shift = 0; shift < 3; shift++) {
      // Base64 of the marker after `shift` other bytes: the part that does not depend on them.
      byte[] shifted = new byte[shift + utf8.length];
      System.arraycopy(utf8, 0, shifted, shift, utf8.length);
      String b64 = Base64.getEncoder().encodeToString(shifted);
      int from = (shift == 0 ? 0 : 4);
      forms.put("base64 alignment " + shift, b64.substring(from, from + 16).getBytes(UTF_8));
      String url = Base64.getUrlEncoder().encodeToString(shifted);
      forms.put("base64url alignment " + shift, url.substring(from, from + 16).getBytes(UTF_8));
    }
    forms.put("hex", dev.silk.crypto.encoding.Hex.encode(core.getBytes(UTF_8)).getBytes(UTF_8));
    forms.put("HEX", dev.silk.crypto.encoding.Hex.encode(core.getBytes(UTF_8)).toUpperCase(Locale.ROOT).getBytes(UTF_8));
    forms.put("JSON-escaped", marker.replace("\\", "\\\\").replace("\"", "\\\"").getBytes(UTF_8));
    forms.put("JSON-escaped ASCII", marker.replace("\"", "\\\"").replace("é", "\\u00e9").replace("ü", "\\u00fc")
        .getBytes(UTF_8));
    forms.put("URL-encoded", URLEncoder.encode(marker, "UTF-8").getBytes(UTF_8));
    return forms;
  }

  private static byte[] readAll(Path dir) throws Exception {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(Files::isRegularFile).forEach(files::add);
    }
    assertThat(files).as("the node wrote its database").anyMatch(p -> p.getFileName().toString().startsWith("node.sqlite"));
    for (Path f : files) {
      all.write(Files.readAllBytes(f));
    }
    return all.toByteArray();
  }

  /** A fresh random marker core (hex) for one test. */
  static String randomCore() {
    byte[] random = new byte[12];
    new java.security.SecureRandom().nextBytes(random);
    return dev.silk.crypto.encoding.Hex.encode(random);
  }

  /** Every place holds something, and none holds any form of the marker. */
  static void assertNoForm(String marker, String core, Map<String, byte[]> places) throws Exception {
    for (Map.Entry<String, byte[]> place : places.entrySet()) {
      assertThat(place.getValue().length).as("%s recorded", place.getKey()).isPositive();
      for (Map.Entry<String, byte[]> form : forms(marker, core).entrySet()) {
        assertThat(indexOf(place.getValue(), form.getValue()))
            .as("marker as %s in %s", form.getKey(), place.getKey()).isEqualTo(-1);
      }
    }
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Writes to two streams. */
  static final class TeeStream extends java.io.OutputStream {
    private final java.io.OutputStream a;
    private final java.io.OutputStream b;

    TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }
  }
}
