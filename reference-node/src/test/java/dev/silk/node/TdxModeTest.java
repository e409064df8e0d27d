package dev.silk.node;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * tdx mode refuses to serve rather than serve unattested. (A node's start on a TDX guest needs
 * configfs-tsm, which this machine lacks; the evidence it then serves, a quote with Intel's
 * collateral, is tested in tee/TdxAttesterTest with the real quote replayed.)
 */
class TdxModeTest {
  @Test
  void withoutConfigFsTsmTheNodeDoesNotStart() throws Exception {
    Path dir = Files.createTempDirectory("silk-tdx");
    NodeConfig config = NodeConfig.builder().dataDir(dir).port(0).tdx(dir.resolve("no-such-tsm")).build();
    assertThatThrownBy(() -> SilkNode.start(config).close())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot attest with tdx")
        .hasMessageContaining("no configfs-tsm");
    LocalNode.deleteRecursively(dir);
  }

  @Test
  void aBackendOutsideTheTdIsRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> NodeConfig.builder().dataDir(Path.of("x"))
        .tdx(Path.of("/sys/kernel/config/tsm/report"))
        .openAiUpstream("http://10.0.0.5:8000", "m", "m", null).build())
        .withMessageContaining("must never leave the measured boundary");
    NodeConfig.builder().dataDir(Path.of("x")).tdx(Path.of("/sys/kernel/config/tsm/report"))
        .openAiUpstream("http://127.0.0.1:8000", "m", "m", null).build();
  }
}
