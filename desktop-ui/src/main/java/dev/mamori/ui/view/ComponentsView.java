package dev.mamori.ui.view;

import atlantafx.base.theme.Styles;
import dev.mamori.core.component.ComponentStatus;
import dev.mamori.ui.viewmodel.ComponentItem;
import dev.mamori.ui.viewmodel.ComponentsViewModel;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * One card per component: current and available version, last check and its result, next check and schedule, and
 * Update now / Rollback with progress and the reason of a failure.
 */
final class ComponentsView extends ScrollPane {
    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");

    private final ComponentsViewModel vm;
    private final I18n i18n;
    private final GridPane cards = new GridPane(16, 16);

    ComponentsView(ComponentsViewModel vm, I18n i18n) {
        this.vm = vm;
        this.i18n = i18n;
        setId("components");
        setFitToWidth(true);
        getStyleClass().add("screen-scroll");
        Label title = new Label(i18n.get("components.title"));
        title.getStyleClass().add(Styles.TITLE_2);
        cards.setId("components-list");
        ColumnConstraints half = new ColumnConstraints();
        half.setPercentWidth(50);
        half.setHgrow(Priority.ALWAYS);
        cards.getColumnConstraints().addAll(half, half);
        Label error = new Label();
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(Bindings.createStringBinding(() -> vm.errorProperty().get() == null ? ""
                : i18n.format("components.error", vm.errorProperty().get()), vm.errorProperty()));
        error.managedProperty().bind(vm.errorProperty().isNotNull());
        VBox content = new VBox(16, title, error, cards);
        content.setPadding(new Insets(20, 24, 24, 24));
        setContent(content);
        vm.items().addListener((ListChangeListener<ComponentItem>) c -> rebuild());
        rebuild();
    }

    private void rebuild() {
        cards.getChildren().clear();
        int i = 0;
        for (ComponentItem item : vm.items()) {
            cards.add(card(item), i % 2, i / 2);
            i++;
        }
    }

    private VBox card(ComponentItem item) {
        Label name = new Label(item.name());
        name.getStyleClass().add("component-name");
        Label badge = new Label();
        badge.textProperty().bind(Bindings.createStringBinding(() -> item.statusProperty().get().state().word(), item.statusProperty()));
        item.statusProperty().addListener((o, was, now) -> badge.getStyleClass().setAll("label", "state-badge", "state-" + now.state().word()));
        badge.getStyleClass().setAll("label", "state-badge", "state-" + item.statusProperty().get().state().word());
        HBox head = new HBox(10, name, new atlantafx.base.controls.Spacer(), badge);
        head.setAlignment(Pos.CENTER_LEFT);

        GridPane facts = new GridPane(16, 6);
        fact(facts, 0, "components.col.current", item, ComponentStatus::currentVersion);
        fact(facts, 1, "components.col.available", item, s -> s.availableVersion() == null ? "—" : s.availableVersion());
        fact(facts, 2, "components.col.lastCheck", item, s -> s.lastCheck() == null ? i18n.get("components.never") : i18n.time(s.lastCheck()));
        fact(facts, 3, "components.col.result", item, s -> s.lastResult() == null ? (s.detail() == null ? "—" : s.detail()) : s.lastResult());
        fact(facts, 4, "components.col.nextCheck", item, s -> s.nextCheck() == null ? "—" : i18n.time(s.nextCheck()));
        fact(facts, 5, "components.col.schedule", item, s -> s.schedule() == null ? i18n.get("components.notScheduled")
                : i18n.format("components.every", i18n.duration(s.schedule())));

        Button update = new Button(i18n.get("components.update"));
        update.setId("update-" + item.name());
        update.getStyleClass().add(Styles.ACCENT);
        update.setOnAction(e -> vm.updateNow(item));
        Button rollback = new Button(i18n.get("components.rollback"));
        rollback.setId("rollback-" + item.name());
        rollback.getStyleClass().add(Styles.BUTTON_OUTLINED);
        rollback.setOnAction(e -> vm.rollback(item));
        update.disableProperty().bind(item.busyProperty());
        rollback.disableProperty().bind(item.busyProperty());
        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(20, 20);
        progress.visibleProperty().bind(item.busyProperty());
        progress.managedProperty().bind(item.busyProperty());
        HBox actions = new HBox(8, update, rollback, progress);
        actions.setAlignment(Pos.CENTER_LEFT);

        Label message = new Label();
        message.setId("component-message-" + item.name());
        message.setWrapText(true);
        message.getStyleClass().add("component-message");
        message.textProperty().bind(Bindings.createStringBinding(() -> {
            if (item.runningProperty().get() != null) {
                return i18n.get("components.running." + item.runningProperty().get());
            }
            return item.failureProperty().get() == null ? "" : i18n.format("components.failed", item.failureProperty().get());
        }, item.runningProperty(), item.failureProperty()));
        message.managedProperty().bind(message.textProperty().isNotEmpty());
        item.failureProperty().addListener((o, was, now) -> message.pseudoClassStateChanged(FAILED, now != null));
        message.pseudoClassStateChanged(FAILED, item.failureProperty().get() != null);

        VBox card = new VBox(12, head, facts, actions, message);
        card.setId("component-" + item.name());
        card.getStyleClass().add("component-card");
        return card;
    }

    private void fact(GridPane grid, int row, String key, ComponentItem item,
                      java.util.function.Function<ComponentStatus, String> text) {
        Label k = new Label(i18n.get(key));
        k.getStyleClass().add(Styles.TEXT_MUTED);
        k.setMinWidth(90);
        Label v = new Label();
        v.setWrapText(true);
        v.textProperty().bind(Bindings.createStringBinding(() -> text.apply(item.statusProperty().get()), item.statusProperty()));
        grid.addRow(row, k, v);
    }
}
