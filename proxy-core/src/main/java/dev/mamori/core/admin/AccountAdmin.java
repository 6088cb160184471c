package dev.mamori.core.admin;

import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

import java.io.IOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Validated changes to the admin accounts, the one implementation behind the admin channel's {@code accounts.*}
 * commands, the embedded dashboard and {@code mamori admin}. Every rule is checked here, under the lock of the
 * {@link AdminAccounts} instance, so two administrators cannot together remove the last administrator:
 * <ul>
 *   <li>names as {@link AdminAccount} allows them, roles {@code admin}/{@code viewer};</li>
 *   <li>passwords as {@code passwd} requires ({@link PasswordHash#weakness});</li>
 *   <li>authorized keys are single OpenSSH public key lines without options (the server does not enforce
 *       {@code from=} and the like, so accepting them would promise a restriction that does not exist), at most
 *       {@value #MAX_KEYS}, no duplicates;</li>
 *   <li>every account keeps a way to log in (a password or a key);</li>
 *   <li>the last account with the admin role cannot be removed or demoted;</li>
 *   <li>an administrator cannot remove, demote or reset their own account ({@code passwd} changes one's own
 *       password, with the current one).</li>
 * </ul>
 * Refusals are {@link AdminError}s with the codes of the admin protocol ({@code bad-request}, {@code not-found},
 * {@code conflict}); no message ever contains a password or a hash, and results never carry a hash.
 */
public final class AccountAdmin {
    /** The most authorized keys one account may have. */
    public static final int MAX_KEYS = 64;
    /** The longest authorized key line accepted (an RSA 16384-bit key is about 2,800 characters). */
    public static final int MAX_KEY_LINE = 8192;

    private final AdminAccounts accounts;

    public AccountAdmin(AdminAccounts accounts) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
    }

    public AdminAccounts accounts() {
        return accounts;
    }

    /** Every account, in file order, without hashes. */
    public List<Results.Account> list() throws IOException {
        return accounts.list().stream().map(AccountAdmin::describe).toList();
    }

    /**
     * Adds an account.
     *
     * @param password       may be null for a key-only account
     * @param authorizedKeys OpenSSH public key lines; may be null or empty when a password is given
     */
    public Results.Account add(String name, String role, char[] password, List<String> authorizedKeys)
            throws AdminError, IOException {
        String n = name(name);
        Role r = role(role, null);
        List<String> keys = keys(authorizedKeys == null ? List.of() : authorizedKeys);
        if (password == null && keys.isEmpty()) {
            throw new AdminError(AdminError.BAD_REQUEST, "account '" + n + "' needs a password or an authorized key");
        }
        String hash = password == null ? null : PasswordHash.hash(checkedPassword(password));
        synchronized (accounts) {
            if (accounts.find(n).isPresent()) {
                throw new AdminError(AdminError.CONFLICT, "account '" + n + "' exists already");
            }
            return describe(accounts.add(new AdminAccount(n, r, hash, keys, false)));
        }
    }

    /**
     * Changes the role and/or the authorized keys (the complete new list) of an account; a null argument leaves that
     * part as it is.
     *
     * @param actingUser the account making the change, or null when it is not an admin account (the local dashboard,
     *                   the CLI on the server's data directory)
     */
    public Results.Account update(String name, String role, List<String> authorizedKeys, String actingUser)
            throws AdminError, IOException {
        String n = name(name);
        List<String> keys = authorizedKeys == null ? null : keys(authorizedKeys);
        synchronized (accounts) {
            AdminAccount current = existing(n);
            Role r = role(role, current.role());
            if (r != current.role() && n.equals(actingUser)) {
                throw new AdminError(AdminError.CONFLICT, "you cannot change the role of your own account '" + n
                        + "'; another administrator can");
            }
            if (current.role() == Role.ADMIN && r != Role.ADMIN && admins() == 1) {
                throw new AdminError(AdminError.CONFLICT, "'" + n + "' is the last account with the admin role;"
                        + " give another account the admin role first");
            }
            List<String> newKeys = keys == null ? current.authorizedKeys() : keys;
            if (current.passwordHash() == null && newKeys.isEmpty()) {
                throw new AdminError(AdminError.BAD_REQUEST, "account '" + n + "' has no password, so it needs at"
                        + " least one authorized key (set a password with a reset first)");
            }
            return describe(accounts.update(new AdminAccount(n, r, current.passwordHash(), newKeys,
                    current.mustChangePassword())));
        }
    }

    /** Removes an account; not the last administrator, not the acting account. */
    public void remove(String name, String actingUser) throws AdminError, IOException {
        String n = name(name);
        if (n.equals(actingUser)) {
            throw new AdminError(AdminError.CONFLICT, "you cannot remove your own account '" + n + "'");
        }
        synchronized (accounts) {
            AdminAccount current = existing(n);
            if (current.role() == Role.ADMIN && admins() == 1) {
                throw new AdminError(AdminError.CONFLICT, "'" + n + "' is the last account with the admin role;"
                        + " give another account the admin role first");
            }
            accounts.remove(n);
        }
    }

    /**
     * Sets a temporary password that must be changed at the next password login (a lost password, a new colleague).
     * The account's keys stay. Not for the acting account, which uses {@code passwd}.
     */
    public Results.Account reset(String name, char[] password, String actingUser) throws AdminError, IOException {
        String n = name(name);
        if (n.equals(actingUser)) {
            throw new AdminError(AdminError.CONFLICT, "use passwd to change the password of your own account");
        }
        if (password == null) {
            throw new AdminError(AdminError.BAD_REQUEST, "argument 'password' is required");
        }
        String hash = PasswordHash.hash(checkedPassword(password));
        synchronized (accounts) {
            AdminAccount current = existing(n);
            AdminAccount changed = accounts.update(current.withPassword(hash, true));
            if (current.mustChangePassword()) {
                // the generated one-time password of a fresh server is no longer the account's password
                Files.deleteIfExists(accounts.file().resolveSibling(AdminAccounts.INITIAL_PASSWORD_FILE));
            }
            return describe(changed);
        }
    }

    // ---------------------------------------------------------------- rules

    private AdminAccount existing(String name) throws AdminError, IOException {
        return accounts.find(name).orElseThrow(() -> new AdminError(AdminError.NOT_FOUND, "no account '" + name + "'"));
    }

    private long admins() throws IOException {
        return accounts.list().stream().filter(a -> a.role() == Role.ADMIN).count();
    }

    private static String name(String name) throws AdminError {
        if (name == null || name.isBlank()) {
            throw new AdminError(AdminError.BAD_REQUEST, "argument 'name' is required");
        }
        try {
            return new AdminAccount(name, Role.VIEWER, null, null, false).name();
        } catch (IllegalArgumentException e) {
            throw new AdminError(AdminError.BAD_REQUEST, e.getMessage());
        }
    }

    private static Role role(String word, Role unchanged) throws AdminError {
        if (word == null || word.isBlank()) {
            if (unchanged != null) {
                return unchanged;
            }
            throw new AdminError(AdminError.BAD_REQUEST, "argument 'role' is required (admin or viewer)");
        }
        try {
            return Role.of(word);
        } catch (IllegalArgumentException e) {
            throw new AdminError(AdminError.BAD_REQUEST, e.getMessage());
        }
    }

    private static char[] checkedPassword(char[] password) throws AdminError {
        String weak = PasswordHash.weakness(password);
        if (weak != null) {
            throw new AdminError(AdminError.BAD_REQUEST, weak);
        }
        return password;
    }

    /** The key lines, trimmed, each parsed as an OpenSSH public key; blank lines and {@code #} comments dropped. */
    static List<String> keys(List<String> lines) throws AdminError {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int number = 0;
        for (String raw : lines) {
            number++;
            if (raw == null) {
                continue;
            }
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = "authorized key " + number;
            if (line.length() > MAX_KEY_LINE) {
                throw new AdminError(AdminError.BAD_REQUEST, where + " is longer than " + MAX_KEY_LINE + " characters");
            }
            if (line.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
                throw new AdminError(AdminError.BAD_REQUEST, where + " contains a line break or control character;"
                        + " give one key per line");
            }
            PublicKey key;
            AuthorizedKeyEntry entry;
            try {
                entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(line);
                key = entry == null ? null : entry.resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                throw new AdminError(AdminError.BAD_REQUEST, where + " is not an OpenSSH public key line"
                        + " (such as 'ssh-ed25519 AAAA... user@host'): " + e.getMessage());
            }
            if (key == null) {
                throw new AdminError(AdminError.BAD_REQUEST, where + " is not an OpenSSH public key line");
            }
            if (entry.getLoginOptions() != null && !entry.getLoginOptions().isEmpty()) {
                throw new AdminError(AdminError.BAD_REQUEST, where + " has options ("
                        + String.join(", ", entry.getLoginOptions().keySet())
                        + "); the admin channel does not apply authorized_keys options, give the bare key");
            }
            if (!seen.add(KeyUtils.getFingerPrint(key))) {
                throw new AdminError(AdminError.BAD_REQUEST, where + " repeats an earlier key ("
                        + KeyUtils.getFingerPrint(key) + ")");
            }
            out.add(line);
        }
        if (out.size() > MAX_KEYS) {
            throw new AdminError(AdminError.BAD_REQUEST, "at most " + MAX_KEYS + " authorized keys per account");
        }
        return out;
    }

    /** What an account change left, for the audit log: role, password yes/no, the key fingerprints (no secret). */
    public static String auditDetail(Results.Account a) {
        StringBuilder d = new StringBuilder("role ").append(a.role()).append(a.password() ? ", password" : ", no password");
        d.append(", ").append(a.keys().size()).append(a.keys().size() == 1 ? " key" : " keys");
        a.keys().forEach(k -> d.append(' ').append(k.fingerprint()));
        return d.toString();
    }

    /** The account without its hash; keys that no longer parse are shown with type {@code invalid}. */
    public static Results.Account describe(AdminAccount a) {
        List<Results.AccountKey> keys = new ArrayList<>();
        for (String line : a.authorizedKeys()) {
            try {
                AuthorizedKeyEntry entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(line);
                PublicKey key = entry.resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
                keys.add(new Results.AccountKey(KeyUtils.getKeyType(key), KeyUtils.getFingerPrint(key),
                        entry.getComment() == null ? "" : entry.getComment(), line));
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                keys.add(new Results.AccountKey("invalid", "", "", line));
            }
        }
        return new Results.Account(a.name(), a.role().word(), a.passwordHash() != null, keys,
                a.mustChangePassword());
    }
}
