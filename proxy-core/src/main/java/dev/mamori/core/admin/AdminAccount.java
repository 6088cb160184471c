package dev.mamori.core.admin;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One admin account as stored in the accounts file.
 *
 * @param passwordHash       {@link PasswordHash} format, or {@code null} for a key-only account
 * @param authorizedKeys     OpenSSH public key lines ({@code ssh-ed25519 AAAA... comment})
 * @param mustChangePassword set for the generated first account: until the password is changed, only
 *                           {@code passwd} and {@code whoami} are allowed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AdminAccount(String name, Role role, String passwordHash, List<String> authorizedKeys,
                           boolean mustChangePassword) {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}");

    public AdminAccount {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("account name '" + name
                    + "' is not allowed (1-32 lower-case letters, digits, '.', '_' or '-', starting with a letter or '_')");
        }
        Objects.requireNonNull(role, "role");
        authorizedKeys = authorizedKeys == null ? List.of() : List.copyOf(authorizedKeys);
    }

    public AdminAccount withPassword(String hash, boolean mustChange) {
        return new AdminAccount(name, role, hash, authorizedKeys, mustChange);
    }
}
