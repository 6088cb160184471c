package dev.mamori.core.admin;

import dev.mamori.core.admin.client.AdminClient;
import dev.mamori.core.admin.client.KnownHosts;
import dev.mamori.core.admin.server.AdminServer;
import dev.mamori.core.config.ConfigLoader;
import dev.mamori.core.config.MamoriConfig;
import dev.mamori.core.runtime.ProxyRuntime;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real {@link ProxyRuntime} on a temporary data directory with the admin channel on a free loopback port, started
 * from a real config file (so {@code config.reload} has a file to read).
 */
final class AdminFixture implements AutoCloseable {
    static final String ADMIN_PASSWORD = "correct horse battery staple";
    static final String VIEWER_PASSWORD = "viewer password 1234";

    final Path dir;
    final Path configFile;
    final ProxyRuntime runtime;
    final AdminServer server;
    final String initialPassword;

    AdminFixture(Path dir) throws Exception {
        this(dir, "");
    }

    /** {@code adminExtra}: more keys of the admin section, indented by two spaces. */
    AdminFixture(Path dir, String adminExtra) throws Exception {
        this.dir = dir;
        this.configFile = dir.resolve("mamori.yaml");
        Files.writeString(configFile, config(adminExtra));
        MamoriConfig config = ConfigLoader.load(configFile);
        this.runtime = ProxyRuntime.start(config);
        this.server = AdminServer.start(runtime, config.admin(), configFile, List::of, "test-version");
        this.initialPassword = Files.readString(dir.resolve("data/admin/initial-password"), StandardCharsets.UTF_8).trim();
    }

    static String config(String extra) {
        return """
                server:
                  name: fixture
                  dataDir: data
                pop3:
                  enabled: false
                admin:
                  bind: 127.0.0.1:0
                """ + extra;
    }

    int port() {
        return server.boundAddress().getPort();
    }

    AdminAccounts accounts() {
        return new AdminAccounts(dir.resolve("data/admin/accounts.json"));
    }

    /** Sets the admin password directly in the file (as {@code mamori admin passwd} does) and adds a viewer. */
    void prepareAccounts() throws Exception {
        AdminAccounts accounts = accounts();
        accounts.setPassword("admin", ADMIN_PASSWORD.toCharArray());
        accounts.add(new AdminAccount("viewer", Role.VIEWER, PasswordHash.hash(VIEWER_PASSWORD.toCharArray()), null,
                false));
    }

    AdminClient connect(String user, String password) throws Exception {
        return AdminClient.connect("127.0.0.1", port(), user, password.toCharArray(),
                new KnownHosts(dir.resolve("known_hosts")));
    }

    @Override
    public void close() {
        server.close();
        runtime.close();
    }
}
