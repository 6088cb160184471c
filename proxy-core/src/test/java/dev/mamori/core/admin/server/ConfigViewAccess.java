package dev.mamori.core.admin.server;

import com.fasterxml.jackson.databind.JsonNode;

/** Test access to the package-private redaction. */
public final class ConfigViewAccess {
    private ConfigViewAccess() {
    }

    /** Serves {@code log.tail} of {@code server} from {@code buffer}. */
    public static void useLog(AdminServer server, dev.mamori.core.log.LogBuffer buffer) {
        server.commands().useLog(buffer);
    }

    public static JsonNode redact(JsonNode node) {
        return ConfigView.redact(node);
    }
}
