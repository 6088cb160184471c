package dev.mamori.ui.view;

import atlantafx.base.controls.Card;
import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import dev.mamori.ui.backend.ServerInfo;
import dev.mamori.ui.viewmodel.ChartRange;
import dev.mamori.ui.viewmodel.OverviewViewModel;
import dev.mamori.ui.viewmodel.ServiceCardViewModel;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Tiles, live charts and the service cards. */
final class OverviewView extends ScrollPane {
    private final OverviewViewModel vm;
    private final I18n i18n;
    private final TimeSeriesChart bytes;
    private final TimeSeriesChart messages;
    private final TimeSeriesChart sessions;
    private final TimeSeriesChart latency;
    private String liveSubtitle;

    OverviewView(OverviewViewModel vm, I18n i18n) {
        this.vm = vm;
        this.i18n = i18n;
        setId("overview");
        setFitToWidth(true);
        getStyleClass().add("screen-scroll");

        HBox tiles = new HBox(16,
                tile("tile-messages", "overview.tile.messagesToday", "overview.tile.messagesToday.hint",
                        Bindings.createStringBinding(() -> i18n.count(vm.messagesTodayProperty().get()), vm.messagesTodayProperty()), null),
                tile("tile-detections", "overview.tile.detectionsToday", "overview.tile.detectionsToday.hint",
                        Bindings.createStringBinding(() -> i18n.count(vm.detectionsTodayProperty().get()), vm.detectionsTodayProperty()),
                        "tile-danger"),
                tile("tile-quarantine", "overview.tile.quarantined", "overview.tile.quarantined.hint",
                        Bindings.createStringBinding(() -> i18n.count(vm.quarantinedProperty().get()), vm.quarantinedProperty()),
                        "tile-warning"),
                tile("tile-update", "overview.tile.lastUpdate", "overview.tile.lastUpdate.hint",
                        Bindings.createStringBinding(() -> vm.lastUpdateProperty().get() == null
                                ? i18n.get("overview.tile.lastUpdate.never") : i18n.time(vm.lastUpdateProperty().get()),
                                vm.lastUpdateProperty()), "tile-small"));

        String window = i18n.get("overview.chart.window");
        String now = i18n.get("overview.chart.now");
        bytes = new TimeSeriesChart(i18n.get("overview.chart.bytes"), window, now, i18n::bytes);
        bytes.addSeries(i18n.get("overview.series.pop3"), vm.bytesPerSecond("pop3"));
        bytes.addSeries(i18n.get("overview.series.smtp"), vm.bytesPerSecond("smtp"));
        messages = new TimeSeriesChart(i18n.get("overview.chart.messages"), window, now, this::count);
        messages.addSeries(i18n.get("overview.series.pop3"), vm.messagesPerMinute("pop3"));
        messages.addSeries(i18n.get("overview.series.smtp"), vm.messagesPerMinute("smtp"));
        sessions = new TimeSeriesChart(i18n.get("overview.chart.sessions"), window, now, this::count);
        sessions.addSeries(i18n.get("overview.series.sessions"), vm.sessions());
        latency = new TimeSeriesChart(i18n.get("overview.chart.latency"), window, now, v -> String.format("%.1f", v));
        latency.addSeries(i18n.get("overview.series.latency"), vm.scanLatency());
        latency.currentValue(Bindings.createStringBinding(() -> Double.isNaN(vm.scanMillisProperty().get())
                ? i18n.get("overview.scan.none") : i18n.millis(vm.scanMillisProperty().get()), vm.scanMillisProperty()));
        // live counters only: the longer ranges come from the store, which has what the server did record
        var notReported = vm.trafficReportedProperty().not().and(
                Bindings.createBooleanBinding(() -> vm.rangeProperty().get().live(), vm.rangeProperty()));
        bytes.notice(i18n.get("overview.chart.notReported"), notReported);
        sessions.notice(i18n.get("overview.chart.notReported"), notReported);
        bytes.setId("chart-bytes");
        messages.setId("chart-messages");
        sessions.setId("chart-sessions");
        latency.setId("chart-latency");
        sessions.historyCurrent(v -> i18n.format("overview.chart.openNow", v));

        liveSubtitle = window;

        GridPane charts = new GridPane(16, 16);
        ColumnConstraints half = new ColumnConstraints();
        half.setPercentWidth(50);
        half.setHgrow(Priority.ALWAYS);
        charts.getColumnConstraints().addAll(half, half);
        charts.add(bytes, 0, 0);
        charts.add(messages, 1, 0);
        charts.add(sessions, 0, 1);
        charts.add(latency, 1, 1);

        HBox services = new HBox(16, serviceCard(vm.pop3(), "overview.service.pop3"),
                serviceCard(vm.smtp(), "overview.service.smtp"));
        services.getChildren().forEach(n -> HBox.setHgrow(n, Priority.ALWAYS));

        Label title = new Label(i18n.get("overview.title"));
        title.getStyleClass().add(Styles.TITLE_2);
        VBox content = new VBox(16, title, tiles, services, rangeBar(), charts);
        content.setPadding(new Insets(20, 24, 24, 24));
        setContent(content);

        vm.pulsesProperty().addListener(o -> sync());
        vm.historyVersionProperty().addListener(o -> drawRange());
    }

    /** "Charts: [5 minutes (live)] [1 hour] [24 hours]" and the state of a history read. */
    private HBox rangeBar() {
        Label label = new Label(i18n.get("overview.range"));
        label.getStyleClass().add(Styles.TEXT_BOLD);
        javafx.scene.control.ToggleGroup group = new javafx.scene.control.ToggleGroup();
        HBox buttons = new HBox();
        ChartRange[] ranges = ChartRange.values();
        for (int i = 0; i < ranges.length; i++) {
            ChartRange r = ranges[i];
            javafx.scene.control.ToggleButton b = new javafx.scene.control.ToggleButton(
                    i18n.get("overview.range." + r.name().toLowerCase(java.util.Locale.ROOT)));
            b.setId("range-" + r.name().toLowerCase(java.util.Locale.ROOT));
            b.setUserData(r);
            b.setToggleGroup(group);
            b.getStyleClass().add(i == 0 ? Styles.LEFT_PILL : i == ranges.length - 1 ? Styles.RIGHT_PILL : Styles.CENTER_PILL);
            b.setSelected(r == vm.rangeProperty().get());
            b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            buttons.getChildren().add(b);
        }
        group.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null) {
                group.selectToggle(was); // one range is always chosen
                return;
            }
            vm.setRange((ChartRange) now.getUserData());
        });
        label.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        Label state = new Label();
        state.setId("range-status");
        state.setWrapText(true);
        state.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(state, Priority.ALWAYS);
        state.getStyleClass().add("range-status");
        state.textProperty().bind(Bindings.createStringBinding(() -> {
            if (vm.historyErrorProperty().get() != null) {
                return i18n.format("overview.range.failed", vm.historyErrorProperty().get());
            }
            if (vm.historyLoadingProperty().get() && !vm.rangeProperty().get().live()) {
                return i18n.get("overview.range.loading");
            }
            return vm.rangeProperty().get().live() ? i18n.get("overview.range.liveHint")
                    : i18n.get("overview.range.historyHint");
        }, vm.historyErrorProperty(), vm.historyLoadingProperty(), vm.rangeProperty(), vm.historyVersionProperty()));
        buttons.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox bar = new HBox(12, label, buttons, state);
        bar.getStyleClass().add("range-bar");
        return bar;
    }

    /** Redraws the charts for the chosen range: the live windows, or the history the view-model read. */
    private void drawRange() {
        ChartRange r = vm.rangeProperty().get();
        if (r.live()) {
            bytes.subtitle(liveSubtitle);
            messages.subtitle(liveSubtitle);
            sessions.title(i18n.get("overview.chart.sessions"));
            sessions.subtitle(liveSubtitle);
            latency.subtitle(liveSubtitle);
            bytes.showLive();
            messages.showLive();
            sessions.showLive();
            latency.showLive();
            return;
        }
        String subtitle = i18n.get(r == ChartRange.HOUR ? "overview.chart.window.hour" : "overview.chart.window.day");
        long tick = r == ChartRange.HOUR ? 600 : 3 * 3600;
        long from = vm.historyFrom();
        long to = vm.historyTo();
        java.util.function.LongFunction<String> clock = s -> i18n.minute(java.time.Instant.ofEpochSecond(s));
        bytes.subtitle(subtitle);
        bytes.showHistory(java.util.List.of(vm.historyBytesPerSecond("pop3"), vm.historyBytesPerSecond("smtp")), null,
                from, to, tick, clock, null);
        messages.subtitle(subtitle);
        messages.showHistory(java.util.List.of(vm.historyMessagesPerMinute("pop3"), vm.historyMessagesPerMinute("smtp")),
                null, from, to, tick, clock, null);
        sessions.title(i18n.get("overview.chart.sessionsOpened"));
        sessions.subtitle(subtitle);
        sessions.showHistory(java.util.List.of(vm.historySessionsOpened()), null, from, to, tick, clock, null);
        latency.subtitle(i18n.get(r == ChartRange.HOUR ? "overview.chart.latency.hour" : "overview.chart.latency.day"));
        latency.showHistory(java.util.List.of(vm.historyScanP50(), vm.historyScanP99()),
                java.util.List.of(i18n.get("overview.series.p50"), i18n.get("overview.series.p99")), from, to, tick,
                clock, vm.historyScanP50().known() == 0 ? i18n.get("overview.chart.latency.none") : null);
        sync(); // the current values in their history wording
    }

    /** The number of points the chart with {@code id} draws now; for tests. */
    int points(String id) {
        return switch (id) {
            case "chart-bytes" -> bytes.pointCount();
            case "chart-messages" -> messages.pointCount();
            case "chart-sessions" -> sessions.pointCount();
            default -> latency.pointCount();
        };
    }

    /** A count on an axis or as a current value: whole numbers without decimals, an axis step of 2.5 as 2.5. */
    private String count(double v) {
        return v == Math.rint(v) ? String.format(i18n.locale(), "%.0f", v) : String.format(i18n.locale(), "%.1f", v);
    }

    private void sync() {
        if (vm.lastPulseProperty().get() == null) {
            return;
        }
        long now = vm.lastPulseProperty().get().getEpochSecond();
        bytes.sync(now);
        messages.sync(now);
        sessions.sync(now);
        latency.sync(now);
    }

    private VBox tile(String id, String titleKey, String hintKey, javafx.beans.value.ObservableValue<String> value,
                      String extraStyle) {
        Label title = new Label(i18n.get(titleKey));
        title.getStyleClass().add("tile-title");
        Label number = new Label();
        number.setId(id + "-value");
        number.textProperty().bind(value);
        number.getStyleClass().add("tile-value");
        Label hint = new Label(i18n.get(hintKey));
        hint.getStyleClass().add("tile-hint");
        VBox box = new VBox(4, title, number, hint);
        box.setId(id);
        box.getStyleClass().add("tile");
        if (extraStyle != null) {
            box.getStyleClass().add(extraStyle);
        }
        HBox.setHgrow(box, Priority.ALWAYS);
        box.setMaxWidth(Double.MAX_VALUE);
        return box;
    }

    private Card serviceCard(ServiceCardViewModel card, String titleKey) {
        String protocol = card.service().word().toUpperCase(java.util.Locale.ROOT);
        Label title = new Label(i18n.get(titleKey));
        title.getStyleClass().add(Styles.TITLE_4);
        ToggleSwitch toggle = new ToggleSwitch(i18n.format("overview.service.allow", protocol));
        toggle.setId("switch-" + card.service().word());
        toggle.setSelected(card.enabledProperty().get());
        card.enabledProperty().addListener((o, was, now) -> toggle.setSelected(now));
        toggle.selectedProperty().addListener((o, was, now) -> {
            if (now != card.enabledProperty().get()) {
                card.setEnabled(now);
            }
        });
        toggle.disableProperty().bind(card.busyProperty());
        HBox head = new HBox(12, title, new atlantafx.base.controls.Spacer(), toggle);
        head.setAlignment(Pos.CENTER_LEFT);

        Label state = new Label();
        state.setId("service-state-" + card.service().word());
        state.textProperty().bind(Bindings.when(card.enabledProperty())
                .then(i18n.get("overview.service.on")).otherwise(i18n.get("overview.service.off")));
        state.getStyleClass().add("service-state");
        card.enabledProperty().addListener((o, was, on) -> styleState(state, on));
        styleState(state, card.enabledProperty().get());
        Label sessionsLabel = new Label();
        sessionsLabel.textProperty().bind(Bindings.createStringBinding(
                () -> vm.trafficReportedProperty().get()
                        ? i18n.format("overview.service.sessions", card.activeSessionsProperty().get())
                        : i18n.get("overview.service.sessionsNotReported"),
                card.activeSessionsProperty(), vm.trafficReportedProperty()));
        sessionsLabel.getStyleClass().add(Styles.TEXT_MUTED);
        VBox body = new VBox(6, state, sessionsLabel);
        if (card.listeners().isEmpty()) {
            Label none = new Label(i18n.get("overview.service.noListeners"));
            none.getStyleClass().add(Styles.TEXT_MUTED);
            body.getChildren().add(none);
        }
        for (ServerInfo.ListenerInfo l : card.listeners()) {
            Label line = new Label(l.upstream() == null
                    ? i18n.format("overview.service.listener", l.name(), l.address(), l.tls())
                    : i18n.format("overview.service.listenerUpstream", l.name(), l.address(), l.tls(), l.upstream()));
            line.getStyleClass().add("listener-line");
            body.getChildren().add(line);
        }
        Label error = new Label();
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(Bindings.createStringBinding(() -> card.errorProperty().get() == null ? ""
                : i18n.format("overview.service.failed", card.errorProperty().get()), card.errorProperty()));
        error.visibleProperty().bind(card.errorProperty().isNotNull());
        error.managedProperty().bind(error.visibleProperty());
        body.getChildren().add(error);

        Card c = new Card();
        c.setId("service-" + card.service().word());
        c.setHeader(head);
        c.setBody(body);
        c.getStyleClass().add("service-card");
        c.setMaxWidth(Double.MAX_VALUE);
        return c;
    }

    private static void styleState(Label state, boolean on) {
        state.getStyleClass().removeAll(Styles.SUCCESS, Styles.WARNING);
        state.getStyleClass().add(on ? Styles.SUCCESS : Styles.WARNING);
    }
}
