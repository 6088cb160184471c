package dev.mamori.smtp.session;

import dev.mamori.smtp.codec.SmtpReply;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Mamori's EHLO answer to the client, built from the upstream's. Passed on when the upstream has them: 8BITMIME,
 * SMTPUTF8, DSN, ENHANCEDSTATUSCODES, and AUTH reduced to PLAIN and LOGIN when the session may relay AUTH. SIZE is
 * the smaller of Mamori's limit and the upstream's (Mamori's alone when the upstream states none). STARTTLS is
 * Mamori's own (per hop). Everything else is removed: CHUNKING/BINARYMIME (BDAT is not implemented), PIPELINING
 * (commands are relayed one at a time; see ARCHITECTURE.md), XCLIENT/XFORWARD (Mamori's to use, never the client's),
 * VRFY/ETRN/EXPN and unknown extensions Mamori could not relay faithfully.
 */
public final class EhloRewriter {
    static final Set<String> PASSED = Set.of("8BITMIME", "SMTPUTF8", "DSN", "ENHANCEDSTATUSCODES");
    static final List<String> RELAYED_SASL = List.of("PLAIN", "LOGIN");

    private EhloRewriter() {
    }

    /**
     * @param offerStartTls whether to list STARTTLS (the client hop is plain and Mamori has a certificate)
     * @param offerAuth     whether to list AUTH (the session's AUTH rule allows it)
     * @param maxSize       the message size limit Mamori enforces in this session
     */
    public static SmtpReply rewrite(Capabilities upstream, String serverName, String clientName, boolean offerStartTls,
                                    boolean offerAuth, long maxSize) {
        List<String> lines = new ArrayList<>();
        lines.add(serverName + " greets " + clientName);
        for (String k : upstream.keywords().keySet()) {
            if (PASSED.contains(k)) {
                lines.add(k);
            }
        }
        lines.add("SIZE " + maxSize);
        if (offerStartTls) {
            lines.add("STARTTLS");
        }
        if (offerAuth) {
            List<String> mechs = authMechanisms(upstream);
            if (!mechs.isEmpty()) {
                lines.add("AUTH " + String.join(" ", mechs));
            }
        }
        return new SmtpReply(250, lines);
    }

    /** The upstream's mechanisms Mamori relays (PLAIN, LOGIN), in Mamori's order. */
    public static List<String> authMechanisms(Capabilities upstream) {
        List<String> offered = upstream.authMechanisms();
        return RELAYED_SASL.stream().filter(offered::contains).toList();
    }

    /** The limit for a session: Mamori's, or the upstream's when it states a smaller one. */
    public static long sizeLimit(Capabilities upstream, long ours) {
        long theirs = upstream.size();
        return theirs > 0 ? Math.min(theirs, ours) : ours;
    }
}
