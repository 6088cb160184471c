package dev.mamori.core.scan.content;

import org.apache.james.mime4j.codec.DecodeMonitor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * mime4j's hook for what it tolerates in lenient mode (bad base64, premature ends, invalid headers): each warning is
 * collected instead of thrown, and {@link #flushTo} turns them into one {@link Finding.Kind#MALFORMED_MIME} per
 * distinct problem and place, with a count, so garbage in a 10 MB body is one finding, not a million.
 */
final class MimeProblems extends DecodeMonitor {
    private static final int DISTINCT = 16;
    /** RFC 5322 obsolete syntax (e.g. a space before the colon) is common in legitimate mail and harmless. */
    private static final String OBSOLETE_HEADER = "Obsolete header encountered";

    private final Map<String, Integer> pending = new LinkedHashMap<>();

    @Override
    public boolean isListening() {
        return true;
    }

    @Override
    public boolean warn(String message, String dropDesc) {
        if (message != null && !message.endsWith(OBSOLETE_HEADER)
                && (pending.size() < DISTINCT || pending.containsKey(message))) {
            pending.merge(message, 1, Integer::sum);
        }
        return false; // never throw: we decode what can be decoded and report the rest
    }

    void flushTo(Walk walk, ContentPath where) {
        pending.forEach((message, count) ->
                walk.finding(Finding.Kind.MALFORMED_MIME, where, count == 1 ? message : message + " (" + count + " times)"));
        pending.clear();
    }
}
