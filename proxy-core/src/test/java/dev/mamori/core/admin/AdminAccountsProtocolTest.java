package dev.mamori.core.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mamori.core.admin.client.AdminClient;
import dev.mamori.core.admin.client.KnownHosts;
import dev.mamori.core.store.AuditEvent;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code accounts.*} end to end over a real SSH connection, with the audit log and the sessions of changed accounts. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminAccountsProtocolTest {
    static final String CAROL_PASSWORD = "carol's first password";
    static final String CAROL_TEMPORARY = "carol's temporary one";

    AdminFixture fixture;
    AdminClient admin;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        fixture = new AdminFixture(dir);
        fixture.prepareAccounts();
        admin = fixture.connect("admin", AdminFixture.ADMIN_PASSWORD);
    }

    @AfterAll
    void stop() {
        admin.close();
        fixture.close();
    }

    @Test
    void anAdministratorManagesAnAccountFromAddToRemove() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        Results.Account added = admin.accountAdd("carol", "viewer", CAROL_PASSWORD.toCharArray(), null);
        assertThat(added.role()).isEqualTo("viewer");
        assertThat(added.password()).isTrue();
        JsonNode raw = admin.call("accounts.list", null);
        assertThat(raw.toString()).contains("\"carol\"").doesNotContain("pbkdf2").doesNotContain("passwordHash");
        assertThat(admin.accounts()).extracting(Results.Account::name).containsExactly("admin", "viewer", "carol");

        try (AdminClient carol = fixture.connect("carol", CAROL_PASSWORD)) {
            assertThat(carol.whoami().role()).isEqualTo("viewer");
        }

        KeyPair key = ecKey();
        Results.Account updated = admin.accountUpdate("carol", "admin",
                List.of(PublicKeyEntry.toString(key.getPublic()) + " carol@laptop"));
        assertThat(updated.role()).isEqualTo("admin");
        assertThat(updated.keys()).singleElement().satisfies(k -> assertThat(k.comment()).isEqualTo("carol@laptop"));
        try (AdminClient carol = AdminClient.connect("127.0.0.1", fixture.port(), "carol", key,
                new KnownHosts(fixture.dir.resolve("known_hosts")))) {
            assertThat(carol.whoami().role()).isEqualTo("admin");
            assertThat(carol.whoami().method()).isEqualTo("publickey");
        }

        assertThat(admin.accountReset("carol", CAROL_TEMPORARY.toCharArray()).mustChangePassword()).isTrue();
        try (AdminClient carol = fixture.connect("carol", CAROL_TEMPORARY)) {
            assertThat(carol.hello().mustChangePassword()).isTrue();
            assertThatThrownBy(carol::status).isInstanceOfSatisfying(AdminError.class,
                    e -> assertThat(e.code()).isEqualTo(AdminError.PASSWORD_CHANGE_REQUIRED));
        }

        admin.accountRemove("carol");
        assertThat(admin.accounts()).extracting(Results.Account::name).containsExactly("admin", "viewer");
        assertThatThrownBy(() -> fixture.connect("carol", CAROL_TEMPORARY)).isInstanceOf(Exception.class);

        List<AuditEvent> audit = admin.audit(start, null, "admin", 1000);
        for (String action : List.of("accounts.add", "accounts.update", "accounts.reset", "accounts.remove")) {
            assertThat(audit).as(action).anySatisfy(a -> {
                assertThat(a.action()).isEqualTo(action);
                assertThat(a.target()).isEqualTo("carol");
                assertThat(a.result()).isEqualTo("ok");
            });
        }
        assertThat(audit).filteredOn(a -> a.action().equals("accounts.update")).first()
                .satisfies(a -> assertThat(a.detail()).contains("role admin").contains("1 key").contains("SHA256:"));
        assertNoSecretIn(audit);
    }

    @Test
    void refusalsComeBackWithTheirCodeAndAreAudited() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        assertError(() -> admin.accountAdd("Not Valid", "viewer", "long enough password".toCharArray(), null),
                AdminError.BAD_REQUEST, "is not allowed");
        assertError(() -> admin.accountAdd("frank", "viewer", "too short".toCharArray(), null),
                AdminError.BAD_REQUEST, "at least 12 characters");
        assertError(() -> admin.accountAdd("frank", "viewer", null, List.of("ssh-ed25519 AAAAnot-a-key")),
                AdminError.BAD_REQUEST, "not an OpenSSH public key");
        assertError(() -> admin.accountAdd("viewer", "viewer", "long enough password".toCharArray(), null),
                AdminError.CONFLICT, "exists already");
        assertError(() -> admin.accountRemove("admin"), AdminError.CONFLICT, "your own account");
        assertError(() -> admin.accountUpdate("admin", "viewer", null), AdminError.CONFLICT, "your own account");
        assertError(() -> admin.accountReset("admin", "long enough password".toCharArray()), AdminError.CONFLICT,
                "use passwd");
        assertError(() -> admin.accountRemove("nobody"), AdminError.NOT_FOUND, "no account 'nobody'");
        assertError(() -> admin.call("accounts.update", AdminJson.MAPPER.createObjectNode().put("name", "viewer")
                .put("authorizedKeys", "one string")), AdminError.BAD_REQUEST, "must be a list of strings");
        List<AuditEvent> audit = admin.audit(start, null, "admin", 1000);
        assertThat(audit).anySatisfy(a -> {
            assertThat(a.action()).isEqualTo("accounts.remove");
            assertThat(a.target()).isEqualTo("admin");
            assertThat(a.result()).isEqualTo("failed");
            assertThat(a.detail()).contains("your own account");
        });
        assertThat(audit).filteredOn(a -> a.action().equals("accounts.add")).hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(a -> assertThat(a.result()).isEqualTo("failed"));
        assertNoSecretIn(audit);
        assertThat(admin.accounts()).extracting(Results.Account::name).doesNotContain("frank");
    }

    /**
     * A demoted account loses its rights at its next command, not at its next login; a removed account is refused and
     * its session is ended.
     */
    @Test
    void aChangedAccountIsCheckedAgainBeforeEveryCommand() throws Exception {
        admin.accountAdd("dave", "admin", "dave's good password".toCharArray(), null);
        try (AdminClient dave = fixture.connect("dave", "dave's good password")) {
            assertThat(dave.accounts()).isNotEmpty();
            admin.accountUpdate("dave", "viewer", null);
            assertError(() -> dave.setService("pop3", false), AdminError.FORBIDDEN, "needs the admin role");
            assertThat(dave.whoami().role()).isEqualTo("viewer");
            admin.accountRemove("dave");
            // refused at once if it gets a command in, and its session is ended within a few seconds either way
            try {
                dave.status();
                org.junit.jupiter.api.Assertions.fail("a removed account ran a command");
            } catch (AdminError e) {
                assertThat(e.code()).isEqualTo(AdminError.FORBIDDEN);
                assertThat(e.getMessage()).contains("was removed");
            } catch (java.io.IOException closedAlready) {
                assertThat(dave.isOpen()).isFalse();
            }
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (dave.isOpen() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(dave.isOpen()).as("the removed account's session was ended").isFalse();
        }
        assertThat(admin.audit(null, null, "dave", 100)).anySatisfy(a -> {
            assertThat(a.action()).isEqualTo("session.close");
            assertThat(a.detail()).contains("account removed");
        });
    }

    @Test
    void theShellListsAndChangesAccountsByWord() throws Exception {
        ShellSyntax.Request list = ShellSyntax.parse(ShellSyntax.words("accounts"), Instant.now());
        assertThat(list.command()).isEqualTo("accounts.list");
        String table = AdminText.render("accounts.list", admin.call(list.command(), list.args()));
        assertThat(table).contains("NAME").contains("viewer").contains("2 rows");
        ShellSyntax.Request role = ShellSyntax.parse(ShellSyntax.words("accounts role viewer ADMIN"), Instant.now());
        assertThat(role.command()).isEqualTo("accounts.update");
        assertThat(role.args().get("role").asText()).isEqualTo("admin");
        ShellSyntax.Request remove = ShellSyntax.parse(ShellSyntax.words("accounts remove viewer"), Instant.now());
        assertThat(remove.command()).isEqualTo("accounts.remove");
        assertThat(remove.args().get("name").asText()).isEqualTo("viewer");
        assertError(() -> ShellSyntax.parse(ShellSyntax.words("accounts add x"), Instant.now()),
                AdminError.BAD_REQUEST, "need a password");
    }

    private static void assertNoSecretIn(List<AuditEvent> audit) {
        for (AuditEvent a : audit) {
            String all = a.action() + " " + a.target() + " " + a.detail();
            assertThat(all).doesNotContain(CAROL_PASSWORD).doesNotContain(CAROL_TEMPORARY)
                    .doesNotContain("long enough password").doesNotContain("too short").doesNotContain("pbkdf2");
        }
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    private static void assertError(ThrowingCall call, String code, String messagePart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AdminError.class, e -> {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }
}
