package dev.mamori.core.scan.content;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.stream.Collectors;

/**
 * IMAP-style part numbers within one message: {@code 1} for a single-part body, {@code 2} for the second part of
 * the top multipart, {@code 2.1} for the first part of a multipart nested as part 2.
 */
final class PartNumbers {
    private final Deque<Integer> counters = new ArrayDeque<>();

    void enterMultipart() {
        counters.push(0);
    }

    void leaveMultipart() {
        counters.poll();
    }

    void nextPart() {
        Integer top = counters.poll();
        counters.push(top == null ? 1 : top + 1);
    }

    /** Multiparts open around the current position. */
    int nesting() {
        return counters.size();
    }

    String current() {
        if (counters.isEmpty()) {
            return "1";
        }
        return counters.reversed().stream().map(String::valueOf).collect(Collectors.joining("."));
    }
}
