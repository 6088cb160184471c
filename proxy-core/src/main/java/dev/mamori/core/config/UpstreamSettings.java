package dev.mamori.core.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.mamori.core.net.Cidr;
import dev.mamori.core.net.PortRange;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where Mamori may connect on a client's behalf, and how.
 *
 * @param allow            the allow-list; default empty: no {@code user#host} upstream is reachable until listed
 * @param denyAddresses    extra resolved-address ranges to refuse, on top of the built-in ones (loopback, private,
 *                         link-local and cloud metadata, unspecified, multicast, CGNAT, reserved)
 * @param tls              TLS mode on ports not listed in {@code implicitTlsPorts}; default {@code required}
 * @param implicitTlsPorts ports where TLS starts at connect; default [995]
 * @param extraCaFiles     PEM files with CA certificates trusted in addition to the JDK's trust store
 * @param connectTimeout   TCP connect plus TLS handshake; default 15s
 * @param idleTimeout      no byte from the upstream for this long ends the session; default 10m
 * @param dnsTimeout       host name resolution; default 10s
 */
public record UpstreamSettings(List<UpstreamRule> allow, List<Cidr> denyAddresses, UpstreamTls tls,
                               List<PortRange> implicitTlsPorts, List<Path> extraCaFiles,
                               @JsonDeserialize(using = DurationValue.class) Duration connectTimeout,
                               @JsonDeserialize(using = DurationValue.class) Duration idleTimeout,
                               @JsonDeserialize(using = DurationValue.class) Duration dnsTimeout) {
    public UpstreamSettings {
        allow = allow == null ? List.of() : List.copyOf(allow);
        denyAddresses = denyAddresses == null ? List.of() : List.copyOf(denyAddresses);
        tls = tls == null ? UpstreamTls.REQUIRED : tls;
        if (tls == UpstreamTls.IMPLICIT) {
            throw new InvalidFieldException("tls", "'implicit' is chosen by port, not here: list the port in implicitTlsPorts (allowed here: required, opportunistic, none)");
        }
        implicitTlsPorts = implicitTlsPorts == null ? List.of(PortRange.of(995)) : List.copyOf(implicitTlsPorts);
        extraCaFiles = extraCaFiles == null ? List.of() : List.copyOf(extraCaFiles);
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(15) : connectTimeout;
        idleTimeout = idleTimeout == null ? Duration.ofMinutes(10) : idleTimeout;
        dnsTimeout = dnsTimeout == null ? Duration.ofSeconds(10) : dnsTimeout;
        Checks.positive("connectTimeout", connectTimeout);
        Checks.positive("idleTimeout", idleTimeout);
        Checks.positive("dnsTimeout", dnsTimeout);
    }

    public static UpstreamSettings defaults() {
        return new UpstreamSettings(null, null, null, null, null, null, null, null);
    }

    public boolean isImplicitTlsPort(int port) {
        return implicitTlsPorts.stream().anyMatch(r -> r.contains(port));
    }
}
