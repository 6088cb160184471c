package dev.mamori.pop3.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class Pop3CommandTest {
    private static final String PASSWORD = "s3cr3t-Pässwörd";
    private static final String APOP_DIGEST = "c4c9334bac560ecc979e58001b3e22fb";
    // base64 of "\0alice\0s3cr3t"
    private static final String PLAIN_IR = "AGFsaWNlAHMzY3IzdA==";

    @Test
    void parseSplitsKeywordAndArgsAtTheFirstSpace() {
        Pop3Command c = Pop3Command.parse("top 1  10");
        assertThat(c.keyword()).isEqualTo("TOP");
        assertThat(c.args()).isEqualTo("1  10");
        assertThat(c.hasArgs()).isTrue();
        assertThat(Pop3Command.parse("STAT ").hasArgs()).isFalse();
        assertThat(Pop3Command.parse("STAT").args()).isEmpty();
    }

    @Test
    void wireIsTheLineWithCrlf() {
        assertThat(Pop3Command.parse("uidl 3").wire()).isEqualTo("uidl 3\r\n");
    }

    @Test
    void tooLongCarriesTheLimit() {
        Pop3Command c = Pop3Command.tooLong(255);
        assertThat(c.problem()).isEqualTo("command line too long (limit 255 bytes)");
        assertThat(c.line()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PASS " + PASSWORD, "pass " + PASSWORD, "Pass " + PASSWORD, "PASS  " + PASSWORD,
            "PASS with spaces " + PASSWORD, "PASS\t" + PASSWORD, "PASS " + PASSWORD + " "})
    void passwordIsNeverLogged(String line) {
        Pop3Command c = Pop3Command.parse(line);
        assertThat(c.forLog()).doesNotContain(PASSWORD).doesNotContain("s3cr3t");
        assertThat(c.toString()).isEqualTo(c.forLog());
    }

    @Test
    void passIsLoggedAsMasked() {
        assertThat(Pop3Command.parse("PASS " + PASSWORD).forLog()).isEqualTo("PASS ******");
    }

    @ParameterizedTest
    @ValueSource(strings = {"APOP alice " + APOP_DIGEST, "apop alice " + APOP_DIGEST, "APOP alice  " + APOP_DIGEST})
    void apopDigestIsNeverLogged(String line) {
        assertThat(Pop3Command.parse(line).forLog()).doesNotContain(APOP_DIGEST);
    }

    @Test
    void apopKeepsTheUserName() {
        assertThat(Pop3Command.parse("APOP alice#pop.example.net " + APOP_DIGEST).forLog())
                .isEqualTo("APOP alice#pop.example.net ******");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTH PLAIN " + PLAIN_IR, "auth plain " + PLAIN_IR, "AUTH  PLAIN " + PLAIN_IR,
            "AUTH PLAIN  " + PLAIN_IR, "AUTH LOGIN YWxpY2U=", "AUTH XOAUTH2 dXNlcj1hbGljZQFhdXRoPUJlYXJlciB0b2tlbgEB"})
    void authInitialResponseIsNeverLogged(String line) {
        String initial = line.substring(line.lastIndexOf(' ') + 1);
        assertThat(Pop3Command.parse(line).forLog()).doesNotContain(initial);
    }

    @Test
    void authWithoutInitialResponseIsLoggedAsIs() {
        assertThat(Pop3Command.parse("AUTH PLAIN").forLog()).isEqualTo("AUTH PLAIN");
        assertThat(Pop3Command.parse("AUTH").forLog()).isEqualTo("AUTH");
    }

    @Test
    void ordinaryCommandsAreLoggedAsIs() {
        assertThat(Pop3Command.parse("USER alice#pop.example.net").forLog()).isEqualTo("USER alice#pop.example.net");
        assertThat(Pop3Command.parse("RETR 1").forLog()).isEqualTo("RETR 1");
    }

    @Test
    void unknownLinesLoseTheirArguments() {
        // e.g. a SASL continuation or a password typed where a command was expected
        assertThat(Pop3Command.parse(PLAIN_IR).forLog()).doesNotContain(PLAIN_IR);
        assertThat(Pop3Command.parse("cHc=").forLog()).as("a short SASL response").doesNotContain("cHc=");
        assertThat(Pop3Command.parse("hunter2 is my password").forLog()).doesNotContain("hunter2");
        assertThat(Pop3Command.parse("XSECRET hunter2").forLog()).doesNotContain("hunter2");
    }
    @Test
    void leadingWhitespaceDoesNotUnmaskThePassword() {
        assertThat(Pop3Command.parse(" PASS " + PASSWORD).forLog()).doesNotContain(PASSWORD);
    }
}
