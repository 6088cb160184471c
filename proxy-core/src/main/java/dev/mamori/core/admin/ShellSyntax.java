package dev.mamori.core.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The shell's command words turned into protocol requests: {@code quarantine release Q-...} becomes
 * {@code quarantine.release {"id": "Q-..."}}. Options are {@code --name value}; {@code --since 2h} (or {@code 30m},
 * {@code 7d}) is {@code from = now - 2h}.
 */
public final class ShellSyntax {
    /** A parsed line: the protocol command and its arguments. */
    public record Request(String command, ObjectNode args) {
    }

    public static final String HELP = """
            status                                  server, services, listeners, store
            service enable|disable pop3|smtp        allow or refuse new connections
            detections [--since 24h] [--from T] [--to T] [--protocol P] [--threat T] [--account A] [--limit N]
            tracking [--since 24h] [--account A] [--sender S] [--subject S] [--message-id M] [--limit N]
            quarantine list [--status quarantined|released|delivered] [--limit N]
            quarantine show|release|delete ID
            components [list] | components update|rollback NAME
            config show | config reload
            audit [--since 24h] [--actor A] [--limit N]
            accounts [list] | accounts role NAME admin|viewer | accounts remove NAME
                                                    (add and password resets need a password: use the
                                                    dashboard, the mamori-admin subsystem or mamori admin)
            whoami | passwd | help | exit
            Times T are ISO-8601 instants (2026-11-25T14:00:00Z).
            """;

    private static final Map<String, String> OPTION_KEYS = Map.of("message-id", "messageId");

    private ShellSyntax() {
    }

    /** Splits on blanks, keeping "quoted words" together. */
    public static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(cur.toString());
        }
        return out;
    }

    public static Request parse(List<String> words, Instant now) throws AdminError {
        if (words.isEmpty()) {
            throw new AdminError(AdminError.BAD_REQUEST, "empty command");
        }
        String first = words.get(0).toLowerCase(Locale.ROOT);
        List<String> rest = words.subList(1, words.size());
        ObjectNode args = AdminJson.MAPPER.createObjectNode();
        return switch (first) {
            case "status", "whoami" -> new Request(first, options(rest, args, now));
            case "service" -> {
                need(rest, 2, "service enable|disable pop3|smtp");
                String verb = rest.get(0).toLowerCase(Locale.ROOT);
                if (!verb.equals("enable") && !verb.equals("disable")) {
                    throw new AdminError(AdminError.BAD_REQUEST, "service enable|disable pop3|smtp");
                }
                args.put("service", rest.get(1).toLowerCase(Locale.ROOT));
                yield new Request("service." + verb, args);
            }
            case "detections" -> {
                List<String> opts = !rest.isEmpty() && rest.get(0).equals("search") ? rest.subList(1, rest.size()) : rest;
                yield new Request("detections.search", options(opts, args, now));
            }
            case "tracking" -> {
                List<String> opts = !rest.isEmpty() && rest.get(0).equals("search") ? rest.subList(1, rest.size()) : rest;
                yield new Request("tracking.search", options(opts, args, now));
            }
            case "quarantine" -> {
                String verb = rest.isEmpty() ? "list" : rest.get(0).toLowerCase(Locale.ROOT);
                switch (verb) {
                    case "list" -> {
                        yield new Request("quarantine.list", options(rest.isEmpty() ? rest : rest.subList(1, rest.size()),
                                args, now));
                    }
                    case "show", "release", "delete" -> {
                        need(rest, 2, "quarantine " + verb + " ID");
                        args.put("id", rest.get(1));
                        yield new Request("quarantine." + verb, args);
                    }
                    default -> throw new AdminError(AdminError.BAD_REQUEST,
                            "quarantine list|show|release|delete (download: use mamori quarantine download --server)");
                }
            }
            case "components" -> {
                String verb = rest.isEmpty() ? "list" : rest.get(0).toLowerCase(Locale.ROOT);
                switch (verb) {
                    case "list" -> {
                        yield new Request("components.list", args);
                    }
                    case "update", "rollback" -> {
                        need(rest, 2, "components " + verb + " NAME");
                        args.put("component", rest.get(1));
                        yield new Request("components." + verb, args);
                    }
                    default -> throw new AdminError(AdminError.BAD_REQUEST, "components list|update NAME|rollback NAME");
                }
            }
            case "config" -> {
                need(rest, 1, "config show|reload");
                String verb = rest.get(0).toLowerCase(Locale.ROOT);
                if (!verb.equals("show") && !verb.equals("reload")) {
                    throw new AdminError(AdminError.BAD_REQUEST, "config show|reload");
                }
                yield new Request("config." + verb, args);
            }
            case "audit" -> new Request("audit.list", options(rest, args, now));
            case "accounts" -> {
                String verb = rest.isEmpty() ? "list" : rest.get(0).toLowerCase(Locale.ROOT);
                switch (verb) {
                    case "list" -> {
                        yield new Request("accounts.list", args);
                    }
                    case "remove" -> {
                        need(rest, 2, "accounts remove NAME");
                        args.put("name", rest.get(1));
                        yield new Request("accounts.remove", args);
                    }
                    case "role" -> {
                        need(rest, 3, "accounts role NAME admin|viewer");
                        args.put("name", rest.get(1));
                        args.put("role", rest.get(2).toLowerCase(Locale.ROOT));
                        yield new Request("accounts.update", args);
                    }
                    default -> throw new AdminError(AdminError.BAD_REQUEST, "accounts list|role NAME ROLE|remove NAME"
                            + " (add and reset need a password: use the dashboard or mamori admin)");
                }
            }
            default -> throw new AdminError(AdminError.UNKNOWN_COMMAND, "unknown command '" + first + "'; try help");
        };
    }

    private static void need(List<String> rest, int n, String usage) throws AdminError {
        if (rest.size() < n) {
            throw new AdminError(AdminError.BAD_REQUEST, "usage: " + usage);
        }
    }

    private static ObjectNode options(List<String> words, ObjectNode args, Instant now) throws AdminError {
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (!w.startsWith("--") || i + 1 >= words.size()) {
                throw new AdminError(AdminError.BAD_REQUEST, "expected --option value, got '" + w + "'");
            }
            String key = w.substring(2);
            String value = words.get(++i);
            switch (key) {
                case "since" -> args.put("from", now.minus(duration(value)).toString());
                case "limit" -> {
                    try {
                        args.put("limit", Integer.parseInt(value));
                    } catch (NumberFormatException e) {
                        throw new AdminError(AdminError.BAD_REQUEST, "--limit needs a number, not '" + value + "'");
                    }
                }
                default -> args.put(OPTION_KEYS.getOrDefault(key, key), value);
            }
        }
        return args;
    }

    /** {@code 30m}, {@code 2h}, {@code 7d}, {@code 45s}. */
    public static Duration duration(String text) throws AdminError {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new AdminError(AdminError.BAD_REQUEST, "'" + text + "' is not a duration such as 30m, 2h, 7d");
        }
    }
}
