package dev.mamori.smtp.session;

/** The upstream connection ended, broke the protocol or did not answer in time: its state is unknown from now on. */
public final class UpstreamLostException extends Exception {
    private final boolean timeout;

    public UpstreamLostException(String message, boolean timeout) {
        super(message, null, false, false);
        this.timeout = timeout;
    }

    public boolean timeout() {
        return timeout;
    }
}
