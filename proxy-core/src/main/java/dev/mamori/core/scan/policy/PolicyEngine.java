package dev.mamori.core.scan.policy;

import dev.mamori.core.scan.Verdict;
import dev.mamori.core.scan.content.Finding;
import dev.mamori.core.scan.engine.Detection;

import dev.mamori.core.scan.content.ContentPath;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
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
        List<Concern> concerns = new ArrayList<>();
        for (Detection d : verdict.detections()) {
            String reason = d.name() + " in " + d.path().render() + (d.detail() == null || d.detail().isBlank() ? "" : " (" + d.detail() + ")");
            add(PolicyCategory.of(d.category()), d.path(), reason, categories, reasons, concerns);
        }
        for (Finding f : verdict.findings()) {
            String reason = f.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " in " + f.path().render()
                    + (f.detail() == null || f.detail().isBlank() ? "" : ": " + f.detail());
            add(PolicyCategory.of(f.kind()), f.path(), reason, categories, reasons, concerns);
        }
        PolicyAction merged = null;
        for (PolicyCategory c : categories) {
            PolicyAction a = policy.actionFor(c);
            merged = merged == null ? a : merged.merge(a);
        }
        Map<String, List<String>> strip = new LinkedHashMap<>();
        if (merged.disposition() == PolicyAction.Disposition.STRIP) {
            for (Concern c : concerns) {
                if (policy.actionFor(c.category()).disposition() != PolicyAction.Disposition.STRIP) {
                    continue;
                }
                String part = topLevelPart(c.path());
                if (part == null) {
                    // the whole message is concerned (or no part can be named): strip becomes replace
                    merged = new PolicyAction(PolicyAction.Disposition.REPLACE, merged.tag(), merged.quarantine());
                    strip.clear();
                    break;
                }
                strip.computeIfAbsent(part, k -> new ArrayList<>()).add(c.reason());
            }
        }
        return Optional.of(new PolicyDecision(merged, categories, reasons, strip));
    }

    private record Concern(PolicyCategory category, ContentPath path, String reason) {
    }

    private static void add(PolicyCategory c, ContentPath path, String reason, Set<PolicyCategory> categories,
                            List<String> reasons, List<Concern> concerns) {
        categories.add(c);
        reasons.add(reason);
        concerns.add(new Concern(c, path, reason));
    }

    /** The part of the top-level message that holds an item: {@code 2} for {@code message › part 2 › x.zip › a.exe}. */
    static String topLevelPart(ContentPath path) {
        List<String> segments = path.segments();
        if (segments.size() < 2 || !segments.get(1).startsWith("part ")) {
            return null;
        }
        return segments.get(1).substring("part ".length());
    }

    public ScanPolicy policy() {
        return policy;
    }
}
