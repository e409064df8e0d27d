package dev.silk.crypto.cocoon;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every constructor id in {@link CocoonIds} against COCOON's own schema: recomputed from the
 * declaration in {@code cocoon_api.tl} (CRC-32 of the declaration, whitespace collapsed and
 * parentheses removed, unless it names its id), and read from the compiled {@code cocoon_api.tlo}
 * (each combinator there is {@code tls.combinator#5c0a1ed5 name:int id:string ...}).
 */
class CocoonIdsTest {
  static Path schema(String file) {
    return dev.silk.crypto.testing.TestFiles.sharedCocoon("schema/" + file);
  }

  @Test
  void everyIdIsTheSchemasAndTheCompiledSchemasToo() throws Exception {
    Map<String, Integer> fromTl = fromTl(new String(Files.readAllBytes(schema("cocoon_api.tl")), StandardCharsets.UTF_8));
    Map<String, Integer> fromTlo = fromTlo(Files.readAllBytes(schema("cocoon_api.tlo")));
    assertThat(fromTlo).hasSizeGreaterThan(100);
    int checked = 0;
    for (Field f : CocoonIds.class.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers()) || f.getType() != int.class) {
        continue;
      }
      String name = tlName(f.getName());
      int id = f.getInt(null);
      assertThat(fromTlo.get(name)).as("%s in cocoon_api.tlo", name).isEqualTo(id);
      if (!"vector".equals(name)) {
        assertThat(fromTl.get(name)).as("%s recomputed from cocoon_api.tl", name).isEqualTo(id);
      }
      checked++;
    }
    assertThat(checked).isGreaterThan(40);
  }

  /** BOOL_TRUE -> boolTrue, TCP_QUERY_ANSWER -> tcp.queryAnswer, CLIENT_WORKER_TYPES_V2 -> client.workerTypesV2. */
  private static String tlName(String constant) {
    String[] words = constant.toLowerCase(java.util.Locale.ROOT).split("_");
    boolean namespaced = words[0].equals("tcp") || words[0].equals("client") || words[0].equals("proxy")
        || words[0].equals("http");
    StringBuilder b = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      if (i == 1 && namespaced) {
        b.append('.').append(words[i]);
      } else {
        b.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
      }
    }
    return b.toString();
  }

  static Map<String, Integer> fromTl(String text) {
    Map<String, Integer> ids = new HashMap<>();
    for (String raw : text.replace("---functions---", ";").replace("---types---", ";").split(";")) {
      String declaration = raw.replaceAll("\\s+", " ").trim();
      if (declaration.isEmpty() || !declaration.contains("=")) {
        continue;
      }
      Matcher explicit = Pattern.compile("^(\\S+)#([0-9a-f]+)").matcher(declaration);
      if (explicit.find()) {
        ids.put(explicit.group(1), (int) Long.parseLong(explicit.group(2), 16));
      } else {
        CRC32 crc = new CRC32();
        crc.update(declaration.replace("(", "").replace(")", "").replaceAll("\\s+", " ").trim()
            .getBytes(StandardCharsets.UTF_8));
        ids.put(declaration.substring(0, declaration.indexOf(' ')), (int) crc.getValue());
      }
    }
    return ids;
  }

  static Map<String, Integer> fromTlo(byte[] tlo) {
    Map<String, Integer> ids = new HashMap<>();
    ByteBuffer b = ByteBuffer.wrap(tlo).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i + 9 < tlo.length; i++) {
      if (b.getInt(i) == 0x5c0a1ed5) {
        int id = b.getInt(i + 4);
        int length = tlo[i + 8] & 0xFF;
        ids.put(new String(tlo, i + 9, length, StandardCharsets.UTF_8), id);
      }
    }
    return ids;
  }
}
