package dev.mamori.ui.view;

import atlantafx.base.theme.Styles;
import dev.mamori.ui.backend.ConfigView;
import dev.mamori.ui.viewmodel.SettingsViewModel;
import dev.mamori.ui.backend.ConfigUpdateResult;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.util.Optional;

/**
 * Settings: the parts a small site changes, then the raw YAML with secrets masked. Where the server allows it,
 * "Edit configuration" makes the raw YAML editable; "Validate & apply" asks for confirmation and sends the whole text
 * to the server, which validates it before writing and applying it. Problems are listed with their field paths and
 * edit mode stays; an accepted edit lists the sections that need a restart. The administrator accounts section
 * ({@link AccountsPane}) changes the admin channel's accounts, each change validated by the server.
 */
final class SettingsView extends ScrollPane {
    private final I18n i18n;
    private final SettingsViewModel vm;
    private final Label readOnly = new Label();
    private final Button edit = new Button();
    /** What the last accepted edit applied and what needs a restart, under the banner. */
    private final Label outcome = new Label();
    private final VBox sections = new VBox(12);
    private final TextArea raw = new TextArea();
    private final Label source = new Label();
    /** Administrator accounts: kept across configuration reads (its table has its own model). */
    private final TitledPane accounts;

    SettingsView(SettingsViewModel vm, I18n i18n) {
        this.i18n = i18n;
        this.vm = vm;
        this.accounts = section(i18n.get("settings.section.admins"), new AccountsPane(vm.accounts(), i18n));
        this.accounts.setId("settings-accounts");
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
        VBox editor = editor();
        // while editing, the summarised sections give way to the text being edited
        sections.visibleProperty().bind(vm.editingProperty().not());
        sections.managedProperty().bind(sections.visibleProperty());
        javafx.scene.layout.Region gap = new javafx.scene.layout.Region();
        HBox.setHgrow(gap, javafx.scene.layout.Priority.ALWAYS);
        HBox header = new HBox(16, title, gap, edit);
        header.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        VBox content = new VBox(16, header, readOnly, source, error, outcome, sections, rawTitle, editor, raw);
        content.setPadding(new Insets(24));
        setContent(content);
        vm.configProperty().addListener((o, was, now) -> show(now));
        if (vm.configProperty().get() != null) {
            show(vm.configProperty().get());
        }
    }

    private void show(ConfigView view) {
        source.setText(view.source() == null ? i18n.get("settings.source.none") : i18n.format("settings.source", view.source()));
        sections.getChildren().clear();
        for (ConfigView.Section s : view.sections()) {
            GridPane grid = new GridPane(16, 6);
            int row = 0;
            for (ConfigView.Entry e : s.entries()) {
                Label k = new Label(e.name());
                k.getStyleClass().add(Styles.TEXT_BOLD);
                Label v = new Label(e.value());
                v.setWrapText(true);
                grid.addRow(row++, k, v);
            }
            sections.getChildren().add(section(i18n.get("settings.section." + s.title()), grid));
        }
        sections.getChildren().add(accounts);
        if (!vm.editingProperty().get()) {
            raw.setText(view.redactedYaml());
        }
        readOnly.setText(i18n.get(view.editable() ? "settings.editable" : "settings.readOnly"));
        edit.setVisible(view.editable() && !vm.editingProperty().get());
    }

    /** The edit controls above the raw YAML: buttons, the problems, the outcome. */
    private VBox editor() {
        edit.setText(i18n.get("settings.edit"));
        edit.setId("settings-edit");
        edit.setVisible(false);
        edit.managedProperty().bind(edit.visibleProperty());
        edit.setOnAction(e -> {
            vm.startEditing();
            raw.setText(vm.draftProperty().get());
            raw.requestFocus();
        });
        Button apply = new Button(i18n.get("settings.apply"));
        apply.setId("settings-apply");
        apply.getStyleClass().add(Styles.ACCENT);
        apply.disableProperty().bind(vm.busyProperty());
        apply.setOnAction(e -> confirmApply());
        Button cancel = new Button(i18n.get("close.cancel"));
        cancel.setId("settings-cancel");
        cancel.setOnAction(e -> {
            vm.cancelEditing();
            if (vm.configProperty().get() != null) {
                raw.setText(vm.configProperty().get().redactedYaml());
            }
        });
        HBox editButtons = new HBox(8, apply, cancel);
        editButtons.visibleProperty().bind(vm.editingProperty());
        editButtons.managedProperty().bind(editButtons.visibleProperty());

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

        Label applyError = new Label();
        applyError.setId("settings-apply-error");
        applyError.setWrapText(true);
        applyError.getStyleClass().add(Styles.DANGER);
        applyError.textProperty().bind(Bindings.createStringBinding(() -> vm.applyErrorProperty().get() == null ? ""
                : i18n.format("settings.apply.failed", vm.applyErrorProperty().get()), vm.applyErrorProperty()));
        applyError.managedProperty().bind(applyError.textProperty().isNotEmpty());

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

        raw.editableProperty().bind(vm.editingProperty());
        raw.textProperty().addListener((o, was, now) -> {
            if (vm.editingProperty().get()) {
                vm.draftProperty().set(now);
            }
        });
        vm.editingProperty().addListener((o, was, now) -> {
            ConfigView view = vm.configProperty().get();
            edit.setVisible(!now && view != null && view.editable());
        });
        return new VBox(8, editButtons, problems, applyError);
    }

    private void confirmApply() {
        String title = i18n.get("settings.confirm.title");
        ButtonType yes = new ButtonType(i18n.plain("settings.apply"), ButtonBar.ButtonData.OK_DONE);
        ButtonType no = new ButtonType(i18n.get("close.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, i18n.get("settings.confirm.text"), yes, no);
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.initOwner(getScene().getWindow());
        alert.getDialogPane().setId("confirm-dialog");
        ((Button) alert.getDialogPane().lookupButton(yes)).setDefaultButton(false);
        ((Button) alert.getDialogPane().lookupButton(no)).setDefaultButton(true);
        Optional<ButtonType> answer = alert.showAndWait();
        if (answer.isPresent() && answer.get() == yes) {
            vm.apply();
        }
    }

    private static TitledPane section(String title, javafx.scene.Node body) {
        TitledPane pane = new TitledPane(title, body);
        pane.setCollapsible(true);
        pane.setExpanded(true);
        return pane;
    }
}
