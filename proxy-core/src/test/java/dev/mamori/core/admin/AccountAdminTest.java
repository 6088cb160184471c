package dev.mamori.core.admin;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The account rules on a real accounts file, without a server. */
class AccountAdminTest {
    static final char[] GOOD = "a long enough password".toCharArray();

    Path file;
    AdminAccounts accounts;
    AccountAdmin admin;

    @BeforeEach
    void setUp(@TempDir Path dir) throws Exception {
        file = dir.resolve("admin/accounts.json");
        accounts = new AdminAccounts(file);
        accounts.createIfMissing();
        admin = new AccountAdmin(accounts);
    }

    static String key(String comment) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return PublicKeyEntry.toString(g.generateKeyPair().getPublic()) + " " + comment;
    }

    static void refused(ThrowingCall call, String code, String messagePart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AdminError.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void addsListsAndDescribesAccountsWithoutHashes() throws Exception {
        String k = key("robot@ci");
        admin.add("carol", "viewer", GOOD.clone(), List.of());
        admin.add("robot", "admin", null, List.of("", "# a comment line", k));
        List<Results.Account> all = admin.list();
        assertThat(all).extracting(Results.Account::name).containsExactly("admin", "carol", "robot");
        Results.Account robot = all.get(2);
        assertThat(robot.role()).isEqualTo("admin");
        assertThat(robot.password()).isFalse();
        assertThat(robot.keys()).singleElement().satisfies(key -> {
            assertThat(key.type()).isEqualTo("ecdsa-sha2-nistp256");
            assertThat(key.fingerprint()).startsWith("SHA256:");
            assertThat(key.comment()).isEqualTo("robot@ci");
        });
        assertThat(all.get(0).mustChangePassword()).isTrue();
        assertThat(accounts.find("robot")).get().extracting(AdminAccount::authorizedKeys).isEqualTo(List.of(k));
        assertThat(AdminJson.MAPPER.writeValueAsString(all)).doesNotContain("pbkdf2").doesNotContain("Hash");
    }

    @Test
    void refusesBadInputWithTheReason() throws Exception {
        refused(() -> admin.add("Bad Name", "viewer", GOOD.clone(), null), AdminError.BAD_REQUEST, "is not allowed");
        refused(() -> admin.add("dave", "root", GOOD.clone(), null), AdminError.BAD_REQUEST, "unknown role 'root'");
        refused(() -> admin.add("dave", null, GOOD.clone(), null), AdminError.BAD_REQUEST, "'role' is required");
        refused(() -> admin.add("dave", "viewer", "short".toCharArray(), null), AdminError.BAD_REQUEST,
                "at least 12 characters");
        refused(() -> admin.add("dave", "viewer", null, List.of()), AdminError.BAD_REQUEST,
                "needs a password or an authorized key");
        refused(() -> admin.add("dave", "viewer", null, List.of("ssh-ed25519 not-base64!")), AdminError.BAD_REQUEST,
                "authorized key 1 is not an OpenSSH public key");
        refused(() -> admin.add("dave", "viewer", null, List.of("from=\"10.0.0.0/8\" " + key("x"))),
                AdminError.BAD_REQUEST, "has options (from)");
        String k = key("twice");
        refused(() -> admin.add("dave", "viewer", null, List.of(k, k)), AdminError.BAD_REQUEST, "repeats an earlier key");
        refused(() -> admin.add("dave", "viewer", null, List.of(k + "\nssh-rsa AAAA")), AdminError.BAD_REQUEST,
                "line break");
        refused(() -> admin.add("admin", "viewer", GOOD.clone(), null), AdminError.CONFLICT, "exists already");
        assertThat(admin.list()).extracting(Results.Account::name).containsExactly("admin");
    }

    @Test
    void theLastAdministratorCannotBeRemovedOrDemoted() throws Exception {
        refused(() -> admin.remove("admin", null), AdminError.CONFLICT, "last account with the admin role");
        refused(() -> admin.update("admin", "viewer", null, null), AdminError.CONFLICT, "last account with the admin role");
        admin.add("erin", "admin", GOOD.clone(), null);
        admin.update("admin", "viewer", null, null);
        assertThat(accounts.find("admin")).get().extracting(AdminAccount::role).isEqualTo(Role.VIEWER);
        refused(() -> admin.remove("erin", null), AdminError.CONFLICT, "last account with the admin role");
        admin.remove("admin", null);
        assertThat(admin.list()).extracting(Results.Account::name).containsExactly("erin");
        refused(() -> admin.remove("nobody", null), AdminError.NOT_FOUND, "no account 'nobody'");
    }

    @Test
    void anAdministratorCannotRemoveDemoteOrResetTheirOwnAccount() throws Exception {
        admin.add("erin", "admin", GOOD.clone(), null);
        refused(() -> admin.remove("erin", "erin"), AdminError.CONFLICT, "your own account");
        refused(() -> admin.update("erin", "viewer", null, "erin"), AdminError.CONFLICT, "your own account");
        refused(() -> admin.reset("erin", GOOD.clone(), "erin"), AdminError.CONFLICT, "use passwd");
        // changing one's own keys is fine
        String k = key("laptop");
        assertThat(admin.update("erin", null, List.of(k), "erin").keys()).hasSize(1);
        assertThat(accounts.find("erin")).get().extracting(AdminAccount::role).isEqualTo(Role.ADMIN);
    }

    @Test
    void updateReplacesKeysButKeepsAWayToLogIn() throws Exception {
        String k1 = key("one");
        String k2 = key("two");
        admin.add("robot", "viewer", null, List.of(k1));
        Results.Account after = admin.update("robot", null, List.of(k2), null);
        assertThat(after.keys()).extracting(Results.AccountKey::comment).containsExactly("two");
        assertThat(after.role()).isEqualTo("viewer");
        refused(() -> admin.update("robot", null, List.of(), null), AdminError.BAD_REQUEST, "needs at least one");
        Results.Account promoted = admin.update("robot", "admin", null, null);
        assertThat(promoted.role()).isEqualTo("admin");
        assertThat(promoted.keys()).hasSize(1);
    }

    @Test
    void resetSetsATemporaryPasswordThatMustBeChanged() throws Exception {
        Path initial = file.resolveSibling(AdminAccounts.INITIAL_PASSWORD_FILE);
        assertThat(initial).exists();
        admin.add("erin", "admin", GOOD.clone(), null);
        refused(() -> admin.reset("erin", "short".toCharArray(), "admin"), AdminError.BAD_REQUEST, "at least 12");
        char[] temporary = "temporary password 1".toCharArray();
        Results.Account reset = admin.reset("admin", temporary.clone(), "erin");
        assertThat(reset.mustChangePassword()).isTrue();
        AdminAccount stored = accounts.find("admin").orElseThrow();
        assertThat(PasswordHash.verify(temporary, stored.passwordHash())).isTrue();
        // the generated one-time password is no longer valid, so its file goes
        assertThat(initial).doesNotExist();
        assertThat(Files.readString(file)).doesNotContain("temporary password 1");
        refused(() -> admin.reset("nobody", GOOD.clone(), "erin"), AdminError.NOT_FOUND, "no account");
    }
}
