package dev.mamori.core.config;

import dev.mamori.core.net.HostPort;

import java.nio.file.Path;

/**
 * The admin channel (SSH: the {@code mamori-admin} JSON subsystem and an interactive shell). Without an {@code admin:}
 * section in the file the channel is off; with the section it is on unless {@code enabled: false}.
 *
 * @param enabled      default true when the section is present
 * @param bind         address and port of the SSH server; default {@code 127.0.0.1:18022} (loopback only)
 * @param accountsFile the admin accounts (hashed passwords, authorized keys, roles); default
 *                     {@code <dataDir>/admin/accounts.json}
 * @param advertise    announce the server on the LAN with mDNS ({@code _mamori-admin._tcp}); default false
 * @param name         the name shown to administrators and in the mDNS record; default {@code server.name}
 */
public record AdminSettings(Boolean enabled, HostPort bind, Path accountsFile, Boolean advertise, String name) {
    public static final HostPort DEFAULT_BIND = HostPort.of("127.0.0.1", 18022);

    public AdminSettings {
        enabled = enabled == null || enabled;
        bind = bind == null ? DEFAULT_BIND : bind;
        advertise = advertise != null && advertise;
        if (name != null) {
            Checks.name("name", name);
        }
    }

    /** No {@code admin:} section: the channel is off. */
    public static AdminSettings disabled() {
        return new AdminSettings(false, null, null, false, null);
    }

    /** The accounts file, with its default under the data directory. */
    public Path accountsFile(Path dataDir) {
        return accountsFile != null ? accountsFile : dataDir.resolve("admin").resolve("accounts.json");
    }

    /** The advertised name, with its default. */
    public String name(ServerSettings server) {
        return name != null ? name : server.name();
    }
}
