package dev.mamori.ui.viewmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.mamori.core.config.ConfigException;
import dev.mamori.core.config.ConfigText;
import dev.mamori.ui.backend.ConfigUpdateResult;
import dev.mamori.ui.backend.ConfigView;
import dev.mamori.ui.backend.DashboardBackend;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Settings: the summarised sections, the structured editors (scan policy, upstream allow-list, update schedule and
 * source, dedicated ports, administrator accounts)
 * and the raw YAML, read-only. An editor's change is made to the server's current text of the file
 * ({@link ConfigText}: only the edited block changes, comments elsewhere stay) and sent whole to the server, which
 * validates it like a reload before writing and applying it ({@link DashboardBackend#updateConfiguration}); its
 * problems (with their field paths) or the sections that need a restart come back here.
 */
public final class SettingsViewModel {
    private static final ObjectMapper YAML = new YAMLMapper();
    private final DashboardBackend backend;
    private final UiContext ctx;
    private final ReadOnlyObjectWrapper<ConfigView> config = new ReadOnlyObjectWrapper<>(this, "config");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyStringWrapper applyError = new ReadOnlyStringWrapper(this, "applyError");
    private final ReadOnlyBooleanWrapper editable = new ReadOnlyBooleanWrapper(this, "editable");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyBooleanWrapper applied = new ReadOnlyBooleanWrapper(this, "applied");
    private final ObservableList<ConfigUpdateResult.Problem> problems = FXCollections.observableArrayList();
    private final ObservableList<ConfigUpdateResult.Problem> problemsView =
            FXCollections.unmodifiableObservableList(problems);
    private final ObservableList<String> restartRequired = FXCollections.observableArrayList();
    private final ObservableList<String> restartView = FXCollections.unmodifiableObservableList(restartRequired);
    private final ObservableList<String> appliedNow = FXCollections.observableArrayList();
    private final ObservableList<String> appliedView = FXCollections.unmodifiableObservableList(appliedNow);

    private final AccountsViewModel accounts;
    private final ScanPolicyViewModel policy;
    private final UpstreamRulesViewModel upstreams;
    private final UpdatesViewModel updates;
    private final DedicatedPortsViewModel dedicated;

    public SettingsViewModel(DashboardBackend backend, UiContext ctx) {
        this.backend = backend;
        this.ctx = ctx;
        this.accounts = new AccountsViewModel(backend, ctx);
        this.policy = new ScanPolicyViewModel(this::applyEdits);
        this.upstreams = new UpstreamRulesViewModel(this::applyEdits);
        this.updates = new UpdatesViewModel(this::applyEdits);
        this.dedicated = new DedicatedPortsViewModel(this::applyEdits);
    }

    /** The "Admin accounts" section. */
    public AccountsViewModel accounts() {
        return accounts;
    }

    /** The "Scan policy" editor. */
    public ScanPolicyViewModel policy() {
        return policy;
    }

    /** The "Upstream allow-list" editor. */
    public UpstreamRulesViewModel upstreams() {
        return upstreams;
    }

    /** The "Update schedule and source" editor. */
    public UpdatesViewModel updates() {
        return updates;
    }

    /** The "Dedicated ports" editor (POP3 listeners with a fixed upstream). */
    public DedicatedPortsViewModel dedicated() {
        return dedicated;
    }

    /** Reads the configuration and the admin accounts again. */
    public void refresh() {
        accounts.refresh();
        refreshConfiguration();
    }

    private void refreshConfiguration() {
        backend.configuration().whenComplete((view, failure) -> ctx.ui().execute(() -> {
            error.set(failure == null ? null : Failures.reason(failure));
            if (view != null) {
                show(view);
            }
        }));
    }

    private void show(ConfigView view) {
        try {
            JsonNode root = YAML.readTree(view.redactedYaml());
            if (root == null || !root.isObject()) {
                root = YAML.createObjectNode();
            }
            policy.load(root);
            upstreams.load(root);
            updates.load(root);
            dedicated.load(root);
        } catch (JsonProcessingException | ConfigException | IllegalArgumentException e) {
            error.set(Failures.reason(e));
        }
        editable.set(view.editable());
        config.set(view);
    }

    /** Whether the shown configuration can be changed (the server has a file and this account may change it). */
    public boolean canEdit() {
        return editable.get();
    }

    /**
     * Makes {@code edits} to the server's current text of the configuration and sends it. Completes on the UI
     * executor: normally when the server accepted (what was applied and what needs a restart are then shown, and the
     * configuration read again); exceptionally with {@link ConfigEditRefused} when it refused (the problems are also
     * listed here; nothing was written), or with the failure when it could not be asked or the text could not be
     * edited safely.
     */
    public CompletionStage<Void> applyEdits(List<ConfigEdit> edits) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (busy.get()) {
            done.completeExceptionally(new IllegalStateException("another change is being applied"));
            return done;
        }
        busy.set(true);
        applied.set(false);
        applyError.set(null);
        problems.clear();
        restartRequired.clear();
        appliedNow.clear();
        backend.configuration().thenCompose(view -> {
            if (!view.editable()) {
                throw new IllegalStateException("the server does not accept configuration changes from this account");
            }
            String text = view.redactedYaml();
            for (ConfigEdit e : edits) {
                text = e.value() == null ? ConfigText.remove(text, e.path()) : ConfigText.replace(text, e.path(), e.value());
            }
            return backend.updateConfiguration(text, ctx.actor());
        }).whenComplete((result, failure) -> ctx.ui().execute(() -> {
            busy.set(false);
            if (failure != null) {
                applyError.set(Failures.reason(failure));
                done.completeExceptionally(failure);
                return;
            }
            if (!result.accepted()) {
                problems.setAll(result.problems());
                done.completeExceptionally(new ConfigEditRefused(result.problems()));
                return;
            }
            applied.set(true);
            restartRequired.setAll(result.restartRequired());
            appliedNow.setAll(result.applied());
            refreshConfiguration();
            done.complete(null);
        }));
        return done;
    }

    /** A problem in words: {@code location: problem (allowed)}. */
    public static String describe(ConfigUpdateResult.Problem p) {
        StringBuilder b = new StringBuilder();
        if (!p.location().isEmpty()) {
            b.append(p.location()).append(": ");
        }
        b.append(p.problem());
        if (!p.allowed().isEmpty()) {
            b.append(" (").append(p.allowed()).append(')');
        }
        return b.toString();
    }

    public ReadOnlyObjectProperty<ConfigView> configProperty() {
        return config.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Why the last change failed (not a validation problem: the server could not be asked, or failed). */
    public ReadOnlyStringProperty applyErrorProperty() {
        return applyError.getReadOnlyProperty();
    }

    /** Whether the server accepts configuration changes from this account. */
    public ReadOnlyBooleanProperty editableProperty() {
        return editable.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** True after an accepted change, until the next one is sent. */
    public ReadOnlyBooleanProperty appliedProperty() {
        return applied.getReadOnlyProperty();
    }

    public ObservableList<ConfigUpdateResult.Problem> problems() {
        return problemsView;
    }

    public ObservableList<String> restartRequired() {
        return restartView;
    }

    public ObservableList<String> appliedNow() {
        return appliedView;
    }

    /** The problems in words. */
    public List<String> describeProblems() {
        return problems.stream().map(SettingsViewModel::describe).toList();
    }
}
