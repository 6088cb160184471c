package dev.mamori.ui.viewmodel;

import dev.mamori.core.admin.Results;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin accounts section without the toolkit: the list, the actions, the server's refusals. */
class AccountsViewModelTest {
    private final ManualUi ui = new ManualUi();
    private final FakeBackend backend = new FakeBackend();

    private AccountsViewModel loaded() {
        backend.accounts.add(new Results.Account("admin", "admin", true, List.of(), true));
        backend.accounts.add(new Results.Account("robot", "viewer", false, List.of(
                new Results.AccountKey("ssh-ed25519", "SHA256:abc", "robot@ci", "ssh-ed25519 AAAA robot@ci")), false));
        SettingsViewModel settings = new SettingsViewModel(backend, ui.context());
        settings.refresh();
        ui.runUi();
        return settings.accounts();
    }

    @Test
    void listsTheAccountsWithRoleKeysAndForcedChange() {
        AccountsViewModel vm = loaded();
        assertThat(vm.availableProperty().get()).isTrue();
        assertThat(vm.errorProperty().get()).isNull();
        assertThat(vm.items()).extracting(AccountsViewModel.AccountItem::name).containsExactly("admin", "robot");
        AccountsViewModel.AccountItem robot = vm.items().get(1);
        assertThat(robot.role()).isEqualTo("viewer");
        assertThat(robot.password()).isFalse();
        assertThat(robot.keyCount()).isEqualTo(1);
        assertThat(robot.keysText()).isEqualTo("ssh-ed25519 AAAA robot@ci");
        assertThat(robot.keysSummary()).isEqualTo("ssh-ed25519 SHA256:abc robot@ci");
        assertThat(vm.items().get(0).mustChangePassword()).isTrue();
    }

    @Test
    void aServerThatRefusesTheListShowsWhy() {
        backend.failAccounts = new IllegalStateException("'accounts.list' needs the admin role; 'olga' is a viewer");
        AccountsViewModel vm = loaded();
        assertThat(vm.availableProperty().get()).isFalse();
        assertThat(vm.items()).isEmpty();
        assertThat(vm.errorProperty().get()).contains("needs the admin role");
    }

    @Test
    void addSendsTheKeyLinesAndRefreshesAfterTheServerAccepted() {
        AccountsViewModel vm = loaded();
        backend.accountAnswer = new CompletableFuture<>();
        CompletionStage<Void> done = vm.add(" carol ", "viewer", "", "", "\nssh-ed25519 AAAA one\n  \nssh-rsa BBBB two\n");
        assertThat(vm.busyProperty().get()).isTrue();
        assertThat(backend.actions).containsExactly("add account carol viewer password=false"
                + " keys=[ssh-ed25519 AAAA one, ssh-rsa BBBB two] by dashboard:test");
        backend.accountAnswer.complete(null);
        ui.runUi();
        assertThat(done.toCompletableFuture()).isCompleted().isNotCompletedExceptionally();
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.lastChangeProperty().get()).isEqualTo(new AccountsViewModel.Change("added", "carol"));
        assertThat(vm.items()).extracting(AccountsViewModel.AccountItem::name).containsExactly("admin", "robot", "carol");
    }

    @Test
    void passwordsTypedDifferentlyAreNotSent() {
        AccountsViewModel vm = loaded();
        CompletionStage<Void> add = vm.add("carol", "viewer", "first password 1", "first password 2", "");
        CompletionStage<Void> reset = vm.reset("robot", "a new password 1", "a new password 2");
        CompletionStage<Void> empty = vm.reset("robot", "", "");
        assertThat(problemKey(add)).isEqualTo("accounts.problem.mismatch");
        assertThat(problemKey(reset)).isEqualTo("accounts.problem.mismatch");
        assertThat(problemKey(empty)).isEqualTo("accounts.problem.password");
        assertThat(backend.actions).isEmpty();
    }

    private static String problemKey(CompletionStage<Void> stage) {
        Throwable failure = stage.toCompletableFuture().handle((v, e) -> e).join();
        assertThat(failure).isInstanceOf(AccountsViewModel.InputProblem.class);
        return ((AccountsViewModel.InputProblem) failure).key();
    }

    @Test
    void aRefusalKeepsTheListAndShowsTheServersReason() {
        AccountsViewModel vm = loaded();
        backend.accountAnswer = CompletableFuture.failedFuture(
                new IllegalStateException("'admin' is the last account with the admin role"));
        CompletionStage<Void> done = vm.remove("admin");
        ui.runUi();
        assertThat(done.toCompletableFuture()).isCompletedExceptionally();
        assertThat(vm.actionErrorProperty().get()).isEqualTo("'admin' is the last account with the admin role");
        assertThat(vm.lastChangeProperty().get()).isNull();
        assertThat(vm.items()).hasSize(2);
        assertThat(backend.actions).containsExactly("remove account admin by dashboard:test");

        backend.accountAnswer = null;
        vm.remove("robot");
        ui.runUi();
        assertThat(vm.actionErrorProperty().get()).isNull();
        assertThat(vm.lastChangeProperty().get()).isEqualTo(new AccountsViewModel.Change("removed", "robot"));
        assertThat(vm.items()).extracting(AccountsViewModel.AccountItem::name).containsExactly("admin");
    }

    @Test
    void editAndResetSendWhatTheDialogsHold() {
        AccountsViewModel vm = loaded();
        vm.update("robot", "admin", "ssh-ed25519 AAAA robot@ci\n");
        vm.update("robot", "viewer", null);
        vm.reset("robot", "temporary password", "temporary password");
        ui.runUi();
        assertThat(backend.actions).containsExactly(
                "update account robot admin keys=[ssh-ed25519 AAAA robot@ci] by dashboard:test",
                "update account robot viewer keys=null by dashboard:test",
                "reset account robot password=temporary password by dashboard:test");
        assertThat(vm.lastChangeProperty().get()).isEqualTo(new AccountsViewModel.Change("reset", "robot"));
    }
}
