package dev.mamori.core.admin;

import dev.mamori.core.admin.client.AdminClient;
import dev.mamori.core.admin.client.HostKeyRejectedException;
import dev.mamori.core.admin.client.HostKeyVerifier;
import dev.mamori.core.admin.client.KnownHosts;
import dev.mamori.core.store.AuditEvent;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Logins through a real SSH connection: the generated account, wrong passwords, keys, host key pinning. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminAuthenticationTest {
    Path dir;
    AdminFixture fixture;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        fixture = new AdminFixture(dir);
    }

    @AfterAll
    void stop() {
        fixture.close();
    }

    @Test
    void firstStartWritesAnOwnerOnlyInitialPasswordAndHostKeyAndNeverLogsThePassword() throws Exception {
        Path initial = dir.resolve("data/admin/initial-password");
        Path hostKey = dir.resolve("data/admin/host-key");
        // the forced-change test may already have removed the initial password file
        if (Files.exists(initial)) {
            assertThat(OwnerOnly.isOwnerOnly(initial)).isTrue();
        }
        assertThat(OwnerOnly.isOwnerOnly(hostKey)).isTrue();
        assertThat(OwnerOnly.isOwnerOnly(dir.resolve("data/admin/accounts.json"))).isTrue();
        assertThat(Files.readString(dir.resolve("data/admin/accounts.json")))
                .contains("pbkdf2-sha256$600000$").doesNotContain(fixture.initialPassword);
        assertThat(fixture.server.hostKeyFingerprint()).startsWith("SHA256:");
    }

    @Test
    void theGeneratedAccountMustChangeItsPasswordBeforeAnythingElse() throws Exception {
        String newPassword = "a brand new password";
        try (AdminClient c = fixture.connect("admin", fixture.initialPassword)) {
            assertThat(c.hello().mustChangePassword()).isTrue();
            assertThat(c.whoami().mustChangePassword()).isTrue();
            assertThatThrownBy(c::status).isInstanceOfSatisfying(AdminError.class,
                    e -> assertThat(e.code()).isEqualTo(AdminError.PASSWORD_CHANGE_REQUIRED));
            assertThatThrownBy(() -> c.setService("pop3", false)).isInstanceOfSatisfying(AdminError.class,
                    e -> assertThat(e.code()).isEqualTo(AdminError.PASSWORD_CHANGE_REQUIRED));
            assertThatThrownBy(() -> c.passwd(fixture.initialPassword.toCharArray(), "short".toCharArray()))
                    .isInstanceOfSatisfying(AdminError.class, e -> assertThat(e.getMessage()).contains("at least 12"));
            c.passwd(fixture.initialPassword.toCharArray(), newPassword.toCharArray());
            assertThat(c.whoami().mustChangePassword()).isFalse();
            assertThat(c.status().name()).isEqualTo("fixture");
        }
        assertThat(dir.resolve("data/admin/initial-password")).doesNotExist();
        assertThatThrownBy(() -> fixture.connect("admin", fixture.initialPassword)).isInstanceOf(IOException.class);
        try (AdminClient c = fixture.connect("admin", newPassword)) {
            assertThat(c.hello().mustChangePassword()).isFalse();
            assertThat(c.hello().role()).isEqualTo("admin");
            List<AuditEvent> audit = c.audit(null, null, "admin", 100);
            assertThat(audit).anySatisfy(a -> {
                assertThat(a.action()).isEqualTo("passwd");
                assertThat(a.result()).isEqualTo("ok");
            });
            assertThat(audit).anySatisfy(a -> {
                assertThat(a.action()).isEqualTo("service.disable");
                assertThat(a.result()).isEqualTo("denied");
            });
        }
    }

    @Test
    void wrongPasswordAndUnknownUserAreRefusedAndAudited() throws Exception {
        assertThatThrownBy(() -> fixture.connect("admin", "not the password at all"))
                .isInstanceOf(IOException.class).hasMessageContaining("authentication as 'admin'");
        assertThatThrownBy(() -> fixture.connect("nobody", "whatever password"))
                .isInstanceOf(IOException.class).hasMessageContaining("authentication as 'nobody'");
        fixture.runtime.store().flush();
        List<AuditEvent> audit = fixture.runtime.store().queries().auditLog(null, null, null, 100);
        assertThat(audit).anySatisfy(a -> {
            assertThat(a.action()).isEqualTo("login");
            assertThat(a.target()).isEqualTo("admin");
            assertThat(a.result()).isEqualTo("failed");
        });
        assertThat(audit).anySatisfy(a -> {
            assertThat(a.target()).isEqualTo("nobody");
            assertThat(a.result()).isEqualTo("failed");
        });
        assertThat(audit).allSatisfy(a -> assertThat(String.valueOf(a.detail())).doesNotContain("not the password"));
    }

    @Test
    void anAuthorizedKeyLogsInAndAnUnknownKeyIsRefused() throws Exception {
        KeyPair allowed = ecKey();
        KeyPair unknown = ecKey();
        fixture.accounts().add(new AdminAccount("robot", Role.VIEWER, null,
                List.of(PublicKeyEntry.toString(allowed.getPublic()) + " robot@test"), false));
        KnownHosts hosts = new KnownHosts(dir.resolve("known_hosts"));
        try (AdminClient c = AdminClient.connect("127.0.0.1", fixture.port(), "robot", allowed, hosts)) {
            assertThat(c.whoami().method()).isEqualTo("publickey");
            assertThat(c.whoami().role()).isEqualTo("viewer");
        }
        assertThatThrownBy(() -> AdminClient.connect("127.0.0.1", fixture.port(), "robot", unknown, hosts))
                .isInstanceOf(IOException.class).hasMessageContaining("authentication as 'robot'");
    }

    @Test
    void aChangedHostKeyIsRefusedNamingBothFingerprints() throws Exception {
        Path file = dir.resolve("pinned_hosts");
        String other = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        Files.writeString(file, "127.0.0.1:" + fixture.port() + " " + other + " ecdsa-sha2-nistp256 AAAA\n");
        assertThatThrownBy(() -> AdminClient.connect("127.0.0.1", fixture.port(), "viewer",
                "irrelevant password".toCharArray(), new KnownHosts(file)))
                .isInstanceOf(HostKeyRejectedException.class)
                .hasMessageContaining("HOST KEY CHANGED")
                .hasMessageContaining(other)
                .hasMessageContaining(fixture.server.hostKeyFingerprint());

        // trust on first use pins the real key
        Path fresh = dir.resolve("fresh_hosts");
        KnownHosts tofu = new KnownHosts(fresh);
        fixture.accounts().add(new AdminAccount("pinner", Role.VIEWER,
                PasswordHash.hash("pinner password 1".toCharArray()), null, false));
        try (AdminClient c = AdminClient.connect("127.0.0.1", fixture.port(), "pinner",
                "pinner password 1".toCharArray(), tofu)) {
            assertThat(c.whoami().user()).isEqualTo("pinner");
        }
        assertThat(tofu.pinned("127.0.0.1", fixture.port())).isEqualTo(fixture.server.hostKeyFingerprint());
        assertThat(HostKeyVerifier.fingerprint(fixture.server.hostKey())).isEqualTo(fixture.server.hostKeyFingerprint());
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }
}
