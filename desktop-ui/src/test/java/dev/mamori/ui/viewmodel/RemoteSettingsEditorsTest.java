package dev.mamori.ui.viewmodel;

import dev.mamori.core.store.AuditEvent;
import dev.mamori.ui.RemoteFixture;
import dev.mamori.ui.backend.RemoteBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The structured settings editors in remote mode: {@link RemoteBackend} over a real admin channel (SSH) as the
 * administrator {@code ops}. The editors start from the server's masked file text; a change the server refuses
 * ({@code config.update}'s problems) leaves the file alone, an accepted one changes only its block, and both are
 * audited under the SSH account.
 */
@Timeout(180)
class RemoteSettingsEditorsTest {
    @TempDir
    Path dir;
    private RemoteFixture f;
    private RemoteBackend backend;

    @BeforeEach
    void start() throws Exception {
        f = new RemoteFixture(dir);
        backend = f.connectOps();
    }

    @AfterEach
    void stop() throws Exception {
        if (backend != null) {
            backend.close();
        }
        f.close();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 60 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static Throwable outcome(CompletionStage<Void> stage) throws Exception {
        return stage.toCompletableFuture().handle((v, t) -> t).get(60, TimeUnit.SECONDS);
    }

    @Test
    void aRefusedPortChangesNothingAndAnAcceptedPolicyActionChangesOnlyItsLine() throws Exception {
        // the UI executor runs each update at once, on the thread that completed the call
        SettingsViewModel vm = new SettingsViewModel(backend, UiContext.of(Runnable::run, "ignored"));
        vm.refresh();
        await(() -> vm.configProperty().get() != null);
        assertThat(vm.canEdit()).isTrue();
        assertThat(vm.policy().choice("virus").get()).isEqualTo("replace, quarantine");
        String original = Files.readString(f.local.configFile);

        Throwable refused = outcome(vm.dedicated().add(new DedicatedPortsViewModel.Port("provider",
                "not-an-address", "", "pop.example.net", "", "")));
        assertThat(refused).isInstanceOf(ConfigEditRefused.class).hasMessageContaining("pop3.listeners[1].bind");
        assertThat(Files.readString(f.local.configFile)).isEqualTo(original);

        vm.policy().choice("virus").set("deliver, tag");
        assertThat(outcome(vm.policy().apply())).isNull();
        assertThat(Files.readString(f.local.configFile)).isEqualTo(original.replace(
                "    virus: [replace, quarantine]   # the default\n", "    virus:   # the default\n      - deliver\n      - tag\n"));
        await(() -> vm.configProperty().get().redactedYaml().contains("- deliver"));
        assertThat(vm.policy().choice("virus").get()).isEqualTo("deliver, tag");

        f.local.server.runtime().store().flush();
        List<AuditEvent> audit = f.local.server.runtime().store().queries().auditLog(null, null, RemoteFixture.OPS, 100);
        assertThat(audit).filteredOn(a -> a.action().equals("config.update"))
                .extracting(AuditEvent::result).containsExactly("ok", "failed");
    }
}
