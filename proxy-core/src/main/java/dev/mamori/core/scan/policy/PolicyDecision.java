package dev.mamori.core.scan.policy;

import java.util.List;
import java.util.Set;

/**
 * What to do with one scanned message.
 *
 * @param action     the merged action over every category the message fell into
 * @param categories those categories, most severe first
 * @param reasons    one line per detection or finding, for notices, headers, logs and the quarantine entry
 * @param stripParts for {@code strip}: the top-level part numbers ({@code 2}, {@code 2.1}) to replace by notices, each
 *                   with the reasons that concern it
 */
public record PolicyDecision(PolicyAction action, Set<PolicyCategory> categories, List<String> reasons,
                             java.util.Map<String, List<String>> stripParts) {
    public PolicyDecision {
        categories = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(categories));
        reasons = List.copyOf(reasons);
        stripParts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stripParts));
    }

    public PolicyDecision(PolicyAction action, Set<PolicyCategory> categories, List<String> reasons) {
        this(action, categories, reasons, java.util.Map.of());
    }

    public boolean deliverOriginalUnchanged() {
        return action.disposition() == PolicyAction.Disposition.DELIVER && !action.tag();
    }

    /** The most severe category, for subject tags. */
    public PolicyCategory primary() {
        return categories.iterator().next();
    }
}
