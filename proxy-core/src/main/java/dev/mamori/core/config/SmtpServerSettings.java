package dev.mamori.core.config;

import java.nio.file.Path;

/**
 * An SMTP server Mamori submits mail to. The certificate is verified (JDK trust store plus
 * {@code upstreams.extraCaFiles}) and the host name checked; {@code starttls} fails rather than sending in plain when
 * the server does not offer it.
 *
 * @param host         required
 * @param port         default 587 (465 with {@code tls: implicit})
 * @param tls          starttls (default), implicit or none
 * @param username     AUTH user; no AUTH when absent
 * @param passwordFile file holding the AUTH password (first line); required with a username
 */
public record SmtpServerSettings(String host, Integer port, ClientTls tls, String username, Path passwordFile) {
    public SmtpServerSettings {
        Checks.required("host", host == null || host.isBlank() ? null : host, "the mail server's name or address");
        tls = tls == null ? ClientTls.STARTTLS : tls;
        port = port == null ? (tls == ClientTls.IMPLICIT ? 465 : 587) : port;
        Checks.range("port", port, 1, 65535);
        if (username != null && passwordFile == null) {
            throw new InvalidFieldException("passwordFile", "is required with a username (a file whose first line is the password)");
        }
        if (username == null && passwordFile != null) {
            throw new InvalidFieldException("username", "is required with a passwordFile");
        }
    }
}
