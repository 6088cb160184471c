package dev.mamori.core.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secret values in configuration YAML before it is shown: the value of every key whose name says it is a secret
 * (password, secret, token, passphrase, credential, an API key or a private key given inline). File paths to key
 * material are not secrets and stay readable; an inline PEM block is masked whole.
 */
public final class ConfigRedactor {
    public static final String MASK = "******";

    private static final Pattern KEY_VALUE = Pattern.compile("^(\\s*-?\\s*)([A-Za-z0-9_.-]+)(\\s*:\\s*)(.*)$");
    private static final Pattern SECRET_KEY = Pattern.compile(
            "password|passwd|secret|token|passphrase|credential|apikey|api-key|api_key|privatekeypem");

    private ConfigRedactor() {
    }

    public static String redact(String yaml) {
        StringBuilder out = new StringBuilder(yaml.length());
        int blockIndent = -1; // inside a masked multi-line value: lines indented deeper than the key are dropped
        boolean inPem = false; // inside an inline private key: lines up to its END line are dropped
        for (String line : yaml.split("\r?\n", -1)) {
            if (inPem) {
                inPem = !line.contains("-----END");
                continue;
            }
            int indent = indentOf(line);
            if (blockIndent >= 0) {
                if (line.isBlank() || indent > blockIndent) {
                    continue;
                }
                blockIndent = -1;
            }
            Matcher m = KEY_VALUE.matcher(line);
            if (m.matches() && isSecret(m.group(2)) && !m.group(4).isBlank()) {
                String value = m.group(4).strip();
                out.append(m.group(1)).append(m.group(2)).append(m.group(3)).append(MASK);
                if (value.startsWith("|") || value.startsWith(">")) {
                    blockIndent = indent;
                }
                out.append('\n');
                continue;
            }
            if (m.matches() && isSecret(m.group(2)) && m.group(4).isBlank()) {
                out.append(line).append(" ").append(MASK).append('\n');
                blockIndent = indent;
                continue;
            }
            if (line.contains("-----BEGIN") && line.contains("PRIVATE KEY")) {
                out.append(line, 0, line.indexOf("-----BEGIN")).append(MASK).append('\n');
                inPem = true;
                continue;
            }
            out.append(line).append('\n');
        }
        out.setLength(Math.max(0, out.length() - 1));
        return out.toString();
    }

    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (k.endsWith("file") || k.endsWith("files") || k.endsWith("path")) {
            return false;
        }
        return SECRET_KEY.matcher(k).find() || k.equals("key");
    }

    private static int indentOf(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
