package dev.mamori.core.scan.content;

import java.util.ArrayList;
import java.util.List;

/**
 * The findings of one walk, capped: a message with a million broken parts must not hold a million findings. The
 * first {@value #MAX} are kept, then one summary of how many more were dropped.
 */
final class Findings {
    static final int MAX = 200;

    private final List<Finding> kept = new ArrayList<>();
    private int dropped;

    void add(Finding.Kind kind, ContentPath path, String detail) {
        if (kept.size() < MAX) {
            kept.add(new Finding(kind, path, detail));
        } else {
            dropped++;
        }
    }

    List<Finding> list(ContentPath root) {
        List<Finding> out = new ArrayList<>(kept);
        if (dropped > 0) {
            Finding.Kind kind = kept.getLast().kind();
            out.add(new Finding(kind, root, dropped + " more findings not listed"));
        }
        return out;
    }
}
