package dev.mamori.core.admin;

import java.util.Objects;

/**
 * A refused or failed admin command, as sent on the wire: {@code {"code": .., "message": ..}}. Codes are stable words
 * (see {@code docs/admin-protocol.md}); messages are for people.
 */
public final class AdminError extends Exception {
    public static final String BAD_REQUEST = "bad-request";
    public static final String UNKNOWN_COMMAND = "unknown-command";
    public static final String FORBIDDEN = "forbidden";
    public static final String WRONG_PASSWORD = "wrong-password";
    public static final String PASSWORD_CHANGE_REQUIRED = "password-change-required";
    public static final String NOT_FOUND = "not-found";
    /** The change would break a rule about the current state (the last administrator, one's own account). */
    public static final String CONFLICT = "conflict";
    public static final String INVALID_CONFIG = "invalid-config";
    public static final String UNSUPPORTED_VERSION = "unsupported-version";
    public static final String FAILED = "failed";
    public static final String INTERNAL = "internal";

    private final String code;

    public AdminError(String code, String message) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
    }

    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return code + ": " + getMessage();
    }
}
