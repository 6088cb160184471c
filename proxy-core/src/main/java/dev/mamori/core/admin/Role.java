package dev.mamori.core.admin;

import java.util.Locale;

/** What an admin account may do: {@code admin} everything, {@code viewer} read-only commands. */
public enum Role {
    ADMIN, VIEWER;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role of(String word) {
        try {
            return valueOf(word.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role '" + word + "' (allowed: admin, viewer)");
        }
    }
}
