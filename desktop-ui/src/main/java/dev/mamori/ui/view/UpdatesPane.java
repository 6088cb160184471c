package dev.mamori.ui.view;

import atlantafx.base.theme.Styles;
import dev.mamori.ui.viewmodel.SettingsViewModel;
import dev.mamori.ui.viewmodel.UpdatesViewModel;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.StringProperty;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Settings' "Update schedule and source": the components' schedules in words (refreshed with each configuration read),
 * then the fields of the {@code updates} section with Apply and Revert. A refusal is shown under the buttons and the
 * fields keep what was typed.
 */
final class UpdatesPane extends VBox {
    private final VBox summary = new VBox();

    UpdatesPane(SettingsViewModel settings, I18n i18n) {
        super(10);
        setId("updates-editor");
        UpdatesViewModel vm = settings.updates();
        Label intro = new Label(i18n.get("updates.intro"));
        intro.setWrapText(true);
        intro.getStyleClass().add(Styles.TEXT_MUTED);
        BooleanBinding locked = settings.busyProperty().or(settings.editableProperty().not());

        GridPane grid = new GridPane(16, 6);
        int r = 0;
        r = row(grid, r, i18n, "updates.field.source", input(new TextField(), "updates-source", vm.sourceProperty(), locked));
        r = row(grid, r, i18n, "updates.field.fallback", input(new TextField(), "updates-fallback", vm.fallbackSourceProperty(), locked));
        r = row(grid, r, i18n, "updates.field.schedule", input(new TextField(), "updates-schedule", vm.scheduleProperty(), locked));
        TextArea keys = new TextArea();
        keys.setPrefRowCount(3);
        row(grid, r, i18n, "updates.field.keys", input(keys, "updates-keys", vm.trustedKeysProperty(), locked));

        Label error = new Label();
        error.setId("updates-error");
        error.setWrapText(true);
        error.getStyleClass().add(Styles.DANGER);
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        Button apply = new Button(i18n.get("updates.apply"));
        apply.setId("updates-apply");
        apply.setMnemonicParsing(true);
        apply.getStyleClass().add(Styles.ACCENT);
        apply.disableProperty().bind(locked);
        apply.setOnAction(e -> {
            error.setText("");
            vm.apply().whenComplete((ok, failure) -> error.setText(failure == null ? "" : SettingsView.reason(i18n, failure)));
        });
        Button revert = new Button(i18n.get("policy.revert"));
        revert.setId("updates-revert");
        revert.setMnemonicParsing(true);
        revert.disableProperty().bind(locked);
        revert.setOnAction(e -> {
            error.setText("");
            vm.revert();
        });
        getChildren().setAll(summary, intro, grid, new HBox(8, apply, revert), error);
    }

    /** The per-component schedules as the server reports them. */
    void showSummary(javafx.scene.Node grid) {
        summary.getChildren().setAll(grid);
    }

    private static int row(GridPane grid, int r, I18n i18n, String key, TextInputControl field) {
        Label l = new Label(i18n.get(key));
        l.getStyleClass().add(Styles.TEXT_BOLD);
        l.setMinWidth(Region.USE_PREF_SIZE);
        grid.addRow(r++, l, field);
        Label hint = new Label(i18n.get(key + ".hint"));
        hint.setWrapText(true);
        hint.setMaxWidth(560);
        hint.setMinHeight(Region.USE_PREF_SIZE);
        hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        grid.add(hint, 1, r++);
        return r;
    }

    private static TextInputControl input(TextInputControl field, String id, StringProperty value, BooleanBinding locked) {
        field.setId(id);
        field.setPrefWidth(520);
        field.textProperty().bindBidirectional(value);
        field.editableProperty().bind(locked.not());
        return field;
    }
}
