package dev.mamori.ui.viewmodel;

import dev.mamori.core.admin.Results;
import dev.mamori.ui.backend.DashboardBackend;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The "Admin accounts" section of Settings: the admin channel's accounts and the changes an administrator makes to
 * them. The server decides (proxy-core's {@code AccountAdmin}: names, roles, key lines, the password policy, the last
 * administrator, one's own account); this model only checks what the server cannot see (that a password was typed
 * the same twice) and turns key text into lines. Every action returns a stage that completes on the UI executor after
 * this model is updated: normally when the server accepted, exceptionally with the reason otherwise (an
 * {@link InputProblem} for a check made here, carrying a message key), so a dialog can stay open and show it.
 */
public final class AccountsViewModel {
    /** A problem found before asking the server; {@code key} is a message key of the resource bundle. */
    public static final class InputProblem extends IllegalArgumentException {
        private final String key;

        public InputProblem(String key) {
            super(key, null);
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /** What the last successful action did: {@code added}, {@code updated}, {@code reset}, {@code removed}. */
    public record Change(String action, String name) {
    }

    private final DashboardBackend backend;
    private final UiContext ctx;
    private final ObservableList<AccountItem> items = FXCollections.observableArrayList();
    private final ObservableList<AccountItem> itemsView = FXCollections.unmodifiableObservableList(items);
    private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper(this, "available");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyStringWrapper actionError = new ReadOnlyStringWrapper(this, "actionError");
    private final ReadOnlyObjectWrapper<Change> lastChange = new ReadOnlyObjectWrapper<>(this, "lastChange");

    public AccountsViewModel(DashboardBackend backend, UiContext ctx) {
        this.backend = backend;
        this.ctx = ctx;
    }

    /** Reads the accounts again; a failure (admin channel off, not an administrator) is shown in place of the table. */
    public void refresh() {
        backend.accounts().whenComplete((list, failure) -> ctx.ui().execute(() -> {
            if (failure != null) {
                available.set(false);
                items.clear();
                error.set(Failures.reason(failure));
                return;
            }
            error.set(null);
            available.set(true);
            items.setAll(list.stream().map(AccountItem::new).toList());
        }));
    }

    /**
     * Adds an account. An empty password makes a key-only account (then at least one key is needed, which the server
     * checks).
     */
    public CompletionStage<Void> add(String name, String role, String password, String repeated, String keysText) {
        char[] pw = null;
        if (password != null && !password.isEmpty()) {
            if (!password.equals(repeated)) {
                return refused("accounts.problem.mismatch");
            }
            pw = password.toCharArray();
        }
        char[] sent = pw;
        return run(new Change("added", trim(name)), backend.addAccount(trim(name), role, sent, keyLines(keysText),
                ctx.actor()), () -> clear(sent));
    }

    /**
     * Sets the role and replaces the keys with {@code keysText} (one OpenSSH public key per line); null leaves the
     * keys as they are.
     */
    public CompletionStage<Void> update(String name, String role, String keysText) {
        return run(new Change("updated", name), backend.updateAccount(name, role,
                keysText == null ? null : keyLines(keysText), ctx.actor()), () -> { });
    }

    /** Sets a temporary password the account must change at its next login. */
    public CompletionStage<Void> reset(String name, String password, String repeated) {
        if (password == null || password.isEmpty()) {
            return refused("accounts.problem.password");
        }
        if (!password.equals(repeated)) {
            return refused("accounts.problem.mismatch");
        }
        char[] pw = password.toCharArray();
        return run(new Change("reset", name), backend.resetPassword(name, pw, ctx.actor()), () -> clear(pw));
    }

    public CompletionStage<Void> remove(String name) {
        return run(new Change("removed", name), backend.removeAccount(name, ctx.actor()), () -> { });
    }

    /** The key text as lines: one per line, blank lines dropped (the server parses and checks each). */
    static List<String> keyLines(String text) {
        if (text == null) {
            return List.of();
        }
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static String trim(String s) {
        return s == null ? null : s.strip();
    }

    private static void clear(char[] password) {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }

    private CompletionStage<Void> refused(String key) {
        InputProblem p = new InputProblem(key);
        actionError.set(null);
        return CompletableFuture.failedFuture(p);
    }

    private CompletionStage<Void> run(Change change, CompletionStage<?> call, Runnable cleanup) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        busy.set(true);
        actionError.set(null);
        call.whenComplete((result, failure) -> ctx.ui().execute(() -> {
            cleanup.run();
            busy.set(false);
            if (failure != null) {
                actionError.set(Failures.reason(failure));
                done.completeExceptionally(failure);
                return;
            }
            lastChange.set(change);
            refresh();
            done.complete(null);
        }));
        return done;
    }

    public ObservableList<AccountItem> items() {
        return itemsView;
    }

    /** Whether the accounts could be read (the table and the buttons are shown). */
    public ReadOnlyBooleanProperty availableProperty() {
        return available.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Why the accounts cannot be shown, or null. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The server's reason for refusing the last action, or null. */
    public ReadOnlyStringProperty actionErrorProperty() {
        return actionError.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Change> lastChangeProperty() {
        return lastChange.getReadOnlyProperty();
    }

    /** One row of the table. */
    public static final class AccountItem {
        private final Results.Account account;

        AccountItem(Results.Account account) {
            this.account = account;
        }

        public String name() {
            return account.name();
        }

        public String role() {
            return account.role();
        }

        public boolean password() {
            return account.password();
        }

        public int keyCount() {
            return account.keys().size();
        }

        public boolean mustChangePassword() {
            return account.mustChangePassword();
        }

        /** The authorized key lines, one per line, for the edit dialog. */
        public String keysText() {
            return String.join("\n", account.keys().stream().map(Results.AccountKey::line).toList());
        }

        /** The keys as {@code type fingerprint comment}, one per line, for a tooltip. */
        public String keysSummary() {
            return String.join("\n", account.keys().stream()
                    .map(k -> (k.type() + " " + k.fingerprint() + " " + k.comment()).strip()).toList());
        }
    }
}
