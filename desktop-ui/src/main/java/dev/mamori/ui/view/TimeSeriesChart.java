package dev.mamori.ui.view;

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
    private boolean currentBound;
    private long now;

    TimeSeriesChart(String title, String subtitle, String nowText, DoubleFunction<String> valueFormat) {
        this.valueFormat = valueFormat;
        this.nowText = nowText;
        xAxis.setAutoRanging(false);
        xAxis.setTickUnit(60);
        xAxis.setMinorTickVisible(false);
        xAxis.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number x) {
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
        Label s = new Label(subtitle);
        s.getStyleClass().add("chart-subtitle");
        current.getStyleClass().add("chart-current");
        HBox head = new HBox(8, new VBox(0, t, s), new atlantafx.base.controls.Spacer(), current);
        head.setPadding(new Insets(0, 4, 0, 4));
        notice.getStyleClass().add("chart-notice");
        notice.setWrapText(true);
        notice.setVisible(false);
        javafx.scene.layout.StackPane plot = new javafx.scene.layout.StackPane(chart, notice);
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
        xAxis.setLowerBound(nowSecond - windows.getFirst().seconds());
        xAxis.setUpperBound(nowSecond);
        StringBuilder values = new StringBuilder();
        for (int s = 0; s < windows.size(); s++) {
            SampleWindow w = windows.get(s);
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
            current.setText(values.toString());
        }
    }
}
