package dev.mamori.ui.view;

import dev.mamori.ui.viewmodel.HistorySeries;
import dev.mamori.ui.viewmodel.SampleWindow;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * A live line chart over fixed {@link SampleWindow}s. Each sync appends the new points and drops the old ones (a
 * chart never holds more than its window); the x axis shows time relative to now. No animation, no symbols.
 *
 * <p>History mode ({@link #showHistory}) draws per-minute {@link HistorySeries} instead, redrawn whole when the
 * history changes (once a minute): each run of known minutes is its own line, so a gap stays a gap, and a lone known
 * minute is a dot. {@link #showLive} goes back to the windows, which kept filling meanwhile.
 */
final class TimeSeriesChart extends VBox {
    private final LineChart<Number, Number> chart;
    private final NumberAxis xAxis = new NumberAxis();
    private final NumberAxis yAxis = new NumberAxis();
    private final List<SampleWindow> windows = new ArrayList<>();
    private final Label current = new Label();
    private final Label notice = new Label();
    private final DoubleFunction<String> valueFormat;
    private final String nowText;
    private final Label subtitle;
    private final Label titleLabel;
    private final Label historyNotice = new Label();
    /** Colour swatches naming the series of a chart with more than one. */
    private final HBox legend = new HBox(10);
    private final List<String> names = new ArrayList<>();
    private boolean currentBound;
    private long now;
    /** Live mode: chart series {@code s} is drawn from window {@code s}. History mode: segments of history series. */
    private boolean live = true;
    /** Formats an epoch second as a clock time for the history axis. */
    private java.util.function.LongFunction<String> clockFormat = Long::toString;
    /** Words around the current value while the history is shown, when the live value means something else there. */
    private java.util.function.UnaryOperator<String> historyCurrent = java.util.function.UnaryOperator.identity();

    TimeSeriesChart(String title, String subtitle, String nowText, DoubleFunction<String> valueFormat) {
        this.valueFormat = valueFormat;
        this.nowText = nowText;
        xAxis.setAutoRanging(false);
        xAxis.setTickUnit(60);
        xAxis.setMinorTickVisible(false);
        xAxis.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number x) {
                if (!live) {
                    return clockFormat.apply(x.longValue());
                }
                long ago = now - x.longValue();
                return ago <= 0 ? nowText : "-" + (ago / 60) + ":" + String.format("%02d", ago % 60);
            }

            @Override
            public Number fromString(String s) {
                return 0;
            }
        });
        yAxis.setForceZeroInRange(true);
        yAxis.setMinorTickVisible(false);
        yAxis.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number y) {
                return valueFormat.apply(y.doubleValue());
            }

            @Override
            public Number fromString(String s) {
                return 0;
            }
        });
        chart = new LineChart<>(xAxis, yAxis);
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setLegendVisible(false);
        chart.setHorizontalGridLinesVisible(true);
        chart.setVerticalGridLinesVisible(false);
        chart.setMinHeight(120);
        chart.setPrefHeight(150);
        chart.getStyleClass().add("live-chart");
        VBox.setVgrow(chart, Priority.ALWAYS);

        Label t = new Label(title);
        t.getStyleClass().add("chart-title");
        this.titleLabel = t;
        Label s = new Label(subtitle);
        s.getStyleClass().add("chart-subtitle");
        this.subtitle = s;
        current.getStyleClass().add("chart-current");
        legend.getStyleClass().add("chart-legend");
        legend.setVisible(false);
        legend.setManaged(false);
        HBox head = new HBox(8, new VBox(0, t, s, legend), new atlantafx.base.controls.Spacer(), current);
        head.setPadding(new Insets(0, 4, 0, 4));
        notice.getStyleClass().add("chart-notice");
        notice.setWrapText(true);
        notice.setVisible(false);
        historyNotice.getStyleClass().add("chart-notice");
        historyNotice.setWrapText(true);
        historyNotice.setVisible(false);
        javafx.scene.layout.StackPane plot = new javafx.scene.layout.StackPane(chart, notice, historyNotice);
        VBox.setVgrow(plot, Priority.ALWAYS);
        getChildren().addAll(head, plot);
        getStyleClass().add("chart-card");
    }

    /** Adds a series drawn from {@code window}; {@code legend} names it in the current-value line. */
    void addSeries(String legend, SampleWindow window) {
        XYChart.Series<Number, Number> series = new XYChart.Series<>();
        series.setName(legend);
        chart.getData().add(series);
        windows.add(window);
        names.add(legend);
        legend(names);
    }

    private void legend(List<String> seriesNames) {
        legend.getChildren().clear();
        boolean show = seriesNames.size() > 1;
        legend.setVisible(show);
        legend.setManaged(show);
        for (int i = 0; show && i < seriesNames.size(); i++) {
            javafx.scene.layout.Region swatch = new javafx.scene.layout.Region();
            swatch.getStyleClass().add("chart-legend-swatch");
            swatch.setStyle("-fx-background-color: " + color(i) + ";");
            Label name = new Label(seriesNames.get(i), swatch);
            name.getStyleClass().add("chart-legend-item");
            legend.getChildren().add(name);
        }
    }

    /** Lays {@code text} over the plot while {@code show} is true (data the server does not report). */
    void notice(String text, javafx.beans.value.ObservableValue<Boolean> show) {
        notice.setText(text);
        notice.visibleProperty().bind(show);
        current.visibleProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(() -> !show.getValue(), show));
    }

    /** Shows {@code text} as the current value instead of the newest point (e.g. "the last second that had scans"). */
    void currentValue(javafx.beans.value.ObservableValue<String> text) {
        current.textProperty().bind(text);
        currentBound = true;
    }

    /** Brings every series up to date with its window; {@code nowSecond} is the newest pulse's epoch second. */
    void sync(long nowSecond) {
        this.now = nowSecond;
        if (live) {
            xAxis.setLowerBound(nowSecond - windows.getFirst().seconds());
            xAxis.setUpperBound(nowSecond);
        }
        StringBuilder values = new StringBuilder();
        for (int s = 0; s < windows.size(); s++) {
            SampleWindow w = windows.get(s);
            if (!live) { // the current value stays live; the plot shows the history
                if (!values.isEmpty()) {
                    values.append("   ");
                }
                values.append(windows.size() > 1 ? names.get(s) + " " : "").append(valueFormat.apply(w.last()));
                continue;
            }
            XYChart.Series<Number, Number> series = chart.getData().get(s);
            ObservableList<XYChart.Data<Number, Number>> data = series.getData();
            long oldest = w.size() == 0 ? Long.MAX_VALUE : w.time(0);
            int drop = 0;
            while (drop < data.size() && data.get(drop).getXValue().longValue() < oldest) {
                drop++;
            }
            if (drop > 0) {
                data.remove(0, drop);
            }
            long lastX = data.isEmpty() ? Long.MIN_VALUE : data.getLast().getXValue().longValue();
            List<XYChart.Data<Number, Number>> add = new ArrayList<>();
            for (int i = 0; i < w.size(); i++) {
                long x = w.time(i);
                if (x == lastX) {
                    data.getLast().setYValue(w.value(i));
                } else if (x > lastX) {
                    add.add(new XYChart.Data<>(x, w.value(i)));
                }
            }
            data.addAll(add);
            if (!values.isEmpty()) {
                values.append("   ");
            }
            values.append(windows.size() > 1 ? series.getName() + " " : "").append(valueFormat.apply(w.last()));
        }
        if (!currentBound) {
            current.setText(live ? values.toString() : historyCurrent.apply(values.toString()));
        }
    }

    /** How the live current value is worded while the history is shown ("2 open now" above "opened per minute"). */
    void historyCurrent(java.util.function.UnaryOperator<String> wording) {
        historyCurrent = wording;
    }

    void title(String text) {
        titleLabel.setText(text);
    }

    /** The line under the title ("last 5 minutes", "last hour, per minute"...). */
    void subtitle(String text) {
        subtitle.setText(text);
    }

    /**
     * Draws {@code series} over {@code fromSecond..toSecond}, the axis labelled with clock times every
     * {@code tickSeconds}; {@code legends} names them (null: the names given to {@link #addSeries}, in order). With
     * {@code notice} non-null, it is laid over the plot (data this range cannot show).
     */
    void showHistory(List<HistorySeries> series, List<String> legends, long fromSecond, long toSecond,
                     long tickSeconds, java.util.function.LongFunction<String> clock, String notice) {
        List<String> seriesNames = legends == null ? names : legends;
        legend(seriesNames);
        live = false;
        clockFormat = clock;
        xAxis.setLowerBound(fromSecond);
        xAxis.setUpperBound(toSecond);
        xAxis.setTickUnit(tickSeconds);
        List<XYChart.Series<Number, Number>> segments = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        for (int s = 0; s < series.size() && s < seriesNames.size(); s++) {
            HistorySeries h = series.get(s);
            List<XYChart.Data<Number, Number>> run = new ArrayList<>();
            for (int i = 0; i <= h.size(); i++) {
                if (i < h.size() && !h.isGap(i)) {
                    // a point in the middle of its minute, so a minute's value sits over that minute
                    run.add(new XYChart.Data<>(h.time(i) + 30, h.value(i)));
                    continue;
                }
                if (!run.isEmpty()) {
                    XYChart.Series<Number, Number> segment = new XYChart.Series<>();
                    segment.setName(seriesNames.get(s));
                    if (run.size() == 1) {
                        javafx.scene.layout.Region dot = new javafx.scene.layout.Region();
                        dot.getStyleClass().add("history-dot");
                        dot.setStyle("-fx-background-color: " + color(s) + ";");
                        run.getFirst().setNode(dot);
                    }
                    segment.getData().setAll(run);
                    segments.add(segment);
                    owner.add(s);
                    run = new ArrayList<>();
                }
            }
        }
        chart.getData().setAll(segments);
        for (int i = 0; i < segments.size(); i++) {
            javafx.scene.Node line = segments.get(i).getNode();
            if (line != null) {
                // inline, so the colour follows the logical series, not the segment's index among the chart's series
                line.setStyle("-fx-stroke: " + color(owner.get(i)) + "; -fx-stroke-width: 2px;");
            }
        }
        historyNotice.setText(notice == null ? "" : notice);
        historyNotice.setVisible(notice != null);
    }

    /** Back to the live windows (which kept filling while the history was shown). */
    void showLive() {
        live = true;
        legend(names);
        xAxis.setTickUnit(60);
        historyNotice.setVisible(false);
        List<XYChart.Series<Number, Number>> fresh = new ArrayList<>();
        for (String name : names) {
            XYChart.Series<Number, Number> series = new XYChart.Series<>();
            series.setName(name);
            fresh.add(series);
        }
        chart.getData().setAll(fresh);
        if (now != 0) {
            sync(now);
        }
    }

    /** The number of drawn points (all series, all segments); for tests. */
    int pointCount() {
        int n = 0;
        for (XYChart.Series<Number, Number> s : chart.getData()) {
            n += s.getData().size();
        }
        return n;
    }

    private String color(int series) {
        return switch (series) {
            case 0 -> "-color-accent-emphasis";
            case 1 -> "-color-success-emphasis";
            default -> "-color-chart-" + (series + 1);
        };
    }
}
