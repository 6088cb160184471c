package dev.mamori.ui.viewmodel;

import dev.mamori.ui.backend.ConfigUpdateResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The settings edit mode: problems keep it open, an accepted edit closes it with the restart-needed sections. */
class SettingsViewModelTest {
    private final ManualUi ui = new ManualUi();
    private final FakeBackend backend = new FakeBackend();

    @Test
    void aReadOnlyConfigurationCannotBeEdited() {
        SettingsViewModel vm = new SettingsViewModel(backend, ui.context());
        vm.refresh();
        ui.runUi();
        assertThat(vm.canEdit()).isFalse();
        vm.startEditing();
        assertThat(vm.editingProperty().get()).isFalse();
    }

    @Test
    void problemsAreListedWithTheirPathsThenAnAcceptedEditEndsEditing() {
        backend.configEditable = true;
        SettingsViewModel vm = new SettingsViewModel(backend, ui.context());
        vm.refresh();
        ui.runUi();
        assertThat(vm.canEdit()).isTrue();
        vm.startEditing();
        assertThat(vm.editingProperty().get()).isTrue();
        assertThat(vm.draftProperty().get()).isEqualTo("server:\n  name: test");

        vm.draftProperty().set("scan:\n  quarantineRetention: forever\n");
        backend.configAnswer = new CompletableFuture<>();
        vm.apply();
        assertThat(vm.busyProperty().get()).isTrue();
        vm.apply(); // a second click while busy sends nothing
        backend.configAnswer.complete(new ConfigUpdateResult(false, List.of(new ConfigUpdateResult.Problem(
                "scan.quarantineRetention", "'forever' is not a duration", "examples: 30d, 12h")), List.of(), List.of()));
        ui.runUi();
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.editingProperty().get()).isTrue();
        assertThat(vm.describeProblems()).containsExactly(
                "scan.quarantineRetention: 'forever' is not a duration (examples: 30d, 12h)");
        assertThat(vm.appliedProperty().get()).isFalse();

        vm.draftProperty().set("scan:\n  quarantineRetention: 7d\n");
        backend.configAnswer = CompletableFuture.completedFuture(new ConfigUpdateResult(true, List.of(), List.of(),
                List.of("scan.quarantineRetention")));
        vm.apply();
        ui.runUi();
        assertThat(vm.editingProperty().get()).isFalse();
        assertThat(vm.appliedProperty().get()).isTrue();
        assertThat(vm.problems()).isEmpty();
        assertThat(vm.restartRequired()).containsExactly("scan.quarantineRetention");
        assertThat(backend.actions).containsExactly(
                "update config by dashboard:test: scan:\n  quarantineRetention: forever\n",
                "update config by dashboard:test: scan:\n  quarantineRetention: 7d\n");
    }

    @Test
    void aFailureIsShownAndEditingStays() {
        backend.configEditable = true;
        SettingsViewModel vm = new SettingsViewModel(backend, ui.context());
        vm.refresh();
        ui.runUi();
        vm.startEditing();
        backend.configAnswer = CompletableFuture.failedFuture(new IllegalStateException("the disk is full"));
        vm.apply();
        ui.runUi();
        assertThat(vm.applyErrorProperty().get()).isEqualTo("the disk is full");
        assertThat(vm.editingProperty().get()).isTrue();
        vm.cancelEditing();
        assertThat(vm.editingProperty().get()).isFalse();
    }
}
