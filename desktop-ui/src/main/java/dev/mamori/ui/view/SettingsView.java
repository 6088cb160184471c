package dev.mamori.ui.view;

import atlantafx.base.theme.Styles;
import dev.mamori.ui.backend.ConfigUpdateResult;
import dev.mamori.ui.backend.ConfigView;
import dev.mamori.ui.viewmodel.ConfigEditRefused;
import dev.mamori.ui.viewmodel.Failures;
import dev.mamori.ui.viewmodel.SettingsViewModel;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

import java.util.concurrent.CompletionException;

/**
 * Settings: the parts a small site changes, then the raw YAML with secrets masked, read-only. The scan policy
 * ({@link ScanPolicyPane}), the upstream allow-list ({@link UpstreamRulesPane}), the update schedule and source
 * ({@link UpdatesPane}), the dedicated ports ({@link DedicatedPortsPane}) and the administrator accounts
 * ({@link AccountsPane}) are edited in place, each change validated by the server before it is written and applied;
 * the other sections are summaries. Under the banner: what the last accepted change applied and what needs a restart,
 * or the server's problems with the last refused one.
 */
final class SettingsView extends ScrollPane {
    private final I18n i18n;
    private final SettingsViewModel vm;
    private final Label readOnly = new Label();
    /** What the last accepted change applied and what needs a restart, under the banner. */
    private final Label outcome = new Label();
    private final VBox sections = new VBox(12);
    private final TextArea raw = new TextArea();
    private final Label source = new Label();
    /** The editors: kept across configuration reads (their models are refreshed in place). */
    private final TitledPane accounts;
    private final TitledPane policy;
    private final TitledPane upstreams;
    private final TitledPane updates;
    private final UpdatesPane updatesPane;
    private final TitledPane listeners;
    private final DedicatedPortsPane dedicatedPane;

    SettingsView(SettingsViewModel vm, I18n i18n) {
        this.i18n = i18n;
        this.vm = vm;
        this.accounts = section(i18n.get("settings.section.admins"), new AccountsPane(vm.accounts(), i18n));
        this.accounts.setId("settings-accounts");
        this.policy = section(i18n.get("settings.section.policy"), new ScanPolicyPane(vm, i18n));
        this.policy.setId("settings-policy");
        this.upstreams = section(i18n.get("settings.section.upstreams"), new UpstreamRulesPane(vm, i18n));
        this.upstreams.setId("settings-upstreams");
        this.updatesPane = new UpdatesPane(vm, i18n);
        this.updates = section(i18n.get("settings.section.updates"), updatesPane);
        this.updates.setId("settings-updates");
        this.dedicatedPane = new DedicatedPortsPane(vm, i18n);
        this.listeners = section(i18n.get("settings.section.listeners"), dedicatedPane);
        this.listeners.setId("settings-listeners");
        setId("settings");
        setFitToWidth(true);
        Label title = new Label(i18n.get("settings.title"));
        title.getStyleClass().add(Styles.TITLE_2);
        readOnly.setText(i18n.get("settings.readOnly"));
        readOnly.setId("settings-read-only");
        readOnly.setWrapText(true);
        readOnly.getStyleClass().add("info-banner");
        source.getStyleClass().add(Styles.TEXT_MUTED);
        raw.setId("settings-raw");
        raw.setEditable(false);
        raw.setPrefRowCount(22);
        raw.getStyleClass().add("raw-yaml");
        Label rawTitle = new Label(i18n.get("settings.raw"));
        rawTitle.getStyleClass().add(Styles.TITLE_4);
        Label error = new Label();
        error.getStyleClass().add(Styles.DANGER);
        vm.errorProperty().addListener((o, was, now) -> error.setText(now == null ? "" : i18n.format("settings.error", now)));
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        VBox content = new VBox(16, title, readOnly, source, error, outcome(), problems(), sections, rawTitle, raw);
        content.setPadding(new Insets(24));
        setContent(content);
        vm.configProperty().addListener((o, was, now) -> show(now));
        if (vm.configProperty().get() != null) {
            show(vm.configProperty().get());
        }
    }

    /** The reason a change was not applied, for an editor to show. */
    static String reason(I18n i18n, Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (t instanceof ConfigEditRefused refused) {
            return i18n.format("settings.refused", refused.getMessage());
        }
        return i18n.format("settings.apply.failed", Failures.reason(t));
    }

    private void show(ConfigView view) {
        source.setText(view.source() == null ? i18n.get("settings.source.none") : i18n.format("settings.source", view.source()));
        sections.getChildren().clear();
        for (ConfigView.Section s : view.sections()) {
            switch (s.title()) {
                case "policy" -> sections.getChildren().add(policy);
                case "upstreams" -> sections.getChildren().add(upstreams);
                case "listeners" -> {
                    dedicatedPane.showSummary(grid(s));
                    sections.getChildren().add(listeners);
                }
                case "updates" -> {
                    updatesPane.showSummary(grid(s));
                    sections.getChildren().add(updates);
                }
                default -> sections.getChildren().add(section(i18n.get("settings.section." + s.title()), grid(s)));
            }
        }
        sections.getChildren().add(accounts);
        raw.setText(view.redactedYaml());
        readOnly.setText(i18n.get(view.editable() ? "settings.editable" : "settings.readOnly"));
    }

    private static GridPane grid(ConfigView.Section s) {
        GridPane grid = new GridPane(16, 6);
        int row = 0;
        for (ConfigView.Entry e : s.entries()) {
            Label k = new Label(e.name());
            k.getStyleClass().add(Styles.TEXT_BOLD);
            Label v = new Label(e.value());
            v.setWrapText(true);
            grid.addRow(row++, k, v);
        }
        return grid;
    }

    private Label outcome() {
        outcome.setId("settings-outcome");
        outcome.setWrapText(true);
        outcome.getStyleClass().add(Styles.SUCCESS);
        outcome.textProperty().bind(Bindings.createStringBinding(() -> {
            if (!vm.appliedProperty().get()) {
                return "";
            }
            String text = i18n.get("settings.applied");
            if (!vm.appliedNow().isEmpty()) {
                text += " " + i18n.format("settings.applied.now", String.join("; ", vm.appliedNow()));
            }
            return text + " " + (vm.restartRequired().isEmpty() ? i18n.get("settings.restart.none")
                    : i18n.format("settings.restart", String.join(", ", vm.restartRequired())));
        }, vm.appliedProperty(), vm.restartRequired(), vm.appliedNow()));
        outcome.managedProperty().bind(outcome.textProperty().isNotEmpty());
        return outcome;
    }

    /** The server's problems with the last refused change, with their field paths. */
    private VBox problems() {
        VBox problems = new VBox(4);
        problems.setId("settings-problems");
        problems.getStyleClass().add("info-banner");
        problems.visibleProperty().bind(Bindings.isNotEmpty(vm.problems()));
        problems.managedProperty().bind(problems.visibleProperty());
        vm.problems().addListener((ListChangeListener<ConfigUpdateResult.Problem>) c -> {
            problems.getChildren().clear();
            if (!vm.problems().isEmpty()) {
                Label head = new Label(i18n.get("settings.problems"));
                head.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_BOLD);
                problems.getChildren().add(head);
            }
            for (ConfigUpdateResult.Problem p : vm.problems()) {
                Label l = new Label(SettingsViewModel.describe(p));
                l.setWrapText(true);
                l.getStyleClass().add(Styles.DANGER);
                problems.getChildren().add(l);
            }
        });
        return problems;
    }

    private static TitledPane section(String title, javafx.scene.Node body) {
        TitledPane pane = new TitledPane(title, body);
        pane.setCollapsible(true);
        pane.setExpanded(true);
        return pane;
    }
}
