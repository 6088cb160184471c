package dev.mamori.core.scan.policy;

import dev.mamori.core.scan.Verdict;
import dev.mamori.core.scan.content.Finding;
import dev.mamori.core.scan.engine.Detection;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Turns a verdict into a decision by the site's {@link ScanPolicy}. Pure and thread-safe. */
public final class PolicyEngine {
    private final ScanPolicy policy;

    public PolicyEngine(ScanPolicy policy) {
        this.policy = policy;
    }

    /** Empty for a clean message: deliver it unchanged. */
    public Optional<PolicyDecision> decide(Verdict.Scanned verdict) {
        if (verdict.isClean()) {
            return Optional.empty();
        }
        Set<PolicyCategory> categories = EnumSet.noneOf(PolicyCategory.class);
        List<String> reasons = new ArrayList<>();
        for (Detection d : verdict.detections()) {
            categories.add(PolicyCategory.of(d.category()));
            reasons.add(d.name() + " in " + d.path().render() + (d.detail() == null || d.detail().isBlank() ? "" : " (" + d.detail() + ")"));
        }
        for (Finding f : verdict.findings()) {
            categories.add(PolicyCategory.of(f.kind()));
            reasons.add(f.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " in " + f.path().render()
                    + (f.detail() == null || f.detail().isBlank() ? "" : ": " + f.detail()));
        }
        PolicyAction merged = null;
        for (PolicyCategory c : categories) {
            PolicyAction a = policy.actionFor(c);
            merged = merged == null ? a : merged.merge(a);
        }
        return Optional.of(new PolicyDecision(merged, categories, reasons));
    }

    public ScanPolicy policy() {
        return policy;
    }
}
