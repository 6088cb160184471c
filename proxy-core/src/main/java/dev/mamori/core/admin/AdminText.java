package dev.mamori.core.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Command results as text for people: aligned tables for lists, {@code key: value} lines for single objects. Used by
 * the SSH shell and by the {@code mamori} CLI so both print the same thing.
 */
public final class AdminText {
    private static final int MAX_CELL = 48;

    private AdminText() {
    }

    /** One column: a header and a JSON pointer into each row. */
    private record Column(String header, String pointer) {
    }

    private static Column col(String header, String pointer) {
        return new Column(header, pointer);
    }

    public static String render(String command, JsonNode result) {
        return switch (command) {
            case "status" -> status(result);
            case "detections.list", "detections.search" -> table(result, col("TIME", "/time"),
                    col("PROTO", "/protocol"), col("ACCOUNT", "/account"), col("THREAT", "/threat/name"),
                    col("CATEGORY", "/threat/category"), col("ENGINE", "/threat/engine"), col("WHERE", "/threat/path"));
            case "tracking.search" -> table(result, col("TIME", "/message/time"), col("PROTO", "/message/protocol"),
                    col("ACCOUNT", "/message/account"), col("SUBJECT", "/message/subject"),
                    col("VERDICT", "/message/verdict"), col("ACTION", "/message/action"),
                    col("QUARANTINE", "/message/quarantineId"));
            case "quarantine.list" -> table(result, col("ID", "/id"), col("TIME", "/time"), col("STATUS", "/status"),
                    col("ACCOUNT", "/account"), col("SIZE", "/size"), col("SUBJECT", "/subject"));
            case "components.list" -> table(result, col("NAME", "/name"), col("VERSION", "/currentVersion"),
                    col("AVAILABLE", "/availableVersion"), col("STATE", "/state"), col("LAST CHECK", "/lastCheck"),
                    col("DETAIL", "/detail"));
            case "audit.list" -> table(result, col("TIME", "/time"), col("ACTOR", "/actor"), col("ACTION", "/action"),
                    col("TARGET", "/target"), col("RESULT", "/result"), col("DETAIL", "/detail"));
            case "config.show" -> pretty(result);
            case "accounts.list" -> table(accountRows(result), col("NAME", "/name"), col("ROLE", "/role"),
                    col("PASSWORD", "/password"), col("KEYS", "/keys"), col("NOTE", "/note"));
            default -> keyValues(result);
        };
    }

    /** Accounts with the keys counted and the forced change in words. */
    private static JsonNode accountRows(JsonNode accounts) {
        com.fasterxml.jackson.databind.node.ArrayNode rows = AdminJson.MAPPER.createArrayNode();
        for (JsonNode a : accounts) {
            rows.addObject().put("name", a.path("name").asText()).put("role", a.path("role").asText())
                    .put("password", a.path("password").asBoolean() ? "yes" : "no")
                    .put("keys", a.path("keys").size())
                    .put("note", a.path("mustChangePassword").asBoolean() ? "must change password at next login" : "");
        }
        return rows;
    }

    private static String status(JsonNode s) {
        StringBuilder sb = new StringBuilder();
        sb.append("server:   ").append(s.path("name").asText()).append(" (mamori ").append(s.path("version").asText())
                .append(")\n");
        sb.append("started:  ").append(time(s.path("started").asText())).append(" (up ")
                .append(uptime(s.path("uptimeSeconds").asLong())).append(")\n");
        StringBuilder services = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = s.path("services").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            services.append(services.isEmpty() ? "" : ", ").append(e.getKey()).append(' ')
                    .append(e.getValue().asBoolean() ? "on" : "OFF");
        }
        sb.append("services: ").append(services).append('\n');
        JsonNode store = s.path("store");
        sb.append("store:    ").append(store.path("written").asLong()).append(" written, ")
                .append(store.path("dropped").asLong()).append(" dropped, ").append(store.path("failed").asLong())
                .append(" failed, ").append(store.path("queued").asLong()).append(" queued\n\n");
        sb.append(table(s.path("listeners"), col("PROTOCOL", "/protocol"), col("LISTENER", "/name"),
                col("ADDRESS", "/address")));
        return sb.toString();
    }

    static String uptime(long seconds) {
        long d = seconds / 86400;
        long h = seconds % 86400 / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        return d > 0 ? d + "d " + h + "h " + m + "m" : h > 0 ? h + "h " + m + "m" : m + "m " + s + "s";
    }

    private static String table(JsonNode rows, Column... columns) {
        if (!rows.isArray() || rows.isEmpty()) {
            return "(none)\n";
        }
        List<String[]> cells = new ArrayList<>();
        String[] header = new String[columns.length];
        int[] width = new int[columns.length];
        for (int i = 0; i < columns.length; i++) {
            header[i] = columns[i].header();
            width[i] = header[i].length();
        }
        for (JsonNode row : rows) {
            String[] line = new String[columns.length];
            for (int i = 0; i < columns.length; i++) {
                line[i] = cell(row.at(columns[i].pointer()), columns[i].pointer());
                width[i] = Math.max(width[i], line[i].length());
            }
            cells.add(line);
        }
        StringBuilder sb = new StringBuilder();
        appendRow(sb, header, width);
        for (String[] line : cells) {
            appendRow(sb, line, width);
        }
        sb.append(rows.size()).append(rows.size() == 1 ? " row\n" : " rows\n");
        return sb.toString();
    }

    private static void appendRow(StringBuilder sb, String[] cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(cells[i]);
            if (i < cells.length - 1) {
                line.append(" ".repeat(width[i] - cells[i].length() + 2));
            }
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }

    private static String cell(JsonNode v, String pointer) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return "-";
        }
        String text = v.isValueNode() ? v.asText() : v.toString();
        if (pointer.endsWith("time") || pointer.endsWith("Time") || pointer.endsWith("Check")) {
            text = time(text);
        }
        text = text.replaceAll("[\\r\\n\\t]", " ");
        return text.length() > MAX_CELL ? text.substring(0, MAX_CELL - 3) + "..." : text;
    }

    /** {@code 2026-11-25T14:03:07.123Z} → {@code 2026-11-25 14:03:07}. */
    static String time(String iso) {
        if (iso.length() >= 19 && iso.charAt(10) == 'T') {
            return iso.substring(0, 10) + " " + iso.substring(11, 19);
        }
        return iso;
    }

    private static String keyValues(JsonNode result) {
        if (result == null || result.isNull()) {
            return "ok\n";
        }
        if (!result.isObject()) {
            return result.isValueNode() ? result.asText() + "\n" : pretty(result);
        }
        int width = 0;
        for (Iterator<String> it = result.fieldNames(); it.hasNext(); ) {
            width = Math.max(width, it.next().length());
        }
        StringBuilder sb = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = result.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            String text = v.isNull() ? "-" : v.isValueNode() ? v.asText() : v.toString();
            sb.append(e.getKey()).append(':').append(" ".repeat(width - e.getKey().length() + 1)).append(text)
                    .append('\n');
        }
        return sb.toString();
    }

    private static String pretty(JsonNode node) {
        try {
            return AdminJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            return node.toString() + "\n";
        }
    }
}
