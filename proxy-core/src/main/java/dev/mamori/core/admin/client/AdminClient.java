package dev.mamori.core.admin.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mamori.core.admin.AdminError;
import dev.mamori.core.admin.AdminJson;
import dev.mamori.core.admin.AdminProtocol;
import dev.mamori.core.admin.Results;
import dev.mamori.core.component.ComponentStatus;
import dev.mamori.core.events.MamoriEvent;
import dev.mamori.core.metrics.TrafficSnapshot;
import dev.mamori.core.quarantine.QuarantineEntry;
import dev.mamori.core.runtime.NamedThreads;
import dev.mamori.core.store.AuditEvent;
import dev.mamori.core.store.DetectionFilter;
import dev.mamori.core.store.DetectionRow;
import dev.mamori.core.store.MessageSearch;
import dev.mamori.core.store.StoredMessage;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.mina.MinaServiceFactoryFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A connection to a Mamori admin channel: SSH (Apache MINA SSHD client) to the {@code mamori-admin} subsystem, JSON
 * lines on it. Thread-safe: any number of threads may call commands concurrently; the server answers in request
 * order. Command methods block until the answer (default timeout {@link #DEFAULT_TIMEOUT}) and throw
 * {@link AdminError} for a refusal ({@code forbidden}, {@code password-change-required}, {@code not-found}...) and
 * {@link IOException} when the connection fails. Pushed events go to {@link AdminListener}s.
 *
 * <pre>{@code
 * try (AdminClient c = AdminClient.connect("127.0.0.1", 18022, "admin", password,
 *         new KnownHosts(KnownHosts.defaultFile()))) {
 *     Results.Status s = c.status();
 *     c.subscribe(List.of("stats", "events"), new AdminListener() { ... });
 * }
 * }</pre>
 */
public final class AdminClient implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(AdminClient.class);
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** Component updates download and verify: they may take minutes. */
    public static final Duration COMPONENT_TIMEOUT = Duration.ofMinutes(11);

    private final SshClient ssh;
    private final ClientSession session;
    private final ChannelSubsystem channel;
    private final OutputStream toServer;
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<AdminListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final ExecutorService events = Executors.newSingleThreadExecutor(NamedThreads.factory("mamori-admin-events"));
    private final Thread reader;
    private final Results.Hello hello;
    private final String target;
    private final String fingerprint;
    private volatile boolean closed;

    private AdminClient(SshClient ssh, ClientSession session, ChannelSubsystem channel, String target,
                        String fingerprint) throws IOException, AdminError {
        this.fingerprint = fingerprint;
        this.ssh = ssh;
        this.session = session;
        this.channel = channel;
        this.target = target;
        this.toServer = channel.getInvertedIn();
        InputStream fromServer = channel.getInvertedOut();
        this.reader = Thread.ofPlatform().daemon().name("mamori-admin-client").start(() -> readLoop(fromServer));
        ObjectNode args = AdminJson.MAPPER.createObjectNode();
        args.set("versions", AdminJson.MAPPER.valueToTree(AdminProtocol.VERSIONS));
        this.hello = convert(call("hello", args), Results.Hello.class);
    }

    /** Connects with a password. */
    public static AdminClient connect(String host, int port, String user, char[] password, HostKeyVerifier verifier)
            throws IOException, AdminError {
        return connect(host, port, user, password, null, verifier);
    }

    /** Connects with a key pair whose public key is in the account's {@code authorizedKeys}. */
    public static AdminClient connect(String host, int port, String user, KeyPair key, HostKeyVerifier verifier)
            throws IOException, AdminError {
        return connect(host, port, user, null, key, verifier);
    }

    private static AdminClient connect(String host, int port, String user, char[] password, KeyPair key,
                                       HostKeyVerifier verifier) throws IOException, AdminError {
        String target = host + ":" + port;
        AtomicReference<HostKeyRejectedException> rejected = new AtomicReference<>();
        AtomicReference<String> accepted = new AtomicReference<>();
        SshClient ssh = SshClient.setUpDefaultClient();
        ssh.setIoServiceFactoryFactory(new MinaServiceFactoryFactory());
        ssh.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE, UserAuthPasswordFactory.INSTANCE));
        ssh.setServerKeyVerifier((clientSession, address, serverKey) -> {
            try {
                verifier.verify(host, port, serverKey);
                accepted.set(HostKeyVerifier.fingerprint(serverKey));
                return true;
            } catch (HostKeyRejectedException e) {
                rejected.set(e);
                return false;
            }
        });
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(ssh, Duration.ofSeconds(60));
        ssh.start();
        ClientSession session = null;
        try {
            session = ssh.connect(user, host, port).verify(CONNECT_TIMEOUT).getSession();
            if (password != null) {
                session.addPasswordIdentity(new String(password));
            } else {
                session.addPublicKeyIdentity(key);
            }
            try {
                session.auth().verify(CONNECT_TIMEOUT);
            } catch (IOException e) {
                if (rejected.get() != null) {
                    throw rejected.get();
                }
                throw new IOException("authentication as '" + user + "' at " + target + " failed (wrong "
                        + (password != null ? "password" : "key")
                        + ", unknown account, or too many failed logins from this address)", e);
            }
            ChannelSubsystem channel = session.createSubsystemChannel(AdminProtocol.SUBSYSTEM);
            channel.open().verify(CONNECT_TIMEOUT);
            return new AdminClient(ssh, session, channel, target, accepted.get());
        } catch (IOException | AdminError | RuntimeException e) {
            if (session != null) {
                session.close(true);
            }
            ssh.stop();
            if (rejected.get() != null && !(e instanceof HostKeyRejectedException)) {
                throw rejected.get();
            }
            throw e;
        }
    }

    /** The fingerprint ({@code SHA256:...}) of the host key this connection verified. */
    public String serverFingerprint() {
        return fingerprint;
    }

    /** What {@code hello} negotiated: version, server name and version, user, role, forced password change. */
    public Results.Hello hello() {
        return hello;
    }

    // ---------------------------------------------------------------- the protocol

    /** Sends one request and waits for its answer; the raw result. */
    public JsonNode call(String command, ObjectNode args) throws IOException, AdminError {
        return call(command, args, DEFAULT_TIMEOUT);
    }

    public JsonNode call(String command, ObjectNode args, Duration timeout) throws IOException, AdminError {
        if (closed) {
            throw new IOException("the admin connection to " + target + " is closed");
        }
        long id = ids.incrementAndGet();
        ObjectNode request = AdminJson.MAPPER.createObjectNode();
        request.put("id", id);
        request.put("cmd", command);
        request.set("args", args == null ? AdminJson.MAPPER.createObjectNode() : args);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            synchronized (toServer) {
                toServer.write((request + "\n").getBytes(StandardCharsets.UTF_8));
                toServer.flush();
            }
            JsonNode response = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (response.path("ok").asBoolean(false)) {
                return response.get("result");
            }
            JsonNode error = response.path("error");
            throw new AdminError(error.path("code").asText(AdminError.INTERNAL), error.path("message").asText(""));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + command, e);
        } catch (ExecutionException e) {
            throw new IOException("the admin connection to " + target + " ended: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(command + ": no answer from " + target + " within " + timeout.toSeconds() + " s");
        } finally {
            pending.remove(id);
        }
    }

    private void readLoop(InputStream in) {
        Throwable cause = null;
        try {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b; (b = in.read()) >= 0; ) {
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                dispatch(line.toString(StandardCharsets.UTF_8));
                line.reset();
            }
        } catch (IOException e) {
            cause = closed ? null : e;
        } finally {
            IOException ended = new IOException("connection closed", cause);
            pending.values().forEach(f -> f.completeExceptionally(ended));
            Throwable c = cause;
            events.execute(() -> listeners.forEach(l -> l.onClosed(c)));
            events.shutdown();
        }
    }

    private void dispatch(String text) {
        JsonNode message;
        try {
            message = AdminJson.MAPPER.readTree(text);
        } catch (IOException e) {
            LOG.warn("admin server sent a line that is not JSON: {}", e.getMessage());
            return;
        }
        if (message.has("event")) {
            String kind = message.get("event").asText();
            JsonNode data = message.path("data");
            events.execute(() -> deliver(kind, data));
            return;
        }
        JsonNode id = message.get("id");
        CompletableFuture<JsonNode> f = id == null || !id.canConvertToLong() ? null : pending.get(id.asLong());
        if (f != null) {
            f.complete(message);
        } else {
            LOG.debug("admin answer without a waiting request: {}", text);
        }
    }

    private void deliver(String kind, JsonNode data) {
        for (AdminListener l : listeners) {
            try {
                l.onRaw(kind, data);
                switch (kind) {
                    case "stats" -> l.onStats(AdminJson.MAPPER.treeToValue(data, TrafficSnapshot.class));
                    case "detection" -> l.onEvent(AdminJson.MAPPER.treeToValue(data, MamoriEvent.Detection.class));
                    case "service" -> l.onEvent(AdminJson.MAPPER.treeToValue(data, MamoriEvent.ServiceChanged.class));
                    case "component" -> l.onEvent(AdminJson.MAPPER.treeToValue(data, MamoriEvent.ComponentChanged.class));
                    case "alert" -> l.onEvent(AdminJson.MAPPER.treeToValue(data, MamoriEvent.SystemAlert.class));
                    case "dropped" -> l.onDropped(data.path("reason").asText());
                    default -> {
                        // a newer server's event: onRaw had it
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("admin listener failed on {}: {}", kind, e.toString());
            }
        }
    }

    private static <T> T convert(JsonNode node, Class<T> type) throws IOException {
        return AdminJson.MAPPER.treeToValue(node, type);
    }

    private static <T> T convert(JsonNode node, TypeReference<T> type) throws IOException {
        return AdminJson.MAPPER.treeToValue(node, AdminJson.MAPPER.getTypeFactory().constructType(type));
    }

    private static ObjectNode args(Object... keyValues) {
        ObjectNode args = AdminJson.MAPPER.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            Object v = keyValues[i + 1];
            if (v != null) {
                args.set((String) keyValues[i], AdminJson.MAPPER.valueToTree(v instanceof Instant t ? t.toString() : v));
            }
        }
        return args;
    }

    // ---------------------------------------------------------------- typed commands

    public Results.WhoAmI whoami() throws IOException, AdminError {
        return convert(call("whoami", null), Results.WhoAmI.class);
    }

    /** Changes the password of the connected account (clears a forced change). */
    public void passwd(char[] oldPassword, char[] newPassword) throws IOException, AdminError {
        call("passwd", args("old", new String(oldPassword), "new", new String(newPassword)));
    }

    public Results.Status status() throws IOException, AdminError {
        return convert(call("status", null), Results.Status.class);
    }

    /** Switches {@code pop3} or {@code smtp} on or off for new connections. */
    public Results.ServiceState setService(String service, boolean enabled) throws IOException, AdminError {
        return convert(call(enabled ? "service.enable" : "service.disable", args("service", service)),
                Results.ServiceState.class);
    }

    public List<DetectionRow> detections(DetectionFilter filter) throws IOException, AdminError {
        return convert(call("detections.search", args("from", filter.from(), "to", filter.to(),
                "protocol", filter.protocol(), "threat", filter.threat(), "account", filter.account(),
                "limit", filter.limit())), new TypeReference<List<DetectionRow>>() { });
    }

    public List<StoredMessage> tracking(MessageSearch search) throws IOException, AdminError {
        return convert(call("tracking.search", args("from", search.from(), "to", search.to(),
                "account", search.account(), "sender", search.sender(), "subject", search.subject(),
                "messageId", search.messageId(), "limit", search.limit())), new TypeReference<List<StoredMessage>>() { });
    }

    /** Newest first; {@code status} null for every status. */
    public List<QuarantineEntry> quarantineList(QuarantineEntry.Status status, int limit) throws IOException, AdminError {
        return convert(call("quarantine.list", args("status", status == null ? null : status.name().toLowerCase(),
                "limit", limit)), new TypeReference<List<QuarantineEntry>>() { });
    }

    public QuarantineEntry quarantineShow(String id) throws IOException, AdminError {
        return convert(call("quarantine.show", args("id", id)), QuarantineEntry.class);
    }

    public Results.QuarantineChange quarantineRelease(String id) throws IOException, AdminError {
        return convert(call("quarantine.release", args("id", id)), Results.QuarantineChange.class);
    }

    public Results.QuarantineChange quarantineDelete(String id) throws IOException, AdminError {
        return convert(call("quarantine.delete", args("id", id)), Results.QuarantineChange.class);
    }

    /** Writes the original message to {@code out} in chunks; returns its size. */
    public long quarantineDownload(String id, OutputStream out) throws IOException, AdminError {
        long offset = 0;
        while (true) {
            Results.QuarantineChunk chunk = convert(call("quarantine.download", args("id", id, "offset", offset,
                    "length", AdminProtocol.MAX_CHUNK_BYTES / 2)), Results.QuarantineChunk.class);
            byte[] data = Base64.getDecoder().decode(chunk.data());
            out.write(data);
            offset += data.length;
            if (chunk.eof()) {
                return offset;
            }
            if (data.length == 0) {
                throw new IOException("download of " + id + " made no progress at offset " + offset);
            }
        }
    }

    public List<ComponentStatus> components() throws IOException, AdminError {
        return convert(call("components.list", null), new TypeReference<List<ComponentStatus>>() { });
    }

    public ComponentStatus updateComponent(String component) throws IOException, AdminError {
        return convert(call("components.update", args("component", component), COMPONENT_TIMEOUT),
                ComponentStatus.class);
    }

    public ComponentStatus rollbackComponent(String component) throws IOException, AdminError {
        return convert(call("components.rollback", args("component", component), COMPONENT_TIMEOUT),
                ComponentStatus.class);
    }

    /** {@code {source, loadedAt, config (secrets redacted), restartRequired}}. */
    public JsonNode configShow() throws IOException, AdminError {
        return call("config.show", null);
    }

    /** Refused with code {@code invalid-config} and the problems when the file is not valid. */
    public Results.Reload configReload() throws IOException, AdminError {
        return convert(call("config.reload", null), Results.Reload.class);
    }

    /**
     * Sends a complete new configuration file. An invalid text (or one still holding a redacted secret) comes back
     * not accepted, with its problems, and nothing is written; a valid one is written and reloaded.
     */
    public Results.ConfigUpdate configUpdate(String yaml) throws IOException, AdminError {
        int limit = dev.mamori.core.admin.AdminProtocol.MAX_REQUEST_BYTES - 4096;
        if (yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > limit) {
            throw new AdminError(AdminError.BAD_REQUEST, "the configuration is too large to send over the admin "
                    + "channel (at most " + limit + " bytes); edit the file on the server");
        }
        return convert(call("config.update", args("yaml", yaml)), Results.ConfigUpdate.class);
    }

    /**
     * The server's log lines after sequence number {@code after} (0: the newest {@code limit}), redacted by the server,
     * oldest first; pass {@code last} of the answer as {@code after} next time.
     */
    public dev.mamori.core.log.LogBuffer.Tail logTail(long after, int limit) throws IOException, AdminError {
        return convert(call("log.tail", args("after", after, "limit", limit)), dev.mamori.core.log.LogBuffer.Tail.class);
    }

    /**
     * Traffic per minute ({@code stats.history}): the newest {@code limit} rows (at most
     * {@code AdminCommands.STATS_HISTORY_MAX}) with {@code from <= minute < to}, oldest first; any filter may be null.
     */
    public List<dev.mamori.core.store.StatsMinute> statsHistory(String protocol, Instant from, Instant to, int limit)
            throws IOException, AdminError {
        return convert(call("stats.history", args("protocol", protocol, "from", from, "to", to, "limit", limit)),
                new TypeReference<List<dev.mamori.core.store.StatsMinute>>() { });
    }

    /**
     * Scan times per minute from message tracking ({@code stats.scanTimes}): the newest {@code limit} minutes that had
     * messages (at most {@code AdminCommands.SCAN_TIMES_MAX}) with {@code from <= time < to}, oldest first.
     */
    public List<dev.mamori.core.store.ScanMinute> scanTimes(Instant from, Instant to, int limit)
            throws IOException, AdminError {
        return convert(call("stats.scanTimes", args("from", from, "to", to, "limit", limit)),
                new TypeReference<List<dev.mamori.core.store.ScanMinute>>() { });
    }

    /** The admin accounts (admin role only), without hashes. */
    public List<Results.Account> accounts() throws IOException, AdminError {
        return convert(call("accounts.list", null), new TypeReference<List<Results.Account>>() { });
    }

    /** Adds an account with a password (may be null for key-only) and/or OpenSSH public key lines. */
    public Results.Account accountAdd(String name, String role, char[] password, List<String> authorizedKeys)
            throws IOException, AdminError {
        return convert(call("accounts.add", args("name", name, "role", role,
                "password", password == null ? null : new String(password), "authorizedKeys", authorizedKeys)),
                Results.Account.class);
    }

    /** Changes the role and/or replaces the authorized keys; null leaves that part unchanged. */
    public Results.Account accountUpdate(String name, String role, List<String> authorizedKeys)
            throws IOException, AdminError {
        return convert(call("accounts.update", args("name", name, "role", role, "authorizedKeys", authorizedKeys)),
                Results.Account.class);
    }

    public void accountRemove(String name) throws IOException, AdminError {
        call("accounts.remove", args("name", name));
    }

    /** Sets a temporary password that the account must change at its next password login. */
    public Results.Account accountReset(String name, char[] password) throws IOException, AdminError {
        return convert(call("accounts.reset", args("name", name, "password", new String(password))),
                Results.Account.class);
    }

    /** Newest first; any filter may be null. */
    public List<AuditEvent> audit(Instant from, Instant to, String actor, int limit) throws IOException, AdminError {
        return convert(call("audit.list", args("from", from, "to", to, "actor", actor, "limit", limit)),
                new TypeReference<List<AuditEvent>>() { });
    }

    /**
     * Adds {@code listener} and subscribes to {@code topics} ({@code stats}, {@code events}); returns every topic
     * this connection now receives.
     */
    public List<String> subscribe(Collection<String> topics, AdminListener listener) throws IOException, AdminError {
        if (listener != null && !listeners.contains(listener)) {
            listeners.add(listener);
        }
        return convert(call("subscribe", args("topics", List.copyOf(topics))), Results.Subscribed.class).topics();
    }

    /** Unsubscribes (every topic when empty); listeners stay registered. */
    public List<String> unsubscribe(Collection<String> topics) throws IOException, AdminError {
        return convert(call("unsubscribe", args("topics", List.copyOf(topics))), Results.Subscribed.class).topics();
    }

    public void removeListener(AdminListener listener) {
        listeners.remove(listener);
    }

    public boolean isOpen() {
        return !closed && channel.isOpen();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close(false).await(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            LOG.debug("admin channel close: {}", e.toString());
        }
        session.close(false);
        try {
            ssh.stop();
        } finally {
            try {
                reader.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
