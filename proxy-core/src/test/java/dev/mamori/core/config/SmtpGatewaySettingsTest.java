package dev.mamori.core.config;

import dev.mamori.core.net.Cidr;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SmtpGatewaySettingsTest {
    private static SmtpGatewaySettings parse(String yaml) throws ConfigException {
        return ConfigLoader.parseSection(yaml, SmtpGatewaySettings.class, "gateway.yaml");
    }

    private static ConfigProblem problem(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml));
        assertThat(e).as("expected the section to be refused").isNotNull();
        assertThat(e.problems()).hasSize(1);
        return e.problems().getFirst();
    }

    @Test
    void emptySectionGetsSecureDefaults() throws Exception {
        SmtpGatewaySettings s = parse("");

        assertThat(s).isEqualTo(SmtpGatewaySettings.defaults());
        assertThat(s.relay().clientNetworks()).containsExactly(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"));
        assertThat(s.relay().internalDomains()).isEmpty();
        assertThat(s.relay().authenticatedMayRelay()).isTrue();
        assertThat(s.throttle().exempt()).isEmpty();
        assertThat(s.throttle().perIp()).isEqualTo(new ThrottleLimit(30, 200, Duration.ofMinutes(1), Duration.ofMinutes(5)));
        assertThat(s.throttle().perSender()).isEqualTo(new ThrottleLimit(0, 100, Duration.ofMinutes(1), Duration.ofMinutes(5)));
        assertThat(s.throttle().perUser()).isEqualTo(new ThrottleLimit(0, 200, Duration.ofMinutes(1), Duration.ofMinutes(5)));
        assertThat(s.throttle().perSender().limitsConnections()).isFalse();
        assertThat(s.throttle().maxTrackedKeys()).isEqualTo(100_000);
        assertThat(s.dnsblTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void schemaExampleLoads() throws Exception {
        SmtpGatewaySettings s = parse("""
                relay:
                  clientNetworks: [127.0.0.0/8, '::1/128', 10.1.0.0/16]
                  internalDomains: [Example.COM, bücher.example, 'mail.example.net.']
                  authenticatedMayRelay: false
                throttle:
                  exempt: [10.1.2.3]
                  perIp:     { maxConnections: 10, maxMessages: 50, window: 30s, blockFor: 10m }
                  perSender: { maxConnections: 0, maxMessages: 20 }
                  perUser:   { maxMessages: 0, window: 1h, blockFor: 1h }
                  maxTrackedKeys: 5000
                dnsblTimeout: 500ms
                """);

        assertThat(s.relay().clientNetworks()).hasSize(3);
        assertThat(s.relay().internalDomains()).containsExactly("example.com", "xn--bcher-kva.example", "mail.example.net");
        assertThat(s.relay().authenticatedMayRelay()).isFalse();
        assertThat(s.throttle().exempt()).containsExactly(Cidr.parse("10.1.2.3"));
        assertThat(s.throttle().perIp()).isEqualTo(new ThrottleLimit(10, 50, Duration.ofSeconds(30), Duration.ofMinutes(10)));
        assertThat(s.throttle().perSender()).isEqualTo(new ThrottleLimit(0, 20, Duration.ofMinutes(1), Duration.ofMinutes(5)));
        assertThat(s.throttle().perUser().limitsMessages()).isFalse();
        assertThat(s.throttle().maxTrackedKeys()).isEqualTo(5000);
        assertThat(s.dnsblTimeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void unknownKeyIsNamedWithASuggestion() {
        ConfigProblem p = problem("""
                throttle:
                  perIp: { maxMesages: 5 }
                """);
        assertThat(p.location()).isEqualTo("throttle.perIp.maxMesages");
        assertThat(p.problem()).isEqualTo("unknown key 'maxMesages', did you mean 'maxMessages'?");
        assertThat(p.allowed()).isEqualTo("allowed: maxConnections, maxMessages, window, blockFor");
    }

    @Test
    void badValuesAreRefusedWithTheirPath() {
        assertThat(problem("relay: { clientNetworks: [10.0.0.0/33] }").location()).isEqualTo("relay.clientNetworks[0]");
        ConfigProblem domain = problem("relay: { internalDomains: ['*.example.com'] }");
        assertThat(domain.location()).isEqualTo("relay.internalDomains[0]");
        assertThat(domain.problem()).contains("subdomains are always included");
        assertThat(problem("relay: { internalDomains: ['exa mple.com'] }").problem()).contains("is not a domain name");
        ConfigProblem conns = problem("throttle: { perSender: { maxConnections: 5 } }");
        assertThat(conns.location()).isEqualTo("throttle.perSender.maxConnections");
        assertThat(conns.allowed()).startsWith("allowed: maxConnections only in perIp");
        ConfigProblem negative = problem("throttle: { perIp: { maxMessages: -1 } }");
        assertThat(negative.location()).isEqualTo("throttle.perIp.maxMessages");
        assertThat(negative.allowed()).isEqualTo("allowed: 0 to 10000000");
        assertThat(problem("throttle: { perIp: { window: 0s } }").location()).isEqualTo("throttle.perIp.window");
        assertThat(problem("throttle: { perUser: { blockFor: 2d } }").problem()).contains("too long");
        assertThat(problem("dnsblTimeout: 1m").location()).isEqualTo("dnsblTimeout");
        assertThat(problem("dnsblTimeout: soon").problem()).isEqualTo("'soon' is not a duration");
        assertThat(problem("throttle: { maxTrackedKeys: 10 }").location()).isEqualTo("throttle.maxTrackedKeys");
        assertThat(problem("relay: { authenticatedMayRelay: maybe }").location()).isEqualTo("relay.authenticatedMayRelay");
    }

    @Test
    void recordsValidateWhenBuiltInCode() {
        assertThatThrownBy(() -> new RelaySettings(null, List.of(""), null)).isInstanceOf(InvalidFieldException.class);
        assertThatThrownBy(() -> new ThrottleLimit(null, null, Duration.ZERO, null)).isInstanceOf(InvalidFieldException.class);
        assertThat(new RelaySettings(null, List.of("EXAMPLE.com", "example.com."), null).internalDomains()).containsExactly("example.com");
    }
}
