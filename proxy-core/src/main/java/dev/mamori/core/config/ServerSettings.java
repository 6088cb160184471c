package dev.mamori.core.config;

import java.nio.file.Path;

/**
 * Process-wide settings.
 *
 * @param name     instance name shown in banners and (later) on the LAN; default {@code mamori}
 * @param dataDir  spool, generated keys and certificates, logs; default {@code ./mamori-data}; {@code --data-dir} overrides
 */
public record ServerSettings(String name, Path dataDir) {
    public ServerSettings {
        name = name == null ? "mamori" : name;
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            throw new IllegalArgumentException("name '" + name + "' must be 1-63 letters, digits, '.', '_' or '-'");
        }
        dataDir = dataDir == null ? Path.of("mamori-data") : dataDir;
    }

    public static ServerSettings defaults() {
        return new ServerSettings(null, null);
    }
}
