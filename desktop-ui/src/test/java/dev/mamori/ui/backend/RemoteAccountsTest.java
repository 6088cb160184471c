package dev.mamori.ui.backend;

import dev.mamori.core.admin.AdminAccount;
import dev.mamori.core.admin.AdminAccounts;
import dev.mamori.core.admin.PasswordHash;
import dev.mamori.core.admin.Results;
import dev.mamori.core.admin.Role;
import dev.mamori.core.admin.client.AdminClient;
import dev.mamori.core.admin.client.KnownHosts;
import dev.mamori.core.store.AuditEvent;
import dev.mamori.ui.RemoteFixture;
import dev.mamori.ui.viewmodel.Failures;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's account methods in remote mode: {@link RemoteBackend} over a real admin channel (SSH), logged in as
 * the administrator {@code ops}; the server's rules and role checks come back as failed stages with its reasons, and
 * every change is audited under the SSH account.
 */
@Timeout(180)
class RemoteAccountsTest {
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

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static String failure(CompletionStage<?> stage) {
        Throwable t = stage.toCompletableFuture().handle((v, e) -> e).join();
        assertThat(t).as("the stage failed").isNotNull();
        return Failures.reason(t);
    }

    @Test
    void anAdministratorAddsChangesResetsAndRemovesAnAccount() throws Exception {
        assertThat(get(backend.accounts())).extracting(Results.Account::name).containsExactly("admin", "ops");
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        String key = PublicKeyEntry.toString(g.generateKeyPair().getPublic()) + " carol@laptop";

        Results.Account carol = get(backend.addAccount("carol", "viewer", "carol's own password".toCharArray(),
                List.of(key), "ignored"));
        assertThat(carol.keys()).singleElement().satisfies(k -> assertThat(k.line()).isEqualTo(key));
        assertThat(get(backend.updateAccount("carol", "admin", null, "ignored")).role()).isEqualTo("admin");
        assertThat(get(backend.resetPassword("carol", "a temporary password".toCharArray(), "ignored"))
                .mustChangePassword()).isTrue();
        AdminAccount stored = f.admin.accounts().find("carol").orElseThrow();
        assertThat(stored.role()).isEqualTo(Role.ADMIN);
        assertThat(stored.authorizedKeys()).containsExactly(key);
        assertThat(PasswordHash.verify("a temporary password".toCharArray(), stored.passwordHash())).isTrue();
        get(backend.removeAccount("carol", "ignored"));
        assertThat(get(backend.accounts())).extracting(Results.Account::name).containsExactly("admin", "ops");

        f.local.server.runtime().store().flush();
        List<AuditEvent> audit = f.local.server.runtime().store().queries().auditLog(null, null, RemoteFixture.OPS, 100);
        assertThat(audit).filteredOn(a -> a.action().startsWith("accounts."))
                .extracting(a -> a.action() + " " + a.target() + " " + a.result())
                .containsExactly("accounts.remove carol ok", "accounts.reset carol ok", "accounts.update carol ok",
                        "accounts.add carol ok");
        assertThat(audit).allSatisfy(a -> assertThat(String.valueOf(a.detail())).doesNotContain("password 1")
                .doesNotContain("carol's own password").doesNotContain("a temporary password"));
    }

    @Test
    void theServersRulesComeBackAsReasons() throws Exception {
        assertThat(failure(backend.removeAccount("ops", "ignored"))).contains("your own account");
        assertThat(failure(backend.updateAccount("ops", "viewer", null, "ignored"))).contains("your own account");
        assertThat(failure(backend.resetPassword("ops", "long enough password".toCharArray(), "ignored")))
                .contains("use passwd");
        assertThat(failure(backend.addAccount("x y", "viewer", "long enough password".toCharArray(), null, "ignored")))
                .contains("is not allowed");
        assertThat(failure(backend.addAccount("zed", "viewer", null, List.of("ssh-ed25519 nonsense"), "ignored")))
                .contains("not an OpenSSH public key");
        assertThat(failure(backend.removeAccount("nobody", "ignored"))).contains("no account 'nobody'");
        assertThat(get(backend.accounts())).extracting(Results.Account::name).containsExactly("admin", "ops");
    }

    @Test
    void aViewerIsToldThatAccountsNeedTheAdminRole() throws Exception {
        new AdminAccounts(f.dataDir().resolve("admin/accounts.json")).add(new AdminAccount("olga", Role.VIEWER,
                PasswordHash.hash("olga's password 1".toCharArray()), null, false));
        try (RemoteBackend viewer = RemoteBackend.over(AdminClient.connect("127.0.0.1", f.port(), "olga",
                "olga's password 1".toCharArray(), new KnownHosts(f.knownHosts)), f.address())) {
            assertThat(failure(viewer.accounts())).contains("needs the admin role");
            assertThat(failure(viewer.removeAccount("admin", "ignored"))).contains("needs the admin role");
        }
        assertThat(f.admin.accounts().find("admin")).isPresent();
    }
}
