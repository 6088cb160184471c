package dev.mamori.ui.view;

import atlantafx.base.theme.Styles;
import dev.mamori.core.log.LogLine;
import dev.mamori.ui.viewmodel.LogViewModel;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The live log tail with a level filter. */
final class LogView extends VBox {
    LogView(LogViewModel vm, I18n i18n) {
        setId("log");
        setSpacing(16);
        setPadding(new Insets(24));
        Label title = new Label(i18n.get("log.title"));
        title.getStyleClass().add(Styles.TITLE_2);
        ComboBox<LogLine.Level> level = new ComboBox<>();
        level.setId("log-level");
        level.getItems().addAll(LogLine.Level.values());
        level.valueProperty().bindBidirectional(vm.thresholdProperty());
        Label levelLabel = new Label(i18n.get("log.level"));
        levelLabel.setLabelFor(level);
        CheckBox follow = new CheckBox(i18n.get("log.follow"));
        follow.selectedProperty().bindBidirectional(vm.followProperty());
        Label count = new Label();
        count.getStyleClass().add(Styles.TEXT_MUTED);
        count.textProperty().bind(Bindings.createStringBinding(
                () -> i18n.format("log.count", vm.visibleLines().size(), vm.keptLines()), vm.visibleLines()));
        HBox toolbar = new HBox(10, levelLabel, level, follow, new atlantafx.base.controls.Spacer(), count);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        ListView<LogLine> list = new ListView<>(vm.visibleLines());
        list.setId("log-list");
        list.getStyleClass().add("log-list");
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(LogLine line, boolean empty) {
                super.updateItem(line, empty);
                getStyleClass().removeAll("log-error", "log-warn", "log-debug");
                if (empty || line == null) {
                    setText(null);
                    return;
                }
                setText(i18n.clock(line.time()) + "  " + String.format("%-5s", line.level()) + "  " + line.logger()
                        + "  " + line.message());
                switch (line.level()) {
                    case ERROR -> getStyleClass().add("log-error");
                    case WARN -> getStyleClass().add("log-warn");
                    case DEBUG, TRACE -> getStyleClass().add("log-debug");
                    default -> { }
                }
            }
        });
        vm.visibleLines().addListener((ListChangeListener<LogLine>) c -> {
            if (vm.followProperty().get() && !vm.visibleLines().isEmpty()) {
                list.scrollTo(vm.visibleLines().size() - 1);
            }
        });
        VBox.setVgrow(list, Priority.ALWAYS);
        if (!vm.available()) {
            atlantafx.base.controls.Message unavailable = new atlantafx.base.controls.Message(null,
                    i18n.get("log.unavailable"));
            unavailable.setId("log-unavailable");
            unavailable.getStyleClass().add(Styles.WARNING);
            getChildren().addAll(title, unavailable);
            return;
        }
        getChildren().addAll(title, toolbar, list);
    }
}
