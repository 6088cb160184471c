package dev.mamori.ui.view;

import atlantafx.base.theme.Styles;
import dev.mamori.ui.viewmodel.SettingsViewModel;
import dev.mamori.ui.viewmodel.UpstreamRulesViewModel;
import dev.mamori.ui.viewmodel.UpstreamRulesViewModel.Rule;
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
 * Settings' "Upstream allow-list": the rules in order, and Add, Edit and Remove. Add and Edit are dialogs that stay open
 * until the server accepted the new list, showing its problems when it refused; Remove asks first, with Cancel as the
 * default.
 */
final class UpstreamRulesPane extends VBox {
    private final UpstreamRulesViewModel vm;
    private final I18n i18n;
    private final TableView<Rule> table = new TableView<>();
    private final Label error = new Label();

    UpstreamRulesPane(SettingsViewModel settings, I18n i18n) {
        super(10);
        this.vm = settings.upstreams();
        this.i18n = i18n;
        setId("upstreams-editor");
        Label intro = new Label(i18n.get("upstreams.intro"));
        intro.setWrapText(true);
        intro.getStyleClass().add(Styles.TEXT_MUTED);
        table.setId("upstreams-table");
        table.setItems(vm.rules());
        table.setPrefHeight(160);
        table.setPlaceholder(new Label(i18n.get("upstreams.none")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().setAll(List.of(
                Tables.column(i18n.get("upstreams.col.hosts"), 220, Rule::hostsText),
                Tables.column(i18n.get("upstreams.col.ports"), 140, Rule::portsText),
                Tables.column(i18n.get("upstreams.col.tls"), 140, r -> tls(r.tls())),
                Tables.column(i18n.get("upstreams.col.permit"), 200, Rule::permitText)));

        BooleanBinding locked = settings.busyProperty().or(settings.editableProperty().not());
        BooleanBinding noSelection = table.getSelectionModel().selectedItemProperty().isNull().or(locked);
        Button add = EditorDialogs.button(i18n, "upstreams-add", "upstreams.add", () -> dialog(null, -1));
        add.disableProperty().bind(locked);
        Button edit = EditorDialogs.button(i18n, "upstreams-edit", "upstreams.edit",
                () -> dialog(table.getSelectionModel().getSelectedItem(),
                table.getSelectionModel().getSelectedIndex()));
        edit.disableProperty().bind(noSelection);
        Button remove = EditorDialogs.button(i18n, "upstreams-remove", "upstreams.remove", this::confirmRemove);
        remove.disableProperty().bind(noSelection);
        remove.getStyleClass().add(Styles.DANGER);

        error.setId("upstreams-error");
        error.setWrapText(true);
        error.getStyleClass().add(Styles.DANGER);
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        getChildren().setAll(intro, table, new HBox(8, add, edit, remove), error);
    }

    private String tls(String value) {
        return value.isEmpty() ? i18n.get("upstreams.tls.default") : value;
    }

    private void dialog(Rule current, int index) {
        TextField hosts = EditorDialogs.field("rule-hosts", current == null ? "" : current.hostsText(), 32);
        TextField ports = EditorDialogs.field("rule-ports", current == null ? "" : current.portsText(), 32);
        TextField permit = EditorDialogs.field("rule-permit", current == null ? "" : current.permitText(), 32);
        ChoiceBox<String> tls = EditorDialogs.choice("rule-tls", UpstreamRulesViewModel.TLS_CHOICES,
                current == null ? "" : current.tls(), this::tls);
        GridPane grid = new GridPane(12, 8);
        grid.setPrefWidth(560);
        int r = 0;
        grid.addRow(r++, label("upstreams.field.hosts"), hosts);
        grid.add(hint("upstreams.field.hosts.hint"), 1, r++);
        grid.addRow(r++, label("upstreams.field.ports"), ports);
        grid.add(hint("upstreams.field.ports.hint"), 1, r++);
        grid.addRow(r++, label("upstreams.field.tls"), tls);
        grid.addRow(r++, label("upstreams.field.permit"), permit);
        grid.add(hint("upstreams.field.permit.hint"), 1, r);
        Function<Rule, CompletionStage<Void>> action = current == null ? vm::add : rule -> vm.replace(index, rule);
        show(i18n.get(current == null ? "upstreams.dialog.add.title" : "upstreams.dialog.edit.title"), grid,
                () -> action.apply(Rule.of(hosts.getText(), ports.getText(), permit.getText(), tls.getValue())));
    }

    private void show(String title, GridPane body, java.util.function.Supplier<CompletionStage<Void>> action) {
        EditorDialogs.showForm(this, i18n, "rule-dialog", title, body, action);
    }

    private void confirmRemove() {
        Rule rule = table.getSelectionModel().getSelectedItem();
        int index = table.getSelectionModel().getSelectedIndex();
        if (rule != null && EditorDialogs.confirmRemove(this, i18n, i18n.get("upstreams.confirm.remove.title"),
                i18n.format("upstreams.confirm.remove.text", rule.hostsText(), rule.portsText()),
                i18n.plain("upstreams.remove").replace("\u2026", ""))) {
            error.setText("");
            vm.remove(index).whenComplete((ok, failure) -> error.setText(failure == null ? "" : SettingsView.reason(i18n, failure)));
        }
    }

    private Label label(String key) {
        return EditorDialogs.label(i18n, key);
    }

    private Label hint(String key) {
        return EditorDialogs.hint(i18n, key);
    }

}
