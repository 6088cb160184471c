package dev.mamori.core.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * RFC 5424 syslog output: detections, administrator actions and system alerts as structured data, plus every
 * warning and error Mamori logs.
 *
 * @param enabled  default false
 * @param host     the syslog server; required when enabled
 * @param port     default 514 (udp, tcp) or 6514 (tls)
 * @param protocol udp (default), tcp or tls
 * @param facility syslog facility name; default {@code daemon}
 * @param appName  APP-NAME field; default {@code mamori}
 * @param caFile   tls only: PEM file of the CA(s) to trust besides the JDK's; the server's name is verified
 */
public record SyslogSettings(Boolean enabled, String host, Integer port, SyslogProtocol protocol, String facility,
                             String appName, Path caFile) {
    public static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "syslog", "lpr",
            "news", "uucp", "cron", "authpriv", "ftp", "ntp", "audit", "alert", "clock", "local0", "local1", "local2",
            "local3", "local4", "local5", "local6", "local7");

    public SyslogSettings {
        enabled = enabled != null && enabled;
        protocol = protocol == null ? SyslogProtocol.UDP : protocol;
        port = port == null ? protocol.defaultPort() : port;
        Checks.range("port", port, 1, 65535);
        facility = facility == null ? "daemon" : facility.trim().toLowerCase(Locale.ROOT);
        if (!FACILITIES.contains(facility)) {
            throw new InvalidFieldException("facility", "'" + facility + "' is not a syslog facility (allowed: "
                    + String.join(", ", FACILITIES) + ")");
        }
        appName = appName == null ? "mamori" : appName;
        // RFC 5424 APP-NAME: 1-48 printable US-ASCII characters, no spaces
        if (!appName.matches("[!-~]{1,48}")) {
            throw new InvalidFieldException("appName", "'" + appName + "' is not a valid APP-NAME (allowed: 1-48 printable ASCII characters without spaces)");
        }
        if (enabled) {
            Checks.required("host", host == null || host.isBlank() ? null : host, "the syslog server's name or address");
        }
        if (caFile != null && protocol != SyslogProtocol.TLS) {
            throw new InvalidFieldException("caFile", "is only used with protocol: tls (this protocol is " + protocol.yaml() + ")");
        }
    }

    public static SyslogSettings disabled() {
        return new SyslogSettings(false, null, null, null, null, null, null);
    }
}
