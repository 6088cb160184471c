package dev.mamori.core.scan.clamd;

import dev.mamori.core.scan.clamd.ClamdCrossCheckCorpus.Sample;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs the cross-check corpus through message scanners and lists where their verdicts differ from each other or
 * from what the corpus expects. A verdict is the set of normalized signature names found in the whole message.
 */
final class CrossCheck {
    /** Scans one whole message; returns the normalized names of everything found, empty when clean. */
    @FunctionalInterface
    interface MessageScanner {
        Set<String> scan(byte[] message) throws IOException;
    }

    private CrossCheck() {
    }

    /** The verdict for every sample, by sample name, in corpus order. */
    static Map<String, Set<String>> verdicts(MessageScanner scanner, List<Sample> samples) throws IOException {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (Sample s : samples) {
            out.put(s.name(), new TreeSet<>(scanner.scan(s.message())));
        }
        return out;
    }

    /** One line per sample where {@code actual} differs from the corpus expectation; empty when all agree. */
    static List<String> againstExpected(Map<String, Set<String>> actual, List<Sample> samples) {
        List<String> out = new ArrayList<>();
        for (Sample s : samples) {
            Set<String> got = actual.get(s.name());
            if (!new TreeSet<>(s.expected()).equals(got)) {
                out.add(s.name() + ": expected " + new TreeSet<>(s.expected()) + ", got " + got);
            }
        }
        return out;
    }

    /** One line per sample where the two scanners disagree; empty when they give the same verdicts. */
    static List<String> between(String leftName, Map<String, Set<String>> left, String rightName,
                                Map<String, Set<String>> right) {
        List<String> out = new ArrayList<>();
        for (var e : left.entrySet()) {
            Set<String> other = right.get(e.getKey());
            if (!e.getValue().equals(other)) {
                out.add(e.getKey() + ": " + leftName + " " + e.getValue() + ", " + rightName + " " + other);
            }
        }
        return out;
    }
}
