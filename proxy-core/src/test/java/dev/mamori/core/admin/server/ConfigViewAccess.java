package dev.mamori.core.admin.server;

import com.fasterxml.jackson.databind.JsonNode;

/** Test access to the package-private redaction. */
public final class ConfigViewAccess {
    private ConfigViewAccess() {
    }

    public static JsonNode redact(JsonNode node) {
        return ConfigView.redact(node);
    }
}
