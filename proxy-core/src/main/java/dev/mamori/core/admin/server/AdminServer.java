package dev.mamori.core.admin.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mamori.core.admin.AdminAccount;
import dev.mamori.core.admin.AdminAccounts;
import dev.mamori.core.admin.AdminIdentity;
import dev.mamori.core.admin.AdminJson;
import dev.mamori.core.admin.AdminProtocol;
import dev.mamori.core.admin.PasswordHash;
import dev.mamori.core.admin.Results;
import dev.mamori.core.config.AdminSettings;
import dev.mamori.core.events.MamoriEvent;
import dev.mamori.core.runtime.NamedThreads;
import dev.mamori.core.runtime.ProxyRuntime;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.mina.MinaServiceFactoryFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.AsyncAuthException;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.server.subsystem.SubsystemFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The admin channel: an SSH server (Apache MINA SSHD on MINA's transport) with the {@code mamori-admin} JSON-lines
 * subsystem and an interactive shell, both backed by {@link AdminCommands}. Modern algorithms only, no forwarding,
 * no agent, no SFTP/SCP. Authentication by password (PBKDF2, checked on a separate executor so hashing never blocks
 * an I/O thread) or authorized public key; failures are throttled per client address and audited.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(AdminServer.class);
    static final AttributeRepository.AttributeKey<AdminIdentity> IDENTITY = new AttributeRepository.AttributeKey<>();
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);
    static final Duration AUTH_TIMEOUT = Duration.ofSeconds(60);
    static final int MAX_AUTH_REQUESTS = 6;
    static final int MAX_SESSIONS_PER_USER = 16;
    /** How often the sessions are checked against the accounts file, to end those of removed accounts. */
    static final Duration REMOVED_CHECK = Duration.ofSeconds(2);

    private final ProxyRuntime runtime;
    private final AdminAccounts accounts;
    private final ConfigView config;
    private final AdminCommands commands;
    private final HostKeys hostKeys;
    private final FailedLogins failedLogins;
    private final SshServer sshd;
    private final Set<AdminConnection> connections = new CopyOnWriteArraySet<>();
    private final ScheduledExecutorService ticker;
    private final ExecutorService authExecutor;
    private final AutoCloseable eventSubscription;
    private final String name;
    private final String version;
    private MdnsAdvertiser mdns;

    private AdminServer(ProxyRuntime runtime, AdminSettings settings, ConfigView config,
                        Supplier<List<Results.Listener>> listeners, String version) throws IOException {
        this.runtime = runtime;
        this.version = version;
        this.name = settings.name(runtime.config().server());
        Path dataDir = runtime.config().server().dataDir();
        Clock clock = Clock.systemUTC();
        this.accounts = new AdminAccounts(settings.accountsFile(dataDir));
        Optional<Path> initial = accounts.createIfMissing();
        initial.ifPresent(p -> LOG.warn("Admin channel: created account 'admin' with a one-time password in {}"
                + " (readable by this user only); it must be changed at the first login", p.toAbsolutePath()));
        this.hostKeys = HostKeys.load(dataDir.resolve("admin"));
        LOG.info("Admin channel host key {} ({}): {}", hostKeys.generated() ? "generated" : "loaded",
                KeyUtils.getKeyType(hostKeys.publicKey()), hostKeys.fingerprint());
        this.failedLogins = new FailedLogins(clock);
        this.config = config;
        this.commands = new AdminCommands(runtime, accounts, config, () -> {
            List<Results.Listener> all = new ArrayList<>(listeners.get());
            all.add(Results.Listener.of("ssh", "admin", boundAddress()));
            return all;
        }, name, version, clock);
        this.authExecutor = Executors.newFixedThreadPool(2, NamedThreads.factory("mamori-admin-auth"));
        this.ticker = Executors.newSingleThreadScheduledExecutor(NamedThreads.factory("mamori-admin-stats"));
        this.sshd = buildServer(settings);
        this.eventSubscription = runtime.events().subscribe(this::publish);
    }

    /**
     * Starts the admin channel on {@code settings.bind()}.
     *
     * @param configFile the file the server was started with (for {@code config.show/reload}), or {@code null}
     * @param listeners  the proxy listeners with their bound addresses, for {@code status}
     */
    public static AdminServer start(ProxyRuntime runtime, AdminSettings settings, Path configFile,
                                    Supplier<List<Results.Listener>> listeners, String version) throws IOException {
        return start(runtime, settings, configFile, listeners, version, null);
    }

    /**
     * As {@link #start(ProxyRuntime, AdminSettings, Path, Supplier, String)}, serving {@code log.tail} from
     * {@code log} (fed by {@code RingBufferAppender}); without it {@code log.tail} fails with "no log tail".
     */
    public static AdminServer start(ProxyRuntime runtime, AdminSettings settings, Path configFile,
                                    Supplier<List<Results.Listener>> listeners, String version,
                                    dev.mamori.core.log.LogBuffer log) throws IOException {
        return start(runtime, settings, new ConfigView(configFile, runtime, Clock.systemUTC()), listeners, version, log);
    }

    /**
     * As {@link #start(ProxyRuntime, AdminSettings, Path, Supplier, String, dev.mamori.core.log.LogBuffer)}, with the
     * {@link ConfigView} of the process: an in-process editor (the desktop dashboard) that holds the same instance
     * sees the edits made over the admin channel and the other way round, with one lock around the file.
     */
    public static AdminServer start(ProxyRuntime runtime, AdminSettings settings, ConfigView config,
                                    Supplier<List<Results.Listener>> listeners, String version,
                                    dev.mamori.core.log.LogBuffer log) throws IOException {
        AdminServer server = new AdminServer(runtime, settings, config, listeners, version);
        if (log != null) {
            server.commands.useLog(log);
        }
        try {
            server.sshd.start();
            server.ticker.scheduleAtFixedRate(server::tick, 1, 1, TimeUnit.SECONDS);
            server.ticker.scheduleWithFixedDelay(server::closeRemovedSessions, REMOVED_CHECK.toMillis(),
                    REMOVED_CHECK.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Admin channel listening on {} (ssh, subsystem {})", server.boundAddress(), AdminProtocol.SUBSYSTEM);
            if (settings.advertise()) {
                InetAddress bind = server.boundAddress().getAddress();
                server.mdns = MdnsAdvertiser.start(bind.isAnyLocalAddress() ? null : bind,
                        server.boundAddress().getPort(), server.name, version, server.hostKeys.fingerprint());
            }
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private SshServer buildServer(AdminSettings settings) {
        SshServer s = SshServer.setUpDefaultServer();
        s.setIoServiceFactoryFactory(new MinaServiceFactoryFactory());
        s.setHost(settings.bind().host());
        s.setPort(settings.bind().port());
        s.setKeyPairProvider(hostKeys.provider());
        s.setKeyExchangeFactories(s.getKeyExchangeFactories().stream()
                .filter(f -> !f.getName().contains("sha1")).toList());
        s.setCipherFactories(s.getCipherFactories().stream()
                .filter(f -> f.getName().contains("gcm") || f.getName().contains("chacha20")
                        || f.getName().endsWith("-ctr")).toList());
        s.setMacFactories(s.getMacFactories().stream()
                .filter(f -> f.getName().contains("sha2")).toList());
        s.setSignatureFactories(s.getSignatureFactories().stream()
                .filter(f -> !f.getName().equals("ssh-rsa") && !f.getName().startsWith("ssh-dss")
                        && !f.getName().startsWith("ssh-rsa-cert")).toList());
        s.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        s.setAgentFactory(null);
        s.setKeyboardInteractiveAuthenticator(null);
        s.setGSSAuthenticator(null);
        s.setHostBasedAuthenticator(null);
        // exactly these two methods (SSHD would otherwise add keyboard-interactive on top of the password check)
        s.setUserAuthFactories(List.of(org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory.INSTANCE,
                org.apache.sshd.server.auth.password.UserAuthPasswordFactory.INSTANCE));
        s.setPasswordAuthenticator(this::authenticatePassword);
        s.setPublickeyAuthenticator(this::authenticateKey);
        s.setSubsystemFactories(List.of(new SubsystemFactory() {
            @Override
            public String getName() {
                return AdminProtocol.SUBSYSTEM;
            }

            @Override
            public org.apache.sshd.server.command.Command createSubsystem(
                    org.apache.sshd.server.channel.ChannelSession channel) {
                return new AdminConnection(AdminServer.this);
            }
        }));
        s.setShellFactory(channel -> new AdminShell(this, null));
        s.setCommandFactory((channel, command) -> new AdminShell(this, command));
        CoreModuleProperties.IDLE_TIMEOUT.set(s, IDLE_TIMEOUT);
        CoreModuleProperties.AUTH_TIMEOUT.set(s, AUTH_TIMEOUT);
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(s, MAX_AUTH_REQUESTS);
        CoreModuleProperties.MAX_CONCURRENT_SESSIONS.set(s, MAX_SESSIONS_PER_USER);
        CoreModuleProperties.SERVER_IDENTIFICATION.set(s, "Mamori");
        return s;
    }

    // ---------------------------------------------------------------- authentication

    private static String remote(ServerSession session) {
        SocketAddress a = session.getClientAddress();
        return a instanceof InetSocketAddress i ? i.getAddress().getHostAddress() : String.valueOf(a);
    }

    private boolean authenticatePassword(String user, String password, ServerSession session) {
        String remote = remote(session);
        if (!failedLogins.allowed(remote)) {
            commands.audit(null, "login", user, "password; too many failures from " + remote, "throttled");
            return false;
        }
        AsyncAuthException async = new AsyncAuthException();
        authExecutor.execute(() -> {
            boolean ok = false;
            try {
                Optional<AdminAccount> account = accounts.find(user);
                // hash even for an unknown user, so the answer takes as long either way
                String hash = account.map(AdminAccount::passwordHash).orElse(DUMMY_HASH);
                ok = PasswordHash.verify(password.toCharArray(), hash) && account.isPresent()
                        && account.get().passwordHash() != null;
                if (ok) {
                    loggedIn(session, account.get(), remote, "password");
                } else {
                    loginFailed(user, remote, "password");
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("admin login of {} could not be checked: {}", user, e.toString());
            } finally {
                async.setAuthed(ok);
            }
        });
        throw async;
    }

    private static final String DUMMY_HASH = PasswordHash.hash("not a password".toCharArray());

    private boolean authenticateKey(String user, PublicKey key, ServerSession session) {
        String remote = remote(session);
        if (!failedLogins.allowed(remote)) {
            commands.audit(null, "login", user, "publickey; too many failures from " + remote, "throttled");
            return false;
        }
        try {
            Optional<AdminAccount> account = accounts.find(user);
            if (account.isPresent()) {
                for (String line : account.get().authorizedKeys()) {
                    PublicKey allowed = AuthorizedKeyEntry.parseAuthorizedKeyEntry(line)
                            .resolvePublicKey(session, PublicKeyEntryResolver.IGNORING);
                    if (allowed != null && KeyUtils.compareKeys(allowed, key)) {
                        loggedIn(session, account.get(), remote, "publickey");
                        return true;
                    }
                }
            }
        } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
            LOG.warn("admin key login of {} could not be checked: {}", user, e.toString());
        }
        // OpenSSH clients offer every key they have: a key that does not match is not yet a failed login, but it is
        // counted, so key guessing is throttled like password guessing.
        loginFailed(user, remote, "publickey " + KeyUtils.getFingerPrint(key));
        return false;
    }

    private void loggedIn(ServerSession session, AdminAccount account, String remote, String method) {
        AdminIdentity known = session.getAttribute(IDENTITY);
        if (known != null && known.user().equals(account.name()) && known.method().equals(method)) {
            return; // a public key is checked twice (offered, then signed): one login
        }
        AdminIdentity identity = new AdminIdentity(account.name(), account.role(), remote, method,
                account.mustChangePassword() && "password".equals(method));
        session.setAttribute(IDENTITY, identity);
        failedLogins.succeeded(remote);
        commands.audit(identity, "login", account.name(), method
                + (identity.mustChangePassword() ? "; password change required" : ""), "ok");
    }

    private void loginFailed(String user, String remote, String method) {
        failedLogins.failed(remote);
        commands.audit(null, "login", user, method + " from " + remote, "failed");
    }

    AdminIdentity identityOf(ServerSession session) {
        AdminIdentity identity = session.getAttribute(IDENTITY);
        if (identity == null) {
            throw new IllegalStateException("session without an authenticated identity");
        }
        return identity;
    }

    // ---------------------------------------------------------------- subscriptions

    void register(AdminConnection c) {
        connections.add(c);
    }

    void unregister(AdminConnection c) {
        connections.remove(c);
    }

    private void tick() {
        try {
            if (connections.stream().noneMatch(c -> c.wants(AdminProtocol.TOPIC_STATS))) {
                return;
            }
            ObjectNode n = AdminJson.MAPPER.createObjectNode();
            n.put("event", "stats");
            n.set("data", AdminJson.MAPPER.valueToTree(runtime.traffic().snapshot()));
            String line = n.toString();
            connections.forEach(c -> c.offerEvent(AdminProtocol.TOPIC_STATS, line));
        } catch (RuntimeException e) {
            LOG.warn("admin stats tick failed: {}", e.toString());
        }
    }

    /**
     * Ends the SSH sessions (shells, subsystem channels and their subscriptions) of accounts that are no longer in the
     * accounts file, whoever removed them ({@code accounts.remove}, the dashboard, {@code mamori admin remove}).
     * Commands check the account again anyway; this also stops the pushed events such a session still receives.
     */
    private void closeRemovedSessions() {
        try {
            for (var session : sshd.getActiveSessions()) {
                AdminIdentity who = session.getAttribute(IDENTITY);
                if (who != null && accounts.find(who.user()).isEmpty()) {
                    LOG.info("Admin channel: ending the session of {} from {}: the account was removed", who.user(),
                            who.remote());
                    commands.audit(who, "session.close", who.user(), "account removed", "ok");
                    session.close(true);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("admin session check failed: {}", e.toString());
        }
    }

    private void publish(MamoriEvent event) {
        if (connections.isEmpty()) {
            return;
        }
        String kind = switch (event) {
            case MamoriEvent.Detection d -> "detection";
            case MamoriEvent.ServiceChanged s -> "service";
            case MamoriEvent.ComponentChanged c -> "component";
            case MamoriEvent.SystemAlert a -> "alert";
        };
        ObjectNode n = AdminJson.MAPPER.createObjectNode();
        n.put("event", kind);
        n.set("data", AdminJson.MAPPER.valueToTree(event));
        String line = n.toString();
        connections.forEach(c -> c.offerEvent(AdminProtocol.TOPIC_EVENTS, line));
    }

    // ---------------------------------------------------------------- accessors

    AdminCommands commands() {
        return commands;
    }

    String name() {
        return name;
    }

    /**
     * The accounts file this server authenticates against: one instance per process, so its lock covers every
     * in-process change (the admin channel's {@code accounts.*} and the embedded dashboard).
     */
    public AdminAccounts accounts() {
        return accounts;
    }

    /** The configuration file view behind {@code config.show/reload/update}. */
    public ConfigView configView() {
        return config;
    }

    /** Every command name of the protocol, in registry order. */
    public List<String> commandNames() {
        return commands.names();
    }

    /** The least role {@code command} needs. */
    public dev.mamori.core.admin.Role roleOf(String command) {
        return commands.roleOf(command).orElseThrow();
    }

    /** The address actually bound (the real port when the config said 0). */
    public InetSocketAddress boundAddress() {
        Set<SocketAddress> bound = sshd.getBoundAddresses();
        for (SocketAddress a : bound) {
            if (a instanceof InetSocketAddress i) {
                return i;
            }
        }
        return new InetSocketAddress(sshd.getHost(), sshd.getPort());
    }

    /** The host key fingerprint, {@code SHA256:...}. */
    public String hostKeyFingerprint() {
        return hostKeys.fingerprint();
    }

    public PublicKey hostKey() {
        return hostKeys.publicKey();
    }

    /** Stops the advertisement, closes every admin session and the SSH server. */
    @Override
    public void close() {
        if (mdns != null) {
            mdns.close();
        }
        try {
            eventSubscription.close();
        } catch (Exception e) {
            LOG.debug("admin event subscription close: {}", e.toString());
        }
        ticker.shutdownNow();
        try {
            sshd.stop(true);
        } catch (IOException e) {
            LOG.warn("admin channel stop: {}", e.toString());
        }
        authExecutor.shutdownNow();
    }
}
