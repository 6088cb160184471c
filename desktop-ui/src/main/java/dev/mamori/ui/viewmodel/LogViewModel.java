package dev.mamori.ui.viewmodel;

import dev.mamori.ui.backend.DashboardBackend;
import dev.mamori.core.log.LogLine;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.util.List;

/** The live log tail: the newest {@value #MAX_LINES} lines, filtered by level, appended in batches. */
public final class LogViewModel implements AutoCloseable {
    public static final int MAX_LINES = 2000;

    private final ObservableList<LogLine> lines = FXCollections.observableArrayList();
    private final FilteredList<LogLine> visible = new FilteredList<>(lines);
    private final ObjectProperty<LogLine.Level> threshold = new SimpleObjectProperty<>(this, "threshold", LogLine.Level.INFO);
    /** While true, new lines are kept but the view does not scroll to them. */
    private final BooleanProperty follow = new SimpleBooleanProperty(this, "follow", true);
    private final AutoCloseable subscription;
    private final boolean available;

    public LogViewModel(DashboardBackend backend, UiContext ctx) {
        this.available = backend.logAvailable();
        threshold.addListener(o -> updatePredicate());
        updatePredicate();
        Batcher<LogLine> batcher = ctx.batcher(MAX_LINES, this::append);
        this.subscription = backend.onLog(batcher::addAll);
    }

    private void updatePredicate() {
        LogLine.Level t = threshold.get() == null ? LogLine.Level.TRACE : threshold.get();
        visible.setPredicate(l -> l.level().atLeast(t));
    }

    void append(List<LogLine> batch) {
        int overflow = lines.size() + batch.size() - MAX_LINES;
        if (overflow > 0) {
            lines.remove(0, Math.min(overflow, lines.size()));
        }
        lines.addAll(batch.size() > MAX_LINES ? batch.subList(batch.size() - MAX_LINES, batch.size()) : batch);
    }

    /** False when the server's log cannot be shown (a remote server of this version): the screen says so. */
    public boolean available() {
        return available;
    }

    public ObservableList<LogLine> visibleLines() {
        return visible;
    }

    public int keptLines() {
        return lines.size();
    }

    public ObjectProperty<LogLine.Level> thresholdProperty() {
        return threshold;
    }

    public BooleanProperty followProperty() {
        return follow;
    }

    @Override
    public void close() throws Exception {
        subscription.close();
    }
}
