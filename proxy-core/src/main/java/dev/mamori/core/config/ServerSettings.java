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
        Checks.name("name", name);
        dataDir = dataDir == null ? Path.of("mamori-data") : dataDir;
    }

    public static ServerSettings defaults() {
        return new ServerSettings(null, null);
    }
}
