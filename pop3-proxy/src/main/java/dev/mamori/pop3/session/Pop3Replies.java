package dev.mamori.pop3.session;

import java.time.Duration;

/**
 * Every reply Mamori itself sends to a POP3 client, in one place, with RFC 2449/3206 response codes so clients can
 * tell a wrong password ({@code [AUTH]}) from a temporary failure ({@code [SYS/TEMP]}) from a permanent one.
 */
final class Pop3Replies {
    private Pop3Replies() {
    }

    static String greeting(String instance) {
        return "+OK Mamori POP3 proxy " + instance + " ready; log in as user#pop.example.net";
    }

    static final String BYE = "+OK Mamori signing off";
    /** The administrator switched POP3 off: new sessions are refused, nothing passes unscanned. */
    static final String SERVICE_DISABLED = "-ERR [SYS/TEMP] POP3 service disabled by the administrator";
    static final String STLS_GO = "+OK Begin TLS negotiation";
    static final String STLS_UNAVAILABLE = "-ERR STLS is not available here";
    static final String STLS_TWICE = "-ERR TLS is already active";
    static final String UNKNOWN = "-ERR unknown command";
    static final String NOT_LOGGED_IN = "-ERR [AUTH] log in first: USER user#pop.example.net, then PASS";
    static final String USER_FIRST = "-ERR [AUTH] send USER user#pop.example.net first";
    static final String APOP_UNAVAILABLE = "-ERR [AUTH] APOP is not available on this port: Mamori's greeting cannot carry your"
            + " server's timestamp; use USER/PASS or a dedicated port";
    static final String AUTH_MECHANISM = "-ERR [AUTH] unsupported SASL mechanism; use PLAIN or LOGIN";
    static final String AUTH_CANCELLED = "-ERR [AUTH] authentication cancelled";
    static final String AUTH_MALFORMED = "-ERR [AUTH] malformed SASL response";
    static final String TOO_MANY_PIPELINED = "-ERR [SYS/PERM] too many pipelined commands";
    static final String ACCESS_DENIED = "-ERR [SYS/PERM] access denied: your address may not use this proxy";
    static final String TIMEOUT = "-ERR [SYS/TEMP] idle timeout, closing";
    static final String UPSTREAM_LOST = "-ERR [SYS/TEMP] connection to the mail server was lost";
    static final String CLIENT_TLS_REQUIRED_FIRST = "-ERR [SYS/PERM] command not allowed during this state";

    static String bad(String problem) {
        return "-ERR " + problem;
    }

    static String badAccount(String problem) {
        return "-ERR [AUTH] invalid account: " + problem;
    }

    static String denied(String reason) {
        return "-ERR [AUTH] " + Reasons.sanitize(reason);
    }

    static String tooBusy(String reason) {
        return "-ERR [SYS/TEMP] " + reason + "; try again later";
    }

    static String loginDelay(Duration left) {
        long minutes = Math.max(1, (left.toSeconds() + 59) / 60);
        return "-ERR [LOGIN-DELAY] too many failed logins from your address; try again in " + minutes + " minute"
                + (minutes == 1 ? "" : "s");
    }

    static String upstreamLostDuringRetr() {
        return "-ERR [SYS/TEMP] connection to the mail server was lost while retrieving; the message stays on the server";
    }

    static String tooLarge(long limit) {
        return "-ERR [SYS/PERM] message is larger than this site's scanning limit (" + limit
                + " bytes); it stays on the server";
    }

    static String spoolFailed() {
        return "-ERR [SYS/TEMP] Mamori could not store the message for scanning; it stays on the server, try again later";
    }

    /** Nothing could be delivered now; the message is still on the server, so a later RETR can succeed. */
    static String tempFail(String reason) {
        return "-ERR [SYS/TEMP] message could not be scanned (" + Reasons.sanitize(reason)
                + "); it stays on the server, try again later";
    }
}
