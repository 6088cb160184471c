package dev.mamori.ui;

import dev.mamori.core.admin.AdminAccount;
import dev.mamori.core.admin.AdminAccounts;
import dev.mamori.core.admin.PasswordHash;
import dev.mamori.core.admin.Results;
import dev.mamori.core.admin.Role;
import dev.mamori.core.admin.client.AdminClient;
import dev.mamori.core.admin.client.KnownHosts;
import dev.mamori.core.admin.server.AdminServer;
import dev.mamori.core.config.AdminSettings;
import dev.mamori.core.net.HostPort;
import dev.mamori.ui.backend.RemoteBackend;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real server for remote mode: {@link EmbeddedFixture} (runtime, POP3 proxy, GreenMail upstream) plus the admin
 * channel on a free loopback port, with an administrator account {@code ops} whose password needs no change, and the
 * fresh server's own {@code admin} account with its one-time password.
 */
public final class RemoteFixture implements AutoCloseable {
    public static final String OPS = "ops";
    public static final char[] OPS_PASSWORD = "ops password 12345".toCharArray();

    public final EmbeddedFixture local;
    public final AdminServer admin;
    public final Path knownHosts;

    public RemoteFixture(Path dir) throws Exception {
        this(dir, false);
    }

    /** With {@code advertise}, the server announces itself by mDNS as {@code office-gateway}. */
    public RemoteFixture(Path dir, boolean advertise) throws Exception {
        local = new EmbeddedFixture(dir);
        AdminServer started = null;
        try {
            started = AdminServer.start(local.server.runtime(),
                    new AdminSettings(true, HostPort.parse("127.0.0.1:0"), null, advertise,
                            advertise ? "office-gateway" : null), local.configFile,
                    () -> local.server.pop3Addresses().stream().map(a -> Results.Listener.of("pop3", "generic", a)).toList(),
                    "test", local.log);
            new AdminAccounts(dataDir().resolve("admin/accounts.json")).add(new AdminAccount(OPS, Role.ADMIN,
                    PasswordHash.hash(OPS_PASSWORD.clone()), null, false));
        } catch (Exception | Error e) {
            if (started != null) {
                started.close();
            }
            local.close();
            throw e;
        }
        admin = started;
        knownHosts = dir.resolve("known_hosts");
    }

    public Path dataDir() {
        return local.server.runtime().config().server().dataDir();
    }

    public int port() {
        return admin.boundAddress().getPort();
    }

    public String address() {
        return "127.0.0.1:" + port();
    }

    /** The one-time password of the fresh server's {@code admin} account. */
    public char[] initialPassword() throws Exception {
        return Files.readString(dataDir().resolve("admin").resolve(AdminAccounts.INITIAL_PASSWORD_FILE)).trim()
                .toCharArray();
    }

    /** A backend logged in as {@code ops}, pinning the host key on first use. */
    public RemoteBackend connectOps() throws Exception {
        AdminClient client = AdminClient.connect("127.0.0.1", port(), OPS, OPS_PASSWORD.clone(),
                new KnownHosts(knownHosts));
        return RemoteBackend.over(client, address());
    }

    @Override
    public void close() throws Exception {
        try {
            admin.close();
        } finally {
            local.close();
        }
    }

    static List<String> actions(List<dev.mamori.core.store.AuditEvent> rows) {
        return rows.stream().map(dev.mamori.core.store.AuditEvent::action).toList();
    }
}
