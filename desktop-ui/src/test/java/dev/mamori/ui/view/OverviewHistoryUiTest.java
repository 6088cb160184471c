package dev.mamori.ui.view;

import dev.mamori.core.store.StatsMinute;
import dev.mamori.ui.EmbeddedFixture;
import dev.mamori.ui.viewmodel.ChartRange;
import dev.mamori.ui.viewmodel.HistorySeries;
import dev.mamori.ui.viewmodel.MainViewModel;
import dev.mamori.ui.viewmodel.UiContext;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.mamori.ui.view.FxTests.fx;
import static dev.mamori.ui.view.FxTests.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The overview's longer chart range against a real embedded server: POP3 retrievals through the proxy, the minute
 * written to the event store (the test flushes the minute in progress instead of waiting for it to end), then the
 * 1-hour range shows it as per-minute points read from the store. Screenshot {@code overview-hour.png}.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(180)
class OverviewHistoryUiTest {
    @TempDir
    static Path dir;
    private static EmbeddedFixture server;
    private MainViewModel vm;
    private Stage stage;

    @BeforeAll
    static void startServer() throws Exception {
        Display.require();
        server = new EmbeddedFixture(dir);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Start
    void open(Stage stage) {
        this.stage = stage;
        vm = new MainViewModel(server.backend, UiContext.of(Platform::runLater, "dashboard:ui-test"));
        new DashboardWindow(stage, vm, new I18n(java.util.Locale.ENGLISH, java.time.ZoneId.systemDefault()));
        stage.setWidth(1360);
        stage.setHeight(1000);
        stage.show();
        vm.start();
    }

    @AfterEach
    void close() throws Exception {
        vm.close();
        FxToolkit.cleanupStages();
    }

    @Test
    void theHourRangeShowsTheMinutesTheServerWroteToTheStore(FxRobot robot) throws Exception {
        var runtime = server.server.runtime();
        // A previous run's minutes, 40 to 26 minutes ago: the chart must show them, and a gap up to this server's start
        Instant thisMinute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        int[] earlierMessages = {2, 3, 3, 4, 6, 5, 4, 4, 3, 5, 6, 4, 3, 2, 2};
        for (int i = 0; i < earlierMessages.length; i++) {
            int m = earlierMessages[i];
            runtime.store().record(new StatsMinute(thisMinute.minus(40 - i, ChronoUnit.MINUTES), "pop3", 300L * m,
                    52_000L * m, m, i % 6 == 0 ? 1 : 0, m + 1));
        }
        // real traffic through the proxy in this minute
        int retrievals = 3;
        for (int i = 0; i < retrievals; i++) {
            server.deliverEicar("hana" + i, "History " + i);
            assertThat(server.retrieveFirst("hana" + i)).contains("X-Mamori-Status: replaced");
        }
        // the runtime writes a minute's row when the minute ends; flush the minute in progress now instead
        runtime.traffic().flushMinute();
        runtime.store().flush();
        List<StatsMinute> rows = server.backend.statsHistory(thisMinute.minus(1, ChronoUnit.HOURS),
                Instant.now().plus(1, ChronoUnit.MINUTES)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        // (a minute may have ended during the retrievals: then they are split over two rows)
        List<StatsMinute> now = rows.stream().filter(r -> !r.minute().isBefore(thisMinute)).toList();
        assertThat(now).isNotEmpty().allSatisfy(r -> assertThat(r.protocol()).isEqualTo("pop3"));
        assertThat(now.stream().mapToLong(StatsMinute::messages).sum()).isEqualTo(retrievals);
        assertThat(now.stream().mapToLong(StatsMinute::sessions).sum()).isEqualTo(retrievals);
        assertThat(now.stream().mapToLong(StatsMinute::bytesOut).sum()).isPositive();

        robot.clickOn("#range-hour");
        await(30, () -> vm.overview().rangeProperty().get() == ChartRange.HOUR
                && vm.overview().historyVersionProperty().get() > 0 && !vm.overview().historyLoadingProperty().get());
        HistorySeries messages = vm.overview().historyMessagesPerMinute("pop3");
        assertThat(messages.size()).isEqualTo(60);
        assertThat(sumFrom(messages, thisMinute)).isEqualTo(retrievals);
        StatsMinute first = now.getFirst();
        assertThat(vm.overview().historyBytesPerSecond("pop3").value(indexOf(messages, first.minute())))
                .isEqualTo((first.bytesIn() + first.bytesOut()) / 60.0);
        int earlier = indexOf(messages, thisMinute.minus(30, ChronoUnit.MINUTES));
        assertThat(messages.value(earlier)).isEqualTo(earlierMessages[10]);
        assertThat(messages.isGap(indexOf(messages, thisMinute.minus(20, ChronoUnit.MINUTES))))
                .as("before this server started and no row: a gap, not a zero").isTrue();

        OverviewView view = robot.lookup("#overview").queryAs(OverviewView.class);
        assertThat(fx(() -> view.points("chart-messages"))).as("15 earlier minutes and this run's minutes")
                .isGreaterThanOrEqualTo(16);
        assertThat(fx(() -> view.points("chart-bytes"))).isGreaterThanOrEqualTo(16);
        HistorySeries p50 = vm.overview().historyScanP50();
        assertThat(p50.known()).as("the minutes of this run's retrievals").isBetween(1, 2);
        assertThat(p50.isGap(indexOf(p50, thisMinute.minus(30, ChronoUnit.MINUTES))))
                .as("the earlier run's minutes have no tracked messages here").isTrue();
        assertThat(fx(() -> view.points("chart-latency"))).isEqualTo(2 * p50.known());
        assertThat(fx(() -> robot.lookup("#range-status").queryAs(Label.class).getText())).startsWith("One point a minute");
        Screenshots.write(stage.getScene().getRoot(), "overview-hour");

        robot.clickOn("#range-day");
        await(30, () -> vm.overview().historyMessagesPerMinute("pop3").size() == 24 * 60
                && !vm.overview().historyLoadingProperty().get());
        assertThat(sumFrom(vm.overview().historyMessagesPerMinute("pop3"), thisMinute)).isEqualTo(retrievals);
        assertThat(vm.overview().historyMessagesPerMinute("pop3").value(indexOf(
                vm.overview().historyMessagesPerMinute("pop3"), thisMinute.minus(30, ChronoUnit.MINUTES)))).isEqualTo(earlierMessages[10]);

        // back to live: the windows kept filling while the history was shown
        robot.clickOn("#range-live");
        await(30, () -> vm.overview().rangeProperty().get().live() && view.points("chart-sessions") > 0);
        assertThat(fx(() -> view.points("chart-latency"))).isPositive();
        // the live series are drawn again in their own colours (the theme's default-color0/1 classes)
        assertThat(fx(() -> robot.lookup("#chart-bytes .chart-series-line").queryAll().stream()
                .flatMap(n -> n.getStyleClass().stream()).filter(c -> c.startsWith("default-color")).sorted().toList()))
                .containsExactly("default-color0", "default-color1");
        assertThat(fx(() -> robot.lookup("#chart-latency .chart-series-line").query().getStyleClass()))
                .contains("default-color0");
        Screenshots.write(stage.getScene().getRoot(), "overview-live-again");
    }

    /** The sum of the known values from {@code minute} on. */
    private static double sumFrom(HistorySeries s, Instant minute) {
        double sum = 0;
        for (int i = 0; i < s.size(); i++) {
            if (s.time(i) >= minute.getEpochSecond() && !s.isGap(i)) {
                sum += s.value(i);
            }
        }
        return sum;
    }

    private static int indexOf(HistorySeries s, Instant minute) {
        for (int i = 0; i < s.size(); i++) {
            if (s.time(i) == minute.getEpochSecond()) {
                return i;
            }
        }
        throw new AssertionError(minute + " is not in the range");
    }
}
