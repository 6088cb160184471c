package dev.mamori.ui.view;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.mamori.core.component.ComponentStatus;
import dev.mamori.ui.viewmodel.ComponentItem;
import dev.mamori.ui.viewmodel.ComponentsViewModel;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.function.Function;

/** Components with their versions, checks and schedule; Update now and Rollback with progress and failure reason. */
final class ComponentsView extends VBox {
    private final I18n i18n;

    ComponentsView(ComponentsViewModel vm, I18n i18n) {
        this.i18n = i18n;
        setId("components");
        setSpacing(16);
        setPadding(new Insets(24));
        Label title = new Label(i18n.get("components.title"));
        title.getStyleClass().add(Styles.TITLE_2);

        TableView<ComponentItem> table = new TableView<>(vm.items());
        table.setId("components-table");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        table.getColumns().addAll(List.of(
                column("components.col.name", 140, s -> s.name()),
                column("components.col.current", 120, ComponentStatus::currentVersion),
                column("components.col.available", 110, s -> s.availableVersion() == null ? "—" : s.availableVersion()),
                column("components.col.lastCheck", 150, s -> s.lastCheck() == null ? i18n.get("components.never") : i18n.time(s.lastCheck())),
                column("components.col.result", 150, s -> s.lastResult() == null ? "—" : s.lastResult()),
                column("components.col.nextCheck", 150, s -> s.nextCheck() == null ? "—" : i18n.time(s.nextCheck())),
                column("components.col.schedule", 110, s -> s.schedule() == null ? i18n.get("components.notScheduled")
                        : i18n.format("components.every", i18n.duration(s.schedule()))),
                stateColumn(),
                actionsColumn(vm)));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setFixedCellSize(56);
        VBox.setVgrow(table, Priority.ALWAYS);

        Label error = new Label();
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(Bindings.createStringBinding(() -> vm.errorProperty().get() == null ? ""
                : i18n.format("components.error", vm.errorProperty().get()), vm.errorProperty()));
        error.managedProperty().bind(vm.errorProperty().isNotNull());
        getChildren().addAll(title, error, table);
    }

    private TableColumn<ComponentItem, String> column(String key, double width, Function<ComponentStatus, String> text) {
        TableColumn<ComponentItem, String> c = new TableColumn<>(i18n.get(key));
        c.setPrefWidth(width);
        c.setCellValueFactory(cell -> map(cell.getValue().statusProperty(), text));
        return c;
    }

    private static ObservableValue<String> map(ObservableValue<ComponentStatus> status, Function<ComponentStatus, String> text) {
        return Bindings.createStringBinding(() -> status.getValue() == null ? "" : text.apply(status.getValue()), status);
    }

    private TableColumn<ComponentItem, ComponentStatus> stateColumn() {
        TableColumn<ComponentItem, ComponentStatus> c = new TableColumn<>(i18n.get("components.col.state"));
        c.setPrefWidth(130);
        c.setCellValueFactory(cell -> cell.getValue().statusProperty());
        c.setCellFactory(col -> new TableCell<>() {
            private final Label badge = new Label();

            @Override
            protected void updateItem(ComponentStatus s, boolean empty) {
                super.updateItem(s, empty);
                if (empty || s == null) {
                    setGraphic(null);
                    return;
                }
                badge.setText(s.state().word());
                badge.getStyleClass().setAll("label", "state-badge", "state-" + s.state().word());
                setGraphic(badge);
            }
        });
        return c;
    }

    private TableColumn<ComponentItem, ComponentItem> actionsColumn(ComponentsViewModel vm) {
        TableColumn<ComponentItem, ComponentItem> c = new TableColumn<>(i18n.get("components.col.actions"));
        c.setPrefWidth(330);
        c.setCellValueFactory(cell -> Tables.constant(cell.getValue()));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(ComponentItem item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setGraphic(null);
                    return;
                }
                Button update = new Button(i18n.get("components.update"));
                update.setId("update-" + item.name());
                update.getStyleClass().addAll(Styles.SMALL, Styles.ACCENT);
                update.setOnAction(e -> vm.updateNow(item));
                Button rollback = new Button(i18n.get("components.rollback"));
                rollback.setId("rollback-" + item.name());
                rollback.getStyleClass().addAll(Styles.SMALL, Styles.BUTTON_OUTLINED);
                rollback.setOnAction(e -> vm.rollback(item));
                update.disableProperty().bind(item.busyProperty());
                rollback.disableProperty().bind(item.busyProperty());
                ProgressIndicator progress = new ProgressIndicator();
                progress.setPrefSize(18, 18);
                progress.visibleProperty().bind(item.busyProperty());
                progress.managedProperty().bind(item.busyProperty());
                Label message = new Label();
                message.setId("component-message-" + item.name());
                message.setWrapText(true);
                message.textProperty().bind(Bindings.createStringBinding(() -> {
                    if (item.runningProperty().get() != null) {
                        return i18n.get("components.running." + item.runningProperty().get());
                    }
                    return item.failureProperty().get() == null ? "" : i18n.format("components.failed", item.failureProperty().get());
                }, item.runningProperty(), item.failureProperty()));
                message.getStyleClass().add("component-message");
                item.failureProperty().addListener((o, was, now) -> message.pseudoClassStateChanged(
                        javafx.css.PseudoClass.getPseudoClass("failed"), now != null));
                message.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("failed"), item.failureProperty().get() != null);
                VBox box = new VBox(2, new HBox(8, update, rollback, progress), message);
                ((HBox) box.getChildren().getFirst()).setAlignment(Pos.CENTER_LEFT);
                box.setAlignment(Pos.CENTER_LEFT);
                setGraphic(box);
            }
        });
        return c;
    }
}
