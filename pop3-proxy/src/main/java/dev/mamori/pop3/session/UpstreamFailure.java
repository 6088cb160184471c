package dev.mamori.pop3.session;

/**
 * Why an upstream session could not be set up, with the POP3 reply the client gets. The reply text is built for
 * clients: it never contains stack traces, and the response code tells a client whether to retry.
 */
public final class UpstreamFailure extends RuntimeException {
    private final String reply;

    public UpstreamFailure(String reply) {
        super(reply, null, false, false);
        this.reply = reply;
    }

    /** The whole reply line, e.g. {@code -ERR [SYS/TEMP] upstream pop.example.net:110 unreachable (timed out)}. */
    public String reply() {
        return reply;
    }
}
