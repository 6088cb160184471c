package dev.mamori.ui.view;

import atlantafx.base.theme.Styles;
import javafx.collections.FXCollections;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.util.StringConverter;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The dialogs of the settings editors (a form that stays open until the server accepted, a removal question) and the
 * controls they are built from.
 */
final class EditorDialogs {
    private EditorDialogs() {
    }

    /**
     * Shows {@code body} with Save and Cancel. Save sends {@code action} and keeps the dialog open until the server
     * accepted; a refusal is shown in the dialog, so nothing typed is lost. Node ids: {@code <id>},
     * {@code <id>-save}, {@code <id>-error}.
     */
    static void showForm(Node owner, I18n i18n, String id, String title, GridPane body,
                         Supplier<CompletionStage<Void>> action) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle(title);
        dialog.setHeaderText(title);
        if (owner.getScene() != null) {
            dialog.initOwner(owner.getScene().getWindow());
        }
        ButtonType save = new ButtonType(i18n.get("upstreams.save"), ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType(i18n.get("close.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        dialog.getDialogPane().getButtonTypes().setAll(save, cancel);
        dialog.getDialogPane().setId(id);
        Label problem = new Label();
        problem.setId(id + "-error");
        problem.setWrapText(true);
        problem.setMaxWidth(520);
        problem.setMinHeight(Region.USE_PREF_SIZE);
        problem.getStyleClass().add(Styles.DANGER);
        body.add(problem, 0, body.getRowCount(), 2, 1);
        dialog.getDialogPane().setContent(body);
        Button saveButton = (Button) dialog.getDialogPane().lookupButton(save);
        saveButton.setId(id + "-save");
        saveButton.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume(); // the dialog closes only once the server accepted
            saveButton.setDisable(true);
            problem.setText("");
            action.get().whenComplete((ok, failure) -> {
                saveButton.setDisable(false);
                if (failure == null) {
                    dialog.setResult(save);
                    dialog.close();
                } else {
                    problem.setText(SettingsView.reason(i18n, failure));
                    dialog.getDialogPane().getScene().getWindow().sizeToScene();
                }
            });
        });
        dialog.showAndWait();
    }

    /** Asks before removing; Cancel is the default, so Enter does not remove. */
    static boolean confirmRemove(Node owner, I18n i18n, String title, String text, String yesText) {
        ButtonType yes = new ButtonType(yesText, ButtonBar.ButtonData.OK_DONE);
        ButtonType no = new ButtonType(i18n.get("close.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.WARNING, text, yes, no);
        alert.setTitle(title);
        alert.setHeaderText(title);
        if (owner.getScene() != null) {
            alert.initOwner(owner.getScene().getWindow());
        }
        alert.getDialogPane().setId("confirm-dialog");
        ((Button) alert.getDialogPane().lookupButton(yes)).setDefaultButton(false);
        ((Button) alert.getDialogPane().lookupButton(no)).setDefaultButton(true);
        Optional<ButtonType> answer = alert.showAndWait();
        return answer.isPresent() && answer.get() == yes;
    }

    static Label label(I18n i18n, String key) {
        Label l = new Label(i18n.get(key));
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    static Label hint(I18n i18n, String key) {
        Label l = new Label(i18n.get(key));
        l.setWrapText(true);
        l.setMaxWidth(420);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        return l;
    }

    /** A button with the bundle's text for {@code key} (its mnemonic active) and node id {@code id}. */
    static Button button(I18n i18n, String id, String key, Runnable action) {
        Button b = new Button(i18n.get(key));
        b.setId(id);
        b.setMnemonicParsing(true);
        b.setOnAction(e -> action.run());
        return b;
    }

    /** A text field with node id {@code id}, holding {@code text}, {@code columns} wide (0: the default width). */
    static TextField field(String id, String text, int columns) {
        TextField f = new TextField(text);
        f.setId(id);
        if (columns > 0) {
            f.setPrefColumnCount(columns);
        }
        return f;
    }

    /** A choice of {@code values} (the words the configuration takes) shown as {@code display} renders them. */
    static ChoiceBox<String> choice(String id, List<String> values, String current, Function<String, String> display) {
        ChoiceBox<String> box = new ChoiceBox<>(FXCollections.observableArrayList(values));
        box.setId(id);
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(String s) {
                return s == null ? "" : display.apply(s);
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        });
        box.setValue(current);
        return box;
    }
}
