package dev.mamori.core.config;

import dev.mamori.core.net.HostNames;
import dev.mamori.core.net.HostPort;
import dev.mamori.core.net.IpLiterals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Checks that need more than one record to decide, or the file system: run once the whole tree is built, and
 * reports every problem rather than the first.
 */
final class ConfigConsistency {
    private ConfigConsistency() {
    }

    static List<ConfigProblem> check(MamoriConfig config, String source) {
        List<ConfigProblem> problems = new ArrayList<>();
        checkListeners(binds(config), source, problems);
        readableFile(config.tls().certificate(), "tls.certificate", source, problems);
        readableFile(config.tls().privateKey(), "tls.privateKey", source, problems);
        List<Path> cas = config.upstreams().extraCaFiles();
        for (int i = 0; i < cas.size(); i++) {
            readableFile(cas.get(i), "upstreams.extraCaFiles[" + i + "]", source, problems);
        }
        readableFile(config.logging().syslog().caFile(), "logging.syslog.caFile", source, problems);
        if (config.notifications() != null) {
            readableFile(config.notifications().smtp().passwordFile(), "notifications.smtp.passwordFile", source, problems);
        }
        Path dataDir = config.server().dataDir();
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            problems.add(new ConfigProblem(source, "server.dataDir", dataDir + " exists and is not a directory", ""));
        }
        return problems;
    }

    /** One listening socket of any protocol, named as the problem report names it. */
    private record Bind(String field, String name, HostPort bind) {
    }

    /** POP3 listeners first, then SMTP: a port conflict between the two protocols is as fatal as one within. */
    private static List<Bind> binds(MamoriConfig config) {
        List<Bind> all = new ArrayList<>();
        List<Pop3Listener> pop3 = config.pop3().listeners();
        for (int i = 0; i < pop3.size(); i++) {
            all.add(new Bind("pop3.listeners[" + i + "]", pop3.get(i).name(), pop3.get(i).bind()));
        }
        List<SmtpListener> smtp = config.smtp().listeners();
        for (int i = 0; i < smtp.size(); i++) {
            all.add(new Bind("smtp.listeners[" + i + "]", smtp.get(i).name(), smtp.get(i).bind()));
        }
        return all;
    }

    private static void checkListeners(List<Bind> listeners, String source, List<ConfigProblem> problems) {
        for (int i = 0; i < listeners.size(); i++) {
            HostPort bind = listeners.get(i).bind();
            String field = listeners.get(i).field() + ".bind";
            if (!IpLiterals.isLiteral(bind.host()) && !HostNames.isValid(bind.host())) {
                problems.add(new ConfigProblem(source, field, "'" + bind.host() + "' is not an IP address or host name",
                        "examples: 127.0.0.1, 0.0.0.0 (all IPv4 addresses), [::1], localhost"));
                continue;
            }
            for (int j = 0; j < i; j++) {
                HostPort earlier = listeners.get(j).bind();
                if (overlap(earlier, bind)) {
                    problems.add(new ConfigProblem(source, field, bind + " overlaps " + earlier + " of listener '"
                            + listeners.get(j).name() + "' (" + listeners.get(j).field() + ")",
                            "allowed: a different port, or addresses that do not overlap"));
                    break;
                }
            }
        }
    }

    /**
     * Whether two binds would fight over a socket. Port 0 (any free port, used by tests) never conflicts; the IPv4
     * wildcard covers every IPv4 address, the IPv6 wildcard every address (Linux binds it dual-stack).
     */
    static boolean overlap(HostPort a, HostPort b) {
        if (a.port() != b.port() || a.port() == 0) {
            return false;
        }
        byte[] x = IpLiterals.parse(a.host());
        byte[] y = IpLiterals.parse(b.host());
        if (x == null || y == null) {
            return a.host().toLowerCase(Locale.ROOT).equals(b.host().toLowerCase(Locale.ROOT));
        }
        if (isWildcard(x) && (x.length == 16 || y.length == 4)) {
            return true;
        }
        if (isWildcard(y) && (y.length == 16 || x.length == 4)) {
            return true;
        }
        return Arrays.equals(x, y);
    }

    private static boolean isWildcard(byte[] address) {
        for (byte b : address) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static void readableFile(Path file, String field, String source, List<ConfigProblem> problems) {
        if (file == null) {
            return;
        }
        if (!Files.exists(file)) {
            problems.add(new ConfigProblem(source, field, "file " + file + " does not exist", ""));
        } else if (!Files.isRegularFile(file)) {
            problems.add(new ConfigProblem(source, field, file + " is not a regular file", "expected a PEM file"));
        } else if (!Files.isReadable(file)) {
            problems.add(new ConfigProblem(source, field, "file " + file + " is not readable by this user", ""));
        }
    }
}
