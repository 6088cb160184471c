package dev.mamori.core.scan.content;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a walk established besides the items it handed to the visitor.
 *
 * @param findings     problems met, in the order met; at most one {@link Finding.Kind#LIMIT_EXCEEDED}, the last
 * @param items        items handed to the visitor
 * @param decodedBytes decoded bytes of all items together
 * @param elapsed      wall time of the walk, the visitor's included
 */
public record WalkResult(List<Finding> findings, int items, long decodedBytes, Duration elapsed) {
    public WalkResult {
        findings = List.copyOf(findings);
    }

    /** True when every item was reached: no limit ended the walk. */
    public boolean complete() {
        return limitExceeded().isEmpty();
    }

    public Optional<Finding> limitExceeded() {
        return findings.stream().filter(f -> f.kind() == Finding.Kind.LIMIT_EXCEEDED).findFirst();
    }

    /** {@code limit exceeded (max compression ratio 200:1 (member), message › part 2 › bomb.zip › 0.zip)}, if any. */
    public Optional<String> unscannableReason() {
        return limitExceeded().map(f -> "limit exceeded (" + f.detail() + ", " + f.path().render() + ")");
    }

    public List<Finding> findings(Finding.Kind kind) {
        return findings.stream().filter(f -> f.kind() == kind).toList();
    }
}
