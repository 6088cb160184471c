package dev.mamori.core.scan.policy;

import java.util.List;
import java.util.Set;

/**
 * What to do with one scanned message.
 *
 * @param action     the merged action over every category the message fell into
 * @param categories those categories, most severe first
 * @param reasons    one line per detection or finding, for notices, headers, logs and the quarantine entry
 */
public record PolicyDecision(PolicyAction action, Set<PolicyCategory> categories, List<String> reasons) {
    public PolicyDecision {
        categories = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(categories));
        reasons = List.copyOf(reasons);
    }

    public boolean deliverOriginalUnchanged() {
        return action.disposition() == PolicyAction.Disposition.DELIVER && !action.tag();
    }

    /** The most severe category, for subject tags. */
    public PolicyCategory primary() {
        return categories.iterator().next();
    }
}
