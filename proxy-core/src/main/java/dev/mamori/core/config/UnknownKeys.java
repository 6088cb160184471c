package dev.mamori.core.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Finds keys the config records do not have, before binding. Jackson only reports an unknown key after the record
 * around it was built, so a misspelt {@code listners} would surface as "at least one listener is needed"; checking
 * the tree first names the typo, and names every typo at once.
 */
final class UnknownKeys {
    private UnknownKeys() {
    }

    static List<ConfigProblem> find(JsonNode node, Class<?> recordType, String source) {
        List<ConfigProblem> problems = new ArrayList<>();
        walk(node, recordType, "", source, problems);
        return problems;
    }

    private static void walk(JsonNode node, Class<?> recordType, String path, String source, List<ConfigProblem> problems) {
        if (!node.isObject()) {
            return; // a scalar or list where a section belongs: binding reports it with the expected type
        }
        RecordComponent[] components = recordType.getRecordComponents();
        List<String> known = Arrays.stream(components).map(RecordComponent::getName).toList();
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!known.contains(key)) {
                problems.add(problem(source, JacksonProblems.join(path, key), key, known));
            }
        }
        for (RecordComponent c : components) {
            JsonNode child = node.get(c.getName());
            if (child == null) {
                continue;
            }
            String childPath = JacksonProblems.join(path, c.getName());
            if (c.getType().isRecord()) {
                walk(child, c.getType(), childPath, source, problems);
            } else if (List.class.isAssignableFrom(c.getType()) && child.isArray()) {
                Class<?> element = elementType(c.getGenericType());
                if (element != null && element.isRecord()) {
                    for (int i = 0; i < child.size(); i++) {
                        walk(child.get(i), element, childPath + "[" + i + "]", source, problems);
                    }
                }
            }
        }
    }

    static ConfigProblem problem(String source, String path, String key, List<String> known) {
        String problem = "unknown key '" + key + "'";
        String suggestion = closest(key, known);
        if (suggestion != null) {
            problem += ", did you mean '" + suggestion + "'?";
        }
        return new ConfigProblem(source, path, problem, known.isEmpty() ? "no keys are allowed here" : "allowed: " + String.join(", ", known));
    }

    private static Class<?> elementType(Type listType) {
        if (listType instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> c) {
            return c;
        }
        return null;
    }

    /** The known key closest to a misspelt one, if it is close enough to be the likely intent. */
    static String closest(String key, List<String> known) {
        String lower = key.toLowerCase(Locale.ROOT);
        return known.stream()
                .filter(k -> editDistance(lower, k.toLowerCase(Locale.ROOT)) <= Math.max(1, k.length() / 4))
                .min(Comparator.comparingInt(k -> editDistance(lower, k.toLowerCase(Locale.ROOT))))
                .orElse(null);
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(substitution, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
