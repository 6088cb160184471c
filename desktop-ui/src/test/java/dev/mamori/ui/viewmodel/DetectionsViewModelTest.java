package dev.mamori.ui.viewmodel;

import dev.mamori.core.events.MamoriEvent;
import dev.mamori.core.store.DetectedThreat;
import dev.mamori.core.store.MessageEvent;
import dev.mamori.core.store.StoredMessage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DetectionsViewModelTest {
    private final ManualUi ui = new ManualUi();
    private final FakeBackend backend = new FakeBackend();
    private final DetectionsViewModel vm = new DetectionsViewModel(backend, ui.context());

    static StoredMessage stored(long row, String account, String subject, String threat, String quarantineId) {
        List<DetectedThreat> d = threat == null ? List.of()
                : List.of(new DetectedThreat(threat, "signatures", "virus", "message > part 2 > eicar.com"));
        return new StoredMessage(row, new MessageEvent(Instant.ofEpochSecond(1000 + row), "pop3", "generic", "127.0.0.1",
                account, "127.0.0.1:110", null, List.of(), "1", subject, 1234, List.of(), threat == null ? "clean" : "threats",
                threat == null ? List.of() : List.of("virus"), threat == null ? "delivered" : "replace,quarantine", 7,
                quarantineId, d));
    }

    static MamoriEvent.Detection detection(String subject, String quarantineId) {
        return new MamoriEvent.Detection(Instant.now(), "pop3", "generic", "127.0.0.1", "alice", "127.0.0.1:110",
                List.of(), subject, "1", List.of("Eicar-Test-Signature"), List.of("virus"), "replace,quarantine", quarantineId);
    }

    @Test
    void aLiveDetectionShowsAtOnceAndTheStoredRowReplacesItShortlyAfter() {
        vm.activeProperty().set(true);
        backend.event(detection("invoice", "Q-20261125-00000001"));
        ui.runUi();
        assertThat(vm.visibleRows()).singleElement().satisfies(m -> {
            assertThat(m.rowId()).isEqualTo(-1);
            assertThat(m.threats()).isEqualTo("Eicar-Test-Signature");
            assertThat(m.quarantineId()).isEqualTo("Q-20261125-00000001");
        });
        backend.messages = List.of(stored(1, "alice", "invoice", "Eicar-Test-Signature", "Q-20261125-00000001"),
                stored(2, "alice", "lunch", null, null));
        ui.advance(DetectionsViewModel.REREAD_MILLIS);
        ui.runUi();
        assertThat(vm.rows()).hasSize(2);
        assertThat(vm.visibleRows()).as("threats only by default").singleElement()
                .satisfies(m -> assertThat(m.paths()).containsExactly("Eicar-Test-Signature in message > part 2 > eicar.com (signatures)"));
        vm.threatsOnlyProperty().set(false);
        assertThat(vm.visibleRows()).hasSize(2);
    }

    @Test
    void filtersByTextAndProtocol() {
        backend.messages = List.of(stored(1, "alice", "invoice", "Eicar-Test-Signature", "Q-20261125-00000001"),
                stored(2, "bob", "report", "Heuristic.DoubleExtension", "Q-20261125-00000002"));
        vm.refresh();
        ui.runUi();
        vm.filterTextProperty().set("DOUBLE");
        assertThat(vm.visibleRows()).extracting(MessageItem::who).containsExactly("bob");
        vm.filterTextProperty().set("q-20261125-00000001");
        assertThat(vm.visibleRows()).extracting(MessageItem::who).containsExactly("alice");
        vm.filterTextProperty().set("");
        vm.protocolProperty().set("smtp");
        assertThat(vm.visibleRows()).isEmpty();
    }

    @Test
    void aBurstOfDetectionsIsOneUiTaskAndOneReread() {
        vm.activeProperty().set(true);
        for (int i = 0; i < 500; i++) {
            backend.event(detection("m" + i, null));
        }
        assertThat(ui.runUi()).isEqualTo(1);
        assertThat(vm.rows()).hasSize(500);
        assertThat(vm.rows().getFirst().subject()).as("newest first").isEqualTo("m499");
        assertThat(ui.pendingDelays()).isEqualTo(1);
    }

    @Test
    void whileHiddenLiveDetectionsAreAddedButTheStoreIsReadOnlyWhenShown() {
        backend.event(detection("invoice", null));
        ui.runUi();
        assertThat(vm.rows()).hasSize(1);
        assertThat(ui.pendingDelays()).isZero();
        backend.messages = List.of(stored(1, "alice", "invoice", "Eicar-Test-Signature", null));
        vm.refresh(); // what showing the screen does
        ui.runUi();
        assertThat(vm.rows()).singleElement().satisfies(m -> assertThat(m.rowId()).isEqualTo(1));
    }
}
