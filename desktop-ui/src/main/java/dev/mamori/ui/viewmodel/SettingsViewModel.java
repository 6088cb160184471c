package dev.mamori.ui.viewmodel;

import dev.mamori.ui.backend.ConfigUpdateResult;
import dev.mamori.ui.backend.ConfigView;
import dev.mamori.ui.backend.DashboardBackend;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;

/**
 * Settings: the summarised sections and the raw YAML, and an edit mode on the raw YAML. An edit is sent whole to the
 * server, which validates it before writing and applying it ({@link DashboardBackend#updateConfiguration}); its
 * problems (with their field paths) or the sections that need a restart come back here.
 */
public final class SettingsViewModel {
    private final DashboardBackend backend;
    private final UiContext ctx;
    private final ReadOnlyObjectWrapper<ConfigView> config = new ReadOnlyObjectWrapper<>(this, "config");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyStringWrapper applyError = new ReadOnlyStringWrapper(this, "applyError");
    private final ReadOnlyBooleanWrapper editing = new ReadOnlyBooleanWrapper(this, "editing");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyBooleanWrapper applied = new ReadOnlyBooleanWrapper(this, "applied");
    private final StringProperty draft = new SimpleStringProperty(this, "draft", "");
    private final ObservableList<ConfigUpdateResult.Problem> problems = FXCollections.observableArrayList();
    private final ObservableList<ConfigUpdateResult.Problem> problemsView =
            FXCollections.unmodifiableObservableList(problems);
    private final ObservableList<String> restartRequired = FXCollections.observableArrayList();
    private final ObservableList<String> restartView = FXCollections.unmodifiableObservableList(restartRequired);
    private final ObservableList<String> appliedNow = FXCollections.observableArrayList();
    private final ObservableList<String> appliedView = FXCollections.unmodifiableObservableList(appliedNow);

    private final AccountsViewModel accounts;

    public SettingsViewModel(DashboardBackend backend, UiContext ctx) {
        this.backend = backend;
        this.ctx = ctx;
        this.accounts = new AccountsViewModel(backend, ctx);
    }

    /** The "Admin accounts" section. */
    public AccountsViewModel accounts() {
        return accounts;
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
                config.set(view);
            }
        }));
    }

    /** Whether the shown configuration can be edited (the server has a file and this account may change it). */
    public boolean canEdit() {
        ConfigView view = config.get();
        return view != null && view.editable();
    }

    /** Starts editing the raw YAML as shown (secrets masked); earlier problems and outcomes are cleared. */
    public void startEditing() {
        if (!canEdit()) {
            return;
        }
        draft.set(config.get().redactedYaml());
        problems.clear();
        restartRequired.clear();
        appliedNow.clear();
        applied.set(false);
        applyError.set(null);
        editing.set(true);
    }

    /** Leaves edit mode without sending anything. */
    public void cancelEditing() {
        editing.set(false);
        problems.clear();
    }

    /**
     * Sends the draft to the server. Refused: the problems are listed and edit mode stays. Accepted: edit mode ends,
     * the sections needing a restart and what was applied now are listed, and the configuration is read again.
     */
    public void apply() {
        if (!editing.get() || busy.get()) {
            return;
        }
        busy.set(true);
        applyError.set(null);
        problems.clear();
        backend.updateConfiguration(draft.get(), ctx.actor()).whenComplete((result, failure) -> ctx.ui().execute(() -> {
            busy.set(false);
            if (failure != null) {
                applyError.set(Failures.reason(failure));
                return;
            }
            if (!result.accepted()) {
                problems.setAll(result.problems());
                return;
            }
            editing.set(false);
            applied.set(true);
            restartRequired.setAll(result.restartRequired());
            appliedNow.setAll(result.applied());
            refreshConfiguration();
        }));
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

    /** Why the last apply failed (not a validation problem: the server could not be asked, or failed). */
    public ReadOnlyStringProperty applyErrorProperty() {
        return applyError.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty editingProperty() {
        return editing.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** True after an accepted edit, until the next edit starts. */
    public ReadOnlyBooleanProperty appliedProperty() {
        return applied.getReadOnlyProperty();
    }

    /** The text being edited; the view binds its text area to it. */
    public StringProperty draftProperty() {
        return draft;
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
