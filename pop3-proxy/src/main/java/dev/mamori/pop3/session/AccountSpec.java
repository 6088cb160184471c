package dev.mamori.pop3.session;

import dev.mamori.core.net.HostNames;
import dev.mamori.core.net.IpLiterals;

import java.util.Locale;

/**
 * The generic port's account syntax: {@code user#host}, {@code user#host:port}, {@code user#[v6]:port}. The last
 * {@code #} separates user and host, so user names may contain {@code #}. Strict: anything else is refused with a
 * message that says what is expected.
 *
 * @param user the account name to use upstream
 * @param host lower-case host name or IP literal (without brackets)
 * @param port the port given, or {@code -1} for the default
 */
public record AccountSpec(String user, String host, int port) {
    public static final int MAX_USER_LENGTH = 256;

    public static AccountSpec parse(String account) {
        int hash = account.lastIndexOf('#');
        if (hash < 0) {
            throw new IllegalArgumentException("use the account name form user#pop.example.net or user#pop.example.net:995");
        }
        String user = account.substring(0, hash);
        String hostPort = account.substring(hash + 1);
        if (user.isEmpty()) {
            throw new IllegalArgumentException("the user name before '#' is empty");
        }
        if (user.length() > MAX_USER_LENGTH) {
            throw new IllegalArgumentException("the user name is longer than " + MAX_USER_LENGTH + " characters");
        }
        for (int i = 0; i < user.length(); i++) {
            char c = user.charAt(i);
            if (c <= 0x20 || c == 0x7F) {
                throw new IllegalArgumentException("the user name contains a space or control character");
            }
        }
        String host;
        String portText = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("an IPv6 address must be written [2001:db8::1] or [2001:db8::1]:110");
            }
            host = hostPort.substring(1, close);
            String rest = hostPort.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("unexpected text after the IPv6 address");
                }
                portText = rest.substring(1);
            }
            byte[] literal = IpLiterals.parse(host);
            if (literal == null || literal.length != 16) {
                throw new IllegalArgumentException("'" + host + "' is not an IPv6 address");
            }
        } else {
            int colon = hostPort.indexOf(':');
            if (colon >= 0) {
                if (hostPort.indexOf(':', colon + 1) >= 0) {
                    throw new IllegalArgumentException("an IPv6 address must be in brackets: user#[2001:db8::1]:110");
                }
                host = hostPort.substring(0, colon);
                portText = hostPort.substring(colon + 1);
            } else {
                host = hostPort;
            }
            byte[] literal = IpLiterals.parse(host);
            if (literal == null && !HostNames.isValid(host)) {
                throw new IllegalArgumentException("'" + host + "' is not a valid host name or IPv4 address");
            }
            if (literal != null && literal.length != 4) {
                throw new IllegalArgumentException("an IPv6 address must be in brackets: user#[2001:db8::1]:110");
            }
        }
        int port = -1;
        if (portText != null) {
            if (!portText.matches("[0-9]{1,5}")) {
                throw new IllegalArgumentException("the port after ':' must be a number from 1 to 65535");
            }
            port = Integer.parseInt(portText);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("the port after ':' must be a number from 1 to 65535");
            }
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return new AccountSpec(user, h, port);
    }

    public int portOr(int defaultPort) {
        return port < 0 ? defaultPort : port;
    }
}
