package dev.mamori.ui.viewmodel;

import dev.mamori.core.events.MamoriEvent;
import dev.mamori.core.runtime.ServiceControl.Service;
import dev.mamori.ui.backend.Pulse;
import org.junit.jupiter.api.Test;

import java.time.Instant;

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

    @Test
    void closingEndsTheSubscriptions() throws Exception {
        vm.close();
        assertThat(backend.pulses).isEmpty();
        assertThat(backend.events).isEmpty();
    }
}
