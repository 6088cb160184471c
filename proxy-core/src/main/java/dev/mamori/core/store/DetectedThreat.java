package dev.mamori.core.store;

import java.util.Objects;

/**
 * One detection inside a tracked message.
 *
 * @param name     threat or rule name, as the engine reported it
 * @param engine   engine name ({@code signatures}, {@code heuristics}, {@code clamd}...)
 * @param category verdict category ({@code virus}, {@code blocked-attachment}...)
 * @param path     where in the message it was found ({@code null} for the whole message)
 */
public record DetectedThreat(String name, String engine, String category, String path) {
    public DetectedThreat {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(category, "category");
    }
}
