package dev.mamori.ui.viewmodel;

import dev.mamori.core.admin.client.AdminClient;
import dev.mamori.core.admin.client.KnownHosts;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connect screen's view-model without the toolkit, against a real server with the admin channel: the fresh
 * server's forced password change, trust on first use (confirmed and declined), and the refusal of a changed host key.
 */
@Timeout(180)
class ConnectViewModelTest {
    @TempDir
    Path dir;
    private RemoteFixture f;
    private final ExecutorService background = Executors.newCachedThreadPool();
    private final CompletableFuture<RemoteBackend> connected = new CompletableFuture<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private ConnectViewModel vm;

    @BeforeEach
    void start() throws Exception {
        f = new RemoteFixture(dir);
        // the UI executor runs tasks at once: properties are plain values here, not bound to any control
        UiContext ctx = new UiContext(Runnable::run, (ms, task) -> { }, System::currentTimeMillis, "dashboard:test");
        vm = new ConnectViewModel(ctx, background, f.knownHosts, ConnectViewModel.Connector.ADMIN_CLIENT,
                connected::complete);
    }

    @AfterEach
    void stop() throws Exception {
        if (connected.isDone()) {
            connected.join().close();
        }
        background.shutdownNow();
        f.close();
    }

    private void answer(boolean trust, String newPassword) {
        vm.setPrompts(new ConnectViewModel.Prompts() {
            @Override
            public CompletionStage<Boolean> trustHostKey(String target, String fingerprint) {
                asked.add("trust " + target + " " + fingerprint);
                return CompletableFuture.completedFuture(trust);
            }

            @Override
            public CompletionStage<char[]> newPassword(String user) {
                asked.add("passwd " + user);
                return CompletableFuture.completedFuture(newPassword == null ? null : newPassword.toCharArray());
            }
        });
    }

    private void awaitIdle() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        Thread.sleep(50);
        while (vm.busyProperty().get()) {
            assertThat(System.nanoTime()).as("the attempt ends").isLessThan(end);
            Thread.sleep(50);
        }
    }

    @Test
    void theFreshServersForcedPasswordChangeIsAskedForDoneAndThenTheDashboardOpens() throws Exception {
        answer(true, "a brand new password 42");
        char[] initial = f.initialPassword();
        vm.addressProperty().set(f.address());
        vm.userProperty().set("admin");
        vm.passwordProperty().set(new String(initial));
        vm.connect();
        assertThat(vm.passwordProperty().get()).as("the field is cleared once the attempt starts").isEmpty();

        RemoteBackend backend = connected.get(90, TimeUnit.SECONDS);
        assertThat(backend.serverInfo().name()).isEqualTo("dashboard-test");
        assertThat(asked).hasSize(2);
        assertThat(asked.get(0)).startsWith("trust " + f.address() + " SHA256:")
                .endsWith(f.admin.hostKeyFingerprint());
        assertThat(asked.get(1)).isEqualTo("passwd admin");
        assertThat(vm.errorProperty().get()).isNull();
        assertThat(new KnownHosts(f.knownHosts).pinned("127.0.0.1", f.port())).isEqualTo(f.admin.hostKeyFingerprint());
        // the backend works: the account may now do everything
        assertThat(backend.quarantine().toCompletableFuture().get(60, TimeUnit.SECONDS)).isEmpty();
        try (AdminClient again = AdminClient.connect("127.0.0.1", f.port(), "admin",
                "a brand new password 42".toCharArray(), new KnownHosts(f.knownHosts))) {
            assertThat(again.hello().mustChangePassword()).isFalse();
        }
        assertThat(Files.exists(f.dataDir().resolve("admin/initial-password"))).isFalse();
    }

    @Test
    void cancellingTheNewPasswordDoesNotConnect() throws Exception {
        answer(true, null);
        vm.addressProperty().set(f.address());
        vm.userProperty().set("admin");
        vm.passwordProperty().set(new String(f.initialPassword()));
        vm.connect();
        awaitIdle();
        assertThat(connected).isNotDone();
        assertThat(vm.errorProperty().get()).contains("requires a new password");
    }

    @Test
    void anUnknownHostKeyThatIsNotTrustedIsNotPinned() throws Exception {
        answer(false, null);
        vm.addressProperty().set(f.address());
        vm.userProperty().set(RemoteFixture.OPS);
        vm.passwordProperty().set(new String(RemoteFixture.OPS_PASSWORD));
        vm.connect();
        awaitIdle();
        assertThat(connected).isNotDone();
        assertThat(vm.errorProperty().get()).contains("was not trusted", f.admin.hostKeyFingerprint());
        assertThat(vm.hostKeyChangedProperty().get()).isFalse();
        assertThat(new KnownHosts(f.knownHosts).pinned("127.0.0.1", f.port())).isNull();
    }

    @Test
    void aChangedHostKeyIsRefusedLoudlyWithBothFingerprintsWithoutAsking() throws Exception {
        String pinned = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        Files.writeString(f.knownHosts, f.address() + " " + pinned
                + " ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBOld\n");
        answer(true, null);
        vm.addressProperty().set(f.address());
        vm.userProperty().set(RemoteFixture.OPS);
        vm.passwordProperty().set(new String(RemoteFixture.OPS_PASSWORD));
        vm.connect();
        awaitIdle();
        assertThat(connected).isNotDone();
        assertThat(asked).as("a changed key is never offered for trust").isEmpty();
        assertThat(vm.hostKeyChangedProperty().get()).isTrue();
        assertThat(vm.errorProperty().get()).contains("HOST KEY CHANGED", pinned, f.admin.hostKeyFingerprint());
    }

    @Test
    void aKeyFileLogsIn() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        java.security.KeyPair key = generator.generateKeyPair();
        Path keyFile = dir.resolve("id_ecdsa");
        try (var out = Files.newOutputStream(keyFile)) {
            org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter.INSTANCE
                    .writePrivateKey(key, "robot@test", null, out);
        }
        String publicLine = org.apache.sshd.common.config.keys.PublicKeyEntry.toString(key.getPublic()) + " robot@test";
        dev.mamori.core.admin.AdminAccounts accounts =
                new dev.mamori.core.admin.AdminAccounts(f.dataDir().resolve("admin/accounts.json"));
        accounts.add(new dev.mamori.core.admin.AdminAccount("robot", dev.mamori.core.admin.Role.VIEWER, null,
                List.of(publicLine), false));
        answer(true, "never asked for a key login");
        vm.addressProperty().set(f.address());
        vm.identityProperty().set(keyFile.toString());
        vm.userProperty().set("robot");
        vm.connect();
        RemoteBackend backend = connected.get(90, TimeUnit.SECONDS);
        assertThat(backend.serverInfo().name()).isEqualTo("dashboard-test");
        assertThat(asked).noneMatch(a -> a.startsWith("passwd"));
    }

    @Test
    void incompleteFieldsAreExplainedWithoutConnecting() {
        answer(true, null);
        vm.addressProperty().set("no-port-here");
        vm.passwordProperty().set("x");
        vm.connect();
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.errorProperty().get()).contains("host:port");
        vm.addressProperty().set(f.address());
        vm.passwordProperty().set("");
        vm.connect();
        assertThat(vm.errorProperty().get()).contains("password or a key file");
    }
}
