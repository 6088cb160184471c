package dev.mamori.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ServeCommandTest {
    @Test
    void bindFailureSaysWhichListenerAndWhy() {
        Exception e = new IOException("listener 'generic' on 127.0.0.1:11110", new BindException("Address already in use"));
        assertThat(ServeCommand.describe(e)).isEqualTo("cannot listen: listener 'generic' on 127.0.0.1:11110: Address already in use");
    }

    @Test
    void nativeTransportBindFailureIsRecognisedByItsText() {
        Exception e = new IOException("bind(..) failed: Address already in use");
        assertThat(ServeCommand.describe(e)).isEqualTo("cannot listen: bind(..) failed: Address already in use");
    }

    @Test
    void otherFailuresNameTheExceptionWhenItHasNoCause() {
        assertThat(ServeCommand.describe(new IllegalStateException("no TLS key"))).isEqualTo("IllegalStateException: no TLS key");
    }

    @Test
    void wrappedFailuresShowOuterAndInnermostMessage() {
        Exception e = new UncheckedIOException("cannot write the certificate", new IOException("Read-only file system"));
        assertThat(ServeCommand.describe(e)).isEqualTo("cannot write the certificate: Read-only file system");
    }

    @Test
    void logsGoToTheDataDirectoryUnlessALogDirectoryIsGiven() {
        Path data = Path.of("/var/lib/mamori");
        assertThat(ServeCommand.logDirectory(null, data)).isEqualTo(Path.of("/var/lib/mamori/logs"));
        assertThat(ServeCommand.logDirectory(Path.of("/var/log/mamori/"), data)).isEqualTo(Path.of("/var/log/mamori"));
    }

    @Test
    void theDefaultConfigurationIsCopiedOnceAndNeverOverAnEditedOne(@TempDir Path tmp) throws Exception {
        Path defaults = Files.writeString(tmp.resolve("default.yaml"), "server:\n  name: packaged\n");
        Path config = tmp.resolve("ProgramData/Mamori/mamori.yaml");

        assertThat(ServeCommand.installDefaultConfig(defaults, config)).isTrue();
        assertThat(Files.readString(config)).isEqualTo("server:\n  name: packaged\n");

        Files.writeString(config, "server:\n  name: edited\n");
        assertThat(ServeCommand.installDefaultConfig(defaults, config)).isFalse();
        assertThat(Files.readString(config)).isEqualTo("server:\n  name: edited\n");
    }
}
