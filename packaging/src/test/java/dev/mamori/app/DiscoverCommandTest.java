package dev.mamori.app;

import dev.mamori.core.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mamori discover} finds a server that announces its admin channel (mDNS on loopback). */
class DiscoverCommandTest {
    @Test
    void listsTheAnnouncedServerWithItsHostKey(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("mamori.yaml"), """
                server:
                  name: findme
                  dataDir: data
                pop3:
                  enabled: false
                admin:
                  bind: 127.0.0.1:0
                  advertise: true
                """);
        try (MamoriServer server = MamoriServer.start(ConfigLoader.load(config), config)) {
            StringWriter out = new StringWriter();
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(new StringWriter(), true));
            assertThat(cl.execute("discover", "--timeout", "6s", "--interface-address", "127.0.0.1")).isZero();
            assertThat(out.toString()).contains("findme")
                    .contains("127.0.0.1:" + server.admin().boundAddress().getPort())
                    .contains(server.admin().hostKeyFingerprint());
        }
    }
}
