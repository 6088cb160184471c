package dev.mamori.ui.view;

import atlantafx.base.theme.Styles;
import dev.mamori.ui.backend.ConfigView;
import dev.mamori.ui.viewmodel.SettingsViewModel;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** Read-only settings: the parts a small site changes, then the raw YAML with secrets masked. */
final class SettingsView extends ScrollPane {
    private final I18n i18n;
    private final VBox sections = new VBox(12);
    private final TextArea raw = new TextArea();
    private final Label source = new Label();

    SettingsView(SettingsViewModel vm, I18n i18n) {
        this.i18n = i18n;
        setId("settings");
        setFitToWidth(true);
        Label title = new Label(i18n.get("settings.title"));
        title.getStyleClass().add(Styles.TITLE_2);
        Label readOnly = new Label(i18n.get("settings.readOnly"));
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
        VBox content = new VBox(16, title, readOnly, source, error, sections, rawTitle, raw);
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
        Label admins = new Label(i18n.get("settings.admins.pending"));
        admins.setWrapText(true);
        admins.getStyleClass().add(Styles.TEXT_MUTED);
        sections.getChildren().add(section(i18n.get("settings.section.admins"), admins));
        raw.setText(view.redactedYaml());
    }

    private static TitledPane section(String title, javafx.scene.Node body) {
        TitledPane pane = new TitledPane(title, body);
        pane.setCollapsible(true);
        pane.setExpanded(true);
        return pane;
    }
}
