package dev.mamori.ui.view;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.mamori.core.quarantine.QuarantineEntry;
import dev.mamori.ui.viewmodel.QuarantineViewModel;
import javafx.beans.binding.Bindings;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The quarantine list with search, release, delete and export, each confirmed first. */
final class QuarantineView extends VBox {
    private final QuarantineViewModel vm;
    private final I18n i18n;
    private final TableView<QuarantineEntry> table = new TableView<>();
    private Function<QuarantineEntry, Path> exportTarget = this::chooseFile;

    QuarantineView(QuarantineViewModel vm, I18n i18n) {
        this.vm = vm;
        this.i18n = i18n;
        setId("quarantine");
        setSpacing(16);
        setPadding(new Insets(24));
        Label title = new Label(i18n.get("quarantine.title"));
        title.getStyleClass().add(Styles.TITLE_2);

        TextField search = new TextField();
        search.setId("quarantine-search");
        search.setPromptText(i18n.get("quarantine.search.prompt"));
        search.setPrefColumnCount(28);
        search.textProperty().bindBidirectional(vm.searchProperty());
        Label searchLabel = new Label(i18n.get("quarantine.search"));
        searchLabel.setMnemonicParsing(true);
        searchLabel.setLabelFor(search);
        Button refresh = new Button(i18n.get("quarantine.refresh"));
        refresh.setOnAction(e -> vm.refresh());
        Button release = new Button(i18n.get("quarantine.release"));
        release.setId("quarantine-release");
        release.getStyleClass().add(Styles.ACCENT);
        Button delete = new Button(i18n.get("quarantine.delete"));
        delete.setId("quarantine-delete");
        delete.getStyleClass().addAll(Styles.DANGER, Styles.BUTTON_OUTLINED);
        Button export = new Button(i18n.get("quarantine.export"));
        export.setId("quarantine-export");
        var noSelection = vm.selectedProperty().isNull().or(vm.busyProperty());
        release.disableProperty().bind(noSelection.or(Bindings.createBooleanBinding(() -> vm.selectedProperty().get() != null
                && vm.selectedProperty().get().status() != QuarantineEntry.Status.QUARANTINED, vm.selectedProperty())));
        delete.disableProperty().bind(noSelection);
        export.disableProperty().bind(noSelection);
        release.setOnAction(e -> confirmRelease());
        delete.setOnAction(e -> confirmDelete());
        export.setOnAction(e -> {
            QuarantineEntry entry = vm.selectedProperty().get();
            Path target = exportTarget.apply(entry);
            if (target != null) {
                vm.export(entry, target);
            }
        });
        Label count = new Label();
        count.getStyleClass().add(Styles.TEXT_MUTED);
        count.textProperty().bind(Bindings.createStringBinding(
                () -> i18n.format("quarantine.count", vm.visibleEntries().size()), vm.visibleEntries()));
        HBox toolbar = new HBox(10, searchLabel, search, refresh, new atlantafx.base.controls.Spacer(), count,
                release, export, delete);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        table.setId("quarantine-table");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        TableColumn<QuarantineEntry, Instant> time = Tables.column(i18n.get("quarantine.col.time"), 120, QuarantineEntry::time);
        time.setMinWidth(125);
        time.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Instant t, boolean empty) {
                super.updateItem(t, empty);
                setText(empty ? null : i18n.shortTime(t));
            }
        });
        time.setSortType(TableColumn.SortType.DESCENDING);
        TableColumn<QuarantineEntry, Long> size = Tables.column(i18n.get("quarantine.col.size"), 80, QuarantineEntry::size);
        size.setMinWidth(70);
        size.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Long n, boolean empty) {
                super.updateItem(n, empty);
                setText(empty || n == null ? null : i18n.bytes(n));
            }
        });
        TableColumn<QuarantineEntry, String> status = Tables.column(i18n.get("quarantine.col.status"), 110,
                e -> e.status().name().toLowerCase(java.util.Locale.ROOT));
        table.getColumns().addAll(List.of(time,
                minWidth(Tables.column(i18n.get("quarantine.col.id"), 190, QuarantineEntry::id), 185),
                Tables.column(i18n.get("quarantine.col.account"), 150, QuarantineEntry::account),
                Tables.column(i18n.get("quarantine.col.subject"), 200, QuarantineEntry::subject),
                Tables.column(i18n.get("quarantine.col.reasons"), 260, e -> String.join("; ", e.reasons())),
                size, status));
        SortedList<QuarantineEntry> sorted = new SortedList<>(vm.visibleEntries());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.getSortOrder().add(time);
        table.setPlaceholder(new Label(i18n.get("quarantine.empty")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null || !vm.busyProperty().get()) {
                vm.selectedProperty().set(now);
            }
        });
        vm.selectedProperty().addListener((o, was, now) -> {
            if (now != table.getSelectionModel().getSelectedItem()) {
                table.getSelectionModel().select(now);
                if (now != null) {
                    table.scrollTo(now);
                }
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);

        Label outcome = new Label();
        outcome.setId("quarantine-outcome");
        outcome.setWrapText(true);
        vm.outcomeProperty().addListener((o, was, now) -> {
            if (now == null) {
                outcome.setText("");
                return;
            }
            outcome.setText(now.detail() == null ? i18n.format(now.key(), now.id()) : i18n.format(now.key(), now.id(), now.detail()));
            outcome.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER);
            outcome.getStyleClass().add(now.ok() ? Styles.SUCCESS : Styles.DANGER);
        });
        Label error = new Label();
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(Bindings.createStringBinding(() -> vm.errorProperty().get() == null ? ""
                : i18n.format("quarantine.error", vm.errorProperty().get()), vm.errorProperty()));
        error.managedProperty().bind(vm.errorProperty().isNotNull());
        getChildren().addAll(title, toolbar, error, table, outcome);
    }

    private static <S, T> TableColumn<S, T> minWidth(TableColumn<S, T> c, double w) {
        c.setMinWidth(w);
        return c;
    }

    /** Tests replace the file chooser, which a robot cannot drive on every platform. */
    void exportTarget(Function<QuarantineEntry, Path> chooser) {
        this.exportTarget = chooser;
    }

    private void confirmRelease() {
        QuarantineEntry e = vm.selectedProperty().get();
        if (confirm(i18n.get("quarantine.confirm.release.title"), i18n.format("quarantine.confirm.release.text",
                e.id(), e.subject(), e.account(), String.join("; ", e.reasons())), i18n.get("quarantine.release"), false)) {
            vm.release(e);
        }
    }

    private void confirmDelete() {
        QuarantineEntry e = vm.selectedProperty().get();
        if (confirm(i18n.get("quarantine.confirm.delete.title"),
                i18n.format("quarantine.confirm.delete.text", e.id(), e.subject()), i18n.get("quarantine.delete"), true)) {
            vm.delete(e);
        }
    }

    private boolean confirm(String title, String text, String action, boolean dangerous) {
        ButtonType yes = new ButtonType(I18n.withoutMnemonic(action).replace("\u2026", ""), ButtonBar.ButtonData.OK_DONE);
        ButtonType no = new ButtonType(i18n.get("close.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(dangerous ? Alert.AlertType.WARNING : Alert.AlertType.CONFIRMATION, text, yes, no);
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.initOwner(getScene().getWindow());
        alert.getDialogPane().setId("confirm-dialog");
        // the safe choice is the default: Enter does not delete
        ((Button) alert.getDialogPane().lookupButton(yes)).setDefaultButton(!dangerous);
        ((Button) alert.getDialogPane().lookupButton(no)).setDefaultButton(dangerous);
        Optional<ButtonType> answer = alert.showAndWait();
        return answer.isPresent() && answer.get() == yes;
    }

    private Path chooseFile(QuarantineEntry entry) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(i18n.get("quarantine.confirm.export.title"));
        chooser.setInitialFileName(entry.id() + ".eml");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("E-mail (*.eml)", "*.eml"));
        File f = chooser.showSaveDialog(getScene().getWindow());
        return f == null ? null : f.toPath();
    }
}
