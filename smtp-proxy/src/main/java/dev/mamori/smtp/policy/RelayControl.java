package dev.mamori.smtp.policy;

import dev.mamori.core.config.RelaySettings;
import dev.mamori.core.net.Cidr;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Relay control at RCPT TO: who may send mail to which recipients through the gateway.
 *
 * <ul>
 *   <li>a client in {@code clientNetworks} may send to any recipient (the upstream judges the address);</li>
 *   <li>so may an authenticated client while {@code authenticatedMayRelay} is on;</li>
 *   <li>any other client only to recipients in {@code internalDomains} or their subdomains (compared
 *       case-insensitively, internationalised names in punycode form), and to the bare {@code postmaster} that RFC
 *       5321 section 4.5.1 requires every server to accept.</li>
 * </ul>
 *
 * Refusals use Postfix's wording, which mail administrators recognise: {@code 554 5.7.1 <rcpt>: Relay access denied}.
 * A recipient that cannot be parsed from such a client gets {@code 501 5.1.3 Bad recipient address syntax}.
 *
 * <p>At MAIL FROM the policy checks syntax only ({@link #checkSender}): sender verification, SPF and the like are
 * the upstream MTA's job, which sees the client through XCLIENT/XFORWARD.
 *
 * <p>Stateless apart from a counter; thread-safe.
 */
public final class RelayControl {
    static final int MAX_ECHOED_LENGTH = 256;

    private final List<Cidr> clientNetworks;
    private final List<String> internalDomains;
    private final boolean authenticatedMayRelay;
    private final LongAdder denials = new LongAdder();

    public RelayControl(RelaySettings settings) {
        this.clientNetworks = settings.clientNetworks();
        this.internalDomains = settings.internalDomains();
        this.authenticatedMayRelay = settings.authenticatedMayRelay();
    }

    /** Whether this client may send to any recipient. */
    public boolean mayRelay(InetAddress client, String authUser) {
        InetAddress a = Cidr.unmap(client);
        for (Cidr c : clientNetworks) {
            if (c.contains(a)) {
                return true;
            }
        }
        return authUser != null && authenticatedMayRelay;
    }

    /** Whether {@code recipient} is in one of the internal domains, or is the bare {@code postmaster}. */
    public boolean isInternal(String recipient) {
        EnvelopeAddress a = EnvelopeAddress.parse(recipient);
        return a != null && isInternal(a);
    }

    private boolean isInternal(EnvelopeAddress a) {
        if (a.domain() == null) {
            return a.isPostmaster();
        }
        for (String d : internalDomains) {
            if (a.domain().equals(d) || a.domain().endsWith("." + d)) {
                return true;
            }
        }
        return false;
    }

    /** The verdict at RCPT TO. */
    public PolicyReply checkRecipient(InetAddress client, String authUser, String recipient) {
        if (mayRelay(client, authUser)) {
            return PolicyReply.ACCEPT;
        }
        EnvelopeAddress a = EnvelopeAddress.parse(recipient);
        if (a == null) {
            return new PolicyReply(501, "5.1.3", "Bad recipient address syntax");
        }
        if (isInternal(a)) {
            return PolicyReply.ACCEPT;
        }
        denials.increment();
        return new PolicyReply(554, "5.7.1", echo(recipient) + "Relay access denied");
    }

    /**
     * The verdict at MAIL FROM: syntax only. The null reverse-path {@code ""} is accepted (bounces must get
     * through); control characters, an over-long or unparsable address get {@code 501 5.1.7 Bad sender address
     * syntax}.
     */
    public PolicyReply checkSender(String sender) {
        if (sender.isEmpty() || sender.equals("<>")) {
            return PolicyReply.ACCEPT;
        }
        EnvelopeAddress a = EnvelopeAddress.parse(sender);
        if (a == null || a.domain() == null) {
            return new PolicyReply(501, "5.1.7", "Bad sender address syntax");
        }
        return PolicyReply.ACCEPT;
    }

    /** RCPT refusals because of relay control, since start. */
    public long denials() {
        return denials.sum();
    }

    /** {@code <rcpt>: } when the recipient is safe to repeat in a reply, else nothing. */
    private static String echo(String recipient) {
        String r = recipient.strip();
        if (r.startsWith("<") && r.endsWith(">")) {
            r = r.substring(1, r.length() - 1);
        }
        if (r.isEmpty() || r.length() > MAX_ECHOED_LENGTH || EnvelopeAddress.hasControlCharacters(r)) {
            return "";
        }
        return "<" + r + ">: ";
    }
}
