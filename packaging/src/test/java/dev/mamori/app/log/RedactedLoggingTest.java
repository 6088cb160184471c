package dev.mamori.app.log;

import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end through the distribution's own {@code conf/log4j2.xml}: credentials logged by accident reach neither
 * the console nor the rolling file.
 */
class RedactedLoggingTest {
    private static final Path LOG_CONFIG = Path.of("src", "main", "dist", "conf", "log4j2.xml");
    private static final String PASSWORD = "hunter2-Secret";
    private static final String SASL_PLAIN = base64("\0alice#pop.example.net\0" + PASSWORD);
    private static final String SASL_LOGIN_PASSWORD = base64(PASSWORD);
    private static final String APOP_DIGEST = "c4c9334bac560ecc979e58001b3e22fb";

    @TempDir
    Path logDir;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private String originalLogDir;
    private LoggerContext context;

    @BeforeEach
    void startLoggingWithTheShippedConfiguration() {
        originalOut = System.out;
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        originalLogDir = System.setProperty("mamori.logDir", logDir.toString());
        context = new LoggerContext("redaction-test", null, LOG_CONFIG.toUri());
        context.start();
    }

    @AfterEach
    void restore() {
        context.stop();
        System.setOut(originalOut);
        if (originalLogDir == null) {
            System.clearProperty("mamori.logDir");
        } else {
            System.setProperty("mamori.logDir", originalLogDir);
        }
    }

    @Test
    void theShippedConfigurationLoadsTheRedactPolicy() {
        assertThat(context.getConfiguration().getAppenders()).containsKeys("Async", "Redacted", "Console", "File");
        assertThat(context.getConfiguration().getAppender("Redacted").toString()).isNotNull();
        // root -> Async (bounded queue) -> Redacted -> Console + File: redaction stays in front of every output
        assertThat(context.getConfiguration().getRootLogger().getAppenderRefs())
                .extracting(ref -> ref.getRef()).containsExactly("Async");
        org.apache.logging.log4j.core.appender.AsyncAppender async = context.getConfiguration().getAppender("Async");
        assertThat(async.getAppenderRefStrings()).containsExactly("Redacted");
        assertThat(async.getQueueCapacity()).isEqualTo(8192);
    }

    @Test
    void credentialsNeverReachALogLine() throws Exception {
        Logger log = context.getLogger("dev.mamori.pop3.session");

        log.info("C: {}", "PASS " + PASSWORD);
        log.info("client line: pass {}", PASSWORD);
        log.info("C: AUTH PLAIN {}", SASL_PLAIN);
        log.info("relaying {} to upstream", SASL_PLAIN);
        log.info("C: {}", SASL_LOGIN_PASSWORD);
        log.warn("C: APOP alice {}", APOP_DIGEST);
        log.info("settings loaded, password={}", PASSWORD);
        log.info("fetching pop3://alice:{}@pop.example.net/", PASSWORD);
        log.error("session failed", new IOException("unexpected command PASS " + PASSWORD,
                new IllegalStateException("AUTH PLAIN " + SASL_PLAIN)));
        log.info("an ordinary line: USER alice#pop.example.net, RETR 1");
        context.stop();

        String file = Files.readString(logDir.resolve("mamori.log"));
        String stdout = console.toString(StandardCharsets.UTF_8);
        for (String output : new String[]{file, stdout}) {
            assertThat(output).doesNotContain(PASSWORD, SASL_PLAIN, SASL_LOGIN_PASSWORD, APOP_DIGEST);
            assertThat(output).contains(
                    "C: PASS ******",
                    "client line: pass ******",
                    "C: AUTH PLAIN ******",
                    "relaying ****** to upstream",
                    "C: ******",
                    "C: APOP alice ******",
                    "password=******",
                    "pop3://alice:******@pop.example.net/",
                    "an ordinary line: USER alice#pop.example.net, RETR 1");
            // the exception keeps its class names and stack trace, only the credentials are gone
            assertThat(output).contains(
                    "session failed",
                    "java.io.IOException: unexpected command PASS ******",
                    "Caused by: java.lang.IllegalStateException: AUTH PLAIN ******",
                    "at dev.mamori.app.log.RedactedLoggingTest.credentialsNeverReachALogLine");
        }
        assertThat(file.lines().filter(l -> l.contains(" INFO ") || l.contains(" WARN ") || l.contains(" ERROR "))).hasSize(10);
    }

    @Test
    void aClientCannotForgeLogLines() throws Exception {
        Logger log = context.getLogger("dev.mamori.pop3.session");
        log.info("C: {}", "USER alice\r\n2025-01-01 00:00:00.000 INFO  [main] Forged - admin logged in");
        context.stop();

        String file = Files.readString(logDir.resolve("mamori.log"));
        assertThat(file.lines()).hasSize(1);
        assertThat(file).contains("USER alice\\r\\n2025-01-01");
    }

    @Test
    void exceptionsWithoutCredentialsAreLoggedUnchanged() throws Exception {
        Logger log = context.getLogger("dev.mamori.pop3.session");
        log.warn("upstream closed", new IOException("Connection reset by peer"));
        context.stop();

        assertThat(Files.readString(logDir.resolve("mamori.log"))).contains("java.io.IOException: Connection reset by peer");
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
