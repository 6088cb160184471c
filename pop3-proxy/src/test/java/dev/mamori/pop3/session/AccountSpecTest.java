package dev.mamori.pop3.session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AccountSpecTest {

    @Test
    void hostName() {
        assertThat(AccountSpec.parse("alice#pop.example.net")).isEqualTo(new AccountSpec("alice", "pop.example.net", -1));
    }

    @Test
    void hostNameAndPort() {
        assertThat(AccountSpec.parse("alice#pop.example.net:995")).isEqualTo(new AccountSpec("alice", "pop.example.net", 995));
    }

    @Test
    void bracketedIpv6WithPort() {
        assertThat(AccountSpec.parse("alice#[2001:db8::1]:110")).isEqualTo(new AccountSpec("alice", "2001:db8::1", 110));
    }

    @Test
    void bracketedIpv6WithoutPort() {
        assertThat(AccountSpec.parse("alice#[2001:db8::1]")).isEqualTo(new AccountSpec("alice", "2001:db8::1", -1));
    }

    @Test
    void ipv4Literal() {
        assertThat(AccountSpec.parse("alice#10.0.0.1")).isEqualTo(new AccountSpec("alice", "10.0.0.1", -1));
        assertThat(AccountSpec.parse("alice#10.0.0.1:1110")).isEqualTo(new AccountSpec("alice", "10.0.0.1", 1110));
    }

    @Test
    void theLastHashSeparatesUserAndHost() {
        assertThat(AccountSpec.parse("a#b#host")).isEqualTo(new AccountSpec("a#b", "host", -1));
    }

    @Test
    void trailingDotIsRemovedFromTheHost() {
        assertThat(AccountSpec.parse("alice#pop.example.net.")).isEqualTo(new AccountSpec("alice", "pop.example.net", -1));
        assertThat(AccountSpec.parse("alice#pop.example.net.:110").host()).isEqualTo("pop.example.net");
    }

    @Test
    void hostIsLowerCasedButTheUserIsNot() {
        assertThat(AccountSpec.parse("Alice#POP.Example.NET")).isEqualTo(new AccountSpec("Alice", "pop.example.net", -1));
        assertThat(AccountSpec.parse("u#[2001:DB8::A]").host()).isEqualTo("2001:db8::a");
    }

    @Test
    void userMayContainEmailAddressesAndEightBitCharacters() {
        assertThat(AccountSpec.parse("alice@example.net#pop.example.net").user()).isEqualTo("alice@example.net");
        // UTF-8 user names arrive decoded as ISO-8859-1
        assertThat(AccountSpec.parse("j\u00c3\u00b6rg#pop.example.net").user()).isEqualTo("j\u00c3\u00b6rg");
    }

    @Test
    void portBounds() {
        assertThat(AccountSpec.parse("a#h:1").port()).isEqualTo(1);
        assertThat(AccountSpec.parse("a#h:65535").port()).isEqualTo(65535);
    }

    @Test
    void portOrDefault() {
        assertThat(AccountSpec.parse("a#h").portOr(110)).isEqualTo(110);
        assertThat(AccountSpec.parse("a#h:995").portOr(110)).isEqualTo(995);
    }

    @Test
    void userOfExactlyTheMaximumLength() {
        String user = "u".repeat(AccountSpec.MAX_USER_LENGTH);
        assertThat(AccountSpec.parse(user + "#h").user()).isEqualTo(user);
    }

    @Test
    void longestValidLabelAndHost() {
        String label63 = "a".repeat(63);
        assertThat(AccountSpec.parse("u#" + label63 + ".net").host()).isEqualTo(label63 + ".net");
        String host253 = host(253);
        assertThat(AccountSpec.parse("u#" + host253).host()).isEqualTo(host253);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "alice", "alice@pop.example.net", "",                                  // no '#'
            "#pop.example.net",                                                  // empty user
            "alice#", "alice#:110", "alice#.",                                   // empty host
            "alice#bad_host.example.net", "alice#bad!host", "alice#-host.net", "alice#host-.net",
            "alice#host..net", "alice#ho st", "alice#999.1.1.1", "alice#1.2.3",
            "alice#h:0", "alice#h:65536", "alice#h:abc", "alice#h:+1", "alice#h:-1", "alice#h:", "alice#h:123456",
            "alice#h: 110", "alice#h:110:1",
            "alice#2001:db8::1", "alice#::1", "alice#2001:db8::1:110",            // IPv6 without brackets
            "alice#[::1", "alice#[::1]x", "alice#[::1]:", "alice#[::1]:0", "alice#[]",
            "alice#[10.0.0.1]", "alice#[pop.example.net]", "alice#[fe80::1%eth0]",
            "al ice#h", "alice #h", "al\tice#h", "al\u0000ice#h", "al\u007fice#h", "al\u001bice#h"})
    void invalid(String account) {
        assertThatIllegalArgumentException().as(account).isThrownBy(() -> AccountSpec.parse(account))
                .withMessageNotContaining("null");
    }

    @Test
    void overlongUser() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AccountSpec.parse("u".repeat(AccountSpec.MAX_USER_LENGTH + 1) + "#h"))
                .withMessageContaining("longer than 256");
    }

    @Test
    void labelOver63Characters() {
        assertThatIllegalArgumentException().isThrownBy(() -> AccountSpec.parse("u#" + "a".repeat(64) + ".net"));
    }

    @Test
    void hostOver253Characters() {
        assertThatIllegalArgumentException().isThrownBy(() -> AccountSpec.parse("u#" + host(254)));
    }

    @Test
    void messagesSayWhatIsExpected() {
        assertThatIllegalArgumentException().isThrownBy(() -> AccountSpec.parse("alice"))
                .withMessageContaining("user#pop.example.net");
        assertThatIllegalArgumentException().isThrownBy(() -> AccountSpec.parse("alice#2001:db8::1"))
                .withMessageContaining("brackets");
        assertThatIllegalArgumentException().isThrownBy(() -> AccountSpec.parse("alice#h:0"))
                .withMessageContaining("1 to 65535");
        assertThatIllegalArgumentException().isThrownBy(() -> AccountSpec.parse("alice#[::1]x"))
                .withMessageContaining("after the IPv6 address");
    }
    @Test
    void longestHostWithTrailingDot() {
        String host253 = host(253);
        assertThat(AccountSpec.parse("u#" + host253 + ".").host()).isEqualTo(host253);
    }

    /** A host name of exactly {@code length} characters made of labels of at most 63 characters. */
    private static String host(int length) {
        StringBuilder sb = new StringBuilder();
        while (length - sb.length() > 64) {
            sb.append("b".repeat(63)).append('.');
        }
        sb.append("b".repeat(length - sb.length()));
        assertThat(sb).hasSize(length);
        return sb.toString();
    }
}
