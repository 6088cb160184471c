package dev.mamori.core.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The admin accounts file ({@code <dataDir>/admin/accounts.json} by default): JSON, owner-only, replaced atomically
 * on every change. The server re-reads it when its modification time changes, so {@code mamori admin passwd|add|remove}
 * take effect on a running server without a restart. Methods are synchronized: the SSH server's threads and the
 * local CLI in the same process see one consistent file.
 */
public final class AdminAccounts {
    private static final Logger LOG = LogManager.getLogger(AdminAccounts.class);
    public static final String INITIAL_PASSWORD_FILE = "initial-password";
    static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final Path file;
    private List<AdminAccount> accounts = List.of();
    private FileTime loadedAt;

    record FileContent(int format, List<AdminAccount> accounts) {
    }

    public AdminAccounts(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /**
     * Creates the file with the account {@code admin} and a random password that must be changed at first login,
     * written to {@code initial-password} beside the file (owner-only). Does nothing when the file exists.
     *
     * @return the path of the initial password file when one was written
     */
    public synchronized Optional<Path> createIfMissing() throws IOException {
        if (Files.exists(file)) {
            return Optional.empty();
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        OwnerOnly.restrictDirectory(file.toAbsolutePath().getParent());
        String password = PasswordHash.random();
        Path initial = file.resolveSibling(INITIAL_PASSWORD_FILE);
        OwnerOnly.writeNew(initial, (password + "\n").getBytes(StandardCharsets.UTF_8));
        AdminAccount admin = new AdminAccount("admin", Role.ADMIN, PasswordHash.hash(password.toCharArray()), List.of(),
                true);
        write(List.of(admin));
        return Optional.of(initial);
    }

    public synchronized List<AdminAccount> list() throws IOException {
        refresh();
        return accounts;
    }

    public synchronized Optional<AdminAccount> find(String name) throws IOException {
        refresh();
        return accounts.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** Adds an account; fails when the name exists. */
    public synchronized AdminAccount add(AdminAccount account) throws IOException {
        refresh();
        if (accounts.stream().anyMatch(a -> a.name().equals(account.name()))) {
            throw new FileAlreadyExistsException("account '" + account.name() + "' exists already");
        }
        List<AdminAccount> next = new ArrayList<>(accounts);
        next.add(account);
        write(next);
        return account;
    }

    /** Replaces the account of the same name; fails when there is none. */
    public synchronized AdminAccount update(AdminAccount account) throws IOException {
        refresh();
        List<AdminAccount> next = new ArrayList<>();
        boolean found = false;
        for (AdminAccount a : accounts) {
            if (a.name().equals(account.name())) {
                next.add(account);
                found = true;
            } else {
                next.add(a);
            }
        }
        if (!found) {
            throw new IllegalArgumentException("no account '" + account.name() + "'");
        }
        write(next);
        return account;
    }

    /**
     * Sets a new password and clears the forced change. The initial password file is deleted once the generated
     * account has a password of its owner's choosing.
     */
    public synchronized AdminAccount setPassword(String name, char[] password) throws IOException {
        String weak = PasswordHash.weakness(password);
        if (weak != null) {
            throw new IllegalArgumentException(weak);
        }
        AdminAccount a = find(name).orElseThrow(() -> new IllegalArgumentException("no account '" + name + "'"));
        AdminAccount changed = update(a.withPassword(PasswordHash.hash(password), false));
        if (a.mustChangePassword()) {
            Files.deleteIfExists(file.resolveSibling(INITIAL_PASSWORD_FILE));
        }
        return changed;
    }

    /** Removes an account; refuses to remove the last {@code admin}-role account. */
    public synchronized boolean remove(String name) throws IOException {
        refresh();
        List<AdminAccount> next = accounts.stream().filter(a -> !a.name().equals(name)).toList();
        if (next.size() == accounts.size()) {
            return false;
        }
        if (next.stream().noneMatch(a -> a.role() == Role.ADMIN)) {
            throw new IllegalArgumentException("'" + name + "' is the last account with the admin role");
        }
        write(next);
        return true;
    }

    private void refresh() throws IOException {
        if (!Files.exists(file)) {
            accounts = List.of();
            loadedAt = null;
            return;
        }
        FileTime modified = Files.getLastModifiedTime(file);
        if (modified.equals(loadedAt)) {
            return;
        }
        FileContent content = JSON.readValue(file.toFile(), FileContent.class);
        if (content.format() != FORMAT) {
            throw new IOException(file + ": unknown accounts file format " + content.format());
        }
        accounts = content.accounts() == null ? List.of() : List.copyOf(content.accounts());
        loadedAt = modified;
        LOG.debug("admin accounts loaded from {}: {}", file, accounts.size());
    }

    private void write(List<AdminAccount> next) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        OwnerOnly.writeNew(tmp, JSON.writeValueAsBytes(new FileContent(FORMAT, next)));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        accounts = List.copyOf(next);
        loadedAt = Files.getLastModifiedTime(file);
    }
}
