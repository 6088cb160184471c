package dev.mamori.pop3.session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class LocalSaslTest {
    private static final String PASSWORD = "s3cr3t p\u00e4ss";

    @Test
    void supportsPlainAndLoginInAnyCase() {
        assertThat(LocalSasl.supports("PLAIN")).isTrue();
        assertThat(LocalSasl.supports("plain")).isTrue();
        assertThat(LocalSasl.supports("Login")).isTrue();
        assertThat(LocalSasl.supports("CRAM-MD5")).isFalse();
        assertThat(LocalSasl.supports("XOAUTH2")).isFalse();
        assertThat(LocalSasl.supports("")).isFalse();
    }

    @Test
    void plainWithInitialResponse() {
        LocalSasl[] holder = new LocalSasl[1];
        LocalSasl.Step step = LocalSasl.start("PLAIN", b64("\0alice#pop.example.net\0" + PASSWORD), holder);
        assertThat(holder[0]).isNotNull();
        assertThat(step).isEqualTo(new LocalSasl.Done(new LocalSasl.Credentials("", "alice#pop.example.net", PASSWORD)));
    }

    @Test
    void plainWithAuthorizationIdentity() {
        LocalSasl.Step step = LocalSasl.start("plain", b64("admin\0alice#h\0pw"), new LocalSasl[1]);
        assertThat(step).isEqualTo(new LocalSasl.Done(new LocalSasl.Credentials("admin", "alice#h", "pw")));
    }

    @Test
    void plainWithEmptyPasswordIsAccepted() {
        LocalSasl.Step step = LocalSasl.start("PLAIN", b64("\0alice#h\0"), new LocalSasl[1]);
        assertThat(step).isEqualTo(new LocalSasl.Done(new LocalSasl.Credentials("", "alice#h", "")));
    }

    @Test
    void plainWithoutInitialResponseAsksWithAnEmptyChallenge() {
        LocalSasl[] holder = new LocalSasl[1];
        assertThat(LocalSasl.start("PLAIN", null, holder)).isEqualTo(new LocalSasl.Challenge("+ "));
        LocalSasl.Step step = holder[0].feed(b64("\0bob#h\0" + PASSWORD));
        assertThat(step).isEqualTo(new LocalSasl.Done(new LocalSasl.Credentials("", "bob#h", PASSWORD)));
    }

    @Test
    void responseIsTrimmed() {
        LocalSasl[] holder = new LocalSasl[1];
        LocalSasl.start("PLAIN", null, holder);
        assertThat(holder[0].feed("  " + b64("\0bob#h\0pw") + " ")).isInstanceOf(LocalSasl.Done.class);
    }

    @Test
    void equalsSignIsAnEmptyResponseWhichIsMalformedForPlain() {
        assertThat(LocalSasl.start("PLAIN", "=", new LocalSasl[1])).isEqualTo(new LocalSasl.Failed(Pop3Replies.AUTH_MALFORMED));
        LocalSasl[] holder = new LocalSasl[1];
        LocalSasl.start("PLAIN", null, holder);
        assertThat(holder[0].feed("=")).isEqualTo(new LocalSasl.Failed(Pop3Replies.AUTH_MALFORMED));
    }

    @Test
    void starCancels() {
        LocalSasl[] holder = new LocalSasl[1];
        LocalSasl.start("PLAIN", null, holder);
        assertThat(holder[0].feed("*")).isEqualTo(new LocalSasl.Failed(Pop3Replies.AUTH_CANCELLED));
        assertThat(LocalSasl.start("LOGIN", "*", new LocalSasl[1])).isEqualTo(new LocalSasl.Failed(Pop3Replies.AUTH_CANCELLED));

        LocalSasl[] login = new LocalSasl[1];
        LocalSasl.start("LOGIN", null, login);
        login[0].feed(b64("alice#h"));
        assertThat(login[0].feed(" * ")).isEqualTo(new LocalSasl.Failed(Pop3Replies.AUTH_CANCELLED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"!!!!", "not base64", "AGFsaWNl$", "A", "=AAA"})
    void malformedBase64(String response) {
        assertThat(LocalSasl.start("PLAIN", response, new LocalSasl[1])).isEqualTo(new LocalSasl.Failed(Pop3Replies.AUTH_MALFORMED));
        LocalSasl[] login = new LocalSasl[1];
        LocalSasl.start("LOGIN", null, login);
        assertThat(login[0].feed(response)).isEqualTo(new LocalSasl.Failed(Pop3Replies.AUTH_MALFORMED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice#h", "\0alice#h", "\0alice#h\0pw\0", "a\0b\0c\0d", "\0\0pw", "", "\0\0"})
    void plainNeedsExactlyTwoNulsAndAUser(String decoded) {
        assertThat(LocalSasl.start("PLAIN", b64(decoded), new LocalSasl[1]))
                .as(decoded.replace("\0", "<NUL>"))
                .isEqualTo(new LocalSasl.Failed(Pop3Replies.AUTH_MALFORMED));
    }

    @Test
    void loginAsksForUserThenPassword() {
        LocalSasl[] holder = new LocalSasl[1];
        assertThat(LocalSasl.start("LOGIN", null, holder)).isEqualTo(new LocalSasl.Challenge("+ VXNlcm5hbWU6"));
        assertThat(holder[0].feed(b64("alice#pop.example.net"))).isEqualTo(new LocalSasl.Challenge("+ UGFzc3dvcmQ6"));
        assertThat(holder[0].feed(b64(PASSWORD)))
                .isEqualTo(new LocalSasl.Done(new LocalSasl.Credentials("", "alice#pop.example.net", PASSWORD)));
    }

    @Test
    void loginWithInitialResponseSkipsTheUserChallenge() {
        LocalSasl[] holder = new LocalSasl[1];
        assertThat(LocalSasl.start("login", b64("alice#h"), holder)).isEqualTo(new LocalSasl.Challenge("+ UGFzc3dvcmQ6"));
        assertThat(holder[0].feed(b64("pw"))).isEqualTo(new LocalSasl.Done(new LocalSasl.Credentials("", "alice#h", "pw")));
    }

    @Test
    void loginRefusesAnEmptyUserButAcceptsAnEmptyPassword() {
        LocalSasl[] holder = new LocalSasl[1];
        LocalSasl.start("LOGIN", null, holder);
        assertThat(holder[0].feed("=")).isEqualTo(new LocalSasl.Failed(Pop3Replies.AUTH_MALFORMED));

        LocalSasl[] other = new LocalSasl[1];
        LocalSasl.start("LOGIN", null, other);
        other[0].feed(b64("alice#h"));
        assertThat(other[0].feed("=")).isEqualTo(new LocalSasl.Done(new LocalSasl.Credentials("", "alice#h", "")));
    }

    @Test
    void credentialsNeverShowThePassword() {
        LocalSasl.Credentials c = new LocalSasl.Credentials("admin", "alice#h", PASSWORD);
        assertThat(c.toString()).contains("alice#h").doesNotContain(PASSWORD).doesNotContain("s3cr3t");
        assertThat(new LocalSasl.Done(c).toString()).doesNotContain(PASSWORD).doesNotContain("s3cr3t");
    }

    @Test
    void b64IsStandardBase64OfUtf8() {
        assertThat(LocalSasl.b64("Username:")).isEqualTo("VXNlcm5hbWU6");
        assertThat(LocalSasl.b64("\u00e4")).isEqualTo("w6Q=");
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
