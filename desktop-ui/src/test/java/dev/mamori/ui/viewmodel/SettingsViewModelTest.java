package dev.mamori.ui.viewmodel;

import dev.mamori.ui.backend.ConfigUpdateResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The structured settings editors without the toolkit: a change is made to the server's current text in the edited
 * block only, sent whole; a refusal keeps the problems (nothing else changes), an acceptance lists what needs a
 * restart and reads the configuration again.
 */
class SettingsViewModelTest {
    private static final String TEXT = """
            # site config
            upstreams:
              allow:
                - hosts: ['*']
                  ports: [110, 995]
                - hosts: [127.0.0.1]
                  ports: [11000-11099]
                  permitAddresses: [127.0.0.1/32]
                  tls: opportunistic
              # keep me
              tls: required
            scan:
              policy:
                virus: [replace, quarantine]  # default
                # keep me too
                malformed: [deliver, tag]
            """;
    private final ManualUi ui = new ManualUi();
    private final FakeBackend backend = new FakeBackend();

    private SettingsViewModel open(boolean editable) {
        backend.configEditable = editable;
        backend.configText = TEXT;
        SettingsViewModel vm = new SettingsViewModel(backend, ui.context());
        vm.refresh();
        ui.runUi();
        return vm;
    }

    private static <T> Throwable failure(CompletionStage<T> stage) {
        return stage.handle((v, t) -> t).toCompletableFuture().getNow(null);
    }

    @Test
    void theEditorsShowTheFilesValuesAndTheDefaultsWhereItSetsNone() {
        SettingsViewModel vm = open(true);
        assertThat(vm.canEdit()).isTrue();
        assertThat(vm.policy().choice("virus").get()).isEqualTo("replace, quarantine");
        assertThat(vm.policy().choice("malformed").get()).isEqualTo("deliver, tag");
        assertThat(vm.policy().choice("maliciousUrl").get()).isEqualTo("deliver, tag, quarantine");
        assertThat(vm.policy().choice(ScanPolicyViewModel.SCAN_FAILURE).get()).isEqualTo("tempfail");
        assertThat(vm.policy().changed()).isFalse();
        assertThat(vm.upstreams().rules()).containsExactly(
                new UpstreamRulesViewModel.Rule(List.of("*"), List.of("110", "995"), List.of(), ""),
                new UpstreamRulesViewModel.Rule(List.of("127.0.0.1"), List.of("11000-11099"), List.of("127.0.0.1/32"), "opportunistic"));
        assertThat(ScanPolicyViewModel.ACTIONS).hasSize(12).contains("strip, quarantine", "deliver", "replace, tag, quarantine");
    }

    @Test
    void aPolicyChangeRewritesOnlyThatCategoryAndAnAcceptedChangeListsTheRestartNeeded() {
        SettingsViewModel vm = open(true);
        vm.policy().choice("virus").set("strip, tag, quarantine");
        assertThat(vm.policy().changed()).isTrue();
        backend.configAnswer = new CompletableFuture<>();
        CompletionStage<Void> done = vm.policy().apply();
        assertThat(vm.busyProperty().get()).isTrue();
        assertThat(failure(vm.policy().apply())).hasMessageContaining("another change"); // a second click sends nothing
        assertThat(backend.actions).containsExactly("update config by dashboard:test: " + TEXT.replace(
                "    virus: [replace, quarantine]  # default\n", "    virus:  # default\n      - strip\n      - tag\n      - quarantine\n"));
        backend.configAnswer.complete(new ConfigUpdateResult(true, List.of(), List.of("scan policy"), List.of()));
        ui.runUi();
        assertThat(done.toCompletableFuture()).isCompleted().isNotCompletedExceptionally();
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.appliedProperty().get()).isTrue();
        assertThat(vm.appliedNow()).containsExactly("scan policy");
        assertThat(vm.restartRequired()).isEmpty();
    }

    @Test
    void aRefusedChangeKeepsTheServersProblemsAndTheChoices() {
        SettingsViewModel vm = open(true);
        vm.policy().choice("encrypted").set("deliver");
        backend.configAnswer = CompletableFuture.completedFuture(new ConfigUpdateResult(false, List.of(
                new ConfigUpdateResult.Problem("scan.policy.encrypted", "not allowed here", "replace")), List.of(), List.of()));
        CompletionStage<Void> done = vm.policy().apply();
        ui.runUi();
        assertThat(failure(done)).isInstanceOf(ConfigEditRefused.class)
                .hasMessage("scan.policy.encrypted: not allowed here (replace)");
        assertThat(vm.describeProblems()).containsExactly("scan.policy.encrypted: not allowed here (replace)");
        assertThat(vm.appliedProperty().get()).isFalse();
        assertThat(vm.policy().choice("encrypted").get()).isEqualTo("deliver");
        vm.policy().revert();
        assertThat(vm.policy().choice("encrypted").get()).isEqualTo("replace, quarantine");
    }

    @Test
    void nothingChangedSendsNothing() {
        SettingsViewModel vm = open(true);
        assertThat(vm.policy().apply().toCompletableFuture()).isCompleted();
        assertThat(backend.actions).isEmpty();
    }

    @Test
    void addingAndRemovingRulesRewritesTheAllowListOnly() {
        SettingsViewModel vm = open(true);
        backend.configAnswer = CompletableFuture.completedFuture(new ConfigUpdateResult(true, List.of(), List.of("upstreams"), List.of()));
        CompletionStage<Void> added = vm.upstreams().add(UpstreamRulesViewModel.Rule.of("pop.example.net, *.example.org", "995 110", "", "required"));
        ui.runUi();
        assertThat(added.toCompletableFuture()).isCompleted().isNotCompletedExceptionally();
        String sent = backend.actions.get(0).substring("update config by dashboard:test: ".length());
        assertThat(sent).isEqualTo("""
                # site config
                upstreams:
                  allow:
                    - hosts:
                        - '*'
                      ports:
                        - 110
                        - 995
                    - hosts:
                        - 127.0.0.1
                      ports:
                        - 11000-11099
                      permitAddresses:
                        - 127.0.0.1/32
                      tls: opportunistic
                    - hosts:
                        - pop.example.net
                        - '*.example.org'
                      ports:
                        - 995
                        - 110
                      tls: required
                  # keep me
                  tls: required
                scan:
                  policy:
                    virus: [replace, quarantine]  # default
                    # keep me too
                    malformed: [deliver, tag]
                """);

        vm.upstreams().remove(0);
        ui.runUi();
        assertThat(backend.actions.get(1)).doesNotContain("'*'\n").contains("11000-11099");
    }

    @Test
    void aConfigurationWithoutAFileIsNotChanged() {
        SettingsViewModel vm = open(false);
        assertThat(vm.canEdit()).isFalse();
        vm.policy().choice("virus").set("deliver");
        CompletionStage<Void> done = vm.policy().apply();
        ui.runUi();
        assertThat(failure(done)).hasMessageContaining("does not accept configuration changes");
        assertThat(vm.applyErrorProperty().get()).contains("does not accept");
        assertThat(backend.actions).isEmpty();
    }

    @Test
    void aTextThatCannotBeEditedSafelyIsNotSent() {
        backend.configEditable = true;
        backend.configText = "scan: {policy: {virus: [deliver]}}\n";
        SettingsViewModel vm = new SettingsViewModel(backend, ui.context());
        vm.refresh();
        ui.runUi();
        assertThat(vm.policy().choice("virus").get()).isEqualTo("deliver");
        vm.policy().choice("virus").set("replace");
        CompletionStage<Void> done = vm.policy().apply();
        ui.runUi();
        assertThat(failure(done)).hasMessageContaining("flow style");
        assertThat(backend.actions).isEmpty();
    }

    @Test
    void aFailureIsReported() {
        SettingsViewModel vm = open(true);
        backend.configAnswer = CompletableFuture.failedFuture(new IllegalStateException("the disk is full"));
        vm.policy().choice("virus").set("deliver");
        CompletionStage<Void> done = vm.policy().apply();
        ui.runUi();
        assertThat(failure(done)).hasMessageContaining("the disk is full");
        assertThat(vm.applyErrorProperty().get()).isEqualTo("the disk is full");
        assertThat(vm.busyProperty().get()).isFalse();
    }

    @Test
    void anUpdateSourceIsAddedFieldByFieldAndEmptyingTheSourceRemovesTheSection() {
        SettingsViewModel vm = open(true);
        assertThat(vm.updates().configured()).isFalse();
        assertThat(vm.updates().sourceProperty().get()).isEmpty();
        vm.updates().sourceProperty().set(" https://updates.example.net/mamori/ ");
        vm.updates().scheduleProperty().set("6h");
        vm.updates().trustedKeysProperty().set("MCowBQYDK2VwAyEAkey1\n\n  MCowBQYDK2VwAyEAkey2  \n");
        backend.configAnswer = CompletableFuture.completedFuture(new ConfigUpdateResult(true, List.of(), List.of(), List.of("updates")));
        vm.updates().apply();
        ui.runUi();
        assertThat(backend.actions).containsExactly("update config by dashboard:test: " + TEXT + """
                updates:
                  source: https://updates.example.net/mamori/
                  schedule: 6h
                  trustedKeys:
                    - MCowBQYDK2VwAyEAkey1
                    - MCowBQYDK2VwAyEAkey2
                """);
        assertThat(vm.restartRequired()).containsExactly("updates");

        backend.configText = TEXT + "updates:\n  source: https://u.example/\n  # every six hours\n  schedule: 6h\n  trustedKeys: [k1]\n";
        vm.refresh();
        ui.runUi();
        assertThat(vm.updates().configured()).isTrue();
        assertThat(vm.updates().scheduleProperty().get()).isEqualTo("6h");
        assertThat(vm.updates().trustedKeysProperty().get()).isEqualTo("k1");
        vm.updates().scheduleProperty().set("");
        vm.updates().apply();
        ui.runUi();
        assertThat(backend.actions.get(1)).endsWith("updates:\n  source: https://u.example/\n  # every six hours\n  trustedKeys: [k1]\n");

        vm.updates().sourceProperty().set("  ");
        vm.updates().apply();
        ui.runUi();
        assertThat(backend.actions.get(2)).isEqualTo("update config by dashboard:test: " + TEXT);
    }

    @Test
    void dedicatedPortsAreEditedAmongTheOtherListenersKeptAsTheyAre() {
        backend.configEditable = true;
        backend.configText = """
                pop3:
                  # the listeners
                  listeners:
                    - name: generic
                      bind: 127.0.0.1:11110
                      tls: none
                    - name: provider
                      mode: dedicated
                      bind: 127.0.0.1:11111
                      upstream: {host: pop.example.net, port: 995}
                """;
        SettingsViewModel vm = new SettingsViewModel(backend, ui.context());
        vm.refresh();
        ui.runUi();
        assertThat(vm.dedicated().ports()).containsExactly(
                new DedicatedPortsViewModel.Port("provider", "127.0.0.1:11111", "", "pop.example.net", "995", ""));
        assertThat(vm.dedicated().ports().get(0).upstreamText()).isEqualTo("pop.example.net:995");
        backend.configAnswer = CompletableFuture.completedFuture(new ConfigUpdateResult(true, List.of(), List.of(), List.of("pop3.listeners")));

        vm.dedicated().replace(0, new DedicatedPortsViewModel.Port("provider", "127.0.0.1:11112", "implicit",
                "pop.example.net", "995", "implicit"));
        ui.runUi();
        assertThat(backend.actions.get(0)).isEqualTo("update config by dashboard:test: " + """
                pop3:
                  # the listeners
                  listeners:
                    - name: generic
                      bind: 127.0.0.1:11110
                      tls: none
                    - name: provider
                      mode: dedicated
                      bind: 127.0.0.1:11112
                      tls: implicit
                      upstream:
                        host: pop.example.net
                        port: 995
                        tls: implicit
                """);

        vm.dedicated().add(new DedicatedPortsViewModel.Port(" other ", "127.0.0.1:11113", "", "pop.other.example", "", ""));
        ui.runUi();
        assertThat(backend.actions.get(1)).endsWith("""
                    - name: other
                      mode: dedicated
                      bind: 127.0.0.1:11113
                      upstream:
                        host: pop.other.example
                """);

        vm.dedicated().remove(0);
        ui.runUi();
        assertThat(backend.actions.get(2)).isEqualTo("update config by dashboard:test: " + """
                pop3:
                  # the listeners
                  listeners:
                    - name: generic
                      bind: 127.0.0.1:11110
                      tls: none
                """);
    }
}
