package dev.mamori.core.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTest {
    private static final String PLAIN_PAYLOAD = Base64.getEncoder().encodeToString("\0alice\0hunter2".getBytes(StandardCharsets.US_ASCII));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "PASS hunter2                      | PASS ******",
            "pass correct horse battery staple | pass ******",
            "PASS                              | PASS",
            "AUTH PLAIN AGFsaWNlAGh1bnRlcjI=   | AUTH PLAIN ******",
            "AUTH PLAIN                        | AUTH PLAIN",
            "AUTH LOGIN YWxpY2U=               | AUTH LOGIN ******",
            "AUTH                              | AUTH",
            "APOP alice c4c9334bac560ecc979e58001b3e22fb | APOP alice ******",
            "USER alice#pop.example.net        | USER alice#pop.example.net",
            "USER alice#pop.example.net:995    | USER alice#pop.example.net:995",
            "RETR 1                            | RETR 1",
            "TOP 1 10                          | TOP 1 10",
            "MAIL FROM:<a@example.net> SIZE=10 | MAIL FROM:<a@example.net> SIZE=10",
            "STLS                              | STLS",
            "AGFsaWNlAGh1bnRlcjI=              | ******",
            "YWxpY2U                           | ******",
            "XSECRET hunter2                   | XSECRET ******",
            "%%% hunter2                       | ******",
            "*                                 | *",
    })
    void commandKeepsOnlyWhatIsSafe(String line, String logged) {
        assertThat(Redaction.command(line)).isEqualTo(logged);
    }

    @Test
    void commandEscapesControlCharactersSoClientsCannotForgeLogLines() {
        assertThat(Redaction.command("USER a\r\n2025 INFO forged\u0007")).isEqualTo("USER a\\r\\n2025 INFO forged\\x07");
        assertThat(Redaction.command("PASS a\rb")).isEqualTo("PASS ******");
    }

    @Test
    void commandCutsLongLines() {
        String logged = Redaction.command("USER " + "a".repeat(1000));
        assertThat(logged).hasSize(Redaction.MAX_LOGGED_CHARS + "...(805 more)".length()).endsWith("...(805 more)");
    }

    @Test
    void commandOfNullDoesNotThrow() {
        assertThat(Redaction.command(null)).isEqualTo("null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"YWxpY2U=", "aHVudGVyMg==", "dXNlciBhYmNkZWY=", ""})
    void saslResponsesAreAlwaysMasked(String line) {
        assertThat(Redaction.saslResponse(line)).isEqualTo(Redaction.MASK);
    }

    @Test
    void saslCancelIsKept() {
        assertThat(Redaction.saslResponse("*")).isEqualTo("*");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "C: PASS hunter2                                  | C: PASS ******",
            "client sent 'pass my secret words' then quit     | client sent 'pass ******",
            "C: AUTH PLAIN AGFsaWNlAGh1bnRlcjI=               | C: AUTH PLAIN ******",
            "line=AUTH XOAUTH2 dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQ== done | line=AUTH XOAUTH2 ****** done",
            "C: APOP alice c4c9334bac560ecc979e58001b3e22fb    | C: APOP alice ******",
            "login with password=hunter2 for alice            | login with password=****** for alice",
            "config {\"password\": \"hunter 2\", \"user\": \"a\"} | config {\"password\": ******, \"user\": \"a\"}",
            "secret: s3cr3t; token=abc&next=1                 | secret: ******; token=******&next=1",
            "fetching pop3://alice:hunter2@pop.example.net/   | fetching pop3://alice:******@pop.example.net/",
            "C: YWxpY2U=                                      | C: ******",
            ">>> aHVudGVyMg==                                 | >>> ******",
            "client> cGFzc3dvcmQxMjM=                         | client> ******",
            "aHVudGVyMg==                                     | ******",
            "YWxpY2Vw                                         | ******",
            "S: + VXNlcm5hbWU6                                | S: + VXNlcm5hbWU6",
    })
    void textMasksCredentialShapes(String message, String logged) {
        assertThat(Redaction.text(message)).isEqualTo(logged);
    }

    @Test
    void textMasksSaslPlainPayloadsAnywhere() {
        assertThat(Redaction.text("got " + PLAIN_PAYLOAD + " from 10.0.0.1")).isEqualTo("got ****** from 10.0.0.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "USER alice#pop.example.net",
            "C: STAT",
            "C: QUIT",
            "Started",
            "listening on 127.0.0.1:11110 (generic, starttls)",
            "upstream pop.example.net:995 verified, SHA-256 AB:CD:EF:01",
            "the message passed the scan",
            "bypass the cache",
            "RETR 1 took 25ms, 104857 bytes",
            "dev/mamori/core/config/ConfigLoader",
            "C: Stopping",
            "Reloading",
            "Status: Starting",
    })
    void textLeavesOrdinaryMessagesAlone(String message) {
        assertThat(Redaction.text(message)).isEqualTo(message);
    }

    @Test
    void textIsIdempotent() {
        String once = Redaction.text("C: PASS hunter2 / AUTH PLAIN " + PLAIN_PAYLOAD + " / password=x");
        assertThat(Redaction.text(once)).isEqualTo(once);
        assertThat(once).doesNotContain("hunter2", PLAIN_PAYLOAD, "=x");
    }

    @Test
    void textOfNullIsNull() {
        assertThat(Redaction.text(null)).isNull();
    }
}
