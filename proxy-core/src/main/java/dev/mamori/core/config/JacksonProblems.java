package dev.mamori.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.mamori.core.net.Cidr;
import dev.mamori.core.net.HostPort;
import dev.mamori.core.net.PortRange;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Turns Jackson's exceptions, which speak Java, into {@link ConfigProblem}s, which speak config file. */
final class JacksonProblems {
    private JacksonProblems() {
    }

    static ConfigProblem of(String source, JsonProcessingException e) {
        if (e instanceof JsonMappingException m) {
            return mapping(source, m);
        }
        // a syntax error: there is no field path yet, only a position in the text
        return new ConfigProblem(source, position(e.getLocation()), syntaxMessage(e), "");
    }

    private static ConfigProblem mapping(String source, JsonMappingException e) {
        String path = path(e.getPath());
        return switch (e) {
            case UnrecognizedPropertyException u -> unknownKey(source, path, u);
            case ValueInstantiationException v -> refused(source, path, v);
            case InvalidNullException n -> new ConfigProblem(source, path, "an empty value is not allowed here", expected(n.getTargetType()).allowed());
            case InvalidFormatException f -> new ConfigProblem(source, path,
                    "'" + f.getValue() + "' is not " + expected(f.getTargetType()).noun(), expected(f.getTargetType()).allowed());
            case MismatchedInputException mi when mi.getOriginalMessage().startsWith("Trailing token") ->
                    new ConfigProblem(source, "", "the file holds more than one YAML document", "allowed: exactly one; remove the extra '---'");
            case MismatchedInputException mi -> mismatch(source, path, mi);
            default -> ConfigProblem.of(source, path, firstLine(e.getOriginalMessage()));
        };
    }

    private static ConfigProblem unknownKey(String source, String path, UnrecognizedPropertyException u) {
        return UnknownKeys.problem(source, path, u.getPropertyName(), knownKeys(u.getReferringClass(), u.getKnownPropertyIds()));
    }

    /** A record constructor or a value parser threw: its message already names the problem and what is allowed. */
    private static ConfigProblem refused(String source, String path, ValueInstantiationException v) {
        for (Throwable t = v.getCause(); t != null; t = t.getCause()) {
            if (t instanceof InvalidFieldException f) {
                return ConfigProblem.of(source, join(path, f.field()), f.problem());
            }
            if (t instanceof IllegalArgumentException iae && iae.getMessage() != null) {
                return ConfigProblem.of(source, path, iae.getMessage());
            }
        }
        Throwable cause = v.getCause() == null ? v : v.getCause();
        return new ConfigProblem(source, path, "invalid value: " + cause, "");
    }

    private static ConfigProblem mismatch(String source, String path, MismatchedInputException mi) {
        Expected expected = expected(mi.getTargetType());
        String found = found(mi.getCurrentToken());
        String problem = "expected " + expected.noun() + (found == null ? "" : ", found " + found);
        return new ConfigProblem(source, path, problem, expected.allowed());
    }

    /** {@code pop3.listeners[0].bind}: dots between keys, brackets for list positions. */
    static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (!b.isEmpty()) {
                    b.append('.');
                }
                b.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    static String join(String path, String field) {
        if (path.isEmpty()) {
            return field;
        }
        return field.startsWith("[") ? path + field : path + "." + field;
    }

    private static String position(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String syntaxMessage(JsonProcessingException e) {
        String message = firstLine(e.getOriginalMessage());
        if (message.startsWith("Duplicate field '")) {
            String key = message.substring("Duplicate field '".length(), message.lastIndexOf('\''));
            return "the key '" + key + "' appears twice in the same section";
        }
        return "not valid YAML: " + message;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable value";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }

    /** Keys in the order the record declares them, which is the order the documentation uses. */
    private static List<String> knownKeys(Class<?> type, Collection<Object> known) {
        if (type != null && type.isRecord()) {
            return Arrays.stream(type.getRecordComponents()).map(c -> c.getName()).toList();
        }
        return known == null ? List.of() : known.stream().map(String::valueOf).sorted().toList();
    }

    record Expected(String noun, String allowed) {
    }

    private static final Map<Class<?>, Expected> EXPECTED = Map.ofEntries(
            Map.entry(Integer.class, new Expected("a whole number", "")),
            Map.entry(int.class, new Expected("a whole number", "")),
            Map.entry(Long.class, new Expected("a whole number", "")),
            Map.entry(long.class, new Expected("a whole number", "")),
            Map.entry(Boolean.class, new Expected("true or false", "")),
            Map.entry(boolean.class, new Expected("true or false", "")),
            Map.entry(String.class, new Expected("text", "")),
            Map.entry(Duration.class, new Expected("a duration", "examples: 500ms, 30s, 10m, 2h, 1d")),
            Map.entry(DataSize.class, new Expected("a size", "examples: 4096, 64KiB, 20MB, 1GiB")),
            Map.entry(Cidr.class, new Expected("an IP address or CIDR range", "examples: 10.0.0.0/8, 192.168.1.7, ::1/128")),
            Map.entry(PortRange.class, new Expected("a port or port range", "examples: 110, 11000-11099")),
            Map.entry(HostPort.class, new Expected("host:port", "examples: 127.0.0.1:11110, [::1]:110")));

    static Expected expected(Class<?> type) {
        if (type == null) {
            return new Expected("a different kind of value", "");
        }
        Expected known = EXPECTED.get(type);
        if (known != null) {
            return known;
        }
        if (Path.class.isAssignableFrom(type)) {
            return new Expected("a file or directory path", "");
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return new Expected("a list", "write [a, b] or one '- item' per line");
        }
        if (type.isEnum()) {
            String values = Arrays.stream(type.getEnumConstants())
                    .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
            return new Expected("one of " + values, "allowed: " + values);
        }
        if (type.isRecord()) {
            String keys = Arrays.stream(type.getRecordComponents()).map(c -> c.getName()).collect(Collectors.joining(", "));
            return new Expected("a section of key: value lines", "allowed keys: " + keys);
        }
        return new Expected("a different kind of value", "");
    }

    private static String found(JsonToken token) {
        if (token == null) {
            return null;
        }
        return switch (token) {
            case START_OBJECT -> "a section of key: value lines";
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "text";
            case VALUE_NUMBER_INT -> "a whole number";
            case VALUE_NUMBER_FLOAT -> "a decimal number";
            case VALUE_TRUE, VALUE_FALSE -> "true/false";
            case VALUE_NULL -> "an empty value";
            default -> null;
        };
    }
}
