package dev.mamori.ui.view;

import atlantafx.base.theme.Styles;
import dev.mamori.ui.viewmodel.ScanPolicyViewModel;
import dev.mamori.ui.viewmodel.SettingsViewModel;
import javafx.collections.FXCollections;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Settings' "Scan policy": a choice box per verdict category and one for a failing scanner, Apply and Revert. Apply
 * sends only what changed; a refusal is shown under the buttons with the server's problems, and the choices stay as
 * chosen so they can be corrected.
 */
final class ScanPolicyPane extends VBox {
    ScanPolicyPane(SettingsViewModel settings, I18n i18n) {
        super(10);
        setId("policy-editor");
        ScanPolicyViewModel vm = settings.policy();
        Label intro = new Label(i18n.get("policy.intro"));
        intro.setWrapText(true);
        intro.getStyleClass().add(Styles.TEXT_MUTED);

        GridPane grid = new GridPane(16, 6);
        int row = 0;
        for (String c : ScanPolicyViewModel.CATEGORIES) {
            grid.addRow(row++, label(i18n.get("policy.category." + c)), choice("policy-" + c,
                    ScanPolicyViewModel.ACTIONS, vm, c, settings));
        }
        grid.addRow(row++, label(i18n.get("policy.scanFailure")), choice("policy-scanFailure",
                ScanPolicyViewModel.SCAN_FAILURE_CHOICES, vm, ScanPolicyViewModel.SCAN_FAILURE, settings));
        Label hint = new Label(i18n.get("policy.scanFailure.hint"));
        hint.setWrapText(true);
        hint.setMaxWidth(560);
        hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        grid.add(hint, 1, row);

        Label error = new Label();
        error.setId("policy-error");
        error.setWrapText(true);
        error.getStyleClass().add(Styles.DANGER);
        error.managedProperty().bind(error.textProperty().isNotEmpty());

        Button apply = new Button(i18n.get("policy.apply"));
        apply.setId("policy-apply");
        apply.setMnemonicParsing(true);
        apply.getStyleClass().add(Styles.ACCENT);
        apply.disableProperty().bind(settings.busyProperty().or(settings.editableProperty().not()));
        apply.setOnAction(e -> {
            error.setText("");
            vm.apply().whenComplete((ok, failure) -> error.setText(failure == null ? "" : SettingsView.reason(i18n, failure)));
        });
        Button revert = new Button(i18n.get("policy.revert"));
        revert.setId("policy-revert");
        revert.setMnemonicParsing(true);
        revert.disableProperty().bind(settings.busyProperty().or(settings.editableProperty().not()));
        revert.setOnAction(e -> {
            error.setText("");
            vm.revert();
        });
        getChildren().setAll(intro, grid, new HBox(8, apply, revert), error);
    }

    private static Label label(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_BOLD);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

    private static ChoiceBox<String> choice(String id, java.util.List<String> values, ScanPolicyViewModel vm, String key,
                                            SettingsViewModel settings) {
        ChoiceBox<String> box = new ChoiceBox<>(FXCollections.observableArrayList(values));
        box.setId(id);
        box.valueProperty().bindBidirectional(vm.choice(key));
        box.disableProperty().bind(settings.editableProperty().not());
        return box;
    }
}
