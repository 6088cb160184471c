package dev.mamori.ui.view;

import atlantafx.base.theme.Styles;
import dev.mamori.ui.viewmodel.DedicatedPortsViewModel;
import dev.mamori.ui.viewmodel.DedicatedPortsViewModel.Port;
import dev.mamori.ui.viewmodel.SettingsViewModel;
import javafx.beans.binding.BooleanBinding;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Settings' "Listeners and dedicated ports": the listeners in words (refreshed with each configuration read), then the
 * POP3 dedicated ports as a table with Add, Edit and Remove; the dialogs stay open until the server accepted.
 */
final class DedicatedPortsPane extends VBox {
    private final DedicatedPortsViewModel vm;
    private final I18n i18n;
    private final VBox summary = new VBox();
    private final TableView<Port> table = new TableView<>();
    private final Label error = new Label();

    DedicatedPortsPane(SettingsViewModel settings, I18n i18n) {
        super(10);
        this.vm = settings.dedicated();
        this.i18n = i18n;
        setId("dedicated-editor");
        Label intro = new Label(i18n.get("dedicated.intro"));
        intro.setWrapText(true);
        intro.getStyleClass().add(Styles.TEXT_MUTED);
        table.setId("dedicated-table");
        table.setItems(vm.ports());
        table.setPrefHeight(130);
        table.setPlaceholder(new Label(i18n.get("dedicated.none")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().setAll(List.of(
                Tables.column(i18n.get("dedicated.col.name"), 140, Port::name),
                Tables.column(i18n.get("dedicated.col.bind"), 170, Port::bind),
                Tables.column(i18n.get("dedicated.col.clientTls"), 120, p -> orDefault(p.clientTls())),
                Tables.column(i18n.get("dedicated.col.upstream"), 220, Port::upstreamText),
                Tables.column(i18n.get("dedicated.col.upstreamTls"), 120, p -> orDefault(p.upstreamTls()))));
        BooleanBinding locked = settings.busyProperty().or(settings.editableProperty().not());
        BooleanBinding noSelection = table.getSelectionModel().selectedItemProperty().isNull().or(locked);
        Button add = EditorDialogs.button(i18n, "dedicated-add", "dedicated.add", () -> dialog(null, -1));
        add.disableProperty().bind(locked);
        Button edit = EditorDialogs.button(i18n, "dedicated-edit", "dedicated.edit",
                () -> dialog(table.getSelectionModel().getSelectedItem(),
                table.getSelectionModel().getSelectedIndex()));
        edit.disableProperty().bind(noSelection);
        Button remove = EditorDialogs.button(i18n, "dedicated-remove", "dedicated.remove", this::confirmRemove);
        remove.disableProperty().bind(noSelection);
        remove.getStyleClass().add(Styles.DANGER);
        error.setId("dedicated-error");
        error.setWrapText(true);
        error.getStyleClass().add(Styles.DANGER);
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        getChildren().setAll(summary, intro, table, new HBox(8, add, edit, remove), error);
    }

    /** The listeners in words as the server reports them. */
    void showSummary(javafx.scene.Node grid) {
        summary.getChildren().setAll(grid);
    }

    private String orDefault(String value) {
        return value.isEmpty() ? i18n.get("dedicated.default") : value;
    }

    private void dialog(Port current, int index) {
        TextField name = EditorDialogs.field("port-name", current == null ? "" : current.name(), 32);
        TextField bind = EditorDialogs.field("port-bind", current == null ? "" : current.bind(), 32);
        ChoiceBox<String> clientTls = choice("port-client-tls", DedicatedPortsViewModel.CLIENT_TLS,
                current == null ? "" : current.clientTls());
        TextField host = EditorDialogs.field("port-host", current == null ? "" : current.host(), 32);
        TextField upstreamPort = EditorDialogs.field("port-upstream-port",
                current == null ? "" : current.upstreamPort(), 32);
        ChoiceBox<String> upstreamTls = choice("port-upstream-tls", DedicatedPortsViewModel.UPSTREAM_TLS,
                current == null ? "" : current.upstreamTls());
        GridPane grid = new GridPane(12, 8);
        grid.setPrefWidth(560);
        int r = 0;
        grid.addRow(r++, EditorDialogs.label(i18n, "dedicated.field.name"), name);
        grid.add(EditorDialogs.hint(i18n, "dedicated.field.name.hint"), 1, r++);
        grid.addRow(r++, EditorDialogs.label(i18n, "dedicated.field.bind"), bind);
        grid.add(EditorDialogs.hint(i18n, "dedicated.field.bind.hint"), 1, r++);
        grid.addRow(r++, EditorDialogs.label(i18n, "dedicated.field.clientTls"), clientTls);
        grid.addRow(r++, EditorDialogs.label(i18n, "dedicated.field.host"), host);
        grid.addRow(r++, EditorDialogs.label(i18n, "dedicated.field.port"), upstreamPort);
        grid.add(EditorDialogs.hint(i18n, "dedicated.field.port.hint"), 1, r++);
        grid.addRow(r, EditorDialogs.label(i18n, "dedicated.field.upstreamTls"), upstreamTls);
        Function<Port, CompletionStage<Void>> action = current == null ? vm::add : p -> vm.replace(index, p);
        EditorDialogs.showForm(this, i18n, "port-dialog",
                i18n.get(current == null ? "dedicated.dialog.add.title" : "dedicated.dialog.edit.title"), grid,
                () -> action.apply(new Port(name.getText(), bind.getText(), clientTls.getValue(), host.getText(),
                        upstreamPort.getText(), upstreamTls.getValue())));
    }

    private void confirmRemove() {
        Port port = table.getSelectionModel().getSelectedItem();
        int index = table.getSelectionModel().getSelectedIndex();
        if (port != null && EditorDialogs.confirmRemove(this, i18n, i18n.get("dedicated.confirm.remove.title"),
                i18n.format("dedicated.confirm.remove.text", port.name(), port.bind(), port.upstreamText()),
                i18n.plain("dedicated.remove").replace("\u2026", ""))) {
            error.setText("");
            vm.remove(index).whenComplete((ok, failure) -> error.setText(failure == null ? "" : SettingsView.reason(i18n, failure)));
        }
    }

    private ChoiceBox<String> choice(String id, List<String> values, String current) {
        return EditorDialogs.choice(id, values, current, this::orDefault);
    }

}
