package dev.mamori.core.config;

/**
 * Header fields Mamori adds to the mail it relays.
 *
 * @param received    a {@code Received:} line of Mamori's own at the top of every relayed message; default true
 * @param scanHeaders an {@code X-Mamori-Status: clean} field on clean mail (tagged and changed mail always carries its
 *                    {@code X-Mamori-*} fields, as the scan policy says); default true
 */
public record SmtpHeaders(Boolean received, Boolean scanHeaders) {
    public SmtpHeaders {
        received = received == null || received;
        scanHeaders = scanHeaders == null || scanHeaders;
    }

    public static SmtpHeaders defaults() {
        return new SmtpHeaders(null, null);
    }
}
