package dev.mamori.core.scan.clamd;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Starts a private clamd on the cross-check signature set, or skips the test class when clamd is not installed. */
final class RealClamdSupport {
    /** Small enough that the size-limit test needs only a few megabytes. */
    static final long STREAM_MAX_LENGTH = 2L * 1024 * 1024;

    private RealClamdSupport() {
    }

    static PrivateClamd startOrSkip(Path temp) throws IOException {
        Path binary = PrivateClamd.binary().orElse(null);
        Assumptions.assumeTrue(binary != null, "clamd is not installed (apt-get install clamav-daemon): "
                + "the real-clamd tests are skipped");
        Path databases = Files.createDirectories(temp.resolve("db"));
        ClamdCrossCheckCorpus.writeDatabases(databases);
        return PrivateClamd.start(binary, databases, Files.createDirectories(temp.resolve("clamd")),
                STREAM_MAX_LENGTH);
    }
}
