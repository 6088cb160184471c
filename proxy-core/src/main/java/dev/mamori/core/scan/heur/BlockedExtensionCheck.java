package dev.mamori.core.scan.heur;

import dev.mamori.core.scan.content.ContentItem;
import dev.mamori.core.scan.engine.Detection;
import dev.mamori.core.scan.engine.ThreatCategory;

import java.util.List;

/**
 * Names the site refuses whatever the content: the extension Windows would act on is in the blocked list. Skipped
 * when the content check already blocked the item: one refusal with the stronger reason is enough.
 */
final class BlockedExtensionCheck implements HeuristicCheck {
    @Override
    public HeuristicRules.Check key() {
        return HeuristicRules.Check.BLOCKED_EXTENSION;
    }

    @Override
    public void inspect(ContentItem item, HeuristicRules rules, List<Detection> out) {
        if (item.declaredName().isEmpty()
                || out.stream().anyMatch(d -> d.category() == ThreatCategory.BLOCKED_ATTACHMENT)) {
            return;
        }
        String ext = FileNames.extension(FileNames.effective(item.declaredName().get()));
        if (rules.blockedExtensions().contains(ext)) {
            out.add(Detections.of(ThreatCategory.BLOCKED_ATTACHMENT, HeuristicNames.BLOCKED_EXTENSION, item,
                    "." + ext + " files are blocked (" + Detections.subject(item) + ")"));
        }
    }
}
