package dev.mamori.core.config;

/**
 * The event store ({@code <dataDir>/mamori.db}).
 *
 * @param retention how long each kind of row is kept
 */
public record StoreSettings(StoreRetention retention) {
    public StoreSettings {
        retention = retention == null ? StoreRetention.defaults() : retention;
    }

    public static StoreSettings defaults() {
        return new StoreSettings(null);
    }
}
