package dev.mamori.core.scan.action;

import dev.mamori.core.quarantine.Quarantine;
import dev.mamori.core.quarantine.QuarantineEntry;
import dev.mamori.core.scan.MessageSource;
import dev.mamori.core.scan.ScanContext;
import dev.mamori.core.scan.Verdict;
import dev.mamori.core.scan.policy.PolicyAction;
import dev.mamori.core.scan.policy.PolicyDecision;
import dev.mamori.core.scan.policy.PolicyEngine;
import dev.mamori.core.scan.policy.ScanPolicy;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Applies the policy to a verdict: looks for a released quarantine entry, writes the original to quarantine (before
 * anything is delivered), and builds the tagged message or the notice. Blocking: runs on the scan executor.
 */
public final class MessageDisposer {
    private static final Logger LOG = LogManager.getLogger(MessageDisposer.class);

    private final PolicyEngine policy;
    private final Quarantine quarantine;
    private final MessageTracking tracking;
    private final dev.mamori.core.events.EventHub events;

    public MessageDisposer(PolicyEngine policy, Quarantine quarantine) {
        this(policy, quarantine, null, null);
    }

    /** With {@code store}, every message and quarantine entry is also recorded for tracking and the dashboard. */
    public MessageDisposer(PolicyEngine policy, Quarantine quarantine, dev.mamori.core.store.EventStore store) {
        this(policy, quarantine, store, null);
    }

    /** With {@code events}, every message with a threat is also published to the live feed. */
    public MessageDisposer(PolicyEngine policy, Quarantine quarantine, dev.mamori.core.store.EventStore store,
                           dev.mamori.core.events.EventHub events) {
        this.policy = policy;
        this.quarantine = quarantine;
        this.tracking = store == null ? null : new MessageTracking(store);
        this.events = events;
    }

    public Outcome dispose(MessageSource original, Verdict verdict, ScanContext context) {
        // read once: tracking, the quarantine entry, notices and tags all need the header section
        HeaderBlock headers = headers(original);
        Outcome outcome;
        try {
            outcome = switch (verdict) {
                case Verdict.ScanError e -> scanFailed(original, headers, e, context);
                case Verdict.Scanned s -> scanned(original, headers, s, context);
            };
        } catch (IOException | RuntimeException e) {
            LOG.error("{} message {} of {}: policy could not be applied: {}", context.protocol(), context.messageId(),
                    context.account(), e.toString());
            outcome = new Outcome.TempFail("the message could not be processed (" + e.getClass().getSimpleName() + ")");
        }
        if (tracking != null) {
            tracking.message(context, headers, verdict, outcome);
        }
        if (events != null && verdict instanceof Verdict.Scanned s && !s.isClean()) {
            events.publish(MessageTracking.detectionEvent(context, headers, s, outcome));
        }
        return outcome;
    }

    /** Null when the message cannot be read: tracking goes on without subject and Message-ID, changes fail. */
    private static HeaderBlock headers(MessageSource original) {
        try {
            return HeaderBlock.of(original);
        } catch (IOException e) {
            return null;
        }
    }

    private static HeaderBlock required(HeaderBlock headers) throws IOException {
        if (headers == null) {
            throw new IOException("the message's header section could not be read");
        }
        return headers;
    }

    private Outcome scanned(MessageSource original, HeaderBlock headers, Verdict.Scanned s, ScanContext context)
            throws IOException {
        Optional<PolicyDecision> maybe = policy.decide(s);
        if (maybe.isEmpty()) {
            return new Outcome.DeliverOriginal(s, null);
        }
        PolicyDecision decision = maybe.get();
        String sha = s.summary().sha256();
        if (sha != null && quarantine != null) {
            Optional<QuarantineEntry> released = quarantine.takeRelease(context.account(), context.upstream(), sha);
            if (released.isPresent() && tracking != null) {
                tracking.releaseUsed(released.get());
            }
            if (released.isPresent()) {
                LOG.warn("{} message {} of {}: delivering unchanged, released from quarantine {} by an administrator",
                        context.protocol(), context.messageId(), context.account(), released.get().id());
                return new Outcome.DeliverOriginal(s, released.get().id());
            }
        }
        if (decision.deliverOriginalUnchanged() && !decision.action().quarantine()) {
            return new Outcome.DeliverOriginal(s, null);
        }
        String quarantineId = null;
        if (decision.action().quarantine() && quarantine != null) {
            try (InputStream in = original.openStream()) {
                QuarantineEntry entry = quarantine.store(in, new Quarantine.Origin(context.protocol(), context.account(),
                        context.upstream(), context.client() == null ? null : context.client().getAddress().getHostAddress(),
                        context.messageId(), required(headers).decoded("Subject"), decision.reasons()));
                quarantineId = entry.id();
                if (tracking != null) {
                    tracking.quarantined(entry);
                }
            }
        }
        ScanPolicy p = policy.policy();
        MessageSource delivered = switch (decision.action().disposition()) {
            case REPLACE -> NoticeMessage.build(required(headers), decision, p.subjectTag(), quarantineId);
            case STRIP -> stripped(original, required(headers), decision, quarantineId);
            case DELIVER -> decision.action().tag()
                    ? Tagger.tag(original, required(headers), decision, p.subjectTag(), quarantineId) : original;
        };
        return new Outcome.DeliverModified(s, decision, delivered, quarantineId);
    }

    /** The message without the concerned parts, tagged; the whole message replaced if stripping is not possible. */
    private MessageSource stripped(MessageSource original, HeaderBlock headers, PolicyDecision decision,
                                   String quarantineId) throws IOException {
        String tag = policy.policy().subjectTag();
        java.util.Optional<byte[]> bytes = PartStripper.strip(original, decision.stripParts(), quarantineId);
        if (bytes.isEmpty()) {
            LOG.info("parts {} could not be stripped; replacing the whole message", decision.stripParts().keySet());
            PolicyDecision replace = new PolicyDecision(new PolicyAction(PolicyAction.Disposition.REPLACE,
                    decision.action().tag(), decision.action().quarantine()), decision.categories(), decision.reasons());
            return NoticeMessage.build(headers, replace, tag, quarantineId);
        }
        MessageSource rewritten = ModifiedMessage.whole(bytes.get());
        return Tagger.tag(rewritten, HeaderBlock.of(rewritten), decision, tag, quarantineId);
    }

    private Outcome scanFailed(MessageSource original, HeaderBlock headers, Verdict.ScanError e, ScanContext context)
            throws IOException {
        if (policy.policy().scanFailure() == ScanPolicy.ScanFailure.TEMPFAIL) {
            return new Outcome.TempFail(e.reason());
        }
        // fail-open was chosen explicitly: deliver, but never without saying so
        PolicyDecision decision = new PolicyDecision(PolicyAction.of("deliver", "tag"),
                java.util.EnumSet.of(dev.mamori.core.scan.policy.PolicyCategory.UNSCANNABLE),
                List.of("not scanned: " + e.reason()));
        LOG.warn("{} message {} of {}: scanner failed ({}), delivering tagged (scanFailure: deliver-tagged)",
                context.protocol(), context.messageId(), context.account(), e.reason());
        return new Outcome.DeliverModified(e, decision, Tagger.tag(original, required(headers), decision,
                policy.policy().subjectTag(), null), null);
    }
}
