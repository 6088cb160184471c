package dev.mamori.ui.viewmodel;

import dev.mamori.core.events.MamoriEvent;
import dev.mamori.core.runtime.ServiceControl.Service;
import dev.mamori.ui.backend.Pulse;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import dev.mamori.core.store.ScanMinute;
import dev.mamori.core.store.StatsMinute;

import static org.assertj.core.api.Assertions.assertThat;

class OverviewViewModelTest {
    private final ManualUi ui = new ManualUi();
    private final FakeBackend backend = new FakeBackend();
    private final OverviewViewModel vm = new OverviewViewModel(backend, ui.context());

    private static Pulse pulse(long second, long bytes, long messages, long today, long detections, double scanMillis) {
        return new Pulse(Instant.ofEpochSecond(second), RateTrackerTest.snapshot(second, bytes, 2), today,
                detections, 3, Instant.ofEpochSecond(42), scanMillis, Double.isNaN(scanMillis) ? 0 : 1,
                java.util.Map.of("pop3", messages));
    }

    @Test
    void pulsesFillTilesAndFixedChartWindows() {
        backend.pulse(pulse(1000, 0, 0, 5, 1, Double.NaN));
        backend.pulse(pulse(1001, 2000, 2, 7, 2, 12.5));
        assertThat(vm.messagesTodayProperty().get()).as("nothing before the UI task ran").isZero();
        assertThat(ui.runUi()).isEqualTo(1);
        assertThat(vm.messagesTodayProperty().get()).isEqualTo(7);
        assertThat(vm.detectionsTodayProperty().get()).isEqualTo(2);
        assertThat(vm.quarantinedProperty().get()).isEqualTo(3);
        assertThat(vm.lastUpdateProperty().get()).isEqualTo(Instant.ofEpochSecond(42));
        assertThat(vm.scanMillisProperty().get()).isEqualTo(12.5);
        assertThat(vm.activeSessionsProperty().get()).isEqualTo(2);
        assertThat(vm.pop3().activeSessionsProperty().get()).isEqualTo(2);
        assertThat(vm.bytesPerSecond("pop3").last()).isEqualTo(2000);
        assertThat(vm.bytesPerSecond("smtp").last()).isZero();
        assertThat(vm.messagesPerMinute("pop3").last()).isEqualTo(2);
        assertThat(vm.pulsesProperty().get()).isEqualTo(2);
        assertThat(vm.trafficReportedProperty().get()).isTrue();

        for (int s = 2; s < 1000; s++) {
            backend.pulse(pulse(1000 + s, 2000L * s, 2, 7, 2, Double.NaN));
            ui.advance(1000);
            ui.runUi();
        }
        assertThat(vm.bytesPerSecond("pop3").size()).isEqualTo(OverviewViewModel.WINDOW_SECONDS);
        assertThat(vm.scanLatency().size()).isEqualTo(OverviewViewModel.WINDOW_SECONDS);
        assertThat(vm.scanMillisProperty().get()).as("the last second that had scans").isEqualTo(12.5);
    }

    @Test
    void theServiceSwitchShowsTheServersAnswerAndFollowsChangesFromElsewhere() {
        vm.pop3().setEnabled(false);
        assertThat(vm.pop3().busyProperty().get()).isTrue();
        ui.runUi();
        assertThat(vm.pop3().busyProperty().get()).isFalse();
        assertThat(vm.pop3().enabledProperty().get()).isFalse();
        assertThat(backend.actions).containsExactly("service pop3 false by dashboard:test");

        backend.services.put(Service.POP3, true); // another administrator switched it back
        backend.event(new MamoriEvent.ServiceChanged(Instant.now(), "pop3", true, "ssh:bob"));
        ui.runUi();
        assertThat(vm.pop3().enabledProperty().get()).isTrue();
    }

    private static StatsMinute minuteRow(String hhmm, String protocol, long bytes, long messages, long sessions) {
        return new StatsMinute(Instant.parse("2026-11-25T" + hhmm + ":00Z"), protocol, 0, bytes, messages, 0, sessions);
    }

    private static long second(String hhmmss) {
        return Instant.parse("2026-11-25T" + hhmmss + "Z").getEpochSecond();
    }

    @Test
    void theHourRangeReadsTheStoreOnceAMinuteAndShowsGapsWhereNothingIsKnown() {
        ui.now = Instant.parse("2026-11-25T12:30:20Z").toEpochMilli();
        backend.started = Instant.parse("2026-11-25T12:00:30Z");
        vm.setRange(ChartRange.HOUR);
        assertThat(vm.rangeProperty().get()).isEqualTo(ChartRange.HOUR);
        assertThat(vm.historyLoadingProperty().get()).isTrue();
        assertThat(backend.historyReads).singleElement().satisfies(span -> {
            assertThat(span[0]).isEqualTo(Instant.parse("2026-11-25T11:31:00Z"));
            assertThat(span[1]).as("up to the end of the minute in progress").isEqualTo(Instant.parse("2026-11-25T12:31:00Z"));
        });
        backend.historyAnswers.get(0).complete(List.of(minuteRow("11:45", "pop3", 6000, 3, 1),
                minuteRow("12:10", "pop3", 600, 1, 1), minuteRow("12:10", "smtp", 1200, 2, 1),
                minuteRow("12:29", "pop3", 60, 1, 1)));
        ui.runUi();
        assertThat(vm.historyVersionProperty().get()).as("waits for the scan times of the same read").isZero();
        backend.scanAnswers.get(0).complete(List.of(new ScanMinute(Instant.parse("2026-11-25T12:10:00Z"), 3, 12.5,
                11, 20, 20)));
        ui.runUi();
        assertThat(vm.historyLoadingProperty().get()).isFalse();
        assertThat(vm.historyVersionProperty().get()).isEqualTo(1);
        assertThat(vm.historyFrom()).isEqualTo(second("11:31:00"));
        assertThat(vm.historyTo()).isEqualTo(second("12:31:00"));
        HistorySeries pop3 = vm.historyBytesPerSecond("pop3");
        assertThat(pop3.size()).isEqualTo(60);
        assertThat(value(pop3, "11:45")).as("a minute of an earlier run").isEqualTo(100);
        assertThat(value(pop3, "11:46")).as("before this server started: unknown").isNaN();
        assertThat(value(pop3, "12:00")).as("the server ran: no row means no traffic").isZero();
        assertThat(value(pop3, "12:10")).isEqualTo(10);
        assertThat(value(vm.historyBytesPerSecond("smtp"), "12:10")).isEqualTo(20);
        assertThat(value(vm.historyMessagesPerMinute("smtp"), "12:10")).isEqualTo(2);
        assertThat(value(vm.historySessionsOpened(), "12:10")).as("both protocols").isEqualTo(2);
        assertThat(value(pop3, "12:30")).as("the minute in progress is not written yet").isNaN();
        assertThat(value(vm.historyScanP50(), "12:10")).isEqualTo(11);
        assertThat(value(vm.historyScanP99(), "12:10")).isEqualTo(20);
        assertThat(value(vm.historyScanP50(), "12:00")).as("no message, no scan time: a gap").isNaN();

        // pulses keep filling the live windows meanwhile, at their fixed size
        backend.pulse(pulse(second("12:30:20"), 0, 0, 5, 1, Double.NaN));
        ui.advance(100);
        ui.runUi();
        assertThat(vm.bytesPerSecond("pop3").size()).isEqualTo(1);
        assertThat(backend.historyReads).as("not read per pulse").hasSize(1);

        // a minute later (plus the settle time) the last minutes are read again and merged
        ui.advance(50_000);
        ui.runUi();
        assertThat(backend.historyReads).hasSize(2);
        assertThat(backend.historyReads.get(1)[0]).isEqualTo(Instant.parse("2026-11-25T12:28:00Z"));
        assertThat(backend.historyReads.get(1)[1]).isEqualTo(Instant.parse("2026-11-25T12:32:00Z"));
        backend.historyAnswers.get(1).complete(List.of(minuteRow("12:29", "pop3", 120, 2, 1),
                minuteRow("12:30", "pop3", 1200, 4, 2)));
        backend.scanAnswers.get(1).complete(List.of());
        ui.runUi();
        assertThat(vm.historyVersionProperty().get()).isEqualTo(2);
        pop3 = vm.historyBytesPerSecond("pop3");
        assertThat(pop3.time(0)).as("the range moved on by a minute").isEqualTo(second("11:32:00"));
        assertThat(value(pop3, "11:45")).as("kept from the first read").isEqualTo(100);
        assertThat(value(pop3, "12:29")).as("re-read: it grew").isEqualTo(2);
        assertThat(value(pop3, "12:30")).isEqualTo(20);
        assertThat(value(vm.historyScanP50(), "12:10")).as("outside the re-read minutes: kept").isEqualTo(11);

        // a failed read keeps what is shown and says why
        ui.advance(60_000);
        ui.runUi();
        backend.historyAnswers.get(2).completeExceptionally(new java.io.IOException("connection lost"));
        backend.scanAnswers.get(2).complete(List.of());
        ui.runUi();
        assertThat(vm.historyErrorProperty().get()).isEqualTo("connection lost");
        assertThat(value(vm.historyBytesPerSecond("pop3"), "12:30")).isEqualTo(20);

        // back to live: no more store reads, the history is let go
        vm.setRange(ChartRange.LIVE);
        ui.advance(600_000);
        ui.runUi();
        assertThat(backend.historyReads).as("no read after going live").hasSize(3);
        assertThat(vm.historyBytesPerSecond("pop3").size()).isZero();
        assertThat(vm.historyErrorProperty().get()).isNull();
    }

    @Test
    void anAnswerForAnEarlierRangeIsIgnored() {
        ui.now = Instant.parse("2026-11-25T12:30:20Z").toEpochMilli();
        vm.setRange(ChartRange.DAY);
        vm.setRange(ChartRange.HOUR);
        assertThat(backend.historyReads).hasSize(2);
        assertThat(backend.historyReads.get(0)[0]).isEqualTo(Instant.parse("2026-11-24T12:31:00Z"));
        backend.historyAnswers.get(0).complete(List.of(minuteRow("12:10", "pop3", 600, 1, 1)));
        backend.scanAnswers.get(0).complete(List.of());
        ui.runUi();
        assertThat(vm.historyVersionProperty().get()).isZero();
        backend.historyAnswers.get(1).complete(List.of());
        backend.scanAnswers.get(1).complete(List.of());
        ui.runUi();
        assertThat(vm.historyVersionProperty().get()).isEqualTo(1);
        assertThat(vm.historyBytesPerSecond("pop3").size()).isEqualTo(60);
        assertThat(value(vm.historyBytesPerSecond("pop3"), "12:10")).isZero();
    }

    private static double value(HistorySeries s, String hhmm) {
        long t = second(hhmm + ":00");
        for (int i = 0; i < s.size(); i++) {
            if (s.time(i) == t) {
                return s.value(i);
            }
        }
        throw new AssertionError(hhmm + " is not in the series");
    }

    @Test
    void closingEndsTheSubscriptions() throws Exception {
        vm.close();
        assertThat(backend.pulses).isEmpty();
        assertThat(backend.events).isEmpty();
    }
}
