package dev.mamori.core.scan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Facts every scan establishes, whatever the verdict.
 *
 * @param size            content bytes read
 * @param sha256          hex SHA-256 of the content, for tracking and quarantine
 * @param scanTime        wall time spent on the scan executor
 * @param attachmentNames the file names the sender gave to parts and archive members, in the order met, each once,
 *                        at most {@link #MAX_NAMES} (message tracking shows them)
 */
public record ScanSummary(long size, String sha256, Duration scanTime, List<String> attachmentNames) {
    /** More names than this (an archive of thousands of files) are not kept; the tracking row says how many more. */
    public static final int MAX_NAMES = 50;

    public ScanSummary {
        attachmentNames = attachmentNames == null ? List.of() : List.copyOf(attachmentNames);
    }

    public ScanSummary(long size, String sha256, Duration scanTime) {
        this(size, sha256, scanTime, List.of());
    }

    /** Collects declared names while a walk runs (one walk, one thread). */
    public static final class Names {
        private final Set<String> names = new LinkedHashSet<>();
        private int more;

        public void add(String name) {
            if (name == null || name.isBlank() || names.contains(name)) {
                return;
            }
            if (names.size() < MAX_NAMES) {
                names.add(name.length() > 255 ? name.substring(0, 255) : name);
            } else {
                more++;
            }
        }

        public List<String> list() {
            List<String> out = new ArrayList<>(names);
            if (more > 0) {
                out.add("(" + more + " more)");
            }
            return out;
        }
    }
}
