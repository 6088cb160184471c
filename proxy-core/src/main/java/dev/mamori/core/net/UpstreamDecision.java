package dev.mamori.core.net;

import dev.mamori.core.config.UpstreamRule;
import dev.mamori.core.config.UpstreamTls;

/** The outcome of checking a requested upstream against the allow-list, before any DNS or connection. */
public sealed interface UpstreamDecision {
    record Allowed(String host, int port, UpstreamRule rule, UpstreamTls tls) implements UpstreamDecision {
    }

    record Denied(String reason) implements UpstreamDecision {
    }
}
