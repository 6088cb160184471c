package dev.mamori.core.admin;

import java.util.Objects;

/**
 * Who is connected: set on the SSH session at authentication, read by every command. The forced password change flag
 * is cleared by a successful {@code passwd} on this connection.
 */
public final class AdminIdentity {
    private final String user;
    private volatile Role role;
    private final String remote;
    private final String method;
    private volatile boolean mustChangePassword;

    public AdminIdentity(String user, Role role, String remote, String method, boolean mustChangePassword) {
        this.user = Objects.requireNonNull(user, "user");
        this.role = Objects.requireNonNull(role, "role");
        this.remote = remote;
        this.method = method;
        this.mustChangePassword = mustChangePassword;
    }

    public String user() {
        return user;
    }

    /** The account's role as last read from the accounts file (checked again before every command). */
    public Role role() {
        return role;
    }

    /** Another administrator changed this account's role while it is connected. */
    public void roleChanged(Role now) {
        this.role = Objects.requireNonNull(now, "role");
    }

    /** The client address, for the audit log. */
    public String remote() {
        return remote;
    }

    /** {@code password} or {@code publickey}. */
    public String method() {
        return method;
    }

    public boolean mustChangePassword() {
        return mustChangePassword;
    }

    public void passwordChanged() {
        mustChangePassword = false;
    }
}
