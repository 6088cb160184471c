package dev.mamori.core.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Results of admin commands that have no record elsewhere in proxy-core. Records that do exist (detections, tracked
 * messages, quarantine entries, component status, audit events, traffic snapshots) are sent as they are.
 */
public final class Results {
    private Results() {
    }

    /** {@code hello}: the negotiated version and who the server thinks you are. */
    public record Hello(int version, String server, String serverVersion, String user, String role,
                        boolean mustChangePassword) {
    }

    /** {@code whoami}. */
    public record WhoAmI(String user, String role, String method, String remote, boolean mustChangePassword) {
    }

    /** A listening socket and the port it really has; {@code address} is {@code host:port} ({@code [v6]:port}). */
    public record Listener(String protocol, String name, String address) {
        public static Listener of(String protocol, String name, java.net.InetSocketAddress address) {
            String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
            return new Listener(protocol, name, (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":"
                    + address.getPort());
        }
    }

    /** The event store's counters since the server started. */
    public record StoreCounters(long written, long dropped, long failed, int queued) {
    }

    /** {@code status}. */
    public record Status(String name, String version, Instant started, long uptimeSeconds, Map<String, Boolean> services,
                         List<Listener> listeners, StoreCounters store, long eventsDropped) {
        public Status {
            services = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(services));
            listeners = List.copyOf(listeners);
        }
    }

    /** {@code service}: the switch after the command and whether the command changed it. */
    public record ServiceState(String service, boolean enabled, boolean changed) {
    }

    /** {@code quarantine.download}: one chunk of the original, base64; {@code eof} when it is the last. */
    public record QuarantineChunk(String id, long offset, long size, String data, boolean eof) {
    }

    /** {@code quarantine.release} / {@code quarantine.delete}. */
    public record QuarantineChange(String id, String status) {
    }

    /**
     * {@code config.reload}: which settings took effect now and which sections changed in the file but only take
     * effect at the next start.
     */
    public record Reload(String source, List<String> applied, List<String> restartRequired) {
    }

    /**
     * {@code config.update}: whether the new file was accepted (validated, written, reloaded) and, when it was not,
     * the problems, each with its field path; nothing is written when {@code accepted} is false.
     *
     * @param applied         what was applied live (as in {@link Reload})
     * @param restartRequired the sections that differ from the running server and take effect at the next start
     */
    public record ConfigUpdate(String source, boolean accepted, List<dev.mamori.core.config.ConfigProblem> problems,
                               List<String> applied, List<String> restartRequired) {
        public ConfigUpdate {
            problems = problems == null ? List.of() : List.copyOf(problems);
            applied = applied == null ? List.of() : List.copyOf(applied);
            restartRequired = restartRequired == null ? List.of() : List.copyOf(restartRequired);
        }
    }

    /** {@code subscribe} / {@code unsubscribe}: the topics this connection now receives. */
    public record Subscribed(List<String> topics) {
    }

    /** {@code passwd}. */
    public record PasswordChanged(String user) {
    }

    /**
     * One admin account as {@code accounts.*} show it: never the password hash.
     *
     * @param password           whether the account can log in with a password
     * @param keys               its authorized public keys, by type, fingerprint and comment
     * @param mustChangePassword a password login must change the password before anything else
     */
    public record Account(String name, String role, boolean password, List<AccountKey> keys,
                          boolean mustChangePassword) {
        public Account {
            keys = keys == null ? List.of() : List.copyOf(keys);
        }
    }

    /**
     * An authorized key: {@code ssh-ed25519}, {@code SHA256:...}, the comment of the line (may be empty) and the
     * line itself (a public key, not a secret: a client edits the list by sending it back changed).
     */
    public record AccountKey(String type, String fingerprint, String comment, String line) {
    }

    /** {@code accounts.remove}. */
    public record AccountRemoved(String name) {
    }
}
