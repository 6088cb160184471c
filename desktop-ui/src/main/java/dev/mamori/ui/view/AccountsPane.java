package dev.mamori.ui.view;

import atlantafx.base.theme.Styles;
import dev.mamori.ui.viewmodel.AccountsViewModel;
import dev.mamori.ui.viewmodel.AccountsViewModel.AccountItem;
import dev.mamori.ui.viewmodel.Failures;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.FXCollections;
import javafx.event.ActionEvent;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Settings' "Administrator accounts": the table (name, role, password, number of keys, forced change) and Add, Edit,
 * Reset password and Remove. Add, Edit and Reset are dialogs that stay open until the server accepted, showing its
 * reason when it refused; Remove asks first, with Cancel as the default.
 */
final class AccountsPane extends VBox {
    private static final String DIALOG_ID = "account-dialog";
    private final AccountsViewModel vm;
    private final I18n i18n;
    private final TableView<AccountItem> table = new TableView<>();

    AccountsPane(AccountsViewModel vm, I18n i18n) {
        super(10);
        this.vm = vm;
        this.i18n = i18n;
        setId("accounts");
        Label intro = new Label(i18n.get("accounts.intro"));
        intro.setWrapText(true);
        intro.getStyleClass().add(Styles.TEXT_MUTED);

        Label unavailable = new Label();
        unavailable.setId("accounts-unavailable");
        unavailable.setWrapText(true);
        unavailable.getStyleClass().add("info-banner");
        unavailable.textProperty().bind(Bindings.createStringBinding(() -> vm.errorProperty().get() == null ? ""
                : i18n.format("accounts.unavailable", vm.errorProperty().get()), vm.errorProperty()));
        unavailable.visibleProperty().bind(unavailable.textProperty().isNotEmpty());
        unavailable.managedProperty().bind(unavailable.visibleProperty());

        table.setId("accounts-table");
        table.setItems(vm.items());
        table.setPrefHeight(190);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().setAll(java.util.List.of(
                Tables.column(i18n.get("accounts.col.name"), 180, AccountItem::name),
                Tables.column(i18n.get("accounts.col.role"), 100, AccountItem::role),
                Tables.column(i18n.get("accounts.col.password"), 100, a -> yesNo(a.password())),
                Tables.column(i18n.get("accounts.col.keys"), 110, AccountItem::keyCount),
                Tables.column(i18n.get("accounts.col.mustChange"), 180, a -> a.mustChangePassword()
                        ? i18n.get("accounts.yes") : "")));
        table.setRowFactory(t -> {
            TableRow<AccountItem> row = new TableRow<>();
            row.itemProperty().addListener((o, was, now) -> row.setTooltip(now == null || now.keyCount() == 0
                    ? null : new Tooltip(now.keysSummary())));
            return row;
        });
        table.visibleProperty().bind(vm.availableProperty());
        table.managedProperty().bind(table.visibleProperty());

        BooleanBinding noSelection = table.getSelectionModel().selectedItemProperty().isNull()
                .or(vm.busyProperty());
        Button add = EditorDialogs.button(i18n, "accounts-add", "accounts.add", this::addDialog);
        add.disableProperty().bind(vm.busyProperty());
        Button edit = EditorDialogs.button(i18n, "accounts-edit", "accounts.edit", () -> editDialog(selected()));
        edit.disableProperty().bind(noSelection);
        Button reset = EditorDialogs.button(i18n, "accounts-reset", "accounts.reset", () -> resetDialog(selected()));
        reset.disableProperty().bind(noSelection);
        Button remove = EditorDialogs.button(i18n, "accounts-remove", "accounts.remove",
                () -> confirmRemove(selected()));
        remove.disableProperty().bind(noSelection);
        remove.getStyleClass().add(Styles.DANGER);
        HBox buttons = new HBox(8, add, edit, reset, remove);
        buttons.visibleProperty().bind(vm.availableProperty());
        buttons.managedProperty().bind(buttons.visibleProperty());

        Label notice = new Label();
        notice.setId("accounts-notice");
        notice.setWrapText(true);
        notice.getStyleClass().add(Styles.SUCCESS);
        notice.textProperty().bind(Bindings.createStringBinding(() -> {
            AccountsViewModel.Change c = vm.lastChangeProperty().get();
            return c == null || vm.actionErrorProperty().get() != null ? ""
                    : i18n.format("accounts.done." + c.action(), c.name());
        }, vm.lastChangeProperty(), vm.actionErrorProperty()));
        notice.managedProperty().bind(notice.textProperty().isNotEmpty());
        Label refused = new Label();
        refused.setId("accounts-refused");
        refused.setWrapText(true);
        refused.getStyleClass().add(Styles.DANGER);
        refused.textProperty().bind(Bindings.createStringBinding(() -> vm.actionErrorProperty().get() == null ? ""
                : i18n.format("accounts.refused", vm.actionErrorProperty().get()), vm.actionErrorProperty()));
        refused.managedProperty().bind(refused.textProperty().isNotEmpty());

        getChildren().setAll(intro, unavailable, table, buttons, notice, refused);
    }

    private AccountItem selected() {
        return table.getSelectionModel().getSelectedItem();
    }

    private String yesNo(boolean v) {
        return i18n.get(v ? "accounts.yes" : "accounts.no");
    }

    // ---------------------------------------------------------------- dialogs

    private void addDialog() {
        TextField name = EditorDialogs.field("account-name", "", 0);
        ComboBox<String> role = role("viewer");
        PasswordField password = password("account-password");
        PasswordField repeat = password("account-password-repeat");
        TextArea keys = keys("");
        GridPane grid = grid();
        int r = 0;
        grid.addRow(r++, label("accounts.field.name"), name);
        grid.add(hint("accounts.field.name.hint"), 1, r++);
        grid.addRow(r++, label("accounts.field.role"), role);
        grid.addRow(r++, label("accounts.field.password"), password);
        grid.addRow(r++, label("accounts.field.repeat"), repeat);
        grid.add(hint("accounts.field.password.hint"), 1, r++);
        grid.addRow(r++, label("accounts.field.keys"), keys);
        grid.add(hint("accounts.field.keys.hint"), 1, r);
        show(i18n.get("accounts.dialog.add.title"), grid, () -> vm.add(name.getText(), role.getValue(),
                password.getText(), repeat.getText(), keys.getText()));
    }

    private void editDialog(AccountItem item) {
        if (item == null) {
            return;
        }
        ComboBox<String> role = role(item.role());
        TextArea keys = keys(item.keysText());
        GridPane grid = grid();
        grid.addRow(0, label("accounts.field.role"), role);
        grid.addRow(1, label("accounts.field.keys"), keys);
        grid.add(hint("accounts.field.keys.hint"), 1, 2);
        show(i18n.format("accounts.dialog.edit.title", item.name()), grid,
                () -> vm.update(item.name(), role.getValue(), keys.getText()));
    }

    private void resetDialog(AccountItem item) {
        if (item == null) {
            return;
        }
        PasswordField password = password("account-password");
        PasswordField repeat = password("account-password-repeat");
        GridPane grid = grid();
        Label text = new Label(i18n.get("accounts.dialog.reset.text"));
        text.setWrapText(true);
        text.setMaxWidth(460);
        grid.add(text, 0, 0, 2, 1);
        grid.addRow(1, label("accounts.field.password"), password);
        grid.addRow(2, label("accounts.field.repeat"), repeat);
        show(i18n.format("accounts.dialog.reset.title", item.name()), grid,
                () -> vm.reset(item.name(), password.getText(), repeat.getText()));
    }

    /**
     * Shows a dialog whose Save button sends {@code action} and keeps the dialog open until the server accepted; a
     * refusal is shown in the dialog, so nothing typed is lost.
     */
    private void show(String title, GridPane body, Supplier<CompletionStage<Void>> action) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle(title);
        dialog.setHeaderText(title);
        if (getScene() != null) {
            dialog.initOwner(getScene().getWindow());
        }
        ButtonType save = new ButtonType(i18n.get("accounts.save"), ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType(i18n.get("close.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        dialog.getDialogPane().getButtonTypes().setAll(save, cancel);
        dialog.getDialogPane().setId(DIALOG_ID);
        Label error = new Label();
        error.setId("account-dialog-error");
        error.setWrapText(true);
        error.setMaxWidth(520);
        error.getStyleClass().add(Styles.DANGER);
        body.add(error, 0, body.getRowCount(), 2, 1);
        dialog.getDialogPane().setContent(body);
        Button saveButton = (Button) dialog.getDialogPane().lookupButton(save);
        saveButton.setId("account-save");
        saveButton.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume(); // the dialog closes only once the server accepted
            saveButton.setDisable(true);
            error.setText("");
            action.get().whenComplete((ok, failure) -> {
                saveButton.setDisable(false);
                if (failure == null) {
                    dialog.setResult(save);
                    dialog.close();
                } else {
                    error.setText(reason(failure));
                }
            });
        });
        dialog.showAndWait();
    }

    private String reason(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (t instanceof AccountsViewModel.InputProblem p) {
            return i18n.get(p.key());
        }
        return i18n.format("accounts.refused", Failures.reason(t));
    }

    private void confirmRemove(AccountItem item) {
        if (item == null) {
            return;
        }
        String title = i18n.get("accounts.confirm.remove.title");
        ButtonType yes = new ButtonType(i18n.plain("accounts.remove").replace("\u2026", ""),
                ButtonBar.ButtonData.OK_DONE);
        ButtonType no = new ButtonType(i18n.get("close.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.WARNING, i18n.format("accounts.confirm.remove.text", item.name(),
                item.role()), yes, no);
        alert.setTitle(title);
        alert.setHeaderText(title);
        if (getScene() != null) {
            alert.initOwner(getScene().getWindow());
        }
        alert.getDialogPane().setId("confirm-dialog");
        // the safe choice is the default: Enter does not remove
        ((Button) alert.getDialogPane().lookupButton(yes)).setDefaultButton(false);
        ((Button) alert.getDialogPane().lookupButton(no)).setDefaultButton(true);
        Optional<ButtonType> answer = alert.showAndWait();
        if (answer.isPresent() && answer.get() == yes) {
            vm.remove(item.name());
        }
    }

    // ---------------------------------------------------------------- fields

    private static GridPane grid() {
        GridPane grid = new GridPane(12, 8);
        grid.setPrefWidth(560);
        return grid;
    }

    private Label label(String key) {
        Label l = new Label(i18n.get(key));
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

    private Label hint(String key) {
        Label l = new Label(i18n.get(key));
        l.setWrapText(true);
        l.setMaxWidth(420);
        l.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        return l;
    }

    private static PasswordField password(String id) {
        PasswordField f = new PasswordField();
        f.setId(id);
        return f;
    }

    private static ComboBox<String> role(String current) {
        ComboBox<String> c = new ComboBox<>(FXCollections.observableArrayList("viewer", "admin"));
        c.setId("account-role");
        c.setValue(current);
        return c;
    }

    private static TextArea keys(String text) {
        TextArea a = new TextArea(text);
        a.setId("account-keys");
        a.setPrefRowCount(4);
        a.setPrefColumnCount(40);
        a.setWrapText(false);
        return a;
    }
}
