package dev.mamori.core.store;

/** Bounds on query results, so one admin request cannot pull a whole table into memory. */
final class Limits {
    static final int MAX_ROWS = 10_000;

    private Limits() {
    }

    static void check(int limit) {
        if (limit < 1 || limit > MAX_ROWS) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_ROWS + ": " + limit);
        }
    }
}
