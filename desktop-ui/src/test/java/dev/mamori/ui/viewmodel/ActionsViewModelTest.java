package dev.mamori.ui.viewmodel;

import dev.mamori.core.component.ComponentStatus;
import dev.mamori.core.quarantine.QuarantineEntry;
import dev.mamori.core.log.LogLine;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Quarantine, components and log view-models: outcomes and failure reasons reach the properties. */
class ActionsViewModelTest {
    private final ManualUi ui = new ManualUi();
    private final FakeBackend backend = new FakeBackend();

    private static QuarantineEntry entry(String id, String subject) {
        return new QuarantineEntry(id, Instant.EPOCH, "pop3", "alice", "127.0.0.1:110", "127.0.0.1", "1", subject, 10,
                "ab", List.of("Eicar-Test-Signature in message > part 2 > eicar.com"), QuarantineEntry.Status.QUARANTINED);
    }

    @Test
    void quarantineActionsReportTheirOutcomeAndNameTheActor() {
        QuarantineViewModel vm = new QuarantineViewModel(backend, ui.context());
        backend.quarantine = List.of(entry("Q-20261125-00000001", "invoice"), entry("Q-20261125-00000002", "report"));
        vm.select("Q-20261125-00000002"); // a link followed before the list was read
        vm.refresh();
        ui.runUi();
        assertThat(vm.selectedProperty().get().subject()).isEqualTo("report");
        vm.searchProperty().set("INVOICE");
        assertThat(vm.visibleEntries()).extracting(QuarantineEntry::id).containsExactly("Q-20261125-00000001");

        vm.release(vm.visibleEntries().getFirst());
        ui.runUi();
        assertThat(vm.outcomeProperty().get()).isEqualTo(new QuarantineViewModel.Outcome(false,
                "quarantine.release.failed", "Q-20261125-00000001", "disk full"));
        vm.delete(vm.visibleEntries().getFirst());
        ui.runUi();
        assertThat(vm.outcomeProperty().get().key()).isEqualTo("quarantine.delete.done");
        vm.export(vm.visibleEntries().getFirst(), Path.of("/tmp/x.eml"));
        ui.runUi();
        assertThat(vm.outcomeProperty().get().detail()).isEqualTo("/tmp/x.eml");
        assertThat(backend.actions).containsExactly("release Q-20261125-00000001 by dashboard:test",
                "delete Q-20261125-00000001 by dashboard:test", "export Q-20261125-00000001 to /tmp/x.eml");

        backend.failQuarantine = new IllegalStateException("the event store is closed");
        vm.refresh();
        ui.runUi();
        assertThat(vm.errorProperty().get()).isEqualTo("the event store is closed");
    }

    @Test
    void componentUpdatesShowProgressThenTheReasonOfAFailure() {
        ComponentsViewModel vm = new ComponentsViewModel(backend, ui.context());
        backend.components = List.of(new ComponentStatus("virus-patterns", "built-in", null, null, null, null, null,
                ComponentStatus.State.NOT_CONFIGURED, "no update source configured"));
        vm.refresh();
        ui.runUi();
        ComponentItem item = vm.items().getFirst();
        backend.componentAnswer = new CompletableFuture<>();
        vm.updateNow(item);
        assertThat(item.busyProperty().get()).isTrue();
        assertThat(item.runningProperty().get()).isEqualTo("update");
        backend.componentAnswer.completeExceptionally(new IllegalStateException("signature download failed: HTTP 503"));
        ui.runUi();
        assertThat(item.busyProperty().get()).isFalse();
        assertThat(item.failureProperty().get()).isEqualTo("signature download failed: HTTP 503");

        backend.componentAnswer = CompletableFuture.completedFuture(new ComponentStatus("virus-patterns", "2026.11.24",
                null, Instant.EPOCH, "rolled back", null, null, ComponentStatus.State.PINNED, null));
        vm.rollback(item);
        ui.runUi();
        assertThat(item.failureProperty().get()).isNull();
        assertThat(item.statusProperty().get().currentVersion()).isEqualTo("2026.11.24");
        vm.refresh();
        ui.runUi();
        assertThat(vm.items()).singleElement().isSameAs(item);
    }

    @Test
    void theLogKeepsTheNewestLinesAndFiltersByLevel() {
        LogViewModel vm = new LogViewModel(backend, ui.context());
        List<LogLine> lines = new ArrayList<>();
        for (int i = 0; i < LogViewModel.MAX_LINES + 500; i++) {
            lines.add(new LogLine(i, Instant.EPOCH, i % 10 == 0 ? LogLine.Level.WARN : LogLine.Level.INFO, "x", "t", "line " + i));
        }
        backend.logs.forEach(c -> c.accept(lines.subList(0, 1000)));
        backend.logs.forEach(c -> c.accept(lines.subList(1000, lines.size())));
        assertThat(ui.runUi()).isEqualTo(1);
        assertThat(vm.keptLines()).isEqualTo(LogViewModel.MAX_LINES);
        assertThat(vm.visibleLines().getLast().message()).isEqualTo("line " + (LogViewModel.MAX_LINES + 499));
        vm.thresholdProperty().set(LogLine.Level.WARN);
        assertThat(vm.visibleLines()).hasSize(LogViewModel.MAX_LINES / 10)
                .allSatisfy(l -> assertThat(l.level()).isEqualTo(LogLine.Level.WARN));
    }
}
