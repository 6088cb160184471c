package dev.mamori.smtp.session;

import dev.mamori.smtp.codec.SmtpReply;

/**
 * Every reply Mamori writes itself (the upstream's own replies are relayed as they are). Temporary conditions are
 * 4xx, never 5xx.
 */
final class SmtpReplies {
    private SmtpReplies() {
    }

    static SmtpReply greeting(String name) {
        return SmtpReply.of(220, name + " ESMTP Mamori");
    }

    static SmtpReply serviceDisabled(String name) {
        return SmtpReply.of(421, "4.3.2 SMTP service disabled by the administrator");
    }

    static SmtpReply upstreamUnavailable(String name) {
        return SmtpReply.of(421, "4.4.1 " + name + " cannot reach the upstream mail server, try again later");
    }

    static SmtpReply upstreamTlsUnavailable(String name) {
        return SmtpReply.of(421, "4.7.0 " + name + " cannot reach the upstream mail server securely (TLS), try again later");
    }

    static SmtpReply upstreamLost(String name) {
        return SmtpReply.of(421, "4.4.1 " + name + " lost the connection to the upstream mail server, try again later");
    }

    static SmtpReply timeout(String name) {
        return SmtpReply.of(421, "4.4.2 " + name + " timeout, closing the connection");
    }

    static SmtpReply bye(String name) {
        return SmtpReply.of(221, "2.0.0 " + name + " closing the connection");
    }

    static final SmtpReply LINE_TOO_LONG = SmtpReply.of(500, "5.5.2 Line too long");
    static final SmtpReply NUL = SmtpReply.of(500, "5.5.2 NUL and bare CR characters are not allowed in commands");
    static final SmtpReply UNKNOWN = SmtpReply.of(500, "5.5.2 Command not recognized");
    static final SmtpReply NOT_IMPLEMENTED = SmtpReply.of(502, "5.5.1 Command not implemented");
    static final SmtpReply HELO_FIRST = SmtpReply.of(503, "5.5.1 Send EHLO or HELO first");
    static final SmtpReply NESTED_MAIL = SmtpReply.of(503, "5.5.1 Sender already given");
    static final SmtpReply MAIL_FIRST = SmtpReply.of(503, "5.5.1 Send MAIL first");
    static final SmtpReply NO_RECIPIENTS = SmtpReply.of(554, "5.5.1 No valid recipients");
    static final SmtpReply SYNTAX_HELO = SmtpReply.of(501, "5.5.4 EHLO and HELO need a domain or address literal");
    static final SmtpReply SYNTAX_MAIL = SmtpReply.of(501, "5.5.4 Syntax: MAIL FROM:<address> [parameters]");
    static final SmtpReply SYNTAX_RCPT = SmtpReply.of(501, "5.5.4 Syntax: RCPT TO:<address> [parameters]");
    static final SmtpReply SYNTAX_NO_ARGS = SmtpReply.of(501, "5.5.4 This command takes no arguments");
    static final SmtpReply TOO_MANY_RECIPIENTS = SmtpReply.of(452, "4.5.3 Too many recipients");
    static final SmtpReply START_DATA = SmtpReply.of(354, "End data with <CR><LF>.<CR><LF>");
    static final SmtpReply VRFY = SmtpReply.of(252, "2.5.2 Cannot VRFY user, but will accept the message and attempt delivery");
    static final SmtpReply XCLIENT_REFUSED = SmtpReply.of(550, "5.7.0 XCLIENT and XFORWARD are not permitted");
    static final SmtpReply BDAT = SmtpReply.of(502, "5.5.1 BDAT is not supported (CHUNKING is not offered)");
    static final SmtpReply TLS_NOT_AVAILABLE = SmtpReply.of(454, "4.7.0 TLS not available");
    static final SmtpReply TLS_ALREADY = SmtpReply.of(503, "5.5.1 TLS already active");
    static final SmtpReply START_TLS = SmtpReply.of(220, "2.0.0 Ready to start TLS");
    static final SmtpReply AUTH_NOT_AVAILABLE = SmtpReply.of(502, "5.5.1 AUTH not available");
    static final SmtpReply AUTH_ALREADY = SmtpReply.of(503, "5.5.1 Already authenticated");
    static final SmtpReply AUTH_IN_TRANSACTION = SmtpReply.of(503, "5.5.1 AUTH is not allowed during a mail transaction");
    static final SmtpReply AUTH_MECHANISM = SmtpReply.of(504, "5.5.4 Unrecognized authentication mechanism");
    static final SmtpReply AUTH_CANCELLED = SmtpReply.of(501, "5.7.0 Authentication cancelled");
    static final SmtpReply HELP = SmtpReply.of(214, "2.0.0 See RFC 5321");
    static final SmtpReply BARE_LINE_END = SmtpReply.of(550,
            "5.6.11 Message refused: a bare CR or LF was found (lines must end with CRLF, RFC 5321 2.3.8)");

    static SmtpReply messageTooBig(long limit) {
        return SmtpReply.of(552, "5.3.4 Message too big (limit " + limit + " bytes)");
    }

    static SmtpReply threat(String names) {
        return SmtpReply.of(554, "5.7.1 Message refused: " + names);
    }

    static SmtpReply notScanned(String reason) {
        return SmtpReply.of(451, "4.7.0 Message not scanned (" + reason + "), try again later");
    }

    static SmtpReply spoolFailed() {
        return SmtpReply.of(451, "4.3.0 Message could not be stored for scanning, try again later");
    }

    static SmtpReply noFinalReply(boolean timeout) {
        return timeout
                ? SmtpReply.of(451, "4.4.2 The upstream mail server did not confirm the message in time; it was not accepted, try again later")
                : SmtpReply.of(451, "4.4.1 The upstream mail server was lost before it confirmed the message; it was not accepted, try again later");
    }
}
