package dev.mamori.ui.view;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.mamori.ui.viewmodel.DetectionsViewModel;
import dev.mamori.ui.viewmodel.MessageItem;
import javafx.beans.binding.Bindings;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import java.time.Instant;
import java.util.function.Consumer;

/** Message tracking: filters, a sortable table and a detail pane with the link to the quarantined original. */
final class DetectionsView extends VBox {
    private final DetectionsViewModel vm;
    private final I18n i18n;
    private final Consumer<String> openQuarantined;
    private final VBox detail = new VBox(10);

    DetectionsView(DetectionsViewModel vm, I18n i18n, Consumer<String> openQuarantined) {
        this.vm = vm;
        this.i18n = i18n;
        this.openQuarantined = openQuarantined;
        setId("detections");
        setSpacing(16);
        setPadding(new Insets(24));

        Label title = new Label(i18n.get("detections.title"));
        title.getStyleClass().add(Styles.TITLE_2);

        TextField search = new TextField();
        search.setId("detections-search");
        search.setPromptText(i18n.get("detections.search.prompt"));
        search.textProperty().bindBidirectional(vm.filterTextProperty());
        search.setPrefColumnCount(28);
        Label searchLabel = new Label(i18n.get("detections.search"));
        searchLabel.setMnemonicParsing(true);
        searchLabel.setLabelFor(search);
        ComboBox<String> protocol = new ComboBox<>();
        protocol.setId("detections-protocol");
        protocol.getItems().addAll("all", "pop3", "smtp");
        protocol.setConverter(new StringConverter<>() {
            @Override
            public String toString(String p) {
                return p == null || p.equals("all") ? i18n.get("detections.protocol.all") : p.toUpperCase(java.util.Locale.ROOT);
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        });
        protocol.setValue("all");
        protocol.valueProperty().addListener((o, was, now) -> vm.protocolProperty().set("all".equals(now) ? null : now));
        CheckBox threatsOnly = new CheckBox(i18n.get("detections.threatsOnly"));
        threatsOnly.setId("detections-threats-only");
        threatsOnly.selectedProperty().bindBidirectional(vm.threatsOnlyProperty());
        Button refresh = new Button(i18n.get("detections.refresh"));
        refresh.setId("detections-refresh");
        refresh.setOnAction(e -> vm.refresh());
        Label count = new Label();
        count.getStyleClass().add(Styles.TEXT_MUTED);
        count.textProperty().bind(Bindings.createStringBinding(
                () -> i18n.format("detections.count", vm.visibleRows().size(), vm.rows().size()), vm.visibleRows(), vm.rows()));
        HBox toolbar = new HBox(10, searchLabel, search, protocol, threatsOnly, new atlantafx.base.controls.Spacer(), count, refresh);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        TableView<MessageItem> table = new TableView<>();
        table.setId("detections-table");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        TableColumn<MessageItem, Instant> time = Tables.column(i18n.get("detections.col.time"), 120, MessageItem::time);
        time.setMinWidth(125);
        time.setCellFactory(c -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(Instant t, boolean empty) {
                super.updateItem(t, empty);
                setText(empty ? null : i18n.shortTime(t));
            }
        });
        time.setSortType(TableColumn.SortType.DESCENDING);
        TableColumn<MessageItem, String> threat = Tables.column(i18n.get("detections.col.threat"), 190, MessageItem::threats);
        threat.getStyleClass().add("threat-column");
        threat.setMinWidth(170);
        table.getColumns().addAll(java.util.List.of(time,
                minWidth(Tables.column(i18n.get("detections.col.protocol"), 64, m -> m.protocol().toUpperCase(java.util.Locale.ROOT)), 60),
                Tables.column(i18n.get("detections.col.who"), 170, MessageItem::who),
                Tables.column(i18n.get("detections.col.recipient"), 150, MessageItem::recipients),
                Tables.column(i18n.get("detections.col.subject"), 220, MessageItem::subject),
                threat,
                Tables.column(i18n.get("detections.col.action"), 150, MessageItem::action)));
        SortedList<MessageItem> sorted = new SortedList<>(vm.visibleRows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.getSortOrder().add(time);
        table.setPlaceholder(new Label(i18n.get("detections.empty")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(MessageItem item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("threat"), !empty && item != null && item.hasThreat());
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> vm.selectedProperty().set(now));
        vm.selectedProperty().addListener((o, was, now) -> {
            if (now != table.getSelectionModel().getSelectedItem()) {
                table.getSelectionModel().select(now);
            }
            showDetail(now);
        });

        detail.setId("detections-detail");
        detail.setPadding(new Insets(16));
        detail.getStyleClass().add("detail-pane");
        showDetail(null);
        ScrollPane detailScroll = new ScrollPane(detail);
        detailScroll.setFitToWidth(true);
        detailScroll.setMinHeight(160);

        // the detail pane under the table, so the table keeps the window's width for its seven columns
        SplitPane split = new SplitPane(table, detailScroll);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.55);
        VBox.setVgrow(split, Priority.ALWAYS);

        Label error = new Label();
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(Bindings.createStringBinding(() -> vm.errorProperty().get() == null ? ""
                : i18n.format("detections.error", vm.errorProperty().get()), vm.errorProperty()));
        error.managedProperty().bind(vm.errorProperty().isNotNull());
        getChildren().addAll(title, toolbar, error, split);
    }

    private static <S, T> TableColumn<S, T> minWidth(TableColumn<S, T> c, double w) {
        c.setMinWidth(w);
        return c;
    }

    private void showDetail(MessageItem m) {
        detail.getChildren().clear();
        if (m == null) {
            Label none = new Label(i18n.get("detections.detail.none"));
            none.setWrapText(true);
            none.getStyleClass().add(Styles.TEXT_MUTED);
            detail.getChildren().add(none);
            return;
        }
        Label subject = new Label(m.subject().isEmpty() ? "—" : m.subject());
        subject.setWrapText(true);
        subject.getStyleClass().add(Styles.TITLE_4);
        GridPane grid = new GridPane(12, 6);
        int row = 0;
        row = fact(grid, row, "detections.detail.verdict", m.verdict());
        row = fact(grid, row, "detections.detail.action", m.action());
        row = fact(grid, row, "detections.col.who", m.who());
        if (!m.recipients().isEmpty()) {
            row = fact(grid, row, "detections.col.recipient", m.recipients());
        }
        row = fact(grid, row, "detections.col.time", i18n.time(m.time()));
        row = fact(grid, row, "detections.detail.scanTime", m.scanMillis() < 0 ? i18n.get("detections.detail.pending") : i18n.millis(m.scanMillis()));
        if (m.size() >= 0) {
            row = fact(grid, row, "detections.detail.size", i18n.bytes(m.size()));
        }
        row = fact(grid, row, "detections.detail.client", m.client());
        row = fact(grid, row, "detections.detail.upstream", m.upstream());
        row = fact(grid, row, "detections.detail.listener", m.listener());
        fact(grid, row, "detections.detail.messageId", m.messageId());
        VBox found = new VBox(6);
        HBox columns = new HBox(32, grid, found);
        HBox.setHgrow(found, Priority.ALWAYS);
        detail.getChildren().addAll(subject, columns);
        if (m.hasThreat()) {
            Label foundTitle = new Label(i18n.get("detections.detail.found"));
            foundTitle.getStyleClass().add(Styles.TEXT_BOLD);
            VBox paths = new VBox(4);
            if (m.paths().isEmpty()) {
                paths.getChildren().add(new Label(m.threats() + " — " + i18n.get("detections.detail.pending")));
            }
            for (String p : m.paths()) {
                Label l = new Label(p);
                l.setWrapText(true);
                l.getStyleClass().add("threat-path");
                paths.getChildren().add(l);
            }
            found.getChildren().addAll(foundTitle, paths);
        }
        if (m.quarantineId() != null) {
            Hyperlink link = new Hyperlink(i18n.format("detections.detail.openQuarantine", m.quarantineId()));
            link.setId("detections-open-quarantine");
            link.setOnAction(e -> openQuarantined.accept(m.quarantineId()));
            found.getChildren().add(link);
        }
    }

    private int fact(GridPane grid, int row, String key, String value) {
        Label k = new Label(i18n.get(key));
        k.getStyleClass().add(Styles.TEXT_MUTED);
        Label v = new Label(value == null || value.isEmpty() ? "—" : value);
        v.setWrapText(true);
        grid.addRow(row, k, v);
        return row + 1;
    }
}
