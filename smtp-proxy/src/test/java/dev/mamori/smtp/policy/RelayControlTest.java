package dev.mamori.smtp.policy;

import dev.mamori.core.config.RelaySettings;
import dev.mamori.core.net.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RelayControlTest {
    private static final RelayControl CONTROL = new RelayControl(new RelaySettings(
            List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"), Cidr.parse("10.1.0.0/16")),
            List.of("example.com", "bücher.example"), true));
    private static final RelayControl NO_AUTH_RELAY = new RelayControl(new RelaySettings(null, List.of("example.com"), false));
    private static final RelayControl DEFAULTS = new RelayControl(RelaySettings.defaults());

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    /** client, authenticated user ('-' for none), recipient, expected reply line ('OK' for accepted). */
    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // clients in clientNetworks relay anywhere, including IPv4-mapped and IPv6 loopback
            "127.0.0.1      | -     | someone@elsewhere.net            | OK",
            "::1            | -     | someone@elsewhere.net            | OK",
            "::ffff:10.1.9.9| -     | someone@elsewhere.net            | OK",
            "10.1.200.3     | -     | not even an address              | OK",
            // an outside client: internal domains and their subdomains only, case-insensitively
            "203.0.113.9    | -     | user@example.com                 | OK",
            "203.0.113.9    | -     | User@EXAMPLE.COM                 | OK",
            "203.0.113.9    | -     | user@mail.Example.com            | OK",
            "203.0.113.9    | -     | user@example.com.                | OK",
            "203.0.113.9    | -     | <user@example.com>               | OK",
            "203.0.113.9    | -     | user@notexample.com              | 554 5.7.1 <user@notexample.com>: Relay access denied",
            "203.0.113.9    | -     | user@example.com.evil.net        | 554 5.7.1 <user@example.com.evil.net>: Relay access denied",
            "203.0.113.9    | -     | user@elsewhere.net               | 554 5.7.1 <user@elsewhere.net>: Relay access denied",
            "2001:db8::9    | -     | user@elsewhere.net               | 554 5.7.1 <user@elsewhere.net>: Relay access denied",
            // internationalised domains in either form
            "203.0.113.9    | -     | kunde@bücher.example             | OK",
            "203.0.113.9    | -     | kunde@BÜCHER.example             | OK",
            "203.0.113.9    | -     | kunde@xn--bcher-kva.example      | OK",
            "203.0.113.9    | -     | kunde@shop.xn--bcher-kva.example | OK",
            // quoted local parts may contain @; only the domain after the closing quote counts
            "203.0.113.9    | -     | `\"a@elsewhere.net\"@example.com`  | OK",
            "203.0.113.9    | -     | `\"user@example.com\"@elsewhere.net` | `554 5.7.1 <\"user@example.com\"@elsewhere.net>: Relay access denied`",
            "203.0.113.9    | -     | `\"a\\\"@b\"@example.com`           | OK",
            // source routes are ignored (RFC 5321 3.6.1): the final address decides
            "203.0.113.9    | -     | @relay.elsewhere.net:user@example.com | OK",
            "203.0.113.9    | -     | @mx.example.com:user@elsewhere.net   | 554 5.7.1 <@mx.example.com:user@elsewhere.net>: Relay access denied",
            // the bare postmaster is always accepted (RFC 5321 4.5.1); postmaster elsewhere is relaying
            "203.0.113.9    | -     | postmaster                       | OK",
            "203.0.113.9    | -     | PostMaster                       | OK",
            "203.0.113.9    | -     | `\"postmaster\"`                   | OK",
            "203.0.113.9    | -     | postmaster@elsewhere.net         | 554 5.7.1 <postmaster@elsewhere.net>: Relay access denied",
            // address literals are never internal domains
            "203.0.113.9    | -     | user@[192.0.2.1]                 | 554 5.7.1 <user@[192.0.2.1]>: Relay access denied",
            // unparsable recipients from an outside client
            "203.0.113.9    | -     | user                             | 501 5.1.3 Bad recipient address syntax",
            "203.0.113.9    | -     | a@b@example.com                  | 501 5.1.3 Bad recipient address syntax",
            "203.0.113.9    | -     | `\"unclosed@example.com`          | 501 5.1.3 Bad recipient address syntax",
            "203.0.113.9    | -     | user@exa_mple..com               | 501 5.1.3 Bad recipient address syntax",
            // authenticated clients relay while authenticatedMayRelay
            "203.0.113.9    | alice | someone@elsewhere.net            | OK",
    })
    void decisions(String client, String user, String recipient, String expected) throws Exception {
        PolicyReply reply = CONTROL.checkRecipient(ip(client), user.equals("-") ? null : user, recipient);
        assertThat(reply.accepted() ? "OK" : reply.line()).isEqualTo(expected);
    }

    @Test
    void authenticatedClientsAreOrdinaryClientsWhenAuthenticatedRelayIsOff() throws Exception {
        assertThat(NO_AUTH_RELAY.checkRecipient(ip("203.0.113.9"), "alice", "x@elsewhere.net").line())
                .isEqualTo("554 5.7.1 <x@elsewhere.net>: Relay access denied");
        assertThat(NO_AUTH_RELAY.checkRecipient(ip("203.0.113.9"), "alice", "x@example.com").accepted()).isTrue();
    }

    @Test
    void defaultsRelayForLoopbackOnlyAndAcceptNoOutsideRecipientButPostmaster() throws Exception {
        assertThat(DEFAULTS.checkRecipient(ip("127.0.0.1"), null, "x@elsewhere.net").accepted()).isTrue();
        assertThat(DEFAULTS.checkRecipient(ip("192.168.1.20"), null, "x@elsewhere.net").accepted()).isFalse();
        assertThat(DEFAULTS.checkRecipient(ip("203.0.113.9"), null, "x@example.com").accepted()).isFalse();
        assertThat(DEFAULTS.checkRecipient(ip("203.0.113.9"), null, "postmaster").accepted()).isTrue();
        assertThat(DEFAULTS.denials()).isEqualTo(2);
    }

    @Test
    void refusalNeverEchoesControlCharactersOrHugeAddresses() throws Exception {
        PolicyReply crlf = CONTROL.checkRecipient(ip("203.0.113.9"), null, "a@elsewhere.net\r\n250 OK");
        assertThat(crlf.line()).isEqualTo("501 5.1.3 Bad recipient address syntax");
        String longLocal = "x".repeat(250) + "@elsewhere.net";
        assertThat(CONTROL.checkRecipient(ip("203.0.113.9"), null, longLocal).line())
                .isEqualTo("501 5.1.3 Bad recipient address syntax");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "``                       | OK",
            "<>                       | OK",
            "alice@example.com        | OK",
            "Alice@elsewhere.NET      | OK",
            "`\"odd name\"@example.com` | OK",
            "alice                    | 501 5.1.7 Bad sender address syntax",
            "alice@                   | 501 5.1.7 Bad sender address syntax",
            "postmaster               | 501 5.1.7 Bad sender address syntax",
            "a@b@example.com          | 501 5.1.7 Bad sender address syntax",
    })
    void senderSyntax(String sender, String expected) {
        PolicyReply reply = CONTROL.checkSender(sender);
        assertThat(reply.accepted() ? "OK" : reply.line()).isEqualTo(expected);
    }

    @Test
    void senderWithControlCharactersIsRefused() {
        assertThat(CONTROL.checkSender("a@example.com\u0000").accepted()).isFalse();
    }
}
